// Pieces that several layer definitions share.

import { mul } from '../util/exact.js';
import { fitWindow } from './window.js';
import { sameField } from './field.js';
import type { ArgSpec, OwnSaved, Reads, Shape, Windows } from './types.js';

/** The window arguments of CONV, LOCAL and POOL. */
export const WINDOW_ARGS: readonly ArgSpec[] = [
  { key: 'f', type: 'int', min: 1, about: 'window (filter) size per side' },
  { key: 's', type: 'int', min: 1, about: 'stride' },
  { key: 'p', type: 'int', min: 0, about: 'zero padding per side' },
];

/** Output shape of a sliding window with `depth` outputs (sides may come out below 1; shapes.ts reports that). */
export function windowedShape(windows: Windows, input: Shape, depth: number): Shape {
  return {
    width: fitWindow('width', input.width, windows.width).output,
    height: fitWindow('height', input.height, windows.height).output,
    depth,
  };
}

/** The same window along both sides. */
export function bothSides<W>(window: W): { width: W; height: W } {
  return { width: window, height: window };
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
