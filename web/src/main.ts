// The playground page: the text and the controls in, everything re-made on every input event
// (no debounce), the state kept in the URL's fragment (fragment-writer.ts). window.__lastUpdate
// holds the last update's milliseconds, in total and by part: the browser tests print ResNet-50's.
// The diagram is redrawn after the update, when its panel is shown: Graphviz's layout of a large
// network takes longer than a frame, and typing must not wait for it. An edit that keeps the graph's
// structure rewrites the changed boxes' text in place (window.__lastDiagram: its milliseconds), and
// its own layout follows (window.__lastLayout); a burst of keystrokes is drawn once, for the last text.

import { EXAMPLES } from 'cnncalc:examples';
import type { Analysis } from '../../src/analysis/analyze.js';
import { compile } from '../../src/api.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { renderBudgetText } from '../../src/report/budget.js';
import { PLAIN } from '../../src/report/plain.js';
import { budgetOf } from './budget.js';
import { fillControls, readControls, reconcile, writeControls, type ControlElements } from './controls.js';
import { renderDiagram, type Drawing } from './diagram/index.js';
import { createEditor } from './editor.js';
import { createFragmentWriter } from './fragment-writer.js';
import { byId, escapeHtml, setHtml } from './html.js';
import { onProblemClick, problemsHtml } from './problems.js';
import { decodeState, DEFAULT_CONTROLS, type PlaygroundState } from './state.js';
import { createLayerTable } from './layer-table.js';
import { totalsHtml } from './totals.js';
import { createTabs } from './tabs.js';

/** What messages call the text. */
const FILE = 'playground.cnn';
const FIRST_EXAMPLE = 'lenet5';
const STALE_NOTE = '<p class="stale-note">The results beside are those of the last text without errors.</p>';

declare global {
  interface Window {
    __lastUpdate?: { readonly total: number; readonly analysis: number; readonly errors: number; readonly table: number; readonly budget: number; readonly layout: number };
    __lastDiagram?: number;
    __lastLayout?: number;
  }
}

const editor = createEditor(byId('source'), byId('gutter'), byId('backdrop'));
const controls: ControlElements = { batch: byId('batch'), dtype: byId('dtype'), optimizer: byId('optimizer'), runtime: byId('runtime'), device: byId('device') };
const results = byId('results');
const problems = byId('problems');
const examples = byId('examples');
let errors: readonly Diagnostic[] = [];
/** The last analysis without errors: shown (dimmed) while the text has errors. */
let shown: Analysis | null = null;
let drawn: Analysis | null = null;
/** A line above the errors until the text is next edited: a link that could not be read. */
let notice = '';
const layerTable = createLayerTable(byId('panel-table'));
/** The analysis the table panel shows: the hidden panel is filled when it is next shown. */
let tabled: Analysis | null = null;
const tabs = createTabs(['table', 'diagram', 'budget'], () => {
  showTable();
  drawDiagram();
});
const save = createFragmentWriter();

let drawing: Promise<void> | null = null;

/** New markup for the panel, or new text for the boxes it shows. */
function showDrawing(panel: HTMLElement, d: Drawing): void {
  if ('markup' in d) {
    panel.innerHTML = d.markup;
    return;
  }
  for (const [id, box] of d.boxes) {
    const g = panel.querySelector(`g[data-node="${id}"]`);
    if (!g) continue;
    g.querySelectorAll('text').forEach((text, i) => (text.textContent = box.lines[i] ?? ''));
    const title = g.querySelector('title');
    if (title) title.textContent = box.title;
  }
}

/** Draws the diagram if its panel is shown and out of date, once the drawing in progress is done. */
function drawDiagram(): void {
  if (drawing || !shown || drawn === shown || tabs.current() !== 'diagram') return;
  const analysis = shown;
  const started = performance.now();
  const refined = (markup: string): void => {
    if (drawn !== analysis) return; // a later text is drawn already
    byId('panel-diagram').innerHTML = markup;
    window.__lastLayout = performance.now() - started;
  };
  drawing = renderDiagram(analysis, refined).then((d) => {
    showDrawing(byId('panel-diagram'), d);
    drawn = analysis;
    window.__lastDiagram = performance.now() - started;
  });
  void drawing.finally(() => {
    drawing = null;
    drawDiagram(); // the text changed while it was drawn
  });
}

