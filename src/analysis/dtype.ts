// Element types and their sizes in bytes.

export const DTYPE_BYTES = { fp32: 4, fp16: 2, bf16: 2, int8: 1 } as const;
export type Dtype = keyof typeof DTYPE_BYTES;
export const DTYPES = Object.keys(DTYPE_BYTES) as Dtype[];

export function isDtype(name: string): name is Dtype {
  return Object.hasOwn(DTYPE_BYTES, name);
}
