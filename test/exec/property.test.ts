// Property (fast-check, seeded): on random small valid networks, every figure the analysis predicts
// (shapes, parameters, MACs, activation bytes, im2col workspace) equals what the executor measured,
// and so do the memory terms of a training step. Networks are built from random "op" records that
// are interpreted against the running shape, so every generated network is valid by construction.
// Nothing is left out: networks may start with parameter-free layers (no gradient before the first
// CONV, LOCAL, FC or BN), put a RELU after TANH, SIGMOID, SOFTMAX or an l2 POOL (not in place in
// training), or on a fan-out (a residual skip, a concatenation with ID: never in place).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { OPTIMIZER_NAMES } from '../../src/exec/optim/optimizers.js';
import { verifyAnalysis } from '../../src/exec/verify.js';

interface Op { op: number; a: number; b: number; c: number }
interface State { w: number; h: number; d: number }

const out = (n: number, f: number, s: number, p: number, dil = 1): number => Math.floor((n + 2 * p - dil * (f - 1) - 1) / s) + 1;

/** A window layer's arguments that fit the current shape, or null. */
function windowArgs(st: State, o: Op, maxF: number): { f: number; s: number; p: number } | null {
  const f = 1 + (o.a % maxF);
  const s = 1 + (o.b % 2);
  const p = o.c % (Math.floor(f / 2) + 1);
  if (out(st.w, f, s, p) < 1 || out(st.h, f, s, p) < 1) return null;
  return { f, s, p };
}

function layer(st: State, o: Op): string | null {
  const k = 1 + (o.c % 5);
  switch (o.op % 16) {
    case 0: {
      const wa = windowArgs(st, o, 3);
      if (!wa) return null;
      const g = st.d % 2 === 0 && o.a % 3 === 0 ? 2 : 1;
      const dil = o.b % 4 === 3 ? 2 : 1;
      if (out(st.w, wa.f, wa.s, wa.p, dil) < 1 || out(st.h, wa.f, wa.s, wa.p, dil) < 1) return null;
      const kk = g * k;
      Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p, dil), h: out(st.h, wa.f, wa.s, wa.p, dil), d: kk });
      return `CONV(f=${wa.f}, k=${kk}, s=${wa.s}, p=${wa.p}, g=${g}, d=${dil}${o.a % 5 === 0 ? ', bias=no' : ''})`;
    }
    case 1: {
      const wa = windowArgs(st, o, 3);
      if (!wa) return null;
      Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p), h: out(st.h, wa.f, wa.s, wa.p), d: k });
      return `LOCAL(f=${wa.f}, k=${k}, s=${wa.s}, p=${wa.p})`;
    }
    case 2: {
      const wa = windowArgs(st, o, 3);
      if (!wa) return null;
      const mode = ['max', 'avg', 'l2'][o.c % 3]!;
      if (o.a % 4 === 1) return poolCeil(st, wa, mode);
      Object.assign(st, { w: out(st.w, wa.f, wa.s, wa.p), h: out(st.h, wa.f, wa.s, wa.p) });
      return `POOL(f=${wa.f}, s=${wa.s}, p=${wa.p}, mode=${mode})`;
    }
    case 3:
      Object.assign(st, { w: 1, h: 1, d: k });
      return `FC-${k}`;
    case 4: return 'RELU';
    case 5: return 'TANH';
    case 6: return 'SIGMOID';
    case 7: return 'SOFTMAX';
    case 8: return `LRN(size=${1 + (o.a % 5)})`;
    case 9: return `DROPOUT(${(o.b % 9) / 10})`;
    case 10: return 'BN';
    case 11: {
      // concatenation of branches that keep W x H
      const a = 1 + (o.a % 3);
      const b = 1 + (o.b % 3);
      st.d = a + b + st.d;
      return `{ CONV(f=1, k=${a}) | CONV(f=3, k=${b}) => RELU | POOL(f=3, s=1, p=1) }`;
    }
    case 12:
      return `{ CONV(k=${st.d}) => RELU + ID }`;
    case 13:
      st.w = st.h = 1;
      return 'GAP';
    case 14:
      // a RELU whose input has another reader: the skip, or the concatenation's ID branch
      if (o.a % 2 === 0) return '{ RELU + ID }';
      st.d *= 2;
      return '{ ID | RELU }';
    default:
      return 'RELU';
  }
}

function poolCeil(st: State, wa: { f: number; s: number; p: number }, mode: string): string | null {
  const size = (n: number): number => {
    const span = n + 2 * wa.p - wa.f;
    let o = Math.ceil(span / wa.s) + 1;
    if ((o - 1) * wa.s >= n + wa.p) o--;
    return o;
  };
  Object.assign(st, { w: size(st.w), h: size(st.h) });
  return `POOL(f=${wa.f}, s=${wa.s}, p=${wa.p}, mode=${mode}, round=ceil)`;
}

function source(w: number, h: number, d: number, ops: Op[]): string {
  const st: State = { w, h, d };
  const parts = [`INPUT [${w}x${h}x${d}]`];
  for (const o of ops) {
    const l = layer(st, o);
    if (l) parts.push(l);
  }
  return parts.join(' => ');
}

const op = fc.record({ op: fc.nat(30), a: fc.nat(60), b: fc.nat(60), c: fc.nat(60) });

describe('predicted = measured on random networks', () => {
  it('1,000 networks: shapes, parameters, MACs, activation bytes, workspace, and the training step\'s memory', () => {
    let trained = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.array(op, { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 3 }), fc.nat(100),
        (w, h, d, ops, batch, seed) => {
          const text = source(w, h, d, ops);
          const result = compile(text);
          if (!result.analysis) throw new Error(`generated an invalid network: ${text}\n${result.diagnostics.map((x) => x.message).join('\n')}`);
          const train = seed % 3 === 0;
          if (train) trained++;
          const report = verifyAnalysis(result.analysis, { batch, seed, train, optimizer: OPTIMIZER_NAMES[seed % OPTIMIZER_NAMES.length]! });
          const bad = [
            ...report.layers.flatMap((l) => Object.entries(l).filter(([, v]) => typeof v === 'object' && !v.ok).map(([k, v]) => `${l.id} ${l.text} ${k}: ${JSON.stringify(v)}`)),
            ...report.memory.filter((m) => !m.ok).map((m) => `${m.term}: ${JSON.stringify(m)}`),
          ];
          if (bad.length) throw new Error(`${text} (batch ${batch}, ${train ? 'train' : 'inference'}):\n${bad.join('\n')}`);
        }),
      { numRuns: 1000, seed: 20261129 },
    );
    expect(trained).toBeGreaterThan(200);
  });
});
