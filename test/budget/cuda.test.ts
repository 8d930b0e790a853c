// The CUDA side of the budget (budget/caching-allocator.ts, cuda.ts, cuda-memory.ts): each rule by
// arithmetic written out here from PyTorch's constants (c10/cuda/CUDACachingAllocator.cpp,
// aten/src/ATen/cuda/CublasHandlePool.cpp), and the CLI's options. Modelled, not measured.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocate, blockSize, segmentSize } from '../../src/budget/caching-allocator.js';
import { cublasWorkspaceFor, DEFAULT_CONTEXT } from '../../src/budget/cuda.js';
import { findDevice } from '../../src/budget/devices.js';
import { estimateBudget } from '../../src/budget/estimate.js';
import { buildModel, liveAt } from '../../src/budget/moments.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf } from '../helpers.js';

const MiB = 2 ** 20;

describe('the caching allocator', () => {
  it('rounds every block up to a multiple of 512 bytes, 512 at least', () => {
    expect(blockSize(1)).toBe(512);
    expect(blockSize(512)).toBe(512);
    expect(blockSize(513)).toBe(1024);
    // a 3 MB tensor: 3,000,000 / 512 = 5859.4, so 5860 x 512 = 3,000,320 bytes
    expect(blockSize(3_000_000)).toBe(3_000_320);
  });

  it('serves a block from a 2 MiB segment up to 1 MiB, a 20 MiB one below 10 MiB, else its size rounded up to 2 MiB', () => {
    expect(segmentSize(blockSize(800_000))).toBe(2 * MiB); // 800,256 <= 1 MiB: small
    expect(segmentSize(3_000_320)).toBe(20 * MiB); // the 3 MB tensor: 1 MiB < 3,000,320 < 10 MiB
    // 12 MB: 12,000,000 / 512 = 23,437.5 -> 23,438 x 512 = 12,000,256; / 2 MiB = 5.72 -> 6 x 2 MiB
    expect(blockSize(12_000_000)).toBe(12_000_256);
    expect(segmentSize(12_000_256)).toBe(6 * 2 * MiB);
    expect(segmentSize(10 * MiB)).toBe(10 * MiB); // kMinLargeAlloc itself is large, rounded (already a multiple)
  });

  it('packs small blocks into 2 MiB segments by their sum', () => {
    // three 800,000-byte tensors: 3 x 800,256 = 2,400,768 bytes, over one 2 MiB segment: two
    expect(allocate([800_000, 800_000, 800_000])).toEqual({ allocated: 2_400_768, reserved: 4 * MiB });
  });

  it('packs 1-10 MiB blocks into 20 MiB segments, first fit in decreasing size', () => {
    // six 3 MiB blocks fill 18 MiB of one segment; the seventh does not fit the 2 MiB left
    expect(allocate(Array(6).fill(3 * MiB)).reserved).toBe(20 * MiB);
    expect(allocate(Array(7).fill(3 * MiB)).reserved).toBe(40 * MiB);
    // 9 + 9 MiB in one segment; 4 MiB does not fit the 2 MiB left, 2 MiB would (first fit decreasing: 9, 9, 4, 2)
    expect(allocate([4 * MiB, 9 * MiB, 2 * MiB, 9 * MiB]).reserved).toBe(40 * MiB);
  });

  it('gives each block of 10 MiB or more a segment of its own, next to the other pools', () => {
    // 12,000,256 -> 12 MiB; a 3 MiB block -> a 20 MiB segment; 512 bytes -> a 2 MiB segment
    expect(allocate([12_000_000, 3 * MiB, 1])).toEqual({ allocated: 12_000_256 + 3 * MiB + 512, reserved: 12 * MiB + 20 * MiB + 2 * MiB });
    expect(allocate([0])).toEqual({ allocated: 0, reserved: 0 });
  });
});

describe('the cuBLAS workspace and the context', () => {
  it("is 4096 KiB x 2 + 16 KiB x 8 per handle, 4096 KiB x 8 on Hopper (PyTorch's :4096:2:16:8 default)", () => {
    expect(cublasWorkspaceFor('7.5')).toBe(4096 * 1024 * 2 + 16 * 1024 * 8);
    expect(cublasWorkspaceFor('8.0')).toBe(8_519_680);
    expect(cublasWorkspaceFor('9.0')).toBe(33_554_432);
    expect(cublasWorkspaceFor(findDevice('H100')!.capability)).toBe(32 * MiB);
    expect(cublasWorkspaceFor(findDevice('T4')!.capability)).toBe(8_519_680);
    expect(DEFAULT_CONTEXT).toBe(400 * MiB);
  });
});

const cudaRun = { context: 400 * MiB, cublasWorkspace: 8_519_680, cudnnWorkspace: null };
const onGpu = (source: string, batch = 1) =>
  estimateBudget(analysisOf(source), { batch, dtype: 'fp32', optimizer: 'sgd', inference: false, ...runtimeOptions(RUNTIMES['pytorch-cuda']), cuda: cudaRun });

