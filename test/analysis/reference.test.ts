// Every network in test/reference/ against the figures PyTorch computed for it (a real
// forward pass with hooks and the parameter tensors' sizes; see that folder's README). Layer by
// layer: shapes, weights, biases, MACs, activations, receptive field and jump; then the totals.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisOf, REFERENCE } from '../helpers.js';

interface RefLayer {
  index: number;
  line: number;
  kind: string;
  output: { width: number; height: number; depth: number };
  weights: number;
  biases: number;
  params: number;
  macs: number;
  activations: number;
  rf: number | null;
  jump: number | null;
}

const cases = readdirSync(REFERENCE)
  .filter((f) => f.endsWith('.json') && !f.includes('rows') && !f.includes('train_memory') && !f.includes('.error.'))
  .map((f) => ({ file: f, ref: JSON.parse(readFileSync(REFERENCE + f, 'utf8')) }));

describe.each(cases)('$file', ({ ref }) => {
  const source = readFileSync(REFERENCE + ref.notation_file, 'utf8');
  const analysis = analysisOf(source);
  const layers = analysis.layers.slice(1); // the reference leaves INPUT out

  it('has the same layers with the same kinds and lines', () => {
    expect(layers.map((l) => [l.node.id, l.layer.kind.toUpperCase(), l.node.span.start.line])).toEqual(
      ref.layers.map((r: RefLayer) => [r.index, r.kind === 'NORM' ? 'LRN' : r.kind, r.line]),
    );
  });

  it('matches every layer figure', () => {
    const ours = layers.map((l) => ({
      output: l.output,
      weights: l.weights,
      biases: l.biases,
      params: l.params,
      macs: l.macs,
      activations: l.activations,
      rf: l.receptiveField?.size ?? null,
      jump: l.receptiveField?.stride ?? null,
    }));
    const theirs = ref.layers.map((r: RefLayer) => ({
      output: r.output,
      weights: r.weights,
      biases: r.biases,
      params: r.params,
      macs: r.macs,
      activations: r.activations,
      rf: r.rf,
      jump: r.jump,
    }));
    expect(ours).toEqual(theirs);
  });

  it('matches the totals', () => {
    const t = analysis.totals;
    expect({
      params: t.params,
      weights: t.weights,
      biases: t.biases,
      macs: t.macs,
      activations: t.activations,
      activations_with_input: t.activationsWithInput,
      memory_bytes_fp32: t.bytes,
      memory_bytes_fp32_with_input: t.bytesWithInput,
      layers: t.layers,
    }).toEqual(ref.totals);
  });

  if (ref.warnings?.length) {
    it('floors exactly the sides the reference lists', () => {
      const floored = analysis.layers.flatMap((l) =>
        l.fits.filter((f) => !f.clean).map((f) => ({ layer_index: l.node.id, line: l.node.span.start.line, side: f.side, exact: f.exact, floored: f.output })),
      );
      expect(floored).toEqual(ref.warnings);
    });
  }
});
