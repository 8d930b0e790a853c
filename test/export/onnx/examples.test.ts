// Every example small enough (at its own input size or a reduced one: sizes.ts) exports to ONNX and
// runs in onnxruntime-node within 1e-4 of the executor (differential.test.ts says why 1e-4), side
// outputs included; the initializers are exactly the tensors `cnncalc run --weights` reads.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../../src/exec/build.js';
import { Tracker } from '../../../src/exec/memory.js';
import { createRandom } from '../../../src/exec/random.js';
import { onnxModel } from '../../../src/export/onnx/model.js';
import { parameterShapes } from '../../../src/export/pytorch.js';
import { analysisOf, example, ROOT } from '../../helpers.js';
import { compareWithOnnxruntime } from './harness.js';
import { exampleCases } from './sizes.js';

const { run, left } = exampleCases();

describe('the examples in onnxruntime-node', () => {
  it('covers the small examples and the reduced ones (the rest have over 12M weights)', () => {
    expect(run.length).toBeGreaterThanOrEqual(15);
    expect(left).not.toContain('resnet18.cnn');
  });

  it.each(run.map((c) => [c.side === null ? c.file : `${c.file} at ${c.side}x${c.side}`, c] as const))('%s', async (_name, c) => {
    const outputs = await compareWithOnnxruntime(c.analysis, 1, 11);
    for (const o of outputs) expect(o.difference, `${c.file}: ${o.name}`).toBeLessThanOrEqual(1e-4);
  }, 60_000);
});

describe('the examples as ONNX graphs', () => {
  const files = readdirSync(`${ROOT}examples`).filter((f) => f.endsWith('.cnn'));
  it.each(files)('%s: initializers are the PyTorch export\'s state dict; inputs and outputs are declared', (file) => {
    const analysis = analysisOf(example(file));
    // unfilled weights: zeroed pages never touched cost nothing, even VGG's 138M
    const model = onnxModel(buildNetwork(analysis, new Tracker(), createRandom(0), false));
    const initializers = new Map(model.graph.initializer.map((t) => [t.name, [...t.dims]]));
    expect(initializers).toEqual(parameterShapes(analysis));
    expect(model.graph.output.map((o) => o.name)).toEqual(['output', ...analysis.network.sideOutputs.map((id) => `output_${id}`)]);
    const produced = new Set(['input', ...initializers.keys(), ...model.graph.node.flatMap((n) => n.output)]);
    const read = model.graph.node.flatMap((n) => n.input).filter((name) => name !== '');
    expect(read.filter((name) => !produced.has(name))).toEqual([]);
  });
});
