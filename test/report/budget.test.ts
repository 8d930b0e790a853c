// The budget report's Markdown: every text from outside the report (the file name, the device,
// term and layer labels) is escaped, so that a name such as `my_net*.cnn` or `<stdin>` shows as it is.
import { expect, it } from 'vitest';
import { estimateBudget } from '../../src/budget/estimate.js';
import { RUNTIMES } from '../../src/budget/runtimes.js';
import { summarize } from '../../src/budget/summary.js';
import { renderBudgetMarkdown } from '../../src/report/budget.js';
import { analysisOf } from '../helpers.js';

const analysis = analysisOf('INPUT [4x4x1] => FC-2');
const estimate = estimateBudget(analysis, { dtype: 'fp32', optimizer: 'sgd', inference: false, batch: 1 });

it('escapes the file name in the heading', () => {
  const md = renderBudgetMarkdown(summarize('my_net*<v2>.cnn', analysis, estimate, { limit: null, device: null, runtime: RUNTIMES['pytorch-cuda'], maxBatch: null, gates: [] }));
  // _ * < > are Markdown; each gets a backslash (report/markdown-escape.ts)
  expect(md.split('\n')[0]).toBe('**my\\_net\\*\\<v2\\>.cnn: training with sgd, batch 1, fp32**');
});

it("escapes the terms' labels as it escapes the layers that hold them", () => {
  const s = summarize('net.cnn', analysis, estimate, { limit: null, device: null, runtime: RUNTIMES['pytorch-cuda'], maxBatch: null, gates: [] });
  const md = renderBudgetMarkdown({ ...s, rows: s.rows.map((r, i) => (i === 0 ? { ...r, label: 'a_b|c' } : r)) });
  const first = md.split('\n').find((l) => l.startsWith('| a'))!;
  expect(first.startsWith('| a\\_b\\|c | ')).toBe(true);
  expect(md).toContain('| gradients | '); // a label without markup stays as it is
});
