"""One training step of every case of the CUDA suite (cuda-suite/, written by run.mjs --export-only),
measured on an NVIDIA GPU, all cases in one process, one after another.

    python3 measure_cuda.py --out DIR [--suite DIR] [--only NAME,...] [--device cuda|cpu]

Writes DIR/NAME.json per case (as soon as it is measured) and DIR/summary.json (rewritten after each
case, "complete": true at the end). The step is measure.py's: zero_grad(set_to_none=False), forward
on a random input, loss = sum of the outputs, backward, optimizer step with measure.py's
optimizers, left to PyTorch's defaults for the implementation (PyTorch 2 picks foreach on CUDA; the
one that ran is recorded). Step 1 warms up; step 2 is measured:
  maxAllocated, maxReserved      torch.cuda.max_memory_allocated / max_memory_reserved during step 2
                                 (reset_peak_memory_stats just before it)
  allocatedAtStepStart, ...      memory_allocated / memory_reserved when step 2 starts, and before
                                 the case built its model (what earlier cases left: cuBLAS workspaces)
  deviceUsedAfterStep            the driver's figure (NVML, all devices) minus its figure before the
                                 first CUDA call: context, loaded kernels, library handles and reserved
  outsideAllocatorAfterStep      that minus memory_reserved: what the allocator does not see
Before the first case, the terms cnncalc's pytorch-cuda runtime models besides the tensors
(src/budget/cuda.ts), each probed on its own (summary.json: context, cublasProbe, cudnnProbe):
  context        the driver's used memory before any CUDA call and after the first, less
                 memory_reserved (NVML; torch.cuda.mem_get_info's total - free where NVML is missing)
  cublas         memory_allocated / memory_reserved added by a 64x64 matmul on a fresh stream of
                 the main thread (its handle's workspace), then by one on another thread (a second
                 handle: the autograd engine's device thread is one), outputs excluded
  cudnn          a 3x3 convolution's forward and backward (64 -> 64 channels, 32 x 56 x 56): the
                 peak allocated during each less the tensors live then, i.e. the workspace cuDNN's
                 heuristics chose, next to the im2col bound cnncalc assumes (f*f*D x outW*outH for
                 one image x 4 bytes)
Between cases the model is dropped and the cache emptied. cudnn.benchmark stays off (PyTorch's
default): cuDNN then picks its algorithms by heuristics, the same on every run of one setup, as users
run it; deterministic algorithms stay off too, since they change the algorithms (and workspaces) from
what users get, and raise on ops of the suite that have none (adaptive pooling's backward).

--device cpu is a dry run: every step of the above but the CUDA calls (memory figures are null).
Nothing is downloaded. Exit 2, with one line, when CUDA is not available; exit 1 when a case ran
out of memory (summary.json's "failed"; the other cases are still measured).
"""

import time

STARTED = time.monotonic()  # before importing torch, so the duration includes it

import argparse
import ctypes
import gc
import hashlib
import json
import os
import platform
import sys
import threading

sys.dont_write_bytecode = True  # leaves no __pycache__ in the working tree (the suite's modules, measure.py)

import torch

from measure import OPTIMIZERS, load, train_step

HERE = os.path.dirname(os.path.abspath(__file__))


class NvmlMemory(ctypes.Structure):
    _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong), ("used", ctypes.c_ulonglong)]


class Driver:
    """Device memory in use on every GPU, as the driver reports it (NVML, from the driver's own library).

    Summed over the devices, so no mapping from CUDA's device order to NVML's is needed; the machine
    runs nothing else, so a change is this process's. used() is None where NVML cannot be loaded."""

    def __init__(self):
        self.nvml, self.handles = self._open(), []
        count = ctypes.c_uint()
        if self.nvml and self.nvml.nvmlDeviceGetCount_v2(ctypes.byref(count)) == 0:
            for i in range(count.value):
                handle = ctypes.c_void_p()
                if self.nvml.nvmlDeviceGetHandleByIndex_v2(i, ctypes.byref(handle)) == 0:
                    self.handles.append(handle)
        self.before = self.used()

    @staticmethod
    def _open():
        try:
            nvml = ctypes.CDLL("libnvidia-ml.so.1")
        except OSError:
            return None
        return nvml if nvml.nvmlInit_v2() == 0 else None

    def used(self):
        if not self.handles:
            return None
        total = 0
        for handle in self.handles:
            memory = NvmlMemory()
            if self.nvml.nvmlDeviceGetMemoryInfo(handle, ctypes.byref(memory)) != 0:
                return None
            total += memory.used
        return total

    def growth(self):
        """Bytes in use now that were not before the first CUDA call."""
        used = self.used()
        return None if used is None or self.before is None else used - self.before

    def version(self):
        if self.nvml is None:
            return None
        text = ctypes.create_string_buffer(96)
        return text.value.decode() if self.nvml.nvmlSystemGetDriverVersion(text, 96) == 0 else None


class CudaMemory:
    """The caching allocator's figures on the current CUDA device."""

    def settle(self):
        gc.collect()
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()

    def reset_peak(self):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()

    def now(self):
        torch.cuda.synchronize()
        return torch.cuda.memory_allocated(), torch.cuda.memory_reserved()

    def peak(self):
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated(), torch.cuda.max_memory_reserved()


