// The strip above the panels: the figures people look for first, from the analysis's totals and
// the budget's summary (exact figures with the short form the CLI's summary gives beside them).

import type { Analysis } from '../../src/analysis/analyze.js';
import { binarySize, grouped, shortCount } from '../../src/report/format.js';
import type { BudgetResult } from './budget.js';
import { escapeHtml } from './html.js';
import type { Controls } from './state.js';

function item(id: string, term: string, value: string, note = '', className = ''): string {
  return `<div id="${id}"${className ? ` class="${className}"` : ''}><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}${note ? ` <small>${escapeHtml(note)}</small>` : ''}</dd></div>`;
}

function stepItem(budget: BudgetResult, c: Controls): string {
  const term = `one training step, batch ${grouped(c.batch)}`;
  if ('error' in budget) return item('total-step', term, 'too large', budget.error);
  const s = budget.summary;
  const verdict = s.device ? `${s.fits ? 'fits' : 'does not fit'} ${s.device.name}` : `${c.dtype}, ${c.optimizer}`;
  return item('total-step', term, binarySize(s.total), verdict, s.fits === false ? 'over' : '');
}

export function totalsHtml(analysis: Analysis, budget: BudgetResult, c: Controls): string {
  const t = analysis.totals;
  return [
    item('total-params', 'parameters', grouped(t.params), shortCount(t.params)),
    item('total-macs', 'MACs per image', grouped(t.macs), shortCount(t.macs)),
    item('total-activations', `activations per image (${analysis.dtype})`, binarySize(t.bytes)),
    stepItem(budget, c),
  ].join('');
}
