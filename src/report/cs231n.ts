// The cs231n notes' VGG-table format, line for line:
//   CONV3-64: [224x224x64] memory: 224*224*64=3.2M weights: (3*3*3)*64 = 1,728
// with TOTAL lines that are exact sums (the notes print 24M for VGG16; their rows add up to 15.2M).

import type { Analysis } from '../analysis/analyze.js';
import { notesTable, type NotesRow } from '../analysis/notes-table.js';
import { grouped, notesRounded, shapeText } from './format.js';

function memoryText(row: NotesRow): string {
  const { width, height, depth } = row.output;
  if (width === 1 && height === 1) return notesRounded(depth);
  return `${width}*${height}*${depth}=${notesRounded(row.activations)}`;
}

/** The formula and its product; a formula that is a single factor (BN's D) is the figure itself. */
function weightsText(row: NotesRow): string {
  if (row.weights === 0) return '0';
  return /^\d+$/.test(row.weightsFormula) ? grouped(row.weights) : `${row.weightsFormula} = ${grouped(row.weights)}`;
}

export function renderCs231n(analysis: Analysis): string {
  const table = notesTable(analysis);
  const lines = table.rows.map((r) => `${r.name}: [${shapeText(r.output)}] memory: ${memoryText(r)} weights: ${weightsText(r)}`);
  const t = table;
  lines.push(
    `TOTAL memory: ${grouped(t.totalActivations)} (${notesRounded(t.totalActivations)}) * ${t.bytesPerElement} bytes = ${grouped(t.totalBytes)} bytes ~= ${notesRounded(t.totalBytes)}B / image (only forward! ~*2 for bwd)`,
    `TOTAL params: ${grouped(table.totalWeights)} (${notesRounded(table.totalWeights, 3)}) parameters; with biases ${grouped(table.totalParams)}`,
  );
  return lines.join('\n') + '\n';
}
