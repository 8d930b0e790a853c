// Checks of a report page shared by the page and CLI tests: that it is well-formed, and that it
// refers to nothing outside itself.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** PyTorch's interpreter by the project's rule; any python3 does for the XML parser. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export const hasPython = spawnSync(PYTHON, ['-c', 'pass']).status === 0;

/** The page parsed by Python's expat, an XML parser independent of cnncalc: it rejects an element
 *  left open or closed out of order, an unquoted attribute, a stray '<' or '&' and an unknown
 *  entity, all of which an HTML parser would silently repair into some other page. The page is
 *  written as XML-compatible HTML (report/html/page.ts), so parsing proves its structure; the
 *  outline (the root's children, the sections' ids) shows it is the structure meant. */
export function xmlOutline(html: string): { root: string; children: string[]; sections: string[] } {
  const script = [
    'import json, sys, xml.etree.ElementTree as E',
    'root = E.fromstring(sys.stdin.buffer.read())',
    'body = root.find("body")',
    'print(json.dumps({"root": root.tag, "children": [c.tag for c in root], "sections": [s.get("id") for s in body.iter("section")]}))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: html, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`not well-formed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { root: string; children: string[]; sections: string[] };
}

/** Everything in the page that could make a browser fetch: tags that load (script, link, img,
 *  iframe, object, embed, source, video, audio), src and href targets other than a '#fragment' of
 *  the page, url() other than url(#fragment) (the diagram's arrow heads) and @import, and any scheme or '//' outside an XML namespace
 *  declaration (xmlns="http://www.w3.org/2000/svg" names a namespace; nothing fetches it). */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<(script|link|img|iframe|object|embed|source|video|audio)\b/gi)) found.push(m[0]);
  for (const m of html.matchAll(/\b(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']/gi)) if (!/^#[\w-]+$/.test(m[1]!)) found.push(m[0]);
  for (const m of html.matchAll(/url\((?!#[\w-]+\))|@import/gi)) found.push(m[0]);
  const withoutNamespaces = html.replace(/\sxmlns(?::\w+)?="[^"]*"/g, '');
  for (const m of withoutNamespaces.matchAll(/\b(?:https?|ftp|file|data):|\/\/[\w.-]/gi)) found.push(m[0]);
  return found;
}
