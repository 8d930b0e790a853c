"""torchvision's own state_dict through `cnncalc run --weights`: does the example compute what torchvision does?

    /usr/bin/python3 bench/torchvision/roundtrip-torchvision.py NAME EXAMPLE [--size S] [--batch N]
    e.g. /usr/bin/python3 bench/torchvision/roundtrip-torchvision.py unet_padded examples/unet.cnn --size 64

A bench script, not a test (test/reference/numerics.test.ts is the test, with weights from a formula).
The network NAME (networks.py) is built with its own random initialisation (weights=None); BN running
statistics (0 and 1 at init, which would let a wrong BN pass) and ConvNeXt's layer scale (1e-6, which hides
each block) are redrawn at random so that they matter. Its tensors are put in forward order (the torch.fx
trace of forward_steps.py: each leaf module's weight, bias, running_mean, running_var as it is called, and a
parameter read directly, such as layer_scale, where the trace reads it), and each tensor `cnncalc run
--list-tensors` names, in cnncalc's order, takes the first unused one with the same parameter name (SCALE's
weight is a layer_scale) and as many elements in the same row-major order (a Linear's [out, in] is a
CONV(f=1)'s [out, in, 1, 1]). Looking ahead rather than pairing the i-th with the i-th lets the trace read
a layer scale before the block it multiplies, as `self.layer_scale * self.block(x)` does. The tensors are
saved as safetensors under cnncalc's names, a random input as .npy, and `cnncalc run` (the built CLI: run
`npm run build` first) is compared with torchvision's output, relative to its largest value.
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

from forward_steps import trace_rows
from networks import NETWORKS

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LEAVES = ("weight", "bias", "running_mean", "running_var")
TOLERANCE = 1e-4


def redraw_statistics(model, generator):
    """Running statistics and layer scales that differ from the identity they start as."""
    for name, tensor in model.state_dict().items():
        leaf = name.rpartition(".")[2]
        if leaf == "running_mean":
            tensor.copy_((torch.rand(tensor.shape, generator=generator) - 0.5) * 0.2)
        elif leaf == "running_var":
            tensor.copy_(torch.rand(tensor.shape, generator=generator) + 0.5)
        elif leaf == "layer_scale":
            tensor.copy_(torch.rand(tensor.shape, generator=generator) + 0.5)


def forward_order(model, x):
    """(name, leaf, tensor) of every parameter and running statistic, in the order the forward pass uses them."""
    state = model.state_dict()
    tensors = []
    for row in trace_rows(model, x):
        if row["step"] == "module":
            tensors += [(f"{row['path']}.{leaf}", leaf, state[f"{row['path']}.{leaf}"])
                        for leaf in LEAVES if f"{row['path']}.{leaf}" in state]
        elif row["step"] == "tensor":
            tensors.append((row["path"], row["path"].rpartition(".")[2], state[row["path"]]))
    return tensors


def cnncalc_tensors(example):
    """(name, kind, shape) of each tensor `cnncalc run --list-tensors` expects, in its order."""
    text = subprocess.run(["node", os.path.join(ROOT, "bin", "cnncalc.cjs"), "run", example, "--list-tensors", "--no-color"],
                          check=True, capture_output=True, text=True).stdout
    rows = re.findall(r"^(\d+\.\w+)\s+\d+ (\w+).*?\[([\d, ]*)\]\s+F32\s*$", text, re.M)
    return [(name, kind, [int(d) for d in dims.split(",")]) for name, kind, dims in rows]


def pair(ours, theirs):
    """cnncalc name -> torchvision tensor, each of ours taking the first unused one that fits."""
    used = set()
    out = {}
    for name, kind, shape in ours:
        leaf = "layer_scale" if kind == "SCALE" else name.partition(".")[2]
        fits = (i for i, (_, l, t) in enumerate(theirs)
                if i not in used and l == leaf and t.numel() == int(np.prod(shape)) and squeezed(t.shape) == squeezed(shape))
        i = next(fits, None)
        if i is None:
            sys.exit(f"no torchvision tensor left for {name} ({kind}, {shape})")
        used.add(i)
        out[name] = (theirs[i][0], theirs[i][2].reshape(shape))
    left = [theirs[i][0] for i in range(len(theirs)) if i not in used]
    if left:
        sys.exit(f"torchvision tensors cnncalc does not read: {', '.join(left)}")
    return out


def squeezed(shape):
    """The shape without its trailing ones: [4C, C] and [4C, C, 1, 1] are the same elements in the same order."""
    dims = list(shape)
    while dims and dims[-1] == 1:
        dims.pop()
    return dims


def write_safetensors(path, tensors):
    """The safetensors format: an 8-byte little-endian header length, a JSON header, the raw data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def at_input(example, size, directory):
    """The example with its INPUT side set to `size` (a copy beside the weights)."""
    with open(example) as f:
        text = f.read()
    if size:
        text = re.sub(r"^INPUT \[(\d+)x(\d+)x(\d+)\]", lambda m: f"INPUT [{size}x{size}x{m.group(3)}]", text, flags=re.M)
    path = os.path.join(directory, os.path.basename(example))
    with open(path, "w") as f:
        f.write(text)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("name", choices=sorted(NETWORKS))
    parser.add_argument("example")
    parser.add_argument("--size", type=int, help="input side instead of the example's")
    parser.add_argument("--batch", type=int, default=2)
    o = parser.parse_args()
    torch.manual_seed(0)
    model = NETWORKS[o.name].build().eval()
    channels, height, width = NETWORKS[o.name].input
    side = (o.size or height, o.size or width)
    x = torch.rand((o.batch, channels, *side)) * 2 - 1
    with torch.no_grad():
        redraw_statistics(model, torch.Generator().manual_seed(1))
        theirs = forward_order(model, x[:1])
        y = model(x)
    y = y["out"] if isinstance(y, dict) else y
    with tempfile.TemporaryDirectory() as d:
        example = at_input(o.example, o.size, d)
        named = pair(cnncalc_tensors(example), theirs)
        write_safetensors(os.path.join(d, "w.safetensors"), {k: t for k, (_, t) in named.items()})
        np.save(os.path.join(d, "x.npy"), x.numpy())
        subprocess.run(["node", os.path.join(ROOT, "bin", "cnncalc.cjs"), "run", example, "-w", os.path.join(d, "w.safetensors"),
                        "-i", os.path.join(d, "x.npy"), "-o", os.path.join(d, "y.npy")], check=True)
        ours = np.load(os.path.join(d, "y.npy")).reshape(y.shape)
    diff = float(np.abs(ours - y.numpy()).max())
    scale = float(y.abs().max())
    print(f"{o.name} at {side[0]}x{side[1]}, batch {o.batch}: {len(named)} tensors mapped; "
          f"max |cnncalc - torchvision| {diff:.3g}, largest |output| {scale:.3g}: "
          f"{'within' if diff <= TOLERANCE * scale else 'NOT within'} {TOLERANCE} of it")
    sys.exit(0 if diff <= TOLERANCE * scale else 1)


if __name__ == "__main__":
    main()
