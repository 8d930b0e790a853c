// The committed WebAssembly bytes (src/exec/wasm/kernels.bytes.ts) are what scripts/wasm.mjs
// compiles from their source, kernels.as: rerun `node scripts/wasm.mjs` after changing it.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations
import { bytesModule, compileKernels, TARGET } from '../../../scripts/wasm.mjs';

it('kernels.bytes.ts is up to date with kernels.as', async () => {
  const { binary, text } = (await compileKernels()) as { binary: Uint8Array; text: string };
  expect(readFileSync(TARGET as string, 'utf8')).toBe((bytesModule as (b: Uint8Array) => string)(binary));
  // a data segment would be written into the shared memory, over the tensors, by every instance
  expect(text).not.toContain('(data');
});