function showTable(): void {
  if (!shown || tabled === shown || tabs.current() !== 'table') return;
  layerTable.show(shown);
  tabled = shown;
}

function showAnalysis(analysis: Analysis): { table: number; budget: number } {
  const t0 = performance.now();
  showTable();
  const t1 = performance.now();
  const c = readControls(controls);
  const budget = budgetOf(FILE, analysis, c);
  setHtml(byId('budget'), escapeHtml('error' in budget ? budget.error : renderBudgetText(budget.summary, PLAIN)));
  setHtml(byId('totals'), totalsHtml(analysis, budget, c));
  return { table: t1 - t0, budget: performance.now() - t1 };
}

function markExample(text: string): void {
  for (const button of examples.querySelectorAll<HTMLButtonElement>('button')) {
    button.classList.toggle('current', EXAMPLES.find((e) => e.name === button.dataset.name)?.text === text);
  }
}

function update(): void {
  const t0 = performance.now();
  const text = editor.textarea.value;
  const result = compile(text);
  errors = result.diagnostics.filter((d) => d.severity === 'error');
  const t1 = performance.now();
  if (result.analysis && errors.length === 0) shown = result.analysis;
  const stale = errors.length > 0 && shown !== null;
  editor.mark(errors);
  setHtml(problems, notice + problemsHtml(errors, FILE, text) + (stale ? STALE_NOTE : ''));
  markExample(text);
  const t2 = performance.now();
  const parts = shown ? showAnalysis(shown) : { table: 0, budget: 0 };
  results.classList.toggle('stale', stale);
  const t3 = performance.now();
  void document.body.offsetHeight; // style and layout: part of what an update costs before it is seen
  const t4 = performance.now();
  window.__lastUpdate = { total: t4 - t0, analysis: t1 - t0, errors: t2 - t1, ...parts, layout: t4 - t3 };
  save({ text, controls: readControls(controls) });
  drawDiagram();
}

function load(state: PlaygroundState): void {
  editor.textarea.value = state.text;
  writeControls(controls, state.controls);
  update();
}

async function loadFragment(): Promise<void> {
  const state = await decodeState(location.hash);
  notice = state instanceof Error ? `<p class="note">The link's state could not be read (${escapeHtml(state.message)}); showing ${FIRST_EXAMPLE}.</p>` : '';
  const first = EXAMPLES.find((e) => e.name === FIRST_EXAMPLE)?.text ?? '';
  load(state && !(state instanceof Error) ? state : { text: first, controls: DEFAULT_CONTROLS });
}

function listExamples(): void {
  examples.innerHTML = EXAMPLES.map((e) => `<li><button type="button" data-name="${escapeHtml(e.name)}">${escapeHtml(e.name)}</button></li>`).join('');
  examples.addEventListener('click', (event) => {
    const name = (event.target as HTMLElement).closest<HTMLElement>('button')?.dataset.name;
    const example = EXAMPLES.find((e) => e.name === name);
    if (!example) return;
    editor.textarea.value = example.text;
    editor.textarea.scrollTop = 0;
    update();
  });
}

function copyLink(button: HTMLButtonElement): void {
  const done = (label: string): void => {
    button.textContent = label;
    setTimeout(() => (button.textContent = 'Copy link'), 1500);
  };
  navigator.clipboard.writeText(location.href).then(
    () => done('Copied'),
    () => done('Copy the address bar'), // no clipboard on some file:// pages
  );
}

fillControls(controls);
listExamples();
editor.textarea.addEventListener('input', () => {
  notice = '';
  update();
});
byId('controls').addEventListener('input', (event) => {
  reconcile(controls, event.target);
  update();
});
byId('controls').addEventListener('submit', (event) => event.preventDefault());
onProblemClick(problems, () => errors, editor.select);
byId<HTMLButtonElement>('share').addEventListener('click', (event) => copyLink(event.currentTarget as HTMLButtonElement));
window.addEventListener('hashchange', () => void loadFragment());
void loadFragment();
