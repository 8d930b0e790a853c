// The axes of the report's charts: what a figure measures (counts or bytes: how its ticks and its
// exact value read) and the scale that maps it onto a length. A figure that spans more than two
// decades (VGG16's params go from 1,728 to 102,764,544) gets a log scale, where the small layers
// still show; a narrower one a linear scale from zero. Pure functions, usable in a browser too.

import { binarySize, grouped } from '../format.js';

export interface Measure {
  /** The figure exactly, for a bar's hover title: "36,928 params". */
  exact(n: number): string;
  /** A tick's short label: "10K", "32 MiB". */
  tick(n: number): string;
  /** The step between log ticks: decades for counts, factors of 32 (1 KiB, 32 KiB, 1 MiB) for bytes. */
  readonly logBase: number;
  /** The unit linear ticks step in for a largest value: 1e6 ('M') for 20M, 2^20 (' MiB') for bytes. */
  unit(max: number): { readonly size: number; readonly suffix: string };
}

const COUNT_UNITS: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K'], [1, '']];
const BYTE_UNITS: readonly [number, string][] = [[2 ** 40, ' TiB'], [2 ** 30, ' GiB'], [2 ** 20, ' MiB'], [2 ** 10, ' KiB'], [1, ' B']];

/** A tick value in its unit, without the float noise of a division (0.30000000000000004). */
function trimmed(n: number): string {
  return String(Number(n.toPrecision(4)));
}

function unitIn(units: readonly [number, string][], n: number): { size: number; suffix: string } {
  const [size, suffix] = units.find(([s]) => n >= s) ?? units[units.length - 1]!;
  return { size, suffix };
}

function measure(units: readonly [number, string][], logBase: number, exact: (n: number) => string): Measure {
  return {
    exact,
    logBase,
    unit: (max) => unitIn(units, max),
    tick: (n) => {
      const { size, suffix } = unitIn(units, n);
      return `${trimmed(n / size)}${suffix}`;
    },
  };
}

export const COUNT = (what: string): Measure => measure(COUNT_UNITS, 10, (n) => `${grouped(n)} ${what}`);
export const BYTES: Measure = measure(BYTE_UNITS, 32, (n) => `${grouped(n)} bytes (${binarySize(n)})`);

export interface Scale {
  readonly kind: 'log' | 'linear';
  /** Where a value lies, 0 (the axis) to 1 (its far end); 0 for values below a log axis. */
  at(value: number): number;
  readonly ticks: readonly number[];
}

/** The exponent of `value` in `base`, snapped to a whole number when float error is all that
 *  separates them (log(1e6) / log(10) is 5.999999999999999). */
function exponent(value: number, base: number): number {
  const e = Math.log(value) / Math.log(base);
  return Math.abs(e - Math.round(e)) < 1e-9 ? Math.round(e) : e;
}

/** A log axis from the power of the base below the smallest value (so that it has a bar) to the
 *  power at or above the largest, with a tick at every power. */
function logScale(min: number, max: number, base: number): Scale {
  const lo = Math.ceil(exponent(min, base)) - 1;
  const hi = Math.max(lo + 1, Math.ceil(exponent(max, base)));
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => base ** (lo + i));
  return { kind: 'log', ticks, at: (v) => (v <= 0 ? 0 : Math.max(0, (exponent(v, base) - lo) / (hi - lo))) };
}

/** A linear axis from 0, its ticks 1, 2 or 5 times a power of ten of the unit apart, about four of them. */
export function linearScale(max: number, m: Measure): Scale {
  if (max <= 0) return { kind: 'linear', ticks: [0], at: () => 0 };
  const { size } = m.unit(max);
  const rough = max / size / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((f) => f * power >= rough) ?? 10) * power * size;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return { kind: 'linear', ticks, at: (v) => v / top };
}

/** How far apart a series' non-zero values may lie before a linear axis hides the small ones. */
const LINEAR_RANGE = 100;

/** The scale for a series: log when its non-zero values span more than LINEAR_RANGE, else linear. */
export function scaleFor(values: readonly number[], m: Measure): Scale {
  const nonZero = values.filter((v) => v > 0);
  if (nonZero.length === 0) return linearScale(0, m);
  // reduce, not Math.min(...values): a long network's hundred thousand arguments overflow the stack
  const min = nonZero.reduce((a, b) => Math.min(a, b));
  const max = nonZero.reduce((a, b) => Math.max(a, b));
  return max / min > LINEAR_RANGE ? logScale(min, max, m.logBase) : linearScale(max, m);
}
