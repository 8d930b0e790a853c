// The JSON Schemas under docs/schema/ (one per JSON output) against the real outputs of the CLI on
// the examples: every output validates, carries the one schemaVersion, and names a layer `id` and
// `text` wherever it names one. The schemas are strict (unknown names are refused), so a renamed
// field fails here until its schema and schemaVersion change with it.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/report/json.js';
import { cli } from '../cli/run-cli.js';
import { ROOT } from '../helpers.js';

const DIR = join(ROOT, 'docs', 'schema');
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
for (const name of readdirSync(DIR).filter((f) => f.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(readFileSync(join(DIR, name), 'utf8')) as object, name);
const schema = (name: string): ValidateFunction => ajv.getSchema(`${name}.schema.json`)!;

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.cnn')).map((f) => join(ROOT, 'examples', f));
const SETS = ['--set', 'N=2', '--set', 'M=2', '--set', 'K=1']; // pattern.cnn's integers; the others have none

async function jsonOf(argv: string[]): Promise<unknown> {
  const run = await cli(argv);
  expect(run.code === 0 || run.code === 1, `${argv.join(' ')}: exit ${run.code}\n${run.stderr}`).toBe(true);
  return JSON.parse(run.stdout) as unknown;
}

function expectValid(name: string, value: unknown, what: string): void {
  const validate = schema(name);
  const ok = validate(value);
  expect(validate.errors ?? [], `${what} against ${name}.schema.json`).toEqual([]);
  expect(ok).toBe(true);
}

describe('docs/schema', () => {
  it('every schema compiles under strict mode and names the one schemaVersion', () => {
    const common = JSON.parse(readFileSync(join(DIR, 'common.schema.json'), 'utf8')) as { $defs: { schemaVersion: { const: number } } };
    expect(common.$defs.schemaVersion.const).toBe(SCHEMA_VERSION);
    for (const name of ['table', 'layers', 'budget', 'verify', 'lint', 'lint-rules', 'devices']) expect(schema(name)).toBeTypeOf('function');
  });

  it('table --json of every example', async () => {
    for (const path of EXAMPLES) expectValid('table', await jsonOf(['table', path, '--json', ...SETS]), path);
    expectValid('table', await jsonOf(['table', EXAMPLES[0]!, '--json', '--dtype', 'int8']), 'int8');
    // fractional fields and a conflict of fractional strides (an upsampling divides the jump)
    const fractions = 'INPUT [5x5x1] => UPSAMPLE => CONV(f=2, p=0) => { ID | CONV(f=3, s=2, p=0) => UPSAMPLE(to=9) }';
    expectValid('table', await jsonOf(['table', '-e', fractions, '--json']), 'fractions');
    // version 3: a product, a split, a labelled skip, shared weights and a side output
    const v3 = 'let shared t = CONV3-4\nINPUT [8x8x4] => s: t => { ID & GAP } => { ID / RELU } => t => { ID | @s } => FC-3\n@s => GAP => FC-2';
    expectValid('table', await jsonOf(['table', '-e', v3, '--json']), 'v3');
    expectValid('layers', await jsonOf(['layers', '-e', v3, '--json']), 'v3');
  });

  it('layers --json of every example', async () => {
    for (const path of EXAMPLES) expectValid('layers', await jsonOf(['layers', path, '--json', ...SETS]), path);
  });

  it('budget --json: with and without a limit, a device, --max-batch, inference, each optimizer', async () => {
    const vgg = join(ROOT, 'examples', 'vgg16.cnn');
    const runs = [
      ['--batch', '8'],
      ['--batch', '8', '--limit', '1GiB'],
      ['--device', 'T4', '--max-batch'],
      ['--batch', '4', '--inference', '--dtype', 'fp16'],
      ['--batch', '2', '--dtype', 'mixed', '--optimizer', 'adam', '--max-params', '1000'],
      ...['momentum', 'nesterov', 'adamw', 'rmsprop', 'adagrad'].map((o) => ['--batch', '2', '--optimizer', o]),
    ];
    for (const extra of runs) expectValid('budget', await jsonOf(['budget', vgg, '--json', ...extra]), extra.join(' '));
    expectValid('devices', await jsonOf(['budget', '--devices', '--json']), '--devices');
  });

  it('verify --json: inference and a training step', async () => {
    const lenet = join(ROOT, 'examples', 'lenet5.cnn');
    expectValid('verify', await jsonOf(['verify', lenet, '--json']), 'inference');
    expectValid('verify', await jsonOf(['verify', lenet, '--json', '--train', '--optimizer', 'adam', '--batch', '2']), 'train');
  }, 60_000);

  it('lint --format json of every example, and of a file that does not compile', async () => {
    expectValid('lint', await jsonOf(['lint', ...EXAMPLES, '--format', 'json']), 'examples');
    const broken = await cli(['lint', '-e', 'INPUT [8x8x1] => REUL', '--format', 'json']);
    expectValid('lint', JSON.parse(broken.stdout), 'broken');
    expectValid('lint-rules', await jsonOf(['lint', '--list', '--format', 'json']), '--list');
    expectValid('lint-rules', await jsonOf(['lint', '--explain', 'large-pool', '--format', 'json']), '--explain');
  });

  it('names a layer id and text in every output; the schemas refuse the old names', async () => {
    const lenet = join(ROOT, 'examples', 'lenet5.cnn');
    const table = (await jsonOf(['table', lenet, '--json'])) as { layers: Record<string, unknown>[] };
    const layers = (await jsonOf(['layers', lenet, '--json'])) as { layers: Record<string, unknown>[] };
    const verify = (await jsonOf(['verify', lenet, '--json'])) as { layers: Record<string, unknown>[] };
    const budget = (await jsonOf(['budget', lenet, '--json', '--batch', '1'])) as { terms: { top: Record<string, unknown>[] }[] };
    const held = budget.terms.flatMap((t) => t.top).find((l) => l.id === 1)!; // CONV1 holds activations
    for (const layer of [table.layers[1]!, layers.layers[1]!, verify.layers[0]!, held]) {
      expect(layer).toMatchObject({ id: 1, text: 'CONV(f=5, k=6, p=0)' });
    }
    expect(table.layers[1]!.path).toEqual(layers.layers[1]!.path); // the list of frames in both
    const renamed = { ...table, layers: table.layers.map(({ id, text, ...rest }) => ({ index: id, name: text, ...rest })) };
    expect(schema('table')(renamed)).toBe(false);
    expect(schema('table')({ ...table, schemaVersion: 1 })).toBe(false);
  }, 60_000);
});
