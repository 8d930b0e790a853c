// The merges of notation version 2: concatenation along depth ({ A | B }, torch.cat(dim=1)) and
// element-wise addition ({ A + B }). Their backward passes are a split and a copy.

// xs[i] [B, C_i, HW] -> y [B, sum C_i, HW]
export function concatForward(batch: number, HW: number, depths: readonly number[], xs: readonly Float32Array[], y: Float32Array): void {
  const total = depths.reduce((a, b) => a + b, 0);
  for (let n = 0; n < batch; n++) {
    let c0 = 0;
    depths.forEach((C, i) => {
      y.set(xs[i]!.subarray(n * C * HW, (n + 1) * C * HW), (n * total + c0) * HW);
      c0 += C;
    });
  }
}

// dy [B, sum C_i, HW] -> dxs[i] [B, C_i, HW]
export function concatBackward(batch: number, HW: number, depths: readonly number[], dy: Float32Array, dxs: readonly Float32Array[]): void {
  const total = depths.reduce((a, b) => a + b, 0);
  for (let n = 0; n < batch; n++) {
    let c0 = 0;
    depths.forEach((C, i) => {
      dxs[i]!.set(dy.subarray((n * total + c0) * HW, (n * total + c0 + C) * HW), n * C * HW);
      c0 += C;
    });
  }
}

// xs[i] [count] -> y [count]
export function addForward(count: number, xs: readonly Float32Array[], y: Float32Array): void {
  y.set(xs[0]!.subarray(0, count));
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    for (let j = 0; j < count; j++) y[j] = y[j]! + x[j]!;
  }
}
