// Thousands separators for exact figures.

/** 138357544 -> "138,357,544". Written out rather than toLocaleString, whose first call loads ICU
 *  data and costs more than the whole analysis of VGG16. Integers take a loop without regular
 *  expressions or arrays: a 100,000-layer table formats half a million of them. */
export function grouped(n: number | bigint): string {
  const text = String(n);
  if (typeof n === 'number' && !Number.isSafeInteger(n)) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return text; // 1e+21, NaN, Infinity: left as they are
    const [whole, fraction] = text.split('.');
    return groupedDigits(whole!) + (fraction ? '.' + fraction : '');
  }
  return groupedDigits(text);
}

function groupedDigits(text: string): string {
  const sign = text.charCodeAt(0) === 45 /* - */ ? '-' : '';
  const digits = sign ? text.slice(1) : text;
  if (digits.length <= 3) return text;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return sign + out;
}
