// The HTML report's page: well-formed, self-contained, and showing the analysis', the budget's and
// lint's figures as they are (checked against published and hand-worked figures).

import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/api.js';
import type { Analysis } from '../../../src/analysis/analyze.js';
import { evaluate } from '../../../src/budget/estimate.js';
import { buildModel } from '../../../src/budget/moments.js';
import { RUNTIMES, runtimeOptions, type RuntimeName } from '../../../src/budget/runtimes.js';
import { summarize, type BudgetSummary } from '../../../src/budget/summary.js';
import { lint, type LintedFile } from '../../../src/lint/lint.js';
import { buildReport } from '../../../src/report/html/index.js';
import { example } from '../../helpers.js';
import { externalReferences, hasPython, xmlOutline } from './page-checks.js';

interface Built {
  readonly analysis: Analysis;
  readonly budget: BudgetSummary;
  readonly lint: LintedFile;
  readonly html: string;
}

function report(source: string, file: string, batch = 1, runtime: RuntimeName = 'pytorch-cuda', diagramSvg?: string): Built {
  const compiled = compile(source);
  const analysis = compiled.analysis!;
  const r = RUNTIMES[runtime];
  const model = buildModel(analysis, { dtype: 'fp32', optimizer: 'sgd', inference: false, ...runtimeOptions(r), cuda: r.gpu ? { context: 400 * 2 ** 20, cublasWorkspace: 8_519_680, cudnnWorkspace: null } : null });
  const budget = summarize(file, analysis, evaluate(model, batch), { limit: null, device: null, runtime: r, maxBatch: null, gates: [] });
  const linted = { file, source, diagnostics: lint(compiled).diagnostics, compileErrors: [] };
  return { analysis, budget, lint: linted, html: buildReport(analysis, budget, linted, diagramSvg === undefined ? {} : { diagramSvg }) };
}

/** The cells of the per-layer table's body rows, tags removed and entities left as written. */
function tableCells(html: string): string[][] {
  const body = /<table class="layers">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!));
}

const vgg16 = report(example('vgg16.cnn'), 'examples/vgg16.cnn', 16);
const resnet50 = report(example('resnet50.cnn'), 'examples/resnet50.cnn', 32);

