// The fixed part of an exported PyTorch module: imports and the few modules torch.nn lacks, written
// for PyTorch 1.13 (no newer APIs). Each helper keeps the state-dict names `cnncalc run` loads
// (`weight`, `bias`) and computes what the executor computes (src/exec/kernels):
//   FC        nn.Linear over the input flattened in C,H,W order (torch.flatten(x, 1)); its output is [N, n]
//   Local2d   LOCAL: unshared weights [outH*outW, k, C*fh*fw] over F.unfold's columns, bias [k, outH, outW]
//   LPPool2   POOL l2 with padding: LPPool2d's own formula (sqrt(avg_pool2d(x^2) * fh*fw)), which has no
//             padding argument in torch.nn
// Their f, s and p are a number or torch's (h, w) pair, as nn.Conv2d takes them.
//   Concat    torch.cat along the channels; Add: element-wise sum of the branches
//   Mul       { A & B }: element-wise product, broadcasting; Slice: one branch's part of { A / B }
//   LayerNorm2d    LN: torchvision ConvNeXt's (permute to N,H,W,C, F.layer_norm, permute back)
//   LayerScale     SCALE: torchvision CNBlock's layer_scale, named `weight` [D, 1, 1] as `run` loads it
//   ChannelShuffle SHUFFLE: torchvision ShuffleNetV2's channel_shuffle
//   Unpool    UNPOOL(@p): nn.MaxUnpool2d fed the indices pool p returns (return_indices=True), to p's
//             input size

export const PRELUDE = `import math

import torch
import torch.nn.functional as F
from torch import nn


class FC(nn.Linear):
    """FC-n: flattens N,C,H,W in C,H,W order, then nn.Linear."""

    def forward(self, x):
        return super().forward(torch.flatten(x, 1))


class Local2d(nn.Module):
    """LOCAL: a convolution without weight sharing; weight [outH*outW, k, C*fh*fw], bias [k, outH, outW]."""

    def __init__(self, c, k, f, s, p, d, out_h, out_w, bias):
        super().__init__()
        self.k, self.f, self.s, self.p, self.d, self.out_h, self.out_w = k, f, s, p, d, out_h, out_w
        fh, fw = nn.modules.utils._pair(f)
        self.weight = nn.Parameter(torch.randn(out_h * out_w, k, c * fh * fw) * math.sqrt(2.0 / (c * fh * fw)))
        if bias:
            self.bias = nn.Parameter(torch.zeros(k, out_h, out_w))
        else:
            self.register_parameter("bias", None)

    def forward(self, x):
        cols = F.unfold(x, self.f, dilation=self.d, padding=self.p, stride=self.s)  # [N, C*fh*fw, L]
        y = torch.bmm(cols.permute(2, 0, 1), self.weight.transpose(1, 2))  # [L, N, k]
        y = y.permute(1, 2, 0).reshape(x.shape[0], self.k, self.out_h, self.out_w)
        return y if self.bias is None else y + self.bias


class LPPool2(nn.Module):
    """POOL(mode=l2) with padding, computed as nn.LPPool2d computes it."""

    def __init__(self, f, s, p, ceil_mode):
        super().__init__()
        self.f, self.s, self.p, self.ceil_mode = f, s, p, ceil_mode

    def forward(self, x):
        fh, fw = nn.modules.utils._pair(self.f)
        out = F.avg_pool2d(x.pow(2), self.f, self.s, self.p, self.ceil_mode)
        return (torch.sign(out) * F.relu(torch.abs(out))).mul(fh * fw).pow(0.5)


class Concat(nn.Module):
    """{ A | B }: the branches concatenated along the channels."""

    def forward(self, *xs):
        return torch.cat(xs, 1)


class Add(nn.Module):
    """{ A + B }: the branches added element-wise."""

    def forward(self, *xs):
        out = xs[0] + xs[1]
        for x in xs[2:]:
            out = out + x
        return out


class Mul(nn.Module):
    """{ A & B }: the branches multiplied element-wise, a [N, C, 1, 1] branch broadcast."""

    def forward(self, *xs):
        out = xs[0] * xs[1]
        for x in xs[2:]:
            out = out * x
        return out


class Slice(nn.Module):
    """A branch of { A / B }: part number part (0-based) of parts equal parts of the channels."""

    def __init__(self, part, parts):
        super().__init__()
        self.part, self.parts = part, parts

    def forward(self, x):
        return x.chunk(self.parts, 1)[self.part]
class LayerNorm2d(nn.LayerNorm):
    """LN: nn.LayerNorm over the channels at each position (torchvision ConvNeXt's LayerNorm2d)."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class LayerScale(nn.Module):
    """SCALE: a learned multiplier per channel (torchvision CNBlock's layer_scale)."""

    def __init__(self, d, init):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d, 1, 1) * init)

    def forward(self, x):
        return self.weight * x


class ChannelShuffle(nn.Module):
    """SHUFFLE(g): the g groups' channels interleaved (torchvision ShuffleNetV2's channel_shuffle)."""

    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, x):
        n, c, h, w = x.size()
        x = x.view(n, self.g, c // self.g, h, w)
        x = torch.transpose(x, 1, 2).contiguous()
        return x.view(n, -1, h, w)


class Unpool(nn.MaxUnpool2d):
    """UNPOOL(@p): the values put back where max pool p found them (its indices), to p's input size."""

    def __init__(self, f, s, p, size):
        super().__init__(f, s, p)
        self.size = size

    def forward(self, x, indices):
        return super().forward(x, indices, output_size=self.size)
`;
