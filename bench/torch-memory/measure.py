"""One training step of an exported cnncalc network in PyTorch, measured on CPU.

    MALLOC_MMAP_THRESHOLD_=131072 OMP_NUM_THREADS=1 python3 measure.py NET.py --batch B \
        --optimizer O --mode rss|alloc

Prints one JSON object. The step is forward, loss = sum of the outputs, backward, optimizer step,
with zero_grad(set_to_none=False) first (gradients kept between steps, PyTorch 1.13's default).
Step 1 warms up (it allocates the gradients and the optimizer state and pages in library code);
step 2 is measured:
  rss    VmHWM of step 2 (reset with /proc/self/clear_refs just before it) minus VmRSS before the
         model was built: the process peak growth, as the operating system sees it. glibc returns
         every block above the fixed mmap threshold to the system when freed, so RSS follows the
         live tensors.
  alloc  the CPU allocator's peak: bytes live when step 2 starts (every tensor storage reachable
         from the model, its gradients, the optimizer's state and the input, each counted once)
         plus the highest running sum of torch.profiler's memory events (profile_memory=True)
         during step 2. Run in its own process, so the profiler cannot disturb the rss figure.
"""

import argparse
import importlib.util
import json
import sys

import torch

OPTIMIZERS = {
    # torch.optim with the defaults the executor uses (src/exec/optim/optimizers.ts)
    "sgd": lambda p: torch.optim.SGD(p, lr=0.01),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
    "nesterov": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=1e-3),
    "adamw": lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.01),
}


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def load(path):
    spec = importlib.util.spec_from_file_location("exported", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def live_bytes(net, opt, x):
    storages = {}

    def add(t):
        if isinstance(t, torch.Tensor):
            s = t.storage()
            storages[s.data_ptr()] = s.nbytes()

    for t in net.state_dict(keep_vars=True).values():
        add(t)
    for p in net.parameters():
        add(p.grad)
    for state in opt.state.values():
        for t in state.values():
            add(t)
    add(x)
    return sum(storages.values())


def allocator_peak(events):
    memory = [e for e in events if e.name() == "[memory]" and str(e.device_type()) == "DeviceType.CPU"]
    order = sorted(range(len(memory)), key=lambda i: (memory[i].start_us(), i))
    running = peak = 0
    for i in order:
        running += memory[i].nbytes()
        peak = max(peak, running)
    return peak, len(memory)


def train_step(net, opt, x):
    """One step: gradients zeroed, not set to None; loss = sum of the outputs (side outputs, which the
    module returns after the main one, included). Returns the main output's shape."""
    opt.zero_grad(set_to_none=False)
    out = net(x)
    outs = out if isinstance(out, tuple) else (out,)
    shape = list(outs[0].shape)
    sum(o.sum() for o in outs).backward()
    opt.step()
    return shape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--optimizer", choices=sorted(OPTIMIZERS), required=True)
    ap.add_argument("--mode", choices=["rss", "alloc"], required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    mod = load(args.module)
    rss_before_model = status_kib("VmRSS")
    net = mod.build()
    net.train()
    x = torch.randn(args.batch, *mod.INPUT_SHAPE)
    opt = OPTIMIZERS[args.optimizer](net.parameters())

    def step():
        return train_step(net, opt, x)

    step()
    result = {
        "params": sum(p.numel() for p in net.parameters()),
        "buffers": sum(b.numel() for n, b in net.named_buffers() if not n.endswith("num_batches_tracked")),
    }
    if args.mode == "rss":
        rss_before_step = status_kib("VmRSS")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
        shape = step()
        peak = status_kib("VmHWM")
        result.update(rss_before_model=rss_before_model, rss_before_step=rss_before_step, rss_peak=peak,
                      peak_rss_growth=peak - rss_before_model)
    else:
        from torch.profiler import ProfilerActivity, profile

        live = live_bytes(net, opt, x)
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            shape = step()
        rise, count = allocator_peak(prof.profiler.kineto_results.events())
        result.update(live_at_step_start=live, step_rise=rise, allocator_peak=live + rise, memory_events=count)
    result["output_shape"] = shape
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
