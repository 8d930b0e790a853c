"""Outputs of some v3 networks with the deterministic weights of deterministic.md, for `run` to match.

    /usr/bin/python3 bench/torchvision/numerics.py [NAME ...]

writes test/reference/torchvision/numerics/<name>.json: eval mode, a batch of 2 deterministic inputs,
float32 on CPU. No weights are stored: every tensor is a function of its role and shape.
"""

import os
import sys

import numpy as np
import torch
from torch import nn
from torchvision.models.convnext import CNBlock

import deterministic
from jsonfmt import dump
from networks import NETWORKS

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "reference", "torchvision", "numerics")
BATCH = 2
INPUTS = {
    "mobilenet_v3_small": (3, 224, 224),
    "shufflenet_v2_x1_0": (3, 224, 224),
    "convnext_tiny": (3, 64, 64),
    "unet": (1, 188, 188),  # the smallest side the valid convolutions, pools and crops accept: 4x4 out
    "unet_padded": (3, 64, 64),
    "segnet_basic": (3, 40, 64),  # 40 rows pool to 5, then 2 (floor), and unpool back to 5
}
WEIGHTED = (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)
NORMS = (nn.BatchNorm2d, nn.LayerNorm)  # torchvision's LayerNorm2d is an nn.LayerNorm


def role_of(module, leaf):
    if isinstance(module, WEIGHTED) and leaf in ("weight", "bias"):
        return leaf
    if isinstance(module, NORMS) and leaf in ("weight", "bias"):
        return "norm_" + leaf
    if isinstance(module, nn.BatchNorm2d) and leaf in ("running_mean", "running_var"):
        return leaf
    if isinstance(module, CNBlock) and leaf == "layer_scale":
        return leaf
    if isinstance(module, nn.BatchNorm2d) and leaf == "num_batches_tracked":
        return None  # an integer counter, left at 0; eval mode never reads it
    raise ValueError(f"no role for {type(module).__name__}.{leaf}")


def significant(values):
    """float32 values as JSON numbers with 9 significant digits (enough to recover each float32)."""
    return [float(f"{v:.9g}") for v in np.asarray(values, dtype=np.float32).reshape(-1)]


def apply_formula(model):
    """Fills every parameter and buffer in state_dict order; returns the list of what each got."""
    tensors = []
    state = model.state_dict()
    for name, tensor in state.items():
        owner, _, leaf = name.rpartition(".")
        role = role_of(model.get_submodule(owner), leaf)
        entry = {"name": name, "role": role, "shape": list(tensor.shape)}
        if role is None:
            tensor.zero_()
        else:
            values = deterministic.fill(role, tensor.shape)
            tensor.copy_(torch.from_numpy(values))
            entry["salt"] = f"0x{deterministic.salt(role, tuple(tensor.shape)):08x}"
            entry["first"] = significant(values.reshape(-1)[:3])
        tensors.append(entry)
    return tensors


def rounded(t):
    return float(f"{t.item():.3g}")


def map_digest(y):
    """U-Net's map: small enough to store whole, or per-(image, class) sums, 8x8 block means and samples."""
    if y[0].numel() <= 512:
        return {"values": significant(y)}
    n, c, h, w = y.shape
    rows = list(range(0, h, max(1, h // 8)))[:8]
    cols = list(range(0, w, max(1, w // 8)))[:8]
    return {
        "sums": [float(f"{s:.12g}") for s in y.double().sum(dim=(2, 3)).reshape(-1).tolist()],
        "block_means_8x8": significant(y.reshape(n, c, 8, h // 8, 8, w // 8).double().mean(dim=(3, 5))),
        "sample_rows": rows,
        "sample_cols": cols,
        "samples": significant(y[:, :, rows][:, :, :, cols]),
    }


def measure(name):
    shape = (BATCH, *INPUTS[name])
    model = NETWORKS[name].build().eval()
    tensors = apply_formula(model)
    x = torch.from_numpy(deterministic.fill("input", shape))
    with torch.no_grad():
        y = model(x)
        y64 = model.double()(x.double()).float()
        first_conv = next(p for n, p in model.named_parameters() if p.dim() == 4)
        first_conv.neg_()
        y_negated = model(x.double()).float()
    output = {"shape": list(y.shape)}
    output.update(map_digest(y) if y.dim() == 4 else {"values": significant(y)})
    return {
        "name": name,
        "formula": deterministic.VERSION,
        "torch": torch.__version__,
        "input": {"batch": BATCH, "channels": shape[1], "height": shape[2], "width": shape[3],
                  "role": "input", "salt": f"0x{deterministic.salt('input', shape):08x}",
                  "first": significant(x.reshape(-1)[:3])},
        "mode": "eval",
        "float64_max_abs_diff": rounded((y - y64).abs().max()),
        "sensitivity": {
            "images_max_abs_diff": rounded((y[0] - y[1]).abs().max()),
            "first_conv_negated_max_abs_change": rounded((y64 - y_negated).abs().max()),
        },
        "output": output,
        "tensors": tensors,
    }


def main(names):
    os.makedirs(OUT, exist_ok=True)
    for name in names or INPUTS:
        figures = measure(name)
        dump(figures, os.path.join(OUT, f"{name}.json"))
        print(f"{name}: output {figures['output']['shape']} float64 diff {figures['float64_max_abs_diff']} "
              f"tensors {len(figures['tensors'])}")


if __name__ == "__main__":
    main(sys.argv[1:])
