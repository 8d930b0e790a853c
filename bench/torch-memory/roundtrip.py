"""Writes what `cnncalc run` needs to run an exported network as PyTorch does, and PyTorch's answer.

    python3 roundtrip.py NET.py DIR [--batch 2]

DIR/x.npy: a random float32 input [N, C, H, W]; DIR/w.safetensors: the module's state dict with
random parameters and BN statistics (safetensors written here by hand: an 8-byte little-endian
header length, the JSON header, the raw tensors), num_batches_tracked included as I64 (run ignores
it); DIR/y_torch.npy: the output of the module in eval mode (dropout off, BN on running statistics).
"""

import argparse
import importlib.util
import json
import struct

import numpy as np
import torch


def save_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("dir")
    ap.add_argument("--batch", type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(0)
    spec = importlib.util.spec_from_file_location("exported", args.module)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    net = mod.build()
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if name.endswith("running_var"):
                t.uniform_(0.5, 2.0)
            elif t.dtype == torch.float32:
                t.normal_(0, 0.3)
    net.eval()
    x = torch.randn(args.batch, *mod.INPUT_SHAPE)
    with torch.no_grad():
        y = net(x)
    np.save(f"{args.dir}/x.npy", x.numpy())
    np.save(f"{args.dir}/y_torch.npy", y.reshape(y.shape[0], -1).numpy())
    save_safetensors(net.state_dict(), f"{args.dir}/w.safetensors")


if __name__ == "__main__":
    main()
