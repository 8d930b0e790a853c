// CSV for machines: a fixed header (the dtype is a field), a `row` field that tells layers, blocks
// and the total apart, the block path of each line, and --depth folding as in the text table.

import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { analysisOf, example } from '../helpers.js';

function records(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trimEnd().split('\n');
  const names = head!.split(',');
  // the labels with commas are quoted; split on commas outside quotes
  return lines.map((line) => {
    const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(names.map((n, i) => [n, fields[i]!]));
  });
}

const sumOf = (rows: Record<string, string>[], key: string): number => rows.reduce((a, r) => a + Number(r[key]), 0);

describe('the CSV table', () => {
  const resnet18 = analysisOf(example('resnet18.cnn'));

  it('has one header whatever the dtype, with dtype a field', () => {
    const fp32 = renderCsv(resnet18).split('\n')[0];
    const fp16 = renderCsv(analysisOf(example('resnet18.cnn'), { dtype: 'fp16' })).split('\n')[0];
    expect(fp16).toBe(fp32);
    const input = records(renderCsv(analysisOf(example('resnet18.cnn'), { dtype: 'fp16' })))[0]!;
    expect([input['dtype'], input['bytes']]).toEqual(['fp16', String(224 * 224 * 3 * 2)]);
  });

  it('marks layers, blocks and the total; the layers after INPUT add up to the total line', () => {
    const rows = records(renderCsv(resnet18));
    const layers = rows.filter((r) => r['row'] === 'layer');
    const total = rows.filter((r) => r['row'] === 'total');
    expect(total).toHaveLength(1);
    expect(rows[rows.length - 1]!['row']).toBe('total');
    expect(layers).toHaveLength(69); // INPUT and the 68 layers `cnncalc layers` numbers 1-68
    for (const key of ['params', 'weights', 'biases', 'buffers', 'macs', 'flops', 'bytes', 'activations']) {
      expect(sumOf(layers.slice(1), key), key).toBe(Number(total[0]![key]));
    }
    expect(total[0]!['params']).toBe('11689512'); // torchvision's resnet18
    // a block's line holds its layers' subtotals: basic(64) = 2 x (3*3*64*64 + 2*64) params
    const basic = rows.find((r) => r['row'] === 'block' && r['layer'] === 'basic(64)')!;
    expect(Number(basic['params'])).toBe(2 * (3 * 3 * 64 * 64 + 2 * 64));
    expect(basic['path']).toBe('');
    const inside = rows.find((r) => r['index'] === '5')!;
    expect([inside['path'], inside['layer'], inside['kernel']]).toEqual(['basic(64) > branch 1 of 2', 'CONV(f=3, k=64, bias=no)', '3x3']);
  });

  it('--depth folds blocks as the text table does: then the top-level lines add up to the total', () => {
    const rows = records(renderCsv(resnet18, { maxDepth: 0 }));
    expect(rows.every((r) => r['path'] === '')).toBe(true);
    const top = rows.filter((r) => r['row'] !== 'total' && r['index'] !== '0');
    expect(top.some((r) => r['row'] === 'block')).toBe(true);
    for (const key of ['params', 'macs', 'bytes']) expect(sumOf(top, key), key).toBe(Number(rows[rows.length - 1]![key]));
  });
});

describe('CSV with --columns', () => {
  it('keeps row and path first and gives the chosen columns, memory as bytes and dtype', () => {
    const csv = renderCsv(analysisOf('INPUT [4x4x2] => CONV3-3 => FC-2'), { columns: ['layer', 'memory', 'params'] }).trimEnd().split('\n');
    // CONV3-3 on 4x4x2 (p=1): 4x4x3 outputs = 192 bytes, 3*3*2*3 + 3 = 57 params; FC-2: 48*2 + 2 = 98
    expect(csv).toEqual(['row,path,layer,bytes,dtype,params', 'layer,,INPUT [4x4x2],128,fp32,0', 'layer,,CONV3-3,192,fp32,57', 'layer,,FC-2,8,fp32,98', 'total,,total (layers after INPUT),200,fp32,155']);
  });

  it('has no percent column: a rounded share is not an exact figure', () => {
    const analysis = analysisOf('INPUT [4x4x2] => CONV3-3 => FC-2');
    expect(() => renderCsv(analysis, { columns: ['layer', 'percent'] })).toThrow(/percent is a rounded share/);
  });
});
