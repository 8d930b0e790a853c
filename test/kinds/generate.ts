// Pieces of the random-network generator (test/exec/random-network.ts) that the kinds' cases use
// to write a random layer of their kind: each reads the running shape, returns the layer's text and
// updates the shape, or returns null when it cannot fit there.

/** Four random naturals a generator may read as it likes. */
export interface Op { readonly op: number; readonly a: number; readonly b: number; readonly c: number }
/** The shape the next layer receives. */
export interface State { w: number; h: number; d: number }

/** A random layer of one kind that fits `st` (which it updates), or null. */
export type RandomLayer = (st: State, o: Op) => string | null;

/** The output size of a sliding window, as the notation computes it (floor). */
export const out = (n: number, f: number, s: number, p: number, dil = 1): number => Math.floor((n + 2 * p - dil * (f - 1) - 1) / s) + 1;

/** A window layer's arguments that fit the current shape, or null. */
export function windowArgs(st: State, o: Op, maxF: number): { f: number; s: number; p: number } | null {
  const f = 1 + (o.a % maxF);
  const s = 1 + (o.b % 2);
  const p = o.c % (Math.floor(f / 2) + 1);
  if (out(st.w, f, s, p) < 1 || out(st.h, f, s, p) < 1) return null;
  return { f, s, p };
}

/** A filter count from 1 to 5. */
export const filters = (o: Op): number => 1 + (o.c % 5);

/** POOL with round=ceil: PyTorch's ceil rule, the last window starting inside the input or the near padding. */
export function poolCeil(st: State, wa: { f: number; s: number; p: number }, mode: string): string {
  const size = (n: number): number => {
    const span = n + 2 * wa.p - wa.f;
    let o = Math.ceil(span / wa.s) + 1;
    if ((o - 1) * wa.s >= n + wa.p) o--;
    return o;
  };
  Object.assign(st, { w: size(st.w), h: size(st.h) });
  return `POOL(f=${wa.f}, s=${wa.s}, p=${wa.p}, mode=${mode}, round=ceil)`;
}
