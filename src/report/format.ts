// Number formatting for reports. Exact integers get thousands separators; sizes are also shown in
// binary units with the unit named (1 KiB = 1,024 bytes).

export { grouped } from '../util/grouped.js';

const BINARY_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 60950432 -> "58.1 MiB"; below 1 KiB, exact bytes. */
export function binarySize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${BINARY_UNITS[unit]}`;
}

/** 138357544 -> "138.4M": a short decimal form for summaries (the exact figure is printed beside it). */
export function shortCount(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [scale, suffix] of units) if (n >= scale) return `${(n / scale).toFixed(1)}${suffix}`;
  return String(n);
}

/** The cs231n notes' rounding: two significant figures with K/M/G (150K, 3.2M, 800K, 25K), numbers
 *  under 10,000 written out (4096). `significant` = 3 gives the notes' "138M parameters". */
export function notesRounded(n: number, significant = 2): string {
  if (n < 10_000) return String(n);
  const digits = Math.floor(Math.log10(n));
  const step = 10 ** (digits - significant + 1);
  const rounded = Math.round(n / step) * step; // 995,000 -> 1,000,000: pick the unit after rounding
  const units: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  const [scale, suffix] = units.find(([s]) => rounded >= s)!;
  const scaled = rounded / scale;
  return `${Number(scaled.toPrecision(significant))}${suffix}`;
}

export function shapeText(s: { width: number; height: number; depth: number }): string {
  return `${s.width}x${s.height}x${s.depth}`;
}

/** A part's share of a whole as a percentage with one decimal (102,764,544 of 138,357,544 ->
 *  "74.3%"); "-" for nothing, "<0.1%" for a share too small to show, never a misleading "0.0%",
 *  and ">99.9%" for a part short of the whole that would round to "100.0%". */
export function shareText(part: number, whole: number): string {
  if (part === 0 || whole === 0) return '-';
  const percent = (part / whole) * 100;
  if (percent < 0.05) return '<0.1%';
  const text = `${percent.toFixed(1)}%`;
  return part < whole && text === '100.0%' ? '>99.9%' : text;
}
