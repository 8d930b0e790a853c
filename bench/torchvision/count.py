"""Figures of each v3 example's network, counted by PyTorch itself, for the tests to check cnncalc against.

    /usr/bin/python3 bench/torchvision/count.py [NAME ...]

writes test/reference/torchvision/<name>.json for every network in networks.py (or the ones named).
The MACs come from forward hooks on Conv2d, ConvTranspose2d and Linear; the per-layer list comes from a
torch.fx trace (forward_steps.py), so that functional code is listed too; the two are cross-checked.
"""

import os
import sys
from collections import Counter

import torch
import torchvision

from figures import bn_statistics, hooked_forward, parameter_count
from jsonfmt import dump
from networks import NETWORKS
from forward_steps import shape_of, trace_rows

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "reference", "torchvision")
MAC_TYPES = ("Conv2d", "ConvTranspose2d", "Linear")


def owner(tensor_path):
    """The module path of a parameter or buffer ('' for one the model itself holds)."""
    return tensor_path.rpartition(".")[0]


def prefix(path, depth):
    return ".".join(path.split(".")[:depth]) or "(top)"


def where_parameters_sit(model, calls, depth):
    """params, BN statistics and MACs per module path prefix of the given depth, in model order."""
    groups = {}

    def group(module_path):
        return groups.setdefault(prefix(module_path, depth), {"params": 0, "bn_buffers": 0, "macs": 0})
    for path, p in model.named_parameters():
        group(owner(path))["params"] += p.numel()
    for path, b in model.named_buffers():
        if path.endswith(("running_mean", "running_var")):
            group(owner(path))["bn_buffers"] += b.numel()
    for module_path, _, macs in calls:
        group(module_path)["macs"] += macs
    return groups


def parameters_by_role(model):
    roles = Counter()
    for path, p in model.named_parameters():
        roles[path.split(".")[-1]] += p.numel()
    return dict(roles)


def meta_params(net, params):
    """torchvision's own parameter count for its released weights, checked against this count (or, where
    those weights are for another variant, against that variant built here)."""
    if not net.weights_enum:
        return None
    meta = torchvision.models.get_weight(net.weights_enum).meta["num_params"]
    counted = parameter_count(net.meta_build()) if net.meta_build else params
    return {"weights": net.weights_enum, "num_params": meta, "variant_params": counted, "equal": meta == counted}


def cross_check(rows, calls):
    """The module steps the fx list names against the ones the forward hooks saw (path by path, in order)."""
    traced = [r["path"] for r in rows if r["step"] == "module"]
    hooked = [c[0] for c in calls]
    return {
        "hooked_module_calls": len(hooked),
        "traced_module_calls": len(traced),
        "same_order": traced == hooked,
        "hooked_not_traced": sorted(set(hooked) - set(traced)),
        "traced_not_hooked": sorted(set(traced) - set(hooked)),
        "macs_equal": sum(r.get("macs", 0) for r in rows) == sum(c[2] for c in calls),
        "listed_params": sum(r.get("params", 0) for r in rows),
    }


def functional_steps(rows):
    return dict(Counter(r["type"] for r in rows if r["step"] != "module"))


def count(name, net):
    torch.manual_seed(0)
    model = net.build()
    model.train(net.train_mode)
    x = torch.randn(1, *net.input)
    output, calls = hooked_forward(model, x)
    rows = trace_rows(model, x)
    stats, tracked = bn_statistics(model)
    macs_by_type = {t: sum(c[2] for c in calls if c[1] == t) for t in MAC_TYPES}
    return {
        "name": name,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "input": {"channels": net.input[0], "height": net.input[1], "width": net.input[2], "batch": 1},
        "mode": "train" if net.train_mode else "eval",
        "notes": net.notes,
        "params": parameter_count(model),
        "params_by_role": parameters_by_role(model),
        "bn_buffers": stats,
        "num_batches_tracked": tracked,
        "macs": sum(c[2] for c in calls),
        "macs_by_type": macs_by_type,
        "output": shape_of(output if not hasattr(output, "_fields") else tuple(output)),
        "torchvision_meta": meta_params(net, parameter_count(model)),
        "hooks_vs_trace": cross_check(rows, calls),
        "functional_steps": functional_steps(rows),
        "where_top": where_parameters_sit(model, calls, 1),
        "where": where_parameters_sit(model, calls, 2),
        "layers": rows,
    }


def main(names):
    os.makedirs(OUT, exist_ok=True)
    for name in names or NETWORKS:
        figures = count(name, NETWORKS[name])
        dump(figures, os.path.join(OUT, f"{name}.json"))
        check = figures["hooks_vs_trace"]
        print(f"{name}: params {figures['params']:,} bn {figures['bn_buffers']:,} macs {figures['macs']:,} "
              f"meta {figures['torchvision_meta']} same_order {check['same_order']} macs_equal {check['macs_equal']}")


if __name__ == "__main__":
    main(sys.argv[1:])
