"""SegNet-Basic, the network examples/segnet_basic.cnn is checked against, as a small nn.Module.

Badrinarayanan, Kendall and Cipolla, "SegNet: A Deep Convolutional Encoder-Decoder Architecture for Image
Segmentation" (arXiv:1511.00561, 2015/2017), section 4 and Table 1, "SegNet-Basic": four encoders, each a
7x7 convolution of 64 filters with batch normalisation and ReLU followed by 2x2 max pooling (stride 2,
non-overlapping) whose indices are kept; four decoders, each max unpooling with the matching encoder's
indices followed by a 7x7 convolution of 64 filters and batch normalisation ("no ReLU non-linearity is
used in the decoder"); a 1x1 convolution to the 11 CamVid classes; 360x480 RGB input. The convolutions
have biases (Caffe's defaults in the authors' segnet_basic_train.prototxt).
"""

import torch
from torch import nn

WIDTH = 64
CLASSES = 11


class SegNetBasic(nn.Module):
    def __init__(self, in_channels=3, classes=CLASSES, width=WIDTH):
        super().__init__()
        ins = (in_channels, width, width, width)
        self.encoders = nn.ModuleList(
            nn.Sequential(nn.Conv2d(i, width, 7, padding=3), nn.BatchNorm2d(width), nn.ReLU(inplace=True)) for i in ins)
        self.pool = nn.MaxPool2d(2, stride=2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2, stride=2)
        self.decoders = nn.ModuleList(
            nn.Sequential(nn.Conv2d(width, width, 7, padding=3), nn.BatchNorm2d(width)) for _ in range(4))
        self.classifier = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        kept = []
        for encoder in self.encoders:
            x = encoder(x)
            size = x.shape[2:]
            x, indices = self.pool(x)
            kept.append((indices, size))
        for decoder in self.decoders:
            indices, size = kept.pop()
            x = decoder(self.unpool(x, indices, output_size=size))
        return self.classifier(x)


def segnet_basic():
    return SegNetBasic()