class NoMemory:
    """--device cpu: the same calls, no figures."""

    def settle(self):
        gc.collect()

    def reset_peak(self):
        pass

    def now(self):
        return None, None

    def peak(self):
        return None, None


def implementation(opt):
    """Which optimizer implementation step() runs: fused, foreach or single-tensor."""
    group = opt.param_groups[0]
    if group.get("fused"):
        return "fused"
    if group.get("foreach") is not None:
        return "foreach" if group["foreach"] else "single-tensor"
    try:  # PyTorch 2: the choice step() makes when neither is set
        from torch.optim.optimizer import _default_to_fused_or_foreach
    except ImportError:  # PyTorch 1.x turns foreach=None into the single-tensor loop
        return "single-tensor"
    params = [p for g in opt.param_groups for p in g["params"]]
    try:  # a private helper (params, differentiable, use_fused) since 2.0: a changed one must not cost the case
        fused, foreach = _default_to_fused_or_foreach(params, False, False)
    except TypeError:
        return "unknown"
    return "fused" if fused else "foreach" if foreach else "single-tensor"


def measure_case(case, suite, device, memory, driver):
    started = time.monotonic()
    path = os.path.join(suite, case["module"])
    with open(path, "rb") as f:
        module_sha256 = hashlib.sha256(f.read()).hexdigest()  # import-cuda.mjs checks it against the suite's module
    mod = load(path)
    memory.settle()
    allocated_before, reserved_before = memory.now()
    torch.manual_seed(0)
    net = mod.build().to(device)
    net.train()
    x = torch.randn(case["batch"], *mod.INPUT_SHAPE, device=device)
    opt = OPTIMIZERS[case["optimizer"]](net.parameters())
    train_step(net, opt, x)
    allocated_start, reserved_start = memory.now()
    memory.reset_peak()
    step_started = time.monotonic()
    shape = train_step(net, opt, x)
    max_allocated, max_reserved = memory.peak()
    step_seconds = time.monotonic() - step_started
    device_used, reserved_after = driver.growth(), memory.now()[1]
    measured = {
        "params": sum(p.numel() for p in net.parameters()),
        "buffers": sum(b.numel() for n, b in net.named_buffers() if not n.endswith("num_batches_tracked")),
        "outputShape": shape,
        "optimizerImplementation": implementation(opt),
        "maxAllocated": max_allocated,
        "maxReserved": max_reserved,
        "allocatedAtStepStart": allocated_start,
        "reservedAtStepStart": reserved_start,
        "allocatedBeforeModel": allocated_before,
        "reservedBeforeModel": reserved_before,
        "deviceUsedAfterStep": device_used,
        "outsideAllocatorAfterStep": None if device_used is None or reserved_after is None else device_used - reserved_after,
        "stepSeconds": round(step_seconds, 3),
    }
    del net, opt, x
    memory.settle()
    return {**case, "moduleSha256": module_sha256, "device": device, "measured": {**measured, "caseSeconds": round(time.monotonic() - started, 3)}}


def context(driver):
    """The CUDA context's size: what the first CUDA call adds to the device, less the allocator's part."""
    torch.zeros(1, device="cuda")
    torch.cuda.synchronize()
    free, total = torch.cuda.mem_get_info()
    reserved = torch.cuda.memory_reserved()
    growth = driver.growth()
    if growth is not None:
        size, method = growth - reserved, "NVML used memory (all devices) after torch.zeros(1, device='cuda') minus before any CUDA call, minus memory_reserved()"
    else:
        size, method = total - free - reserved, "torch.cuda.mem_get_info() total - free after the first CUDA call, minus memory_reserved() (NVML unavailable: includes any other process)"
    return {"bytes": size, "method": method, "memGetInfo": {"free": free, "total": total}, "reservedAfterFirstCall": reserved, "driverGrowth": growth,
            "driverUsedBefore": driver.before}


def allocator_growth(run):
    """memory_allocated and memory_reserved that run() leaves behind, less what it returns."""
    torch.cuda.synchronize()
    allocated, reserved = torch.cuda.memory_allocated(), torch.cuda.memory_reserved()
    kept = run()
    torch.cuda.synchronize()
    own = sum(t.untyped_storage().nbytes() for t in kept)
    return {"allocated": torch.cuda.memory_allocated() - allocated - own, "reserved": torch.cuda.memory_reserved() - reserved}


def cublas_probe():
    """The cuBLAS workspace of a handle: a matmul on a fresh stream, then one on another thread."""
    a, b = torch.randn(64, 64, device="cuda"), torch.randn(64, 64, device="cuda")

    def on_fresh_stream():
        with torch.cuda.stream(torch.cuda.Stream()):
            out = a @ b
        return [out]

    def on_other_thread():
        out = []
        thread = threading.Thread(target=lambda: out.append(a @ b))
        thread.start()
        thread.join()
        return out

    return {"freshStream": allocator_growth(on_fresh_stream), "otherThread": allocator_growth(on_other_thread),
            "env": os.environ.get("CUBLAS_WORKSPACE_CONFIG")}


