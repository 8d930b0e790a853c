// Report number formatting: a share is never shown as a figure it is not (0.0% or 100.0%).
import { expect, it } from 'vitest';
import { shareText } from '../../src/report/format.js';

it('shareText: one decimal, "<0.1%" below 0.05%, ">99.9%" for a part short of the whole that rounds to 100.0%', () => {
  expect(shareText(102_764_544, 138_357_544)).toBe('74.3%'); // VGG16's first FC: 0.74274... of the params
  expect(shareText(0, 10)).toBe('-');
  expect(shareText(1, 10_000)).toBe('<0.1%'); // 0.01%
  expect(shareText(5, 10_000)).toBe('0.1%'); // 0.05% rounds up to 0.1%
  expect(shareText(9_994, 10_000)).toBe('99.9%'); // 99.94%
  expect(shareText(9_995, 10_000)).toBe('>99.9%'); // 99.95% would print 100.0%
  expect(shareText(9_999, 10_000)).toBe('>99.9%'); // 99.99%
  expect(shareText(10_000, 10_000)).toBe('100.0%'); // the whole itself
});
