// Sizes and counts given on the command line (memory gates, parameter limits), parsed exactly.
// A size is a whole number of bytes: 4096, 10B, 64KiB, 512MiB, 1.5GiB (KiB MiB GiB TiB = 1024^n),
// 100KB, 150M, 16GB, 20G (K M G T, KB MB GB TB = 1000^n). A count is a whole number: 138357544,
// 1.5K, 150M, 20G, 1T (decimal units only). Units are case-insensitive, a space may separate them
// from the number, and the whole part may be grouped in thousands with _ or , (1,024 or 1_073_741_824,
// one separator throughout): a comma anywhere else (1,5GiB) is refused, never stripped. Arithmetic is in BigInt, so 1.5GiB is
// exactly 1,610,612,736 and a fraction that leaves part of a byte (0.3KiB) is refused, never rounded.
// Printing sizes is report/format.ts binarySize's job.

export class SizeError extends Error {
  override readonly name = 'SizeError';
}

const DECIMAL = new Map([['k', 10n ** 3n], ['m', 10n ** 6n], ['g', 10n ** 9n], ['t', 10n ** 12n]]);
const BINARY = new Map([['kib', 1n << 10n], ['mib', 1n << 20n], ['gib', 1n << 30n], ['tib', 1n << 40n]]);

const SIZE_FORMS =
  'a whole number of bytes such as 4096, 10B, 512MiB, 1.5GiB, 150M or 16GB (KiB MiB GiB TiB = 1024^n; K M G T and KB MB GB TB = 1000^n)';
const COUNT_FORMS = 'a whole number such as 138357544, 1.5K, 150M or 20G (K M G T = 1000^n)';

// a whole part (see wholeNumber); an optional fraction; optional spaces; a unit of letters
const NUMBER = /^(\d[\d_,]*)(?:\.(\d+(?:_\d+)*))?\s*([a-z]*)$/i;
// digits, or digits in groups of three after a first group of one to three, with one separator
const GROUPED = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:_\d{3})+)$/;

/** The digits of a whole number written plainly or grouped in thousands ('1,024', '1_000_000'), or
 *  undefined. A separator that does not group thousands ('1,5', '10,00') is not stripped: in many
 *  locales the comma is the decimal mark, and reading 1,5 as 15 would be a silent wrong figure. */
export function wholeNumber(text: string): string | undefined {
  return GROUPED.test(text) ? text.replace(/[_,]/g, '') : undefined;
}

function badGrouping(text: string, kind: 'size' | 'count', forms: string): SizeError {
  return new SizeError(`bad ${kind} ${JSON.stringify(text)}: a comma or _ may only group thousands (1,024 or 1_000_000); for a fraction write a point (1.5GiB); expected ${forms}`);
}

interface Parsed {
  /** The number as an integer over 10^decimals. */
  scaled: bigint;
  decimals: number;
  unit: string;
}

function split(text: string, kind: 'size' | 'count', forms: string): Parsed | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const whole = wholeNumber(m[1]!);
  if (whole === undefined) throw badGrouping(text, kind, forms);
  const fraction = (m[2] ?? '').replace(/_/g, '');
  return { scaled: BigInt(whole + fraction), decimals: fraction.length, unit: m[3]!.toLowerCase() };
}

/** number x multiplier, which must come out a whole, safe integer. */
function exact(text: string, p: Parsed, multiplier: bigint, kind: 'size' | 'count', forms: string): number {
  const of = kind === 'size' ? ' bytes' : '';
  const numerator = p.scaled * multiplier;
  const denominator = 10n ** BigInt(p.decimals);
  if (numerator % denominator !== 0n) {
    const value = decimal(numerator, p.decimals);
    throw new SizeError(`bad ${kind} ${JSON.stringify(text)}: it is ${value}${of}, not a whole number${of && ' of bytes'}; expected ${forms}`);
  }
  const value = numerator / denominator;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SizeError(`bad ${kind} ${JSON.stringify(text)}: it is more than 2^53 - 1${of}; expected ${forms}`);
  }
  return Number(value);
}

/** n / 10^decimals written out exactly: (3072n, 1) -> "307.2". */
function decimal(n: bigint, decimals: number): string {
  const digits = n.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function sizeMultiplier(unit: string): bigint | undefined {
  if (unit === '' || unit === 'b') return 1n;
  return BINARY.get(unit) ?? DECIMAL.get(unit.replace(/b$/, ''));
}

/** A byte count: parseSize('1.5GiB') === 1610612736. Throws SizeError. */
export function parseSize(text: string): number {
  const p = split(text, 'size', SIZE_FORMS);
  const multiplier = p && sizeMultiplier(p.unit);
  if (!p || multiplier === undefined) throw new SizeError(`bad size ${JSON.stringify(text)}: expected ${SIZE_FORMS}`);
  return exact(text, p, multiplier, 'size', SIZE_FORMS);
}

/** A count of things: parseCount('150M') === 150000000. Throws SizeError. */
export function parseCount(text: string): number {
  const p = split(text, 'count', COUNT_FORMS);
  if (p && p.unit.endsWith('b') && sizeMultiplier(p.unit) !== undefined) {
    throw new SizeError(`bad count ${JSON.stringify(text)}: a count takes no byte units; expected ${COUNT_FORMS}`);
  }
  const multiplier = p?.unit === '' ? 1n : DECIMAL.get(p?.unit ?? '');
  if (!p || multiplier === undefined) throw new SizeError(`bad count ${JSON.stringify(text)}: expected ${COUNT_FORMS}`);
  return exact(text, p, multiplier, 'count', COUNT_FORMS);
}
