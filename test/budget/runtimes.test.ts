// The runtimes (budget/runtimes.ts): what each changes in the figures, by arithmetic written out
// here, and how `cnncalc budget --runtime` picks one and says which it models.
import { describe, expect, it } from 'vitest';
import { estimateBudget } from '../../src/budget/estimate.js';
import { RUNTIMES, runtimeOptions } from '../../src/budget/runtimes.js';
import { cli } from '../cli/run-cli.js';
import { analysisOf } from '../helpers.js';

const base = { batch: 1, dtype: 'fp32', optimizer: 'sgd', inference: false } as const;
const activations = (source: string, runtime: keyof typeof RUNTIMES): number =>
  estimateBudget(analysisOf(source), { ...base, ...runtimeOptions(RUNTIMES[runtime]) }).bytes.activations;

describe('what each runtime keeps for backward', () => {
  it("dropout's mask: a byte per element on CUDA and in the executor, a float (4 bytes) on the CPU", () => {
    // CONV keeps the input batch (its own term); DROPOUT keeps its mask, 4*4*2 = 32 elements; FC keeps
    // DROPOUT's output, 32 elements of 4 bytes
    const net = 'INPUT [4x4x1] => CONV(f=3, k=2) => DROPOUT => FC-3';
    expect(activations(net, 'pytorch-cuda')).toBe(32 * 1 + 32 * 4);
    expect(activations(net, 'cnncalc')).toBe(32 * 1 + 32 * 4);
    expect(activations(net, 'pytorch-cpu')).toBe(32 * 4 + 32 * 4);
  });

  it("average pooling: PyTorch's avg_pool2d keeps its input, the executor's keeps nothing", () => {
    // CONV's 4x4x2 output (32) is the pool's input; FC keeps the pool's 2x2x2 output (8)
    const net = 'INPUT [4x4x1] => CONV(f=3, k=2) => POOL(f=2, mode=avg) => FC-3';
    expect(activations(net, 'cnncalc')).toBe(8 * 4);
    expect(activations(net, 'pytorch-cuda')).toBe((32 + 8) * 4);
  });

  it("LOCAL: the export's Local2d keeps F.unfold's columns for torch.bmm, not its input", () => {
    // CONV(f=1, k=2) gives 4x4x2 = 32, LOCAL's input; its columns are 3*3*2 per position, 16 positions
    // (288); FC keeps LOCAL's 4x4x2 output (32)
    const net = 'INPUT [4x4x1] => CONV(f=1, k=2) => LOCAL(f=3, k=2, p=1) => FC-3';
    expect(activations(net, 'cnncalc')).toBe((32 + 32) * 4);
    expect(activations(net, 'pytorch-cuda')).toBe((3 * 3 * 2 * 16 + 32) * 4);
  });

  it("l2 pooling: PyTorch's LPPool2d chain keeps its input, its square and four pooled tensors", () => {
    const net = 'INPUT [4x4x1] => CONV(f=3, k=2) => POOL(f=2, mode=l2) => FC-3';
    // the executor: its input (32) and its output (8), which FC keeps too (counted once)
    expect(activations(net, 'cnncalc')).toBe((32 + 8) * 4);
    // PyTorch: its input (32), x^2 (32), 4 pooled tensors (4*8), and FC's input (the output, 8)
    expect(activations(net, 'pytorch-cpu')).toBe((32 + 32 + 4 * 8 + 8) * 4);
  });
});

