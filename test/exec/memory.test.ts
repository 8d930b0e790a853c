// The tracker measures every buffer the executor holds, including those a backend keeps outside
// JavaScript arrays (the seam for a WebAssembly backend): live bytes, peaks per kind, the limit.
import { describe, expect, it } from 'vitest';
import { MemoryLimitError, Tracker } from '../../src/exec/memory.js';

describe('Tracker', () => {
  it('counts external buffers with the arrays: 4,096 bytes of wasm memory beside a 1,000-float array', () => {
    const t = new Tracker();
    const a = t.f32('activations', 1000); // 4,000 bytes
    const w = t.external('workspace', 4096, 'wasm memory');
    expect(t.live).toBe(4000 + 4096);
    expect(t.peakOf('workspace')).toBe(4096);
    t.release(w);
    t.release(a);
    expect(t.live).toBe(0);
    expect(t.peak).toBe(8096);
  });

  it('refuses an external buffer past the limit, as it refuses an array', () => {
    const t = new Tracker(5000);
    t.u8('saved', 1000);
    expect(() => t.external('workspace', 4001, 'wasm memory')).toThrow(MemoryLimitError);
    expect(t.external('workspace', 4000, 'wasm memory').byteLength).toBe(4000);
  });
});
