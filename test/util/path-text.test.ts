// File names in messages: control and direction-changing characters escaped, the rest as it is.
import { expect, it } from 'vitest';
import { pathText, UNSAFE_TEXT } from '../../src/util/path-text.js';

it('escapes C0, DEL, C1 and bidirectional controls; leaves backslashes, spaces and letters', () => {
  expect(pathText('a\u001b[2Jb')).toBe('a\\x1b[2Jb'); // ESC: would clear the screen
  expect(pathText('one\ntwo\r\tthree')).toBe('one\\ntwo\\r\\tthree');
  expect(pathText('\u0007\u007f\u009b')).toBe('\\x07\\x7f\\x9b'); // BEL, DEL, CSI
  expect(pathText('evil\u202ecnn.exe')).toBe('evil\\u202ecnn.exe'); // right-to-left override
  expect(pathText('\u2066x\u2069\u2028')).toBe('\\u2066x\\u2069\\u2028');
  expect(pathText('C:\\nets\\vgg 16.cnn')).toBe('C:\\nets\\vgg 16.cnn');
  expect(pathText('réseau/ネット.cnn')).toBe('réseau/ネット.cnn');
});

it('UNSAFE_TEXT, shared with error excerpts, names the same characters pathText escapes', () => {
  // C0 (0-1f), DEL and C1 (7f-9f), ALM 061c, LRM/RLM 200e-200f, LS/PS 2028-2029, embeddings and
  // overrides 202a-202e, isolates 2066-2069: 32 + 33 + 1 + 2 + 2 + 5 + 4 characters
  const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i)).join('');
  expect(all.match(UNSAFE_TEXT)).toHaveLength(32 + 33 + 1 + 2 + 2 + 5 + 4);
  expect(pathText(all.replace(UNSAFE_TEXT, ''))).toBe(all.replace(UNSAFE_TEXT, ''));
});
