// Pieces that several layer definitions share.

import { mul } from '../util/exact.js';
import { windowOutput } from './window.js';
import { sameField } from './field.js';
import type { ArgSpec, GivenArgs, OwnSaved, Reads, Shape, SideArgs, Windows } from './types.js';

/** The window arguments of CONV, LOCAL and POOL: f, s and p set both sides, fh/fw, sh/sw and
 *  ph/pw one side each (Inception's 1x7: fh=1, fw=7); a side's key with its both-sides key is an
 *  error (notation/layer-args.ts). */
export const WINDOW_ARGS: readonly ArgSpec[] = [
  { key: 'f', type: 'int', min: 1, about: 'window (filter) size per side', sides: ['fh', 'fw'] },
  { key: 'fh', type: 'int', min: 1, about: 'window height' },
  { key: 'fw', type: 'int', min: 1, about: 'window width' },
  { key: 's', type: 'int', min: 1, about: 'stride', sides: ['sh', 'sw'] },
  { key: 'sh', type: 'int', min: 1, about: 'stride along the height' },
  { key: 'sw', type: 'int', min: 1, about: 'stride along the width' },
  { key: 'p', type: 'int', min: 0, about: 'zero padding per side', sides: ['ph', 'pw'] },
  { key: 'ph', type: 'int', min: 0, about: 'zero padding at the top and bottom' },
  { key: 'pw', type: 'int', min: 0, about: 'zero padding at the left and right' },
];

/** A per-side argument: its own key (fh), else the both-sides key (f), else the fallback. */
export function sideArg(given: GivenArgs, side: string, both: string, fallback: number): number {
  return intArg(given, side, intArg(given, both, fallback));
}


/** The windows of per-side arguments, with dilation d along both sides. */
export function sideWindows(a: SideArgs, d = 1, ceil = false): Windows {
  return {
    width: { f: a.fw, s: a.sw, p: a.pw, d, ceil },
    height: { f: a.fh, s: a.sh, p: a.ph, d, ceil },
  };
}

/** Per-side argument pairs and the key that sets both. */
const SIDE_PAIRS: readonly (readonly [height: string, width: string, both: string])[] = [
  ['fh', 'fw', 'f'], ['sh', 'sw', 's'], ['ph', 'pw', 'p'], ['outh', 'outw', 'out'],
];

/** Resolved arguments for JSON, as version 2 wrote a square window's: a pair whose sides agree is
 *  its both-sides key in the height's place (fh = fw = 3 is f: 3); null (not adaptive) is left out. */
export function sidesJson(args: object): Record<string, number | boolean | string> {
  const all = args as Readonly<Record<string, number | boolean | string | null>>;
  const out: Record<string, number | boolean | string> = {};
  for (const [key, value] of Object.entries(all)) {
    if (value === null) continue;
    const pair = SIDE_PAIRS.find(([h, w]) => key === h || key === w);
    if (pair && all[pair[0]] === all[pair[1]]) {
      if (key === pair[0]) out[pair[2]] = value;
    } else out[key] = value;
  }
  return out;
}

/** "3" for a square window, else "7x1" (width x height, as the kernel column and shapes read). */
export function sizeText(width: number, height: number): string {
  return width === height ? String(width) : `${width}x${height}`;
}

/** Output shape of a sliding window with `depth` outputs (sides may come out below 1; shapes.ts reports that). */
export function windowedShape(windows: Windows, input: Shape, depth: number): Shape {
  return {
    width: windowOutput(input.width, windows.width),
    height: windowOutput(input.height, windows.height),
    depth,
  };
}

export function elements(shape: Shape): number {
  return mul('activations', shape.width, shape.height, shape.depth);
}

export function intArg(given: Readonly<Record<string, number | string>>, key: string, fallback: number): number {
  const value = given[key];
  return typeof value === 'number' ? value : fallback;
}

/** Layers that keep the shape and hold nothing: activations, dropout, normalisation. */
export const SHAPE_KEEPING = {
  outputShape: (_args: unknown, input: Shape): Shape => input,
  weights: (): number => 0,
  biases: (): number => 0,
  macs: (): number => 0,
  weightsFormula: (): string => '0',
  workspace: (): number => 0,
  receptiveField: sameField,
  parameters: (): readonly [] => [],
} as const;

/** A backward pass that keeps nothing of its own. */
export const KEEPS_NOTHING = (): readonly OwnSaved[] => [];

/** What a backward pass reads: its input (CONV, FC, ...), its output (TANH, ...), both, or neither. */
export const READS = {
  input: (): Reads => ({ input: true, output: false }),
  output: (): Reads => ({ input: false, output: true }),
  nothing: (): Reads => ({ input: false, output: false }),
  everyInput: (): Reads => ({ input: true, output: false, everyInput: true }),
} as const;
