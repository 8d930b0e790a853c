// The fixed part of an exported PyTorch module: imports and the few modules torch.nn lacks, written
// for PyTorch 1.13 (no newer APIs). Each helper keeps the state-dict names `cnncalc run` loads
// (`weight`, `bias`) and computes what the executor computes (src/exec/kernels):
//   FC        nn.Linear over the input flattened in C,H,W order (torch.flatten(x, 1)); its output is [N, n]
//   Local2d   LOCAL: unshared weights [outH*outW, k, C*fh*fw] over F.unfold's columns, bias [k, outH, outW]
//   LPPool2   POOL l2 with padding: LPPool2d's own formula (sqrt(avg_pool2d(x^2) * fh*fw)), which has no
//             padding argument in torch.nn
// Their f, s and p are a number or torch's (h, w) pair, as nn.Conv2d takes them.
//   Concat    torch.cat along the channels; Add: element-wise sum of the branches

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
`;
