"""The v3 activations in PyTorch 1.13 (CPU, float32): outputs and input gradients at a few inputs,
the edges of the piecewise ones included, and what autograd saves for backward, in place and not.

Run with Debian's python3-torch: /usr/bin/python3 bench/torchvision/activations.py
test/exec/activations-torch.test.ts holds its printed figures as the independent source for the
executor's kernels (src/exec/kernels/activations-modern.ts); layers/activations-modern.ts cites the
saved-tensor lines for its training facts.
"""
import torch
import torch.nn as nn

INPUTS = [-7.0, -3.5, -3.0, -2.0, -1.5, -0.75, -0.25, 0.0, 0.3, 1.0, 2.5, 3.0, 4.0, 6.0, 7.25]
NON_FINITE = [float('nan'), float('inf'), -float('inf')]

MODULES = {
    'relu6': nn.ReLU6,
    'silu': nn.SiLU,
    'hswish': nn.Hardswish,
    'hsigmoid': nn.Hardsigmoid,
    'gelu': nn.GELU,
}


def figures(make, inputs):
    x = torch.tensor(inputs, dtype=torch.float32, requires_grad=True)
    y = make()(x)
    y.backward(torch.ones_like(y))
    return y.detach().tolist(), x.grad.tolist()


def saved(make, inplace):
    """Where grad_fn's saved tensors live: the input buffer itself, or a copy of it."""
    h = nn.Conv2d(2, 2, 1)(torch.randn(1, 2, 3, 3))
    original = h.detach().clone()
    ptr = h.data_ptr()
    module = make(inplace=True) if inplace else make()
    y = module(h)
    out = []
    for name in dir(y.grad_fn):
        value = getattr(y.grad_fn, name)
        if name.startswith('_saved') and isinstance(value, torch.Tensor):
            where = 'the input buffer' if value.data_ptr() == ptr else 'another buffer'
            values = 'the input values' if torch.equal(value, original) else 'other values'
            out.append(f'{name}: {where}, {values}')
    return f"{'in place' if y.data_ptr() == ptr else 'out of place'}: " + '; '.join(out)


def main():
    torch.manual_seed(0)
    print('inputs', INPUTS)
    for kind, make in MODULES.items():
        y, dx = figures(make, INPUTS)
        print(kind, 'y ', [float(f'{v:.9g}') for v in y])
        print(kind, 'dx', [float(f'{v:.9g}') for v in dx])
    print('non-finite inputs', NON_FINITE)
    for kind, make in MODULES.items():
        y, dx = figures(make, NON_FINITE)
        print(kind, 'y ', y, 'dx', dx)
    for kind, make in MODULES.items():
        modes = [False, True] if kind != 'gelu' else [False]
        for inplace in modes:
            print(kind, saved(make, inplace))


if __name__ == '__main__':
    main()
