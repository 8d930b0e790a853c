// Sizes and counts from the command line, against arithmetic written out here.

import { describe, expect, it } from 'vitest';
import { parseCount, parseSize, SizeError } from '../../src/util/size.js';

describe('parseSize', () => {
  it.each([
    ['4096', 4096],
    ['10B', 10],
    ['64KiB', 64 * 1024],
    ['512MiB', 512 * 1024 * 1024],
    ['12GiB', 12 * 1024 ** 3],
    ['1.5GiB', 1024 ** 3 + 512 * 1024 ** 2], // 1,610,612,736
    ['2TiB', 2 * 1024 ** 4],
    ['100KB', 100_000],
    ['150M', 150_000_000],
    ['20G', 20_000_000_000],
    ['16GB', 16_000_000_000],
    ['3T', 3_000_000_000_000],
    ['0.5KiB', 512],
    ['0.001KB', 1],
    ['0', 0],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it('ignores case, allows a space and grouped digits', () => {
    expect(parseSize('12gib')).toBe(12 * 1024 ** 3);
    expect(parseSize('16 gb')).toBe(16e9);
    expect(parseSize(' 512 MiB ')).toBe(512 * 1024 ** 2);
    expect(parseSize('1_073_741_824')).toBe(1024 ** 3);
    expect(parseSize('1,024 KiB')).toBe(1024 * 1024);
    expect(parseSize('20g')).toBe(20e9);
    expect(parseSize('7b')).toBe(7);
  });

  it('is exact where floating point is not (0.07 x 1000 = 70.00000000000001 in doubles)', () => {
    expect(parseSize('0.07KB')).toBe(70);
    expect(parseSize('8.2GB')).toBe(8_200_000_000); // 8.2 x 1e9 = 8199999999.999999 in doubles
    expect(parseSize('1.25KiB')).toBe(1280);
  });

  it('refuses a fraction of a byte, with the exact value', () => {
    expect(() => parseSize('0.3KiB')).toThrow('bad size "0.3KiB": it is 307.2 bytes, not a whole number of bytes; expected');
    expect(() => parseSize('1.5B')).toThrow('bad size "1.5B": it is 1.5 bytes, not a whole number of bytes');
    expect(() => parseSize('1.1TiB')).toThrow('it is 1209462790553.6 bytes'); // 11 x 2^40 / 10
  });

  it.each(['', 'abc', '-5', '1.5.2', '.5GiB', '5 GiBs', '9PB', '1e9', ',5', '10 K iB', 'constructor', '1 toString'])(
    'refuses %j, listing the accepted forms',
    (text) => {
      expect(() => parseSize(text)).toThrow(SizeError);
      expect(() => parseSize(text)).toThrow(
        `bad size ${JSON.stringify(text)}: expected a whole number of bytes such as 4096, 10B, 512MiB, 1.5GiB, 150M or 16GB (KiB MiB GiB TiB = 1024^n; K M G T and KB MB GB TB = 1000^n)`,
      );
    },
  );

  it.each(['1,5GiB', '1,5', '10,00', '1,0000', '1__000', '1_0', '1,024_000', '1234,567', ',5'])('refuses %j: commas and _ group thousands only', (text) => {
    expect(() => parseSize(text)).toThrow(SizeError);
    if (text !== ',5') expect(() => parseSize(text)).toThrow(`bad size ${JSON.stringify(text)}: a comma or _ may only group thousands`);
  });

  it('takes thousands groups: 1,024 KiB, 1_048_576, 12,000,000', () => {
    expect(parseSize('1,024 KiB')).toBe(1024 * 1024);
    expect(parseSize('1_048_576')).toBe(2 ** 20);
    expect(parseSize('12,000,000')).toBe(12e6);
    expect(parseSize('1,000.5KB')).toBe(1_000_500);
  });

  it('refuses sizes above 2^53 - 1 bytes', () => {
    expect(parseSize('8191TiB')).toBe(8191 * 2 ** 40); // below 2^53 = 8192 TiB
    expect(() => parseSize('8192TiB')).toThrow('bad size "8192TiB": it is more than 2^53 - 1 bytes');
  });
});

describe('parseCount', () => {
  it.each([
    ['138357544', 138_357_544],
    ['138,357,544', 138_357_544],
    ['1.5K', 1500],
    ['150M', 150_000_000],
    ['138.4m', 138_400_000],
    ['20G', 20_000_000_000],
    ['1T', 1e12],
    ['0', 0],
  ])('%s is %d', (text, count) => {
    expect(parseCount(text)).toBe(count);
  });

  it('refuses byte units, binary or decimal', () => {
    for (const text of ['1KiB', '16GB', '10B', '2 mib']) {
      expect(() => parseCount(text)).toThrow(`bad count ${JSON.stringify(text)}: a count takes no byte units; expected a whole number such as 138357544, 1.5K, 150M or 20G (K M G T = 1000^n)`);
    }
  });

  it('refuses fractions and other forms', () => {
    expect(() => parseCount('1.5')).toThrow('bad count "1.5": it is 1.5, not a whole number; expected');
    expect(() => parseCount('1.0005K')).toThrow('it is 1000.5, not a whole number');
    expect(() => parseCount('5P')).toThrow('bad count "5P": expected a whole number such as');
    expect(() => parseCount('ten')).toThrow(SizeError);
    expect(() => parseCount('9007199254740992')).toThrow('is more than 2^53 - 1;');
  });
});
