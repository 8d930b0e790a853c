// --style cs231n against the notes themselves: the 22 rows of the VGG16 table are cut out of the
// notes' text (test/reference/cs231n_vgg16_table.txt, quoted verbatim) and must come out character
// for character; the TOTAL lines must give the exact sums (cs231n_vgg16_rows.json re-derived them),
// not the notes' 24M.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notesTable } from '../../src/analysis/notes-table.js';
import { renderCs231n } from '../../src/report/cs231n.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';

const seed = readFileSync(REFERENCE + 'cs231n_vgg16_table.txt', 'utf8');

/** The table's rows as the notes print them, one per layer. */
function notesRows(): string[] {
  const table = seed.slice(seed.indexOf('INPUT: [224x224x3]'), seed.indexOf(' TOTAL memory'));
  return table.split(/ (?=(?:INPUT|CONV3-\d+|POOL2|FC): \[)/).map((r) => r.trim());
}

describe('the cs231n VGG16 table', () => {
  const analysis = analysisOf(example('vgg16.cnn'));
  const lines = renderCs231n(analysis).trimEnd().split('\n');

  it('has the 22 rows of the notes, exactly', () => {
    const rows = notesRows();
    expect(rows).toHaveLength(22);
    expect(lines.slice(0, 22)).toEqual(rows);
  });

  it('totals its rows exactly: 15,237,608 activations with the input, 138,344,128 weights', () => {
    const exact = JSON.parse(readFileSync(REFERENCE + 'cs231n_vgg16_rows.json', 'utf8')).exact_sums;
    const table = notesTable(analysis);
    expect(table.totalActivations).toBe(exact.activations_including_input);
    expect(table.totalActivations).toBe(15_237_608);
    expect(table.totalBytes).toBe(exact.memory_bytes_fp32_including_input);
    expect(table.totalWeights).toBe(exact.weights);
    expect(lines[22]).toBe('TOTAL memory: 15,237,608 (15M) * 4 bytes = 60,950,432 bytes ~= 61MB / image (only forward! ~*2 for bwd)');
    expect(lines[23]).toBe('TOTAL params: 138,344,128 (138M) parameters; with biases 138,357,544');
  });

  it('names layers the notes way whatever form the file used', () => {
    const written = 'INPUT(w=224, h=224, d=3) -> CONV(f=3, k=64) -> relu -> POOL(f=2, s=2) -> FC(10)';
    expect(renderCs231n(analysisOf(written)).split('\n').slice(0, 4)).toEqual([
      'INPUT: [224x224x3] memory: 224*224*3=150K weights: 0',
      'CONV3-64: [224x224x64] memory: 224*224*64=3.2M weights: (3*3*3)*64 = 1,728',
      'POOL2: [112x112x64] memory: 112*112*64=800K weights: 0',
      'FC: [1x1x10] memory: 10 weights: 112*112*64*10 = 8,028,160',
    ]);
  });
});

/** The notes' formulas as arithmetic: integers, *, / and parentheses, left to right. */
function evaluateFormula(text: string): number {
  const tokens = text.match(/\d+|[*/()]/g)!;
  let at = 0;
  const factor = (): number => {
    const t = tokens[at++]!;
    if (t !== '(') return Number(t);
    const v = product();
    at++; // ')'
    return v;
  };
  const product = (): number => {
    let v = factor();
    while (tokens[at] === '*' || tokens[at] === '/') v = tokens[at++] === '*' ? v * factor() : v / factor();
    return v;
  };
  return product();
}

describe('the weights formulas', () => {
  it('BN prints its D scale weights, not 2*D = D (its D shifts are biases, left out as the notes leave biases out)', () => {
    const lines = renderCs231n(analysisOf(example('resnet18.cnn'))).split('\n');
    // resnet18's stem: CONV(f=7, k=64, s=2, p=3) on 224x224x3 gives 112x112x64, then BN over 64 channels
    expect(lines[2]).toBe('BN: [112x112x64] memory: 112*112*64=800K weights: 64');
  });

  it('every formula of every example multiplies out to the figure printed after it', () => {
    for (const name of ['alexnet', 'alexnet_2012', 'googlenet', 'lenet5', 'resnet50', 'vgg16', 'zfnet']) {
      for (const row of notesTable(analysisOf(example(`${name}.cnn`))).rows) {
        if (row.weights === 0) continue;
        expect(evaluateFormula(row.weightsFormula), `${name} ${row.name} ${row.weightsFormula}`).toBe(row.weights);
      }
    }
  });
});