describe('the page', () => {
  it.skipIf(!hasPython)('is well-formed: an XML parser reads it, with head, body and every section', () => {
    for (const { html } of [vgg16, resnet50]) {
      expect(xmlOutline(html)).toEqual({ root: 'html', children: ['head', 'body'], sections: ['diagram', 'charts', 'memory', 'lint', 'table'] });
    }
  });

  it('refers to nothing outside itself: no script, link, image, URL, url() or @import', () => {
    for (const { html } of [vgg16, resnet50]) expect(externalReferences(html)).toEqual([]);
    expect(vgg16.html).toMatch(/<style>/); // the CSS is inline
  });

  it('the scanner finds what it is meant to find', () => {
    const bad = ['<script>', '<img src="x.png"/>', '<a href="https://example.com">', 'url(font.woff)', '@import "x.css"', '<a href="//cdn.example">'];
    for (const b of bad) expect(externalReferences(`<p>${b}</p>`)).not.toEqual([]);
    expect(externalReferences('<a href="#table">t</a><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toEqual([]);
  });
});

describe('the per-layer table', () => {
  it("shows VGG16's published 138,357,544 parameters in its totals row", () => {
    const totals = /<table class="layers">[\s\S]*?<tfoot><tr>([\s\S]*?)<\/tr><\/tfoot>/.exec(vgg16.html)![1]!;
    expect(totals).toContain('>138,357,544<');
  });

  it('has one row per layer with the figures worked out by hand', () => {
    const rows = tableCells(vgg16.html);
    expect(rows).toHaveLength(39); // INPUT and 38 layers
    // columns: # layer output params param% bytes MACs RF
    expect(rows[1]!.slice(0, 4)).toEqual(['1', 'CONV3-64', '224x224x64', '1,792']); // 3*3*3*64 + 64
    expect(rows[1]![6]).toBe('86,704,128'); // 224*224*64 * 3*3*3
    expect(rows[32]!.slice(0, 4)).toEqual(['32', 'FC-4096', '1x1x4096', '102,764,544']); // 7*7*512*4096 + 4096
    expect(rows[38]!.slice(0, 4)).toEqual(['38', 'FC-1000', '1x1x1000', '4,097,000']); // 4096*1000 + 1000
  });

  it("every row's params and MACs are the analysis'", () => {
    const rows = tableCells(vgg16.html);
    vgg16.analysis.layers.forEach((l, i) => {
      expect(rows[i]![3]).toBe(l.params.toLocaleString('en-US'));
      expect(rows[i]![6]).toBe(l.macs.toLocaleString('en-US'));
    });
  });

  it("shows ResNet-50's blocks as bold rows and its 25,557,032 parameters (torchvision's)", () => {
    expect(resnet50.html).toMatch(/<tr class="block"><td class="n"><\/td><td>bottleneck\(64\)/);
    expect(resnet50.html).toContain('>25,557,032<');
  });
});

describe('the memory of one step', () => {
  it("names the budget's peak and its total", () => {
    for (const { budget, html } of [vgg16, resnet50]) {
      expect(html).toContain(`Peak during ${budget.estimate.peak.phase} at layer ${budget.peakLayer}: <strong>${budget.total.toLocaleString('en-US')} bytes`);
    }
  });

  it('a step worked out by hand: INPUT [2x2x1] => FC-3 peaks at 148 bytes during forward', () => {
    // fp32, sgd, the executor's runtime, batch 1: params 2*2*1*3 + 3 = 15 -> 60 bytes, gradients 60,
    // the input 4 elements -> 16, and at forward layer 1 the FC's output 3 elements -> 12 bytes:
    // 60 + 60 + 16 + 12 = 148. Backward holds the output's gradient (12) instead: also 148, not more;
    // the step holds neither: 136.
    const { html } = report('INPUT [2x2x1] => FC-3', 'tiny.cnn', 1, 'cnncalc');
    expect(html).toContain("Peak during forward at layer 1 FC-3: <strong>148 bytes (148 bytes)</strong>");
    expect(html).toContain('<title>forward at layer 1 FC-3: 148 bytes (148 bytes)</title>');
    expect(html).toContain('<title>backward at layer 1 FC-3: 148 bytes (148 bytes)</title>');
    expect(html).toContain('<title>the optimizer step: 136 bytes (136 bytes)</title>');
  });

  it('draws every moment, and the total a GPU must hold as a level under pytorch-cuda', () => {
    const moments = vgg16.budget.estimate.model.moments.length;
    expect(vgg16.html.match(/<rect class="hover"/g)).toHaveLength(moments);
    expect(vgg16.html).toContain('total the GPU must hold: ');
  });
});

describe('the lint findings', () => {
  // a comment on the finding's line: its excerpt must show '<', '&' and quotes as written
  const source = 'INPUT [224x224x3] => CONV(f=7, k=96, s=2, p=1) => POOL(f=3, s=2) => FC-10 # a <b> & "c"\n';
  const built = report(source, 'net<1>.cnn');

  it('shows every finding with its location, rule, message and excerpt, escaped', () => {
    expect(built.lint.diagnostics.length).toBeGreaterThan(0);
    for (const d of built.lint.diagnostics) {
      const where = `net&lt;1&gt;.cnn:${d.span.start.line}:${d.span.start.column}`;
      expect(built.html).toContain(`${where}  ${d.severity}  ${d.code}  `);
    }
    const excerpt = '    1 | INPUT [224x224x3] =&gt; CONV(f=7, k=96, s=2, p=1) =&gt; POOL(f=3, s=2) =&gt; FC-10 # a &lt;b&gt; &amp; &quot;c&quot;';
    expect(built.html.split(excerpt).length - 1).toBe(built.lint.diagnostics.length);
    expect(built.html).not.toContain('<b>');
  });

  it("says there are none in lint's words when there are none", () => {
    const clean = report('INPUT [32x32x3] => CONV3-32 => RELU => POOL2 => CONV3-32 => RELU => POOL2 => CONV3-32 => RELU => GAP => FC-10', 'clean.cnn');
    expect(clean.html).toContain('<p>0 errors, 0 warnings, 0 notes</p>');
  });
});

describe('the diagram', () => {
  it('is the SVG handed in, as it is', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const built = report('INPUT [8x8x3] => FC-10', 'small.cnn', 1, 'cnncalc', svg);
    expect(built.html).toContain(`<figure class="diagram">${svg}</figure>`);
    expect(externalReferences(built.html)).toEqual([]);
  });

  it('without one, the section says so', () => {
    expect(vgg16.html).toMatch(/<section id="diagram">\n<h2>Diagram<\/h2>\n<p class="note">No diagram/);
  });
});
