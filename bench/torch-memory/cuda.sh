#!/usr/bin/env bash
# The torch-memory suite on an NVIDIA GPU: one training step per case of cuda-suite/ (generated here
# by `node bench/torch-memory/run.mjs --export-only bench/torch-memory/cuda-suite` and carried with
# the run, so the machine needs only Python and PyTorch with CUDA), all in one process
# (measure_cuda.py), under a time guard. On the device machine, from the repository root:
#
#   bash bench/torch-memory/cuda.sh [--only NAME,...]
#
# Results: one JSON per case (max_memory_allocated, max_memory_reserved, ...), summary.json (versions,
# GPU, the CUDA context from the driver before and after the first CUDA call, the cuBLAS workspace of
# a fresh stream's and another thread's handle, a convolution's cuDNN workspace, timing), log.txt and
# nvidia-smi.txt under $OUT (the device tool's output folder), ./cuda-results when OUT is unset.
# Then, here (it writes the fixtures and marks the pytorch-cuda runtime measured):
#   node bench/torch-memory/import-cuda.mjs FETCHED_FOLDER
#   UPDATE_GOLDEN=1 npx vitest run test/golden && npx vitest run test/budget
# PYTHON picks the interpreter (python3); LIMIT_SECONDS the guard (280: the suite must fit in 5 minutes).

set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-cuda-results}
limit=${LIMIT_SECONDS:-280}
if [ ! -f "$here/cuda-suite/cases.json" ]; then
  echo "cuda.sh: no bench/torch-memory/cuda-suite/cases.json: generate it with 'node bench/torch-memory/run.mjs --export-only bench/torch-memory/cuda-suite' and carry it with the run" >&2
  exit 2
fi
mkdir -p "$out"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,mig.mode.current --format=csv >"$out/nvidia-smi.txt" 2>&1
fi
started=$(date +%s)
timeout --kill-after=10 "$limit" "${PYTHON:-python3}" "$here/measure_cuda.py" --out "$out" "$@" 2>&1 | tee "$out/log.txt"
status=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - started))
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "cuda.sh: stopped by the ${limit} s guard after ${elapsed} s; the cases measured so far are in $out (summary.json: complete false)" | tee -a "$out/log.txt"
else
  echo "cuda.sh: exit ${status} after ${elapsed} s; results in $out" | tee -a "$out/log.txt"
fi
exit "$status"
