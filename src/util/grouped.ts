// Thousands separators for exact figures.

/** 138357544 -> "138,357,544". Written out rather than toLocaleString, whose first call loads ICU
 *  data and costs more than the whole analysis of VGG16. */
export function grouped(n: number | bigint): string {
  const [whole, fraction] = String(n).split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = sign ? whole!.slice(1) : whole!;
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + withCommas + (fraction ? '.' + fraction : '');
}
