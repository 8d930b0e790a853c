// The executor's one tensor layout, as PyTorch's: float32, N,C,H,W in row-major order (an image's
// channels outermost, then rows, then columns), so element (n, c, y, x) of a batch of C x H x W
// images is data[((n*C + c)*H + y)*W + x]. FC flattens an image in this C,H,W order.
// Parameter tensors are PyTorch's too, as each kind declares them (layers/<kind>.ts `parameters`;
// their names in `cnncalc run`'s safetensors files: weights.ts).
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