describe("PyTorch's CPU convolution (oneDNN, 8-channel blocks with AVX2)", () => {
  // INPUT 4x4x1 => CONV(f=3, k=2) (4x4x2 = 32; 18 weights + 2 biases) => FC-3 (32*3 + 3 = 99), batch 1
  const net = analysisOf('INPUT [4x4x1] => CONV(f=3, k=2) => FC-3');
  const cpu = estimateBudget(net, { ...base, ...runtimeOptions(RUNTIMES['pytorch-cpu']) }).bytes;
  const cuda = estimateBudget(net, { ...base, ...runtimeOptions(RUNTIMES['pytorch-cuda']) }).bytes;

  it('uses no im2col columns (CUDA: [3*3*1 x 4*4] of one image)', () => {
    expect(cuda.workspace).toBe(3 * 3 * 1 * 4 * 4 * 4);
    expect(cpu.workspace).toBe(0);
  });

  it("forms the weight gradient from blocked copies of the output gradient and of the input", () => {
    // FC's moment: its output and input gradients (3 + 32), the output the caller still holds (3)
    // and its weight-gradient temporary (99)
    const fc = (3 + 32 + 3) * 4 + 99 * 4; // 548
    // CONV's: its output gradient (32; none for the input batch), the held output (3), its weights'
    // temporary (20), and the blocked copies: the gradient's 2 channels padded to 8 (8*16) and the input's 1 (8*16)
    const conv = (32 + 3 + 8 * 16 + 8 * 16) * 4 + 20 * 4; // 1,244
    expect(cuda.backwardPeak).toBe(Math.max(fc, (32 + 3) * 4 + 20 * 4));
    expect(cpu.backwardPeak).toBe(Math.max(fc, conv));
  });
});

describe("PyTorch's chains of operations: the temporaries of their backward", () => {
  const peak = (source: string, runtime: keyof typeof RUNTIMES): number =>
    estimateBudget(analysisOf(source), { ...base, ...runtimeOptions(RUNTIMES[runtime]) }).bytes.backwardPeak;

  it('LRN: input / base^beta makes four input-sized tensors at once, three more than the executor counts', () => {
    // CONV(f=1, k=8) on 2x2x1 gives 2x2x8 = 32 elements; LRN's moment: its output and input
    // gradients (32 + 32), plus 3 x 32 under PyTorch and the output the caller holds (32); CONV's:
    // 32 and its 16 weights' temporary
    const net = 'INPUT [2x2x1] => CONV(f=1, k=8) => LRN(size=3)';
    expect(peak(net, 'cnncalc')).toBe((32 + 32) * 4);
    expect(peak(net, 'pytorch-cuda')).toBe((32 + 32 + 3 * 32 + 32) * 4);
  });

  it("l2 pooling: x.pow(2)'s backward holds four input-sized tensors, once x^2 and the pooled ones are freed", () => {
    // CONV(f=1, k=2) on 4x4x1 gives 4x4x2 = 32 (in); POOL(f=2, mode=l2) gives 2x2x2 = 8 (out);
    // scratch 2*32 - 5*8 = 24 beyond the output and input gradients (8 + 32), and under PyTorch the
    // output the caller holds (8)
    const net = 'INPUT [4x4x1] => CONV(f=1, k=2) => POOL(f=2, mode=l2)';
    expect(peak(net, 'cnncalc')).toBe((8 + 32) * 4);
    expect(peak(net, 'pytorch-cuda')).toBe((8 + 32 + 24 + 8) * 4);
  });
});

describe("the optimizer's implementation", () => {
  // FC-3 over 4x4x1: 48 weights and 3 biases, 51 parameters
  const temporaries = (runtime: keyof typeof RUNTIMES, optimizer: 'adam' | 'momentum'): number =>
    estimateBudget(analysisOf('INPUT [4x4x1] => FC-3'), { ...base, optimizer, ...runtimeOptions(RUNTIMES[runtime]) }).bytes.optimizerTemporaries;

  it("PyTorch 2's foreach Adam on CUDA: one copy of all the parameters; 1.13's single-tensor Adam: two of the largest tensor", () => {
    expect(temporaries('pytorch-cuda', 'adam')).toBe(51 * 4);
    expect(temporaries('pytorch-cpu', 'adam')).toBe(2 * 48 * 4);
    expect(temporaries('pytorch-cuda', 'momentum')).toBe(0);
  });
});

