"""The per-layer list of one forward pass: torch.fx traces the network (so the functional code, F.relu,
F.interpolate, torch.flatten, torch.cat, the SE's `scale * x`, ConvNeXt's layer scale, shows up beside the
modules) and an Interpreter runs the graph on a real input, recording each step's input and output shapes.
Forward hooks cannot see functional code; the caller cross-checks the modules this list names against the
ones the hooks saw.
"""

import dis
import inspect
import operator

import torch
import torch.fx
from torchvision.models.shufflenetv2 import channel_shuffle

from figures import bn_statistics, module_macs

# Module attributes that say what a layer computes; each is recorded when the module has it.
ARGUMENTS = (
    "in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups",
    "output_padding", "padding_mode", "in_features", "out_features", "num_features", "eps",
    "affine", "track_running_stats", "normalized_shape", "elementwise_affine", "output_size", "ceil_mode",
    "count_include_pad", "p", "inplace", "scale_factor", "size", "mode", "align_corners", "start_dim",
    "end_dim", "approximate", "negative_slope", "dims", "dim",
)

STEPS = {"call_module": "module", "call_function": "function", "call_method": "method", "get_attr": "tensor"}

OPERATORS = {operator.add: "add", operator.mul: "mul", operator.getitem: "getitem", operator.iadd: "iadd"}


class Tracer(torch.fx.Tracer):
    """Every module without children is one step, as the forward hooks see it (so ConvNeXt's LayerNorm2d,
    Permute and StochasticDepth stay modules); channel_shuffle stays one call instead of its
    view/transpose/view."""

    def __init__(self):
        super().__init__(autowrap_functions=(channel_shuffle,))

    def is_leaf_module(self, m, qualname):
        return next(m.children(), None) is None

    def iter(self, proxy):
        """`a, b = x.chunk(2)`: torch 1.13's Proxy.__iter__ finds the UNPACK_SEQUENCE by f_lasti // 2,
        which Python 3.11's inline caches break; this finds it by offset."""
        user_frame = inspect.currentframe().f_back.f_back
        current = [i for i in dis.get_instructions(user_frame.f_code) if i.offset == user_frame.f_lasti]
        if current and current[0].opname == "UNPACK_SEQUENCE":
            return (proxy[i] for i in range(current[0].argval))
        return super().iter(proxy)


def shape_of(value):
    if isinstance(value, torch.Tensor):
        return list(value.shape)
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, torch.Tensor) for v in value):
        return [list(v.shape) for v in value]
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    return None


def plain(value):
    """A JSON-able form of a non-tensor argument."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, torch.Size):
        return list(value)
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return repr(value)


def module_arguments(m):
    args = {a: plain(getattr(m, a)) for a in ARGUMENTS if hasattr(m, a) and not callable(getattr(m, a))}
    if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d, torch.nn.Linear)):
        args["bias"] = m.bias is not None
    if not isinstance(m, torch.nn.ConvTranspose2d):
        args.pop("output_padding", None)  # nn.Conv2d carries a meaningless [0, 0]
    if args.get("padding_mode") == "zeros":
        del args["padding_mode"]
    return args


def call_arguments(node, values):
    """The non-tensor arguments of a functional step (its tensors are the step's inputs)."""
    def concrete(a):
        return torch.fx.node.map_arg(a, lambda n: values[n.name])
    args = [plain(a) for a in map(concrete, node.args) if shape_of(a) is None]
    kwargs = {k: plain(a) for k, a in ((k, concrete(a)) for k, a in node.kwargs.items()) if shape_of(a) is None}
    described = {"args": args, "kwargs": kwargs}
    return {k: v for k, v in described.items() if v}


def function_name(target):
    if target in OPERATORS:
        return OPERATORS[target]
    module = getattr(target, "__module__", None) or ""
    if module == "torch._C._nn":
        module = "torch.nn.functional"  # F.avg_pool2d is the C binding itself
    return f"{module}.{target.__name__}" if module else target.__name__


def tensor_inputs(node, values):
    inputs = []
    for a in node.all_input_nodes:
        s = shape_of(values[a.name])
        if s is not None:
            inputs.append(s)
    return inputs


class Recorder(torch.fx.Interpreter):
    def __init__(self, graph_module):
        super().__init__(graph_module)
        self.values = {}
        self.rows = []

    def run_node(self, n):
        result = super().run_node(n)
        self.values[n.name] = result
        row = self.describe(n, result)
        if row is not None:
            self.rows.append(row)
        return result

    def describe(self, n, result):
        out = shape_of(result)
        if n.op in ("placeholder", "output") or out is None:
            return None
        row = {"path": n.target if n.op in ("call_module", "get_attr") else n.name, "step": STEPS[n.op]}
        if n.op == "call_module":
            m = self.module.get_submodule(n.target)
            row["type"] = type(m).__name__
            row["args"] = module_arguments(m)
        elif n.op == "get_attr":
            row["type"] = "Parameter" if isinstance(result, torch.nn.Parameter) else "Tensor"
        else:
            row["type"] = function_name(n.target) if n.op == "call_function" else f"Tensor.{n.target}"
            row["args"] = call_arguments(n, self.values)
            if not row["args"]:
                del row["args"]
        row["input"] = tensor_inputs(n, self.values)
        row["output"] = out
        if n.op == "call_module":
            row.update(module_figures(m, self.values[n.all_input_nodes[0].name], result))
        elif n.op == "get_attr":
            row["params"] = result.numel()
        return row


def module_figures(m, x, y):
    """params, BN statistics and MACs of one module call, each only where it is not zero."""
    figures = {
        "params": sum(p.numel() for p in m.parameters()),
        "bn_buffers": bn_statistics(m)[0],
        "macs": module_macs(m, x, y),
    }
    return {k: v for k, v in figures.items() if v}


def trace_rows(model, x):
    """The per-layer list of model(x) in forward order, or raises if fx cannot trace the model."""
    graph = Tracer().trace(model)
    graph_module = torch.fx.GraphModule(model, graph)
    recorder = Recorder(graph_module)
    with torch.no_grad():
        recorder.run(x)
    return recorder.rows

