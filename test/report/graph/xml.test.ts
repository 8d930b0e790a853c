// The well-formedness check itself: it must refuse what a browser's XML parser refuses.
import { expect, it } from 'vitest';
import { parseXml } from './xml.js';

it('accepts a well-formed document and decodes its entities', () => {
  const root = parseXml('<svg a="1"><g><text x="2">a &amp; b &lt;c&gt; &#65;</text><rect/></g></svg>\n');
  expect(root.name).toBe('svg');
  expect(root.children[0]!.children[0]!.text).toBe('a & b <c> A');
});

it.each([
  ['an unclosed element', '<svg><g></svg>'],
  ['a bare ampersand', '<svg><text>a & b</text></svg>'],
  ['an unquoted attribute', '<svg a=1></svg>'],
  ['a repeated attribute', '<svg a="1" a="2"></svg>'],
  ['a < in an attribute', '<svg a="<"></svg>'],
  ['an unknown entity', '<svg><text>&nbsp;</text></svg>'],
  ['two roots', '<svg></svg><svg></svg>'],
  ['text after the root', '<svg></svg>x'],
])('refuses %s', (_, doc) => {
  expect(() => parseXml(doc)).toThrow();
});
