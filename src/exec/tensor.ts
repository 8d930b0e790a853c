// The executor's one tensor layout, as PyTorch's: float32, N,C,H,W in row-major order (an image's
// channels outermost, then rows, then columns), so element (n, c, y, x) of a batch of C x H x W
// images is data[((n*C + c)*H + y)*W + x]. FC flattens an image in this C,H,W order.
// Parameters (the names of `cnncalc run`'s safetensors tensors are in weights.ts):
//   CONV   weight [k, D/g, f, f]  (PyTorch's Conv2d)            bias [k]
//   FC     weight [n, C*H*W]      (PyTorch's Linear)             bias [n]
//   LOCAL  weight [outH*outW, k, D*f*f]: for each output position (row-major y, x), its own k filters,
//          each over the window in (c, ky, kx) order             bias [k, outH, outW] (NCHW like the output)
//   BN     weight (gamma) [D], bias (beta) [D]; running mean [D] and running variance [D] as buffers
// Shapes are per image (Dims); the batch size travels separately.

export interface Dims {
  readonly c: number;
  readonly h: number;
  readonly w: number;
}

export function size(d: Dims): number {
  return d.c * d.h * d.w;
}

export function dimsText(d: Dims): string {
  return `${d.w}x${d.h}x${d.c}`;
}
