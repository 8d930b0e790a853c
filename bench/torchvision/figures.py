"""The counting conventions every fixture here uses (cnncalc's: weights + biases, BN running statistics
apart, multiply-accumulates of Conv2d, ConvTranspose2d and Linear for one image)."""

from math import prod as numel

import torch
from torch import nn


def module_macs(m, x, y):
    """Multiply-accumulates of one call of m, input x, output y, per image (batch dimension dropped)."""
    if isinstance(m, nn.Conv2d):
        kh, kw = m.kernel_size
        return numel(y.shape[1:]) * (m.in_channels // m.groups) * kh * kw
    if isinstance(m, nn.ConvTranspose2d):
        kh, kw = m.kernel_size
        return numel(x.shape[1:]) * (m.out_channels // m.groups) * kh * kw
    if isinstance(m, nn.Linear):
        return numel(y.shape[1:]) * m.in_features
    return 0


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


def bn_statistics(model):
    """(running_mean + running_var elements, num_batches_tracked elements)."""
    stats = tracked = 0
    for name, b in model.named_buffers():
        leaf = name.split(".")[-1]
        if leaf in ("running_mean", "running_var"):
            stats += b.numel()
        elif leaf == "num_batches_tracked":
            tracked += b.numel()
    return stats, tracked


def hooked_forward(model, x):
    """Runs model(x) with a forward hook on every leaf module; returns (output, calls), calls being
    [(module path, type, macs)] in the order the hooks fired."""
    calls = []
    handles = []
    for path, m in model.named_modules():
        if next(m.children(), None) is None:
            def hook(m, inputs, output, path=path):
                calls.append((path, type(m).__name__, module_macs(m, inputs[0], output)))
            handles.append(m.register_forward_hook(hook))
    with torch.no_grad():
        output = model(x)
    for h in handles:
        h.remove()
    return output, calls
