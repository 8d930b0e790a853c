"""The two U-Nets the v3 examples are checked against, as small nn.Modules.

UNet:       Ronneberger, Fischer and Brox 2015 (arXiv:1505.04597, Fig. 1): a 572x572x1 input, unpadded
            ("valid") 3x3 convolutions with biases and ReLU, 2x2 max pools with stride 2, 2x2 up-convolutions
            (ConvTranspose2d, stride 2) that halve the channels, the contracting path's maps center-cropped
            to the expanding path's size before the concatenation (skip first, as in the figure), and a
            final 1x1 convolution to 2 classes; 64, 128, 256, 512, 1024 channels. No batch norm.
UNetPadded: the common "same"-padding U-Net (github.com/milesial/Pytorch-UNet, unet/unet_parts.py with
            bilinear=False): each double convolution is conv3x3(p=1, bias=False) -> BN -> ReLU, twice;
            the up-convolution is ConvTranspose2d(k=2, s=2); the skip comes first in the concatenation.
            Its F.pad (for sides not divisible by 16) is left out: the input must be divisible by 16.
"""

import torch
from torch import nn

WIDTHS = (64, 128, 256, 512, 1024)


def center_crop(skip, like):
    """The central part of skip with like's height and width (the paper's 'cropping')."""
    dh = (skip.shape[2] - like.shape[2]) // 2
    dw = (skip.shape[3] - like.shape[3]) // 2
    return skip[:, :, dh:dh + like.shape[2], dw:dw + like.shape[3]]


def double_conv(cin, cout, padded):
    if padded:
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3), nn.ReLU(inplace=True))


class UNetBase(nn.Module):
    def __init__(self, in_channels, classes, padded):
        super().__init__()
        self.padded = padded
        ins = (in_channels,) + WIDTHS[:-1]
        self.down = nn.ModuleList(double_conv(i, o, padded) for i, o in zip(ins, WIDTHS))
        self.pool = nn.MaxPool2d(2, 2)
        rising = WIDTHS[::-1]
        self.upconv = nn.ModuleList(nn.ConvTranspose2d(i, o, 2, stride=2) for i, o in zip(rising, rising[1:]))
        self.up = nn.ModuleList(double_conv(i, o, padded) for i, o in zip(rising, rising[1:]))
        self.head = nn.Conv2d(WIDTHS[0], classes, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            if i > 0:
                x = self.pool(x)
            x = block(x)
            skips.append(x)
        skips.pop()
        for upconv, block in zip(self.upconv, self.up):
            x = upconv(x)
            skip = skips.pop()
            if not self.padded:
                skip = center_crop(skip, x)
            x = block(torch.cat([skip, x], dim=1))
        return self.head(x)


def unet():
    return UNetBase(in_channels=1, classes=2, padded=False)


def unet_padded():
    return UNetBase(in_channels=3, classes=2, padded=True)
