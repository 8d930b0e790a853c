"""LN, SCALE and SHUFFLE in PyTorch 1.13 / torchvision 0.14, for test/layers/ln-scale-shuffle.test.ts.

Prints one JSON object: for each kind, its inputs (x, parameters, an output gradient dy), torchvision's
output and gradients, what autograd saved for the backward (grad_fn._saved_*), and the input-sized
temporaries its backward allocates (torch.profiler). Also runs cnncalc's export prelude
(src/export/prelude.ts) on the same inputs: its modules must compute what torchvision's compute.

    /usr/bin/python3 bench/torchvision/ln_scale_shuffle.py > test/layers/fixtures/ln-scale-shuffle.torch.json
"""

import json
import math
import pathlib
import re

import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile
from torchvision.models.convnext import LayerNorm2d
from torchvision.models.shufflenetv2 import channel_shuffle

N, C, H, W = 2, 6, 3, 4
ROOT = pathlib.Path(__file__).resolve().parents[2]


def filled(shape, f):
    """A float32 tensor whose flat element i is f(i)."""
    n = math.prod(shape)
    return torch.tensor([f(i) for i in range(n)], dtype=torch.float64).float().reshape(shape)


def values(t):
    return [float(v) for v in t.detach().reshape(-1)]


def prelude():
    """The export prelude's Python, as cnncalc writes it at the top of every exported module."""
    text = (ROOT / "src/export/prelude.ts").read_text()
    source = re.search(r"export const PRELUDE = `(.*)`;", text, re.S).group(1)
    scope = {}
    exec(source, scope)
    return scope


def saved(fn):
    """grad_fn's saved tensors: name -> shape."""
    out = {}
    for name in dir(fn):
        if name.startswith("_saved_") and isinstance(getattr(fn, name), torch.Tensor):
            out[name[len("_saved_"):]] = list(getattr(fn, name).shape)
    return out


def backward_allocations(make, shape, op):
    """Each `op` call in the backward of make(x): the bytes it allocated and its inputs' shapes."""
    x = torch.randn(*shape, requires_grad=True)
    h = x * 1.0
    y = make(h)
    dy = torch.randn_like(y)
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True, record_shapes=True) as p:
        y.backward(dy)
    return [{"bytes": e.cpu_memory_usage, "shapes": e.input_shapes} for e in p.events() if e.name == op]


def run(module, x, dy, params):
    x = x.clone().requires_grad_(True)
    y = module(x)
    y.backward(dy)
    grads = {name: values(p.grad) for name, p in params.items()}
    return y, {"y": values(y), "dx": values(x.grad), **{f"d{name}": g for name, g in grads.items()}}


def ln_case(eps, p):
    x = filled((N, C, H, W), lambda i: 2 * math.sin(0.37 * i + 0.1))
    dy = filled((N, C, H, W), lambda i: math.cos(0.23 * i))
    weight = filled((C,), lambda c: 1 + 0.1 * c)
    bias = filled((C,), lambda c: 0.05 * c - 0.1)
    ref = LayerNorm2d(C, eps=eps)
    ours = p["LayerNorm2d"](C, eps=eps)
    for m in (ref, ours):
        with torch.no_grad():
            m.weight.copy_(weight)
            m.bias.copy_(bias)
    y, torch_out = run(ref, x, dy, {"weight": ref.weight, "bias": ref.bias})
    _, export_out = run(ours, x, dy, {"weight": ours.weight, "bias": ours.bias})
    xg = x.clone().requires_grad_(True)
    h = xg * 1.0
    norm = ref(h).grad_fn.next_functions[0][0]  # PermuteBackward0 -> NativeLayerNormBackward0
    return {
        "eps": eps, "dims": [N, C, H, W], "x": values(x), "dy": values(dy), "weight": values(weight), "bias": values(bias),
        "torch": torch_out, "export": export_out,
        "saved": saved(norm),
        "saved_input_is_a_view_of_the_input": norm._saved_input.data_ptr() == h.data_ptr(),
        "backward_contiguous_bytes": backward_allocations(LayerNorm2d(64), (4, 64, 8, 8), "aten::contiguous"),
    }


def scale_case(p):
    x = filled((N, C, H, W), lambda i: 2 * math.sin(0.29 * i + 0.4))
    dy = filled((N, C, H, W), lambda i: math.cos(0.31 * i))
    weight = filled((C, 1, 1), lambda c: 0.5 - 0.15 * c)
    layer_scale = nn.Parameter(weight.clone())  # torchvision CNBlock: self.layer_scale * self.block(input)
    _, torch_out = run(lambda t: layer_scale * t, x, dy, {"weight": layer_scale})
    ours = p["LayerScale"](C, init=1e-6)
    init = values(ours.weight)
    with torch.no_grad():
        ours.weight.copy_(weight)
    _, export_out = run(ours, x, dy, {"weight": ours.weight})
    h = x.clone().requires_grad_(True) * 1.0
    sixty_four = nn.Parameter(torch.ones(64, 1, 1))
    return {
        "dims": [N, C, H, W], "x": values(x), "dy": values(dy), "weight": values(weight),
        "torch": torch_out, "export": export_out, "export_init": init,
        "saved": saved((layer_scale * h).grad_fn),
        # the product dy * x (then summed to (D, 1, 1)) is the mul of two input-sized tensors
        "backward_mul_bytes": backward_allocations(lambda t: sixty_four * t, (4, 64, 8, 8), "aten::mul"),
    }


def shuffle_case(g, p):
    x = filled((N, C, H, W), lambda i: i)
    dy = filled((N, C, H, W), lambda i: 1000 + i)
    _, torch_out = run(lambda t: channel_shuffle(t, g), x, dy, {})
    _, export_out = run(p["ChannelShuffle"](g), x, dy, {})
    h = x.clone().requires_grad_(True) * 1.0
    fn, names = channel_shuffle(h, g).grad_fn, []
    while fn is not None and fn.name() != "MulBackward0":
        names.append([fn.name(), saved(fn)])
        fn = fn.next_functions[0][0]
    return {"g": g, "dims": [N, C, H, W], "x": values(x), "dy": values(dy), "torch": torch_out, "export": export_out, "graph": names}


def compact(text):
    """JSON with every list of numbers on one line."""
    return re.sub(r"\[\s+([-+\d.e,\s]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)


def main():
    p = prelude()
    print(compact(json.dumps({
        "versions": {"torch": torch.__version__, "torchvision": __import__("torchvision").__version__},
        "ln": [ln_case(1e-6, p), ln_case(0.1, p)],
        "scale": [scale_case(p)],
        "shuffle": [shuffle_case(2, p), shuffle_case(3, p)],
    }, indent=1)))


if __name__ == "__main__":
    main()
