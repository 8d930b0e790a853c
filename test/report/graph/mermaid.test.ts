// Mermaid: the text of a small network against a golden file (its figures checked by hand below),
// and the syntax rules mermaid's flowchart parser needs, over whole examples.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphModel, renderMermaid } from '../../../src/report/graph/index.js';
import { analysisOf, example } from '../../helpers.js';

describe('renderMermaid', () => {
  it('a block with two branches and a side output, as in the golden file', () => {
    // by hand: CONV 1x1 3 -> 2: 3*2 + 2 = 8; concat 2 + 3 = 5 channels; BN 2*5 = 10;
    // FC-10 over 8*8*5: 3,200 + 10 = 3,210; the side output's FC-2 reads @a (8x8x5): 640 + 2 = 642
    const source = 'let unit(c) = { CONV(f=1, k=c) | POOL(f=3, s=1, p=1) }\nINPUT [8x8x3] => a: unit(2) => BN => FC-10\n@a => FC-2';
    const golden = readFileSync(new URL('./golden/block-side-output.mmd', import.meta.url), 'utf8');
    expect(renderMermaid(graphModel(analysisOf(source)))).toBe(golden);
    for (const figure of ['8 params', '8x8x5', '10 params', '3,210 params', '642 params', 'n3 --> n6']) expect(golden).toContain(figure);
  });

  it.each(['googlenet_aux.cnn', 'unet.cnn', 'lraspp_mobilenet_v3_large.cnn'])('%s: subgraphs closed, ids defined once before use, labels quoted, classes defined', (name) => {
    const model = graphModel(analysisOf(example(name)));
    const lines = renderMermaid(model, 'LR').trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    let open = 0;
    const defined = new Set<string>();
    const classes = new Set<string>();
    const used = new Set<string>();
    for (const line of lines.slice(1).map((l) => l.trim())) {
      let m: RegExpExecArray | null;
      if (line.startsWith('%%')) continue;
      if ((m = /^subgraph (c\d+)\["[^"]*"\]$/.exec(line))) {
        expect(defined.has(m[1]!)).toBe(false);
        defined.add(m[1]!);
        open++;
      } else if (line === 'end') {
        open--;
        expect(open).toBeGreaterThanOrEqual(0);
      } else if ((m = /^([nb]\d+)\["[^"]*"\]:::(\w+)$/.exec(line))) {
        expect(defined.has(m[1]!)).toBe(false);
        defined.add(m[1]!);
        used.add(m[2]!);
      } else if ((m = /^([nb]\d+) --> ([nb]\d+)$/.exec(line))) {
        expect(defined.has(m[1]!) && defined.has(m[2]!)).toBe(true);
      } else if ((m = /^classDef (\w+) [\w:#,-]+$/.exec(line))) classes.add(m[1]!);
      else if ((m = /^class ([nb\d,]+) ends$/.exec(line))) for (const id of m[1]!.split(',')) expect(defined.has(id)).toBe(true);
      else throw new Error(`not a mermaid line of the expected forms: ${line}`);
    }
    expect(open).toBe(0);
    expect(defined.size).toBe(model.nodes.length + model.clusters.length);
    for (const c of used) expect(classes.has(c)).toBe(true);
  });

  it('a quote in a label becomes mermaid\'s entity, never a bare quote', () => {
    const model = graphModel(analysisOf('INPUT [4x4x1] => FC-2'));
    const odd = { ...model, nodes: model.nodes.map((n, i) => (i === 1 ? { ...n, label: 'a "b" #c' } : n)) };
    expect(renderMermaid(odd)).toContain('n1["a #quot;b#quot; #35;c<br/>1x1x2<br/>34 params"]:::fc');
  });
});
