// cnncalc run's numerics against torchvision's: each example, at its numerics fixture's input size (the
// INPUT line replaced), with every parameter and buffer set by the deterministic formula
// (torchvision/deterministic.md) from its role and torchvision's shape, loaded as `cnncalc run --weights`
// loads a safetensors file, run forward at inference on the fixture's input; the output must be
// torchvision's (numerics/<fixture>.json, bench/torchvision/numerics.py) within 1e-4 of its largest value.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runNetwork } from '../../src/exec/run.js';
import { isIgnoredTensor } from '../../src/exec/weights.js';
import { readSafetensors, writeSafetensors } from '../../src/tensor-io/safetensors.js';
import { analysisOf, example, REFERENCE } from '../helpers.js';
import { fill, type Role } from './torchvision/deterministic.js';
import { formulaTensors, formulaWeights, type FormulaOptions } from './torchvision/deterministic-weights.js';
import { outputDistance, type FixtureOutput } from './torchvision/numerics-output.js';

interface Entry extends FormulaOptions {
  readonly example: string;
  readonly fixture: string;
}

const ENTRIES: readonly Entry[] = [
  { example: 'unet.cnn', fixture: 'unet_padded' }, // the padded U-Net at 64x64: its map as a digest
  { example: 'shufflenet_v2_x1_0.cnn', fixture: 'shufflenet_v2_x1_0' },
  // ConvNeXt's per-position Linear layers are CONV(f=1) here: the formula salts with torchvision's [4C, C]
  { example: 'convnext_tiny.cnn', fixture: 'convnext_tiny', pointwiseAsLinear: true },
  { example: 'mobilenet_v3_small.cnn', fixture: 'mobilenet_v3_small' },
  // MaxPool2d(return_indices=True) feeding MaxUnpool2d, at 64x40: an odd side (5) pools to 2 and unpools back
  { example: 'segnet_basic.cnn', fixture: 'segnet_basic' },
];

const TOLERANCE = 1e-4;

interface Fixture {
  readonly input: { readonly batch: number; readonly channels: number; readonly height: number; readonly width: number };
  readonly sensitivity: { readonly first_conv_negated_max_abs_change: number };
  readonly output: FixtureOutput;
  readonly tensors: readonly { readonly role: Role | null; readonly shape: readonly number[] }[];
}

const fixtureOf = (name: string): Fixture => JSON.parse(readFileSync(`${REFERENCE}torchvision/numerics/${name}.json`, 'utf8'));

const INPUT_LINE = /^INPUT \[\d+x\d+x\d+\]/m;

function atInput(source: string, f: Fixture): string {
  if (!INPUT_LINE.test(source)) throw new Error('the example has no INPUT [WxHxD] line to resize');
  return source.replace(INPUT_LINE, `INPUT [${f.input.width}x${f.input.height}x${f.input.channels}]`);
}

/** Role and shape of each tensor, sorted: the same multiset means the same tensors, whatever their order. */
const roster = (ts: readonly { readonly role: Role | null; readonly shape: readonly number[] }[]): string[] =>
  ts.filter((t) => t.role !== null).map((t) => `${t.role} [${t.shape.join(', ')}]`).sort();

/** The tensors as a weights file holds them, read back as `cnncalc run --weights` reads one. */
function throughSafetensors(weights: ReturnType<typeof formulaWeights>) {
  const file = writeSafetensors(new Map([...weights].map(([name, t]) => [name, { shape: [...t.shape], data: t.data }])));
  return readSafetensors(file, { skip: isIgnoredTensor });
}

describe.each(ENTRIES)('run on $example with the deterministic weights gives torchvision\'s $fixture output', (entry) => {
  const fixture = fixtureOf(entry.fixture);
  const analysis = analysisOf(atInput(example(entry.example), fixture));
  const tensors = formulaTensors(analysis, entry);

  it('has the tensors torchvision has (role and shape), no more and no fewer', () => {
    expect(roster(tensors.map((t) => ({ role: t.role, shape: t.torchShape })))).toEqual(roster(fixture.tensors));
  });

  it(`matches the output within ${TOLERANCE} of its largest value`, () => {
    const { batch, channels, height, width } = fixture.input;
    const shape = [batch, channels, height, width];
    const result = runNetwork(analysis, {
      input: { shape, data: fill('input', shape) },
      weights: throughSafetensors(formulaWeights(tensors)),
      seed: 0,
    });
    const want = fixture.output.shape;
    expect(result.shape.slice(0, want.length)).toEqual(want); // an FC output's trailing 1x1
    const d = outputDistance(fixture.output, result.shape, result.data);
    // the fixture tells a wrong network apart at this tolerance (deterministic.md)
    expect(fixture.sensitivity.first_conv_negated_max_abs_change).toBeGreaterThan(TOLERANCE * d.scale);
    expect(d.compared).toBeGreaterThan(0);
    expect(d.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE * d.scale);
  }, 180_000); // U-Net at 64x64: 25 s on a busy 2-core machine
});
