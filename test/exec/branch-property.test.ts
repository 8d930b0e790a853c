// Property (fast-check, seeded): on random branch-heavy networks, `verify --train` passes: the
// budget's backward moments hold the gradients that wait at a fan-out (a branch's gradient formed
// before the other branches are differentiated), as the executor holds them. Version 3's products,
// splits, labelled skips and side outputs are among the blocks, and labelled max pools that an
// UNPOOL inverts a few blocks later. Blocks keep W x H, so any sequence of them is valid (between a
// pool and its unpooling they work on the pooled map); widths come from the running depth.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { OPTIMIZER_NAMES } from '../../src/exec/optim/optimizers.js';
import { verifyAnalysis } from '../../src/exec/verify.js';

interface Block { kind: number; a: number; b: number }

/** A block that keeps W x H; `d` is the depth it receives; returns its text and the depth it gives. */
function block(d: number, o: Block): [string, number] {
  const a = 1 + (o.a % 4);
  const b = 1 + (o.b % 4);
  switch (o.kind % 9) {
    case 0: return [`{ CONV(k=${d}) => RELU + ID }`, d];
    // notation v3: a squeeze-and-excitation product, a split of the depth, a labelled skip
    case 6: return [`{ ID & GAP => CONV(f=1, k=${a}) => RELU => CONV(f=1, k=${d}) => SIGMOID }`, d];
    case 7: return d % 2 === 0 ? [`{ ID / CONV(f=1, k=${b}) => RELU }`, d / 2 + b] : [`{ CONV(k=${d}) => RELU + ID }`, d];
    case 8: return [`t: CONV(f=1, k=${a}) => RELU => CONV(f=3, k=${b}) => { ID | @t }`, a + b];
    case 1: return [`{ CONV(f=1, k=${a}) | CONV(f=3, k=${b}) => RELU | POOL(f=3, s=1, p=1) }`, a + b + d];
    case 2: return [`{ ID | CONV(f=3, k=${4 * a}) => CONV(f=5, k=${b}) }`, d + b];
    case 3: return [`{ ID + TANH + CONV(f=1) }`, d];
    case 4: return [`{ { CONV(f=1, k=${a}) | ID } | CONV(f=3, k=${b}) }`, a + d + b];
    default: return [`{ CONV(f=3, k=${d}, bias=no) => BN => RELU => CONV(f=3, k=${d}, bias=no) => BN + ID } => RELU`, d];
  }
}

/** A labelled max pool (v3) whose output later blocks work on, until an UNPOOL of it gives back its
 *  input's W x H; `depth`: the depth the unpooling must get, the pool's. */
interface OpenPool { readonly name: string; readonly depth: number }

/** `q1: POOL(...)`: windows of 1 to 3 with their stride, padding up to 1, sometimes round=ceil. */
function openPool(name: string, o: Block): string {
  const f = 1 + (o.a % 3);
  const p = f > 1 ? o.b % 2 : 0;
  return `${name}: POOL(f=${f}, s=${f}, p=${p}${o.b % 3 === 0 ? ', round=ceil' : ''})`;
}

/** The unpooling of the latest open pool, after a CONV(f=1) back to the pool's depth. */
function closePool(pools: OpenPool[]): string {
  const pool = pools.pop()!;
  return `CONV(f=1, k=${pool.depth}) => UNPOOL(@${pool.name})`;
}

function network(w: number, h: number, d: number, blocks: readonly Block[], head: boolean): string {
  const parts = [`INPUT [${w}x${h}x${d}]`, `stem: CONV(f=1, k=${d})`];
  let depth = d;
  const pools: OpenPool[] = [];
  for (const o of blocks) {
    if (o.kind % 11 === 9) {
      pools.push({ name: `q${parts.length}`, depth });
      parts.push(openPool(pools.at(-1)!.name, o));
    } else if (o.kind % 11 === 10 && pools.length > 0) {
      depth = pools.at(-1)!.depth;
      parts.push(closePool(pools));
    } else {
      const [text, next] = block(depth, o);
      parts.push(text);
      depth = next;
    }
  }
  while (pools.length > 0) parts.push(closePool(pools));
  if (head) parts.push('GAP', 'FC-3');
  // with a head, a side output from the stem too (v3): both join the loss
  return parts.join(' => ') + (head ? '\n@stem => GAP => FC-2' : '');
}

const blockArb = fc.record({ kind: fc.nat(30), a: fc.nat(30), b: fc.nat(30) });

describe('verify --train on random branch-heavy networks', () => {
  it('300 networks: every figure and memory term matches the run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 3, max: 8 }), fc.integer({ min: 1, max: 4 }), fc.array(blockArb, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.nat(100),
        (w, h, d, blocks, head, batch, seed) => {
          const text = network(w, h, d, blocks, head);
          const { analysis, diagnostics } = compile(text);
          if (!analysis) throw new Error(`generated an invalid network: ${text}\n${diagnostics.map((x) => x.message).join('\n')}`);
          const report = verifyAnalysis(analysis, { batch, seed, train: true, optimizer: OPTIMIZER_NAMES[seed % OPTIMIZER_NAMES.length]! });
          const bad = report.memory.filter((m) => !m.ok).map((m) => `${m.term}: predicted ${m.predicted}, measured ${m.measured}`);
          expect(bad, `${text} (batch ${batch})`).toEqual([]);
          expect(report.ok, text).toBe(true);
        }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});
