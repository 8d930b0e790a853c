// How far an output is from a numerics fixture's (numerics/<name>.json, bench/torchvision/numerics.py):
// the whole output where the fixture stores it, else U-Net's digest of a map (per image and class sums,
// 8x8 block means, samples on a grid), each figure as that script computes it from the map.

export interface FixtureOutput {
  readonly shape: readonly number[];
  readonly values?: readonly number[];
  readonly sums?: readonly number[];
  readonly block_means_8x8?: readonly number[];
  readonly sample_rows?: readonly number[];
  readonly sample_cols?: readonly number[];
  readonly samples?: readonly number[];
}

export interface OutputDistance {
  /** The largest |output| the fixture shows: the 1e-4 tolerance is relative to it. */
  readonly scale: number;
  /** The largest difference, per element (a sum's difference over its element count). */
  readonly maxAbsDiff: number;
  /** How many figures were compared. */
  readonly compared: number;
}

const maxAbs = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

function worst(ours: readonly number[], theirs: readonly number[], per = 1): number {
  if (ours.length !== theirs.length) throw new Error(`${ours.length} figures against the fixture's ${theirs.length}`);
  return ours.reduce((m, x, i) => Math.max(m, Math.abs(x - theirs[i]!) / per), 0);
}

/** The map's digest, [N, C, H, W] row-major, as numerics.py's map_digest makes it. */
function digest(shape: readonly number[], data: Float32Array, rows: readonly number[], cols: readonly number[]) {
  const [N, C, H, W] = shape as [number, number, number, number];
  const bh = H / 8;
  const bw = W / 8;
  const sums: number[] = [];
  const blocks: number[] = [];
  const samples: number[] = [];
  for (let plane = 0; plane < N * C; plane++) {
    const at = (y: number, x: number): number => data[(plane * H + y) * W + x]!;
    const block = new Array<number>(64).fill(0);
    let sum = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        sum += at(y, x);
        block[Math.floor(y / bh) * 8 + Math.floor(x / bw)]! += at(y, x);
      }
    }
    sums.push(sum);
    blocks.push(...block.map((b) => b / (bh * bw)));
    for (const y of rows) for (const x of cols) samples.push(at(y, x));
  }
  return { sums, blocks, samples, perSum: H * W };
}

export function outputDistance(fixture: FixtureOutput, shape: readonly number[], data: Float32Array): OutputDistance {
  if (fixture.values) {
    return { scale: maxAbs(fixture.values), maxAbsDiff: worst(Array.from(data), fixture.values), compared: data.length };
  }
  const d = digest(shape, data, fixture.sample_rows!, fixture.sample_cols!);
  const blocks = fixture.block_means_8x8!;
  const samples = fixture.samples!;
  return {
    scale: Math.max(maxAbs(blocks), maxAbs(samples)),
    // a sum of n elements each within e is within n*e: compared per element
    maxAbsDiff: Math.max(worst(d.sums, fixture.sums!, d.perSum), worst(d.blocks, blocks), worst(d.samples, samples)),
    compared: d.sums.length + d.blocks.length + d.samples.length,
  };
}
