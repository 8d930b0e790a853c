// Writing Python for a kind's torch.nn module (export/pytorch.ts assembles the whole file).

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** A number as Python reads it back exactly (JavaScript's shortest round-trip form is valid Python). */
export function py(n: number): string {
  if (!Number.isFinite(n)) throw new ExportError(`cannot write ${n} as a Python number`);
  return String(n);
}

/** One number for a square pair, else (h, w) as torch's 2-tuples take it. */
export const pair = (h: number, w: number): string => (h === w ? py(h) : `(${py(h)}, ${py(w)})`);

export const bool = (b: boolean): string => (b ? 'True' : 'False');