describe('gradients kept between steps, or set to None', () => {
  it('set to None, they exist from backward on, and AccumulateGrad takes the new one over (no temporary)', () => {
    // FC-3 over 4x4x1, batch 1, sgd: parameters 51 x 4 = 204, input 64, FC's output (and its gradient) 12
    const at = (gradients: 'kept' | 'none') => estimateBudget(analysisOf('INPUT [4x4x1] => FC-3'), { ...base, gradients }).bytes.total;
    // kept: backward holds the gradients, FC's new weight gradient and its output gradient
    expect(at('kept')).toBe(204 + 204 + 64 + 12 + 204);
    // none: backward holds FC's gradients, formed there, and its output gradient
    expect(at('none')).toBe(204 + 204 + 64 + 12);
  });

  it('cnncalc budget --set-to-none', async () => {
    const json = async (...flags: string[]) => JSON.parse((await cli(['budget', '-e', 'INPUT [4x4x1] => FC-3', '--batch', '1', '--runtime', 'cnncalc', '--json', ...flags])).stdout);
    // the executor's runtime counts no AccumulateGrad temporary: both give 204 + 204 + 64 + 12
    expect((await json('--set-to-none')).bytes.total).toBe(484);
    expect((await json()).options.gradients).toBe('kept');
  });
});

describe('the platform term', () => {
  it('pytorch-cpu adds 15 MiB of library code to the total, as its own term; the others add none', () => {
    const net = analysisOf('INPUT [4x4x1] => FC-3');
    const cpu = estimateBudget(net, { ...base, ...runtimeOptions(RUNTIMES['pytorch-cpu']) }).bytes;
    const cuda = estimateBudget(net, { ...base, ...runtimeOptions(RUNTIMES['pytorch-cuda']) }).bytes;
    expect(cpu.platform).toBe(15 * 1024 * 1024);
    expect(cuda.platform).toBe(0);
    // FC-3 over 16 inputs: 51 parameters, the same moments: only the platform differs
    expect(cpu.total - cuda.total).toBe(15 * 1024 * 1024);
  });
});

describe('cnncalc budget --runtime', () => {
  const net = ['-e', 'INPUT [4x4x1] => CONV(f=3, k=2) => DROPOUT => FC-3', '--batch', '1'];

  it('names the runtime, and whether measurements back it, in text and JSON', async () => {
    const text = await cli(['budget', ...net]);
    expect(text.stdout.split('\n')[1]).toMatch(/^runtime: pytorch-cuda \(.*\); modelled, not yet measured$/);
    const json = JSON.parse((await cli(['budget', ...net, '--runtime', 'pytorch-cpu', '--json'])).stdout);
    expect(json.runtime).toEqual({ name: 'pytorch-cpu', measured: RUNTIMES['pytorch-cpu'].measured });
    expect(json.options.maskBytes).toBe(4);
  });

  it('keeps --max-batch, the gates and the exit codes under every runtime', async () => {
    for (const [runtime, { gpu }] of Object.entries(RUNTIMES)) {
      // a GPU holds its 400 MiB context and two cuBLAS workspaces before any tensor
      const limit = (gpu ? 512 : 64) * 2 ** 20;
      const fits = await cli(['budget', ...net, '--runtime', runtime, '--limit', String(limit), '--max-batch', '--json']);
      expect(fits.code, runtime).toBe(0);
      const { maxBatch, bytes } = JSON.parse(fits.stdout);
      // the largest batch fits and the next does not
      const at = async (b: number) => JSON.parse((await cli(['budget', '-e', net[1]!, '--batch', String(b), '--runtime', runtime, '--json'])).stdout).bytes.total;
      expect(maxBatch, runtime).toBeGreaterThan(0);
      expect(await at(maxBatch), runtime).toBeLessThanOrEqual(limit);
      expect(await at(maxBatch + 1), runtime).toBeGreaterThan(limit);
      expect(bytes.total, runtime).toBeLessThanOrEqual(limit);
      const over = await cli(['budget', ...net, '--runtime', runtime, '--limit', '1KiB']);
      expect(over.code, runtime).toBe(1);
      const gate = await cli(['budget', ...net, '--runtime', runtime, '--max-params', '10']);
      expect(gate.code, runtime).toBe(1);
    }
  });

  it('refuses an unknown runtime, and a CPU runtime on a GPU device, with exit 2', async () => {
    const unknown = await cli(['budget', ...net, '--runtime', 'tpu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('pytorch-cuda');
    const device = await cli(['budget', ...net, '--runtime', 'pytorch-cpu', '--device', 'V100-16GB']);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('--device V100-16GB is a GPU');
  });
});
