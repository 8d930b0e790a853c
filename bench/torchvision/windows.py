"""Reference figures for v3's non-square windows and adaptive pooling, from PyTorch 1.13 and
torchvision 0.14 (run with /usr/bin/python3; prints JSON, kept as test/reference/windows/pytorch.json):

- inception_v3's Mixed_6b (torchvision.models.inception.InceptionC(768, channels_7x7=128)) on a
  17x17x768 input: its parameters, BN buffers (running mean and variance), output shape, and the
  multiply-accumulates of every Conv2d, counted with forward hooks (output elements x in/groups x kh x kw);
- two small networks with non-square convolutions and adaptive pooling run on fixed weights and a
  fixed input (formulas below, which test/exec/torch-windows.test.ts repeats), with their outputs;
- what autograd saves for AdaptiveAvgPool2d and AdaptiveMaxPool2d (grad_fn._saved_* attributes).
"""

import json

import torch
from torch import nn
from torchvision.models.inception import InceptionC


def weight_value(i):
    return ((i * 37) % 23 - 11) / 23


def input_value(i):
    return ((i * 13) % 17 - 8) / 8


def fill(t, value):
    flat = torch.tensor([value(i) for i in range(t.numel())], dtype=torch.float32)
    with torch.no_grad():
        t.copy_(flat.reshape(t.shape))


def conv_macs(model, x):
    macs = []

    def hook(m, _inputs, out):
        kh, kw = m.kernel_size
        macs.append(out[0].numel() * (m.in_channels // m.groups) * kh * kw)

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    return y, macs


def mixed_6b():
    block = InceptionC(768, channels_7x7=128).eval()
    y, macs = conv_macs(block, torch.zeros(1, 768, 17, 17))
    buffers = sum(b.numel() for n, b in block.named_buffers() if not n.endswith("num_batches_tracked"))
    kernels = [list(m.weight.shape) for m in block.modules() if isinstance(m, nn.Conv2d)]
    return {
        "params": sum(p.numel() for p in block.parameters()),
        "buffers": buffers,
        "output": list(y.shape),
        "conv_macs": sum(macs),
        "conv_weights": kernels,
    }


# (notation, torch modules with the executor's layer ids, input shape [C, H, W])
NETWORKS = [
    (
        "INPUT [9x8x3] => CONV(fh=1, fw=7, k=4) => RELU => CONV(fh=3, fw=2, k=5, sh=2, sw=1, ph=1, pw=0, bias=no) => POOL(mode=avg, out=3)",
        [("1", nn.Conv2d(3, 4, (1, 7), padding=(0, 3))), ("2", nn.ReLU()),
         ("3", nn.Conv2d(4, 5, (3, 2), stride=(2, 1), padding=(1, 0), bias=False)), ("4", nn.AdaptiveAvgPool2d(3))],
        [3, 8, 9],
    ),
    (
        "INPUT [7x5x2] => CONV(fh=5, fw=1, k=3) => POOL(mode=max, outh=2, outw=3)",
        [("1", nn.Conv2d(2, 3, (5, 1), padding=(2, 0))), ("2", nn.AdaptiveMaxPool2d((2, 3)))],
        [2, 5, 7],
    ),
]


def run(network, layers, shape):
    model = nn.Sequential()
    for name, m in layers:
        model.add_module(name, m)
    weights = {}
    for name, p in model.named_parameters():
        fill(p, weight_value)
        weights[name] = list(p.shape)
    x = torch.empty(1, *shape)
    fill(x, input_value)
    with torch.no_grad():
        y = model(x)
    return {"network": network, "weights": weights, "output_shape": list(y.shape), "output": y.flatten().tolist()}


def saved(module, shape):
    x = torch.randn(1, *shape, requires_grad=True)
    fn = module(x).grad_fn
    names = sorted(a for a in dir(fn) if a.startswith("_saved_"))
    return {"grad_fn": type(fn).__name__, "saved": {a: list(getattr(fn, a).shape) for a in names}}


print(json.dumps({
    "torch": torch.__version__,
    "mixed_6b": mixed_6b(),
    "networks": [run(*n) for n in NETWORKS],
    "adaptive_saved": {
        "avg": saved(nn.AdaptiveAvgPool2d(3), [2, 7, 5]),
        "max": saved(nn.AdaptiveMaxPool2d(3), [2, 7, 5]),
    },
}, indent=1))
