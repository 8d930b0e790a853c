// A small XML well-formedness check for the SVG tests. Node has no XML parser and the test should
// not need a browser: this tokenizer covers what XML 1.0 asks of a document without a DTD (one
// root element, tags nested and closed in order, attribute values quoted and unique, no bare '<'
// or '&' in text or attributes, only the predefined entities and character references), which is
// all the SVG writer can get wrong. It returns the elements, so tests can read texts and attributes.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare '&' near offset ${where}`);
    if (ENTITIES[name]) return ENTITIES[name]!;
    const code = /^#x([0-9a-f]+)$/i.exec(name) ? parseInt(name.slice(2), 16) : /^#(\d+)$/.exec(name) ? Number(name.slice(1)) : NaN;
    if (Number.isNaN(code)) throw new Error(`unknown entity '${whole}' near offset ${where}`);
    return String.fromCodePoint(code);
  });
}

function attributesOf(text: string, where: number): Record<string, string> {
  const attributes: Record<string, string> = {};
  let rest = text.trim();
  while (rest !== '') {
    const m = /^([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')\s*/.exec(rest);
    if (!m) throw new Error(`malformed attribute near offset ${where}: ${rest.slice(0, 40)}`);
    if (m[1]! in attributes) throw new Error(`attribute ${m[1]} given twice near offset ${where}`);
    attributes[m[1]!] = decode(m[3] ?? m[4]!, where);
    rest = rest.slice(m[0].length);
  }
  return attributes;
}

/** The document's root element; throws on the first way it is not well-formed. */
export function parseXml(doc: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let at = doc.startsWith('<?xml') ? doc.indexOf('?>') + 2 : 0;
  while (at < doc.length) {
    const open = doc.indexOf('<', at);
    const text = doc.slice(at, open < 0 ? doc.length : open);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element near offset ${at}`);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(text, at);
    if (open < 0) break;
    const close = doc.indexOf('>', open);
    if (close < 0) throw new Error(`unclosed tag at offset ${open}`);
    const tag = doc.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name ?? 'nothing'}> at offset ${open}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = NAME.exec(body)?.[0];
    if (!name) throw new Error(`malformed tag at offset ${open}: <${tag.slice(0, 40)}>`);
    const element: XmlElement = { name, attributes: attributesOf(body.slice(name.length), open), children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error(`a second root element <${name}> at offset ${open}`);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element under `e` (itself included), depth first. */
export function descendants(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(descendants)];
}
