// Reading test/reference/torchvision/<name>.json (torchvision's figures, counted by PyTorch forward
// hooks; see that folder's README) and setting its weighted layers beside an example's.

import { readFileSync } from 'node:fs';
import type { Analysis, LayerAnalysis } from '../../src/analysis/analyze.js';
import { REFERENCE } from '../helpers.js';

export interface Figures {
  readonly params: number;
  readonly bn_buffers: number;
  readonly macs: number;
}

interface FixtureLayer {
  readonly path: string;
  readonly type: string;
  readonly args: Record<string, unknown> | null;
  readonly params?: number;
  readonly macs?: number;
}

export interface TorchvisionFixture extends Figures {
  readonly params_by_role: Record<string, number>;
  readonly output: unknown;
  readonly where_top: Record<string, Figures>;
  readonly where: Record<string, Figures>;
  readonly layers: readonly FixtureLayer[];
}

export function torchvisionFixture(name: string): TorchvisionFixture {
  return JSON.parse(readFileSync(`${REFERENCE}torchvision/${name}.json`, 'utf8')) as TorchvisionFixture;
}

/** A Conv2d or Linear as both sides describe it: a Linear (and cnncalc's FC, which flattens) is a
 *  1x1 window over its input features. */
export interface WeightedLayer {
  readonly in: number;
  readonly out: number;
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];
  readonly groups: number;
  readonly bias: boolean;
  readonly params: number;
  readonly macs: number;
}

const POINT = { kernel: [1, 1], stride: [1, 1], padding: [0, 0], groups: 1 };

interface TorchArgs {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly in_features: number;
  readonly out_features: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly groups: number;
  readonly bias: boolean;
}

function fromTorch(l: FixtureLayer): WeightedLayer {
  const a = l.args as unknown as TorchArgs;
  const counts = { bias: a.bias, params: l.params ?? 0, macs: l.macs ?? 0 };
  if (l.type === 'Linear') return { in: a.in_features, out: a.out_features, ...POINT, ...counts };
  return { in: a.in_channels, out: a.out_channels, kernel: a.kernel_size, stride: a.stride, padding: a.padding, groups: a.groups, ...counts };
}

/** The fixture's Conv2d and Linear rows in forward order, except that rows under `lastPrefix`
 *  (GoogLeNet's aux heads, which run mid-network) move to the end, where cnncalc lists side outputs. */
export function torchWeighted(fixture: TorchvisionFixture, lastPrefix?: string): WeightedLayer[] {
  const rows = fixture.layers.filter((l) => l.type === 'Conv2d' || l.type === 'Linear');
  const late = (l: FixtureLayer): boolean => lastPrefix !== undefined && l.path.startsWith(lastPrefix);
  return [...rows.filter((l) => !late(l)), ...rows.filter(late)].map(fromTorch);
}

// CONV's arguments as the analysis resolves them: f, s and p, or a side's fh/fw, sh/sw, ph/pw instead.
interface CnncalcArgs {
  readonly n: number;
  readonly f: number;
  readonly s: number;
  readonly p: number;
  readonly g: number;
  readonly bias: boolean;
  readonly [side: string]: number | boolean;
}

function fromCnncalc(l: LayerAnalysis): WeightedLayer {
  const a = l.layer.args as unknown as CnncalcArgs;
  const side = (key: string, both: number): number => (a[key] as number | undefined) ?? both;
  const counts = { params: l.params, macs: l.macs };
  if (l.layer.kind === 'fc') return { in: l.input.width * l.input.height * l.input.depth, out: a.n, ...POINT, bias: true, ...counts };
  return {
    in: l.input.depth,
    out: l.output.depth,
    kernel: [side('fh', a.f), side('fw', a.f)],
    stride: [side('sh', a.s), side('sw', a.s)],
    padding: [side('ph', a.p), side('pw', a.p)],
    groups: a.g,
    bias: a.bias,
    ...counts,
  };
}

/** The example's CONV and FC layers in cnncalc's order (the main pipeline, then each side output). */
export function cnncalcWeighted(analysis: Analysis): WeightedLayer[] {
  return analysis.layers.filter((l) => l.layer.kind === 'conv' || l.layer.kind === 'fc').map(fromCnncalc);
}