describe('a step under pytorch-cuda, by hand', () => {
  it('INPUT 16x16x4 -> FC-8, batch 1, SGD: small blocks only, one 2 MiB segment', () => {
    // weights 16*16*4*8 = 8192 x 4 = 32,768 bytes, bias 8 x 4 = 32 -> 512; gradients the same; input
    // 1024 x 4 = 4096. Backward of FC: its output gradient (32 -> 512) and its weight gradient
    // before AccumulateGrad adds it (32,768 + 512); no input gradient (nothing before FC needs one);
    // the output the caller holds (32 -> 512)
    const e = onGpu('INPUT [16x16x4] => FC-8');
    const tensor = 32_768 + 512;
    expect(e.bytes.allocated).toBe(3 * tensor + 4096 + 512 + 512);
    expect(e.bytes.reserved).toBe(2 * MiB);
    expect(e.bytes.workspaces).toEqual({ cublas: 2 * 8_519_680, cudnn: 0 });
    expect(e.bytes.context).toBe(400 * MiB);
    expect(e.bytes.total).toBe(2 * MiB + 400 * MiB + 2 * 8_519_680);
    const p = e.peak.parts;
    const parts = p.parameters + p.gradients + p.optimizerState + p.reserve + p.platform + p.input + p.activations + p.buffers + p.workspace + p.temporaries;
    expect(parts + p.allocator + p.context + p.cublas).toBe(e.bytes.total);
  });

  it('INPUT 512x512x3 -> FC-1, batch 1: four 3 MiB tensors share a 20 MiB segment', () => {
    // input 786,432 x 4 = 3 MiB; weights 3 MiB, their gradient 3 MiB and its temporary 3 MiB: 12 MiB in
    // one 20 MiB segment; the bias, its gradient and temporary and the output gradient, 4 x 512, in 2 MiB.
    // The forward moment (three 3 MiB tensors, three small blocks) needs as many segments: the first
    // such moment is the peak. The most allocated is the backward moment's, with the output the
    // caller holds beside its gradient: 5 x 512
    const e = onGpu('INPUT [512x512x3] => FC-1');
    expect(e.bytes.allocated).toBe(4 * 3 * MiB + 5 * 512);
    expect(e.bytes.reserved).toBe(20 * MiB + 2 * MiB);
    expect(e.peak.phase).toBe('forward');
  });

  it('is null for the allocator, the context and the workspaces under the CPU runtimes', () => {
    const e = estimateBudget(analysisOf('INPUT [16x16x4] => FC-8'), { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false, ...runtimeOptions(RUNTIMES['pytorch-cpu']) });
    expect([e.bytes.allocated, e.bytes.reserved, e.bytes.context, e.bytes.workspaces]).toEqual([null, null, null, null]);
  });

  it("lists each moment's tensors one by one, adding up to the moment's bytes (every example)", () => {
    for (const file of readdirSync('examples').filter((f) => f.endsWith('.cnn'))) {
      const analysis = analysisOf(readFileSync(join('examples', file), 'utf8'));
      for (const gradients of ['kept', 'none'] as const) {
        const model = buildModel(analysis, { dtype: 'mixed', optimizer: 'adam', inference: false, ...runtimeOptions(RUNTIMES['pytorch-cuda']), gradients, cuda: cudaRun });
        const batch = 3;
        for (const m of model.moments) {
          const listed = [...model.persistentBlocks, model.input * batch, ...model.blocksOf(m).fixed, ...model.blocksOf(m).perImage.map((n) => n * batch)].reduce((a, b) => a + b, 0);
          expect(listed, `${file} ${gradients} ${m.phase} ${m.layer}`).toBe(liveAt(model, m, batch));
        }
      }
    }
  });
});

describe('cnncalc budget under pytorch-cuda', () => {
  const net = ['-e', 'INPUT [32x32x3] => CONV(f=3, k=16) => RELU => FC-10', '--batch', '4'];
  const json = async (...flags: string[]) => JSON.parse((await cli(['budget', ...net, '--json', ...flags])).stdout);

  it('replaces the context, the cuBLAS workspace and the cuDNN workspace on request', async () => {
    const d = await json();
    expect(d.bytes.context).toBe(400 * MiB);
    // im2col columns of one image (the padding keeps 32x32): 3*3*3 x 32*32 = 27,648 elements x 4 bytes
    expect(d.bytes.workspaces).toEqual({ cublas: 2 * 8_519_680, cudnn: 27_648 * 4 });
    const given = await json('--context', '300MB', '--cublas-workspace', '4MiB', '--cudnn-workspace', '64MiB');
    expect(given.bytes.context).toBe(300_000_000);
    expect(given.bytes.workspaces).toEqual({ cublas: 2 * 4 * MiB, cudnn: 64 * MiB });
    expect(given.bytes.total).toBe(given.bytes.reserved + 300_000_000 + 8 * MiB);
    // Hopper's workspace by --device
    expect((await json('--device', 'H100')).bytes.workspaces.cublas).toBe(2 * 32 * MiB);
  });

  it('gates on reserved + context + workspaces: a limit below the context fails', async () => {
    const r = await cli(['budget', ...net, '--limit', '300MiB']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('runtime: pytorch-cuda');
    expect(r.stdout).toContain('caching allocator (modelled, not measured)');
    expect((await cli(['budget', ...net, '--limit', '300MiB', '--context', '0'])).code).toBe(0);
  });

  it('refuses the GPU options under a CPU runtime, with exit 2', async () => {
    const r = await cli(['budget', ...net, '--runtime', 'pytorch-cpu', '--context', '1GiB']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--context is a GPU term');
  });
});
