// UNPOOL(@name), version 3: a tensor reference as a layer argument, the node expansion makes of it
// (the pool's arguments, the pool's input as a second input), and every misuse with its position.
// Figures are worked out by hand in each test.

import { describe, expect, it } from 'vitest';
import { analysisOf, errorsOf } from '../helpers.js';

describe('UNPOOL(@name)', () => {
  it("takes the pool's window and its input as a second input, and gives the pool's input shape", () => {
    const a = analysisOf('INPUT [8x6x3] => CONV(f=1, k=4) => p1: POOL(f=3, s=2, p=1) => CONV(f=1) => UNPOOL(@p1)');
    const unpool = a.layers[4]!;
    expect(unpool.node.inputs).toEqual([3, 1]); // the CONV after the pool, and the pool's input
    expect(unpool.node.unpools).toBe(2);
    expect(unpool.layer).toEqual({ kind: 'unpool', args: { fh: 3, fw: 3, sh: 2, sw: 2, ph: 1, pw: 1, ceil: false } });
    // the pool: floor((8 + 2 - 3)/2) + 1 = 4 by floor((6 + 2 - 3)/2) + 1 = 3; the unpooling 8x6 again
    expect(a.layers[2]!.output).toEqual({ width: 4, height: 3, depth: 4 });
    expect(unpool.output).toEqual({ width: 8, height: 6, depth: 4 });
    expect([unpool.params, unpool.macs, unpool.flops]).toEqual([0, 0, 0]);
  });

  it('is written positionally or as of=, and the latest tensor so labelled is the one', () => {
    const a = analysisOf('INPUT [4x4x1] => p: POOL2 => UNPOOL(of=@p) => p: POOL(f=4) => UNPOOL(@p)');
    expect(a.layers.filter((l) => l.layer.kind === 'unpool').map((l) => l.node.unpools)).toEqual([1, 3]);
    expect(a.layers.at(-1)!.output).toEqual({ width: 4, height: 4, depth: 1 });
  });

  it("grows the receptive field by CONVT's step with the pool's window: the worked example of grammar/README.md", () => {
    const a = analysisOf('INPUT [8x6x3] => CONV(f=3, k=4, p=1) => p1: POOL2 => CONV(f=3, k=4, p=1) => UNPOOL(@p1) => CONV(f=1, k=2)');
    expect(a.totals.params).toBe(112 + 148 + 10);
    expect(a.totals.macs).toBe(8 * 6 * 4 * 27 + 4 * 3 * 4 * 36 + 8 * 6 * 2 * 4);
    // 3 (1), POOL2 4 (2), CONV3 4 + 2*2 = 8 (2), UNPOOL 8 + (ceil(2/2) - 1)*2 = 8 (2/2 = 1)
    expect(a.layers.map((l) => l.receptiveField && [l.receptiveField.size, l.receptiveField.stride])).toEqual([[1, 1], [3, 1], [4, 2], [8, 2], [8, 1], [8, 1]]);
    // overlapping windows (f=3, s=2): ceil(3/2) = 2 pooled positions per side reach an output
    const o = analysisOf('INPUT [9x9x1] => CONV(f=1) => p: POOL(f=3, s=2) => UNPOOL(@p)');
    expect(o.layers.at(-1)!.receptiveField).toEqual({ size: 3 + 2, stride: 1 });
  });
});

describe('UNPOOL errors', () => {
  it('a name not labelled yet is unknown-tensor, at the reference', () => {
    const [e] = errorsOf('INPUT [8x8x3] => POOL2 => UNPOOL(@p1)');
    expect(e).toMatchObject({ code: 'unknown-tensor', line: 1, column: 34 });
  });

  it('a name that labels anything but a max pool is unpool-needs-max-pool, at the reference', () => {
    const [conv] = errorsOf('INPUT [8x8x3] => c: CONV3-4 => POOL2 => UNPOOL(@c)');
    expect(conv).toMatchObject({ code: 'unpool-needs-max-pool', line: 1, column: 48 });
    expect(conv!.message).toBe("UNPOOL(@c): 'c' labels CONV3-4, not a max POOL: unpooling puts values back where a max pool took them");
    expect(errorsOf('INPUT [8x8x3] => p: POOL(mode=avg) => UNPOOL(@p)')[0]).toMatchObject({ code: 'unpool-needs-max-pool', column: 46 });
    expect(errorsOf('INPUT [8x8x3] => p: POOL(out=3) => UNPOOL(@p)')[0]!.message).toContain('an adaptive pool');
    expect(errorsOf('INPUT [8x8x3] => p: [POOL2 => RELU] => UNPOOL(@p)')[0]).toMatchObject({ code: 'unpool-needs-max-pool' });
  });

  it("an input without the pool's output shape is bad-argument at the UNPOOL", () => {
    const [e] = errorsOf('INPUT [8x8x3] => p: POOL2 => CONV(f=1, k=5) => UNPOOL(@p)');
    expect(e).toMatchObject({ code: 'bad-argument', line: 1, column: 48 });
    expect(e!.message).toContain('its input is 4x4x5, but the pool it unpools gives 4x4x3 (from 8x8x3)');
  });

  it('a tensor reference only where a kind declares one, and UNPOOL only with one', () => {
    expect(errorsOf('INPUT [8x8x3] => p: POOL2 => CONV(f=@p)')[0]).toMatchObject({ code: 'bad-argument', column: 35 });
    expect(errorsOf('INPUT [8x8x3] => p: POOL2 => UNPOOL(2)')[0]).toMatchObject({ code: 'bad-argument', column: 37 });
    expect(errorsOf('INPUT [8x8x3] => POOL2 => UNPOOL')[0]).toMatchObject({ code: 'bad-argument', column: 27 });
    expect(errorsOf('let b(n) = CONV3-8\nINPUT [8x8x3] => p: POOL2 => b(@p)')[0]).toMatchObject({ code: 'bad-argument', line: 2 });
  });
});