def cudnn_probe():
    """A convolution's workspace as the allocator sees it: peak during the call less the tensors live."""
    conv = torch.nn.Conv2d(64, 64, 3, padding=1).cuda()
    x = torch.randn(32, 64, 56, 56, device="cuda", requires_grad=True)
    torch.cuda.synchronize()
    live = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    y = conv(x)
    torch.cuda.synchronize()
    forward = torch.cuda.max_memory_allocated() - live - y.untyped_storage().nbytes()
    live = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    y.sum().backward()
    torch.cuda.synchronize()
    grads = x.grad.untyped_storage().nbytes() + sum(p.grad.untyped_storage().nbytes() for p in conv.parameters())
    backward = torch.cuda.max_memory_allocated() - live - grads
    del conv, x, y
    gc.collect()
    torch.cuda.empty_cache()
    return {"shape": "Conv2d(64, 64, 3, padding=1) on 32 x 64 x 56 x 56", "forwardWorkspace": forward,
            "backwardWorkspace": backward, "im2colOneImage": 3 * 3 * 64 * 56 * 56 * 4}


def environment(device, driver):
    info = {
        "device": device,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if device == "cuda" else None,
        "python": platform.python_version(),
        "driver": driver.version(),
        "cudnnBenchmark": torch.backends.cudnn.benchmark,
        "cudnnDeterministic": torch.backends.cudnn.deterministic,
        "deterministicAlgorithms": torch.are_deterministic_algorithms_enabled(),
        "env": {k: os.environ.get(k) for k in ("CUDA_MODULE_LOADING", "PYTORCH_CUDA_ALLOC_CONF", "CUBLAS_WORKSPACE_CONFIG", "CUDA_VISIBLE_DEVICES")},
    }
    if device == "cuda":
        p = torch.cuda.get_device_properties(0)
        info["gpu"] = {"name": p.name, "capability": f"{p.major}.{p.minor}", "totalMemory": p.total_memory, "multiProcessors": p.multi_processor_count}
    return info


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def progress(result):
    m = result["measured"]
    mib = lambda b: "-" if b is None else f"{b / 2**20:9.1f}"
    print(f"{result['name']:<16} batch {result['batch']:>4} {result['optimizer']:<8} {m['optimizerImplementation']:<13} "
          f"max allocated {mib(m['maxAllocated'])} MiB  max reserved {mib(m['maxReserved'])} MiB  {m['caseSeconds']:6.1f} s", flush=True)


def measure_all(cases, args, summary, driver):
    """Measures the cases in turn, writing each result and the summary so far as soon as it has them."""
    memory = CudaMemory() if args.device == "cuda" else NoMemory()
    summary_path = os.path.join(args.out, "summary.json")
    write_json(summary_path, summary)
    for case in cases:
        try:
            result = measure_case(case, args.suite, args.device, memory, driver)
        except torch.cuda.OutOfMemoryError as e:  # one case's failure must not cost the others
            summary["failed"][case["name"]] = str(e).splitlines()[0]
            print(f"{case['name']:<16} FAILED: {summary['failed'][case['name']]}", flush=True)
            memory.settle()
            continue
        write_json(os.path.join(args.out, f"{case['name']}.json"), result)
        progress(result)
        summary["measured"].append(case["name"])
        summary["seconds"] = round(time.monotonic() - STARTED, 3)
        write_json(summary_path, summary)
    if args.device == "cuda":
        summary.update(deviceUsedAtEnd=driver.growth(), reservedAtEnd=torch.cuda.memory_reserved())
    summary.update(complete=True, seconds=round(time.monotonic() - STARTED, 3))
    write_json(summary_path, summary)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--suite", default=os.path.join(HERE, "cuda-suite"))
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    args = ap.parse_args()
    driver = Driver()  # before any CUDA call, so its first figure has no context in it
    if args.device == "cuda" and not torch.cuda.is_available():
        print(f"measure_cuda.py: CUDA is not available (torch {torch.__version__}, built for CUDA {torch.version.cuda})", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(args.suite, "cases.json")) as f:
        cases = [c for c in json.load(f)["cases"] if not args.only or c["name"] in args.only.split(",")]
    os.makedirs(args.out, exist_ok=True)
    first_call = context(driver) if args.device == "cuda" else None  # first, so nothing else is in it
    probed = {"cublasProbe": cublas_probe(), "cudnnProbe": cudnn_probe()} if args.device == "cuda" else {"cublasProbe": None, "cudnnProbe": None}
    summary = {"complete": False, **environment(args.device, driver), "context": first_call, **probed, "cases": [c["name"] for c in cases],
               "measured": [], "failed": {}, "secondsBeforeFirstCase": round(time.monotonic() - STARTED, 3)}
    measure_all(cases, args, summary, driver)
    print(f"{len(summary['measured'])} of {len(cases)} cases in {summary['seconds']:.1f} s", flush=True)
    sys.exit(1 if summary["failed"] else 0)


if __name__ == "__main__":
    main()
