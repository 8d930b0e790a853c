"""PyTorch 1.13's outputs of nn.Upsample and nn.ConvTranspose2d on small inputs, what autograd saves
for them, and ConvTranspose2d's multiply-accumulates counted in a forward hook: the reference
test/reference/resample/torch.json (test/kinds/torch-resample.test.ts compares the executor's kernels
with it, and the executor's run of a small encoder-decoder with PyTorch's weights). Run: /usr/bin/python3 bench/torchvision/upsample.py > test/reference/resample/torch.json

Inputs and weights are fixed patterns (no random generator): x[i] = ((7i) % 11 - 5) / 4,
weight[i] = ((5i) % 13 - 6) / 8, bias[i] = (i % 3 - 1) / 2, over the tensors flattened in N,C,H,W.
"""

import json
from collections import OrderedDict

import torch
from torch import nn


def pattern(shape, a, m, off, scale):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([((a * i) % m - off) / scale for i in range(n)], dtype=torch.float32).reshape(shape)


def x_of(shape):
    return pattern(shape, 7, 11, 5, 4)


def saved_tensors(fn):
    """The tensors a grad_fn node keeps (its _saved_* attributes that are tensors)."""
    names = [a for a in dir(fn) if a.startswith('_saved_')]
    return sorted(a for a in names if isinstance(getattr(fn, a), torch.Tensor))


UPSAMPLES = [
    # notation, module, input [N, C, H, W]
    ('UPSAMPLE', lambda: nn.Upsample(scale_factor=2, mode='nearest'), [1, 2, 2, 3]),
    ('UPSAMPLE(s=3, mode=bilinear)', lambda: nn.Upsample(scale_factor=3, mode='bilinear', align_corners=False), [1, 2, 2, 3]),
    ('UPSAMPLE(mode=bilinear)', lambda: nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False), [2, 1, 3, 2]),
    ('UPSAMPLE(to=9, mode=bilinear)', lambda: nn.Upsample(size=(9, 9), mode='bilinear', align_corners=False), [1, 1, 5, 5]),
    ('UPSAMPLE(to=9)', lambda: nn.Upsample(size=(9, 9), mode='nearest'), [1, 1, 5, 5]),
    ('UPSAMPLE(tow=7, toh=3, mode=bilinear)', lambda: nn.Upsample(size=(3, 7), mode='bilinear', align_corners=False), [1, 1, 5, 5]),
]

CONVTS = [
    # notation, (in, k, f, s, p, op, g, bias), input [N, C, H, W]
    ('CONVT(f=2, k=3, s=2)', (2, 3, 2, 2, 0, 0, 1, True), [1, 2, 3, 3]),
    ('CONVT(f=3, k=2, s=2, p=1, op=1)', (2, 2, 3, 2, 1, 1, 1, True), [1, 2, 3, 2]),
    ('CONVT(f=4, k=2, s=2, p=1, bias=no)', (2, 2, 4, 2, 1, 0, 1, False), [2, 2, 2, 3]),
    ('CONVT(f=3, k=6, s=2, g=2)', (4, 6, 3, 2, 0, 0, 2, True), [1, 4, 2, 2]),
]


def upsample_case(text, make, shape):
    x = x_of(shape).requires_grad_()
    y = make()(x)
    return {'notation': text, 'input': list(shape), 'x': x.detach().flatten().tolist(),
            'output': list(y.shape), 'y': y.detach().flatten().tolist(), 'grad_fn': type(y.grad_fn).__name__,
            'saved_tensors': saved_tensors(y.grad_fn)}


def convt_case(text, spec, shape):
    d, k, f, s, p, op, g, bias = spec
    m = nn.ConvTranspose2d(d, k, f, stride=s, padding=p, output_padding=op, groups=g, bias=bias)
    with torch.no_grad():
        m.weight.copy_(pattern(list(m.weight.shape), 5, 13, 6, 8))
        if bias:
            m.bias.copy_(pattern([k], 1, 3, 1, 2))
    counted = {}

    def hook(module, inputs, output):
        # every input element times every weight of its group (ptflops' convention for a transposed
        # convolution), counted from the tensors the module was given
        x = inputs[0]
        counted['macs'] = x[0].numel() * module.weight.shape[1] * module.weight.shape[2] * module.weight.shape[3]
        # the same work seen from the convolution it transposes: its output (our input) positions
        # times its filter size (in_channels/groups * f * f = D/g*f*f ... over our k outputs)
        adjoint = nn.Conv2d(module.out_channels, module.in_channels, f, stride=s, padding=p, groups=g, bias=False)
        back = adjoint(torch.zeros(1, *output.shape[1:]))
        counted['adjoint_conv_macs'] = back[0].numel() * adjoint.weight[0].numel()
        counted['adjoint_shape'] = list(back.shape)

    m.register_forward_hook(hook)
    x = x_of(shape).requires_grad_()
    y = m(x)
    return {'notation': text, 'input': list(shape), 'x': x.detach().flatten().tolist(),
            'weight_shape': list(m.weight.shape), 'weight': m.weight.detach().flatten().tolist(),
            'bias': m.bias.detach().tolist() if bias else None, 'output': list(y.shape), 'y': y.detach().flatten().tolist(),
            'params': sum(t.numel() for t in m.parameters()), 'macs_per_image': counted['macs'],
            'adjoint_conv_macs': counted['adjoint_conv_macs'], 'adjoint_shape': counted['adjoint_shape'],
            'grad_fn': type(y.grad_fn).__name__, 'saved_tensors': saved_tensors(y.grad_fn)}


# A small encoder-decoder written by hand with torch.nn (not with cnncalc export): its modules are
# named by the layer numbers `cnncalc run --weights` reads ('1.weight'; INPUT is layer 0).
NETWORK = ('INPUT [6x6x2] => CONV(f=3, k=4) => RELU => CONVT(f=2, k=3, s=2) => UPSAMPLE(mode=bilinear) => '
           'CONVT(f=3, k=4, s=2, p=1, op=1) => UPSAMPLE(to=20) => CONV(f=1, k=2)')


def network_case():
    torch.manual_seed(0)
    net = nn.Sequential(OrderedDict([
        ('1', nn.Conv2d(2, 4, 3, padding=1)),
        ('2', nn.ReLU()),
        ('3', nn.ConvTranspose2d(4, 3, 2, stride=2)),
        ('4', nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)),
        ('5', nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)),
        ('6', nn.Upsample(size=(20, 20), mode='nearest')),
        ('7', nn.Conv2d(4, 2, 1)),
    ])).eval()
    x = torch.randn(2, 2, 6, 6)
    with torch.no_grad():
        y = net(x)
    state = {n: {'shape': list(t.shape), 'data': t.flatten().tolist()} for n, t in net.state_dict().items()}
    return {'notation': NETWORK, 'input': list(x.shape), 'x': x.flatten().tolist(), 'state_dict': state,
            'output': list(y.shape), 'y': y.flatten().tolist()}


def main():
    out = {'torch': torch.__version__,
           'upsample': [upsample_case(*c) for c in UPSAMPLES],
           'convt': [convt_case(*c) for c in CONVTS],
           'network': network_case()}
    print(json.dumps(out, indent=1))


if __name__ == '__main__':
    main()
