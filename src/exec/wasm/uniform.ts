// Seeded uniforms (random.ts fillUniform: the weights' He initialisation, the random batch) in
// WebAssembly (kernels.as fillUniform) where the tensor lives in the shared memory, split across
// the threads: mulberry32's state only counts, so each thread starts its range at the state that
// range begins with. The same bits as the TypeScript loop; false elsewhere, and the caller runs it.

import { OP, parallel } from '../threads/pool.js';
import { alignFor, owned } from './elementwise.js';

/** out[i] = lo + span * u_i, u_i the generator's output at state + (i + 1) steps. */
export function wasmFillUniform(out: Float32Array, state: number, lo: number, span: number): boolean {
  const rt = owned(out);
  if (!rt) return false;
  rt.floats[0] = lo;
  rt.floats[1] = span;
  parallel(rt, OP.fillUniform, [out.byteOffset, state | 0, rt.floats.byteOffset], out.length, alignFor(out.length));
  return true;
}
