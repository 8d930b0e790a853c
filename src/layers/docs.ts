// The documentation each kind contributes, rendered from its declaration (layers/<kind>.ts docs):
// grammar/README.md's table of layer kinds and `budget --explain`'s "what backward keeps" lines.
// test/layers/docs.test.ts checks that grammar/README.md holds exactly this table.

import { wrapWords } from '../util/wrap.js';
import { LAYERS } from './index.js';
import type { GivenArgs, LayerDef, LayerDocs, LayerKind, LintTraits } from './types.js';

const ALL: readonly LayerDocs[] = Object.values(LAYERS).map((def) => def.docs);

/** Words that are notation, not kinds, with a row of their own after the kinds'. */
const NOTATION_ROWS: readonly LayerDocs[] = [
  { name: 'GAP (v2)', writtenAs: '`GAP`', arguments: '— (a preset)', defaults: '= `POOL(mode=avg, global)`', output: '1 x 1 x D', weights: '0', biases: '0', macs: '0', elementOps: 'as POOL global', keeps: 'as POOL avg' },
  { name: 'ID (v2)', writtenAs: '`ID`, inside braces', arguments: 'none', defaults: '—', output: 'W x H x D (the identity: no layer row)', weights: '0', biases: '0', macs: '0', elementOps: '0', keeps: 'nothing' },
];

const COLUMNS: readonly [string, keyof LayerDocs][] = [
  ['layer', 'name'],
  ['written as', 'writtenAs'],
  ['arguments (keys, range)', 'arguments'],
  ['defaults', 'defaults'],
  ['output shape', 'output'],
  ['weights', 'weights'],
  ['biases', 'biases'],
  ['MACs', 'macs'],
  ['element operations per output element (FLOPs)', 'elementOps'],
  ['backward keeps (training)', 'keeps'],
];

/** grammar/README.md's table of every layer kind, one row per kind, as Markdown lines. */
export function layerTable(): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    row(COLUMNS.map(([title]) => title)),
    row(COLUMNS.map(() => '---')).replaceAll(' ', ''),
    ...[...ALL, ...NOTATION_ROWS].map((d) => row(COLUMNS.map(([, key]) => d[key]))),
  ];
}


/** "What backward keeps", one entry per distinct text, the kinds that share it named together,
 *  indented by `indent` with the text in a column `nameWidth` further on, wrapped at `width`. */
export function backwardKeepsLines(indent: number, nameWidth: number, width: number): string[] {
  const byText = new Map<string, string[]>();
  for (const d of ALL) byText.set(d.keeps, [...(byText.get(d.keeps) ?? []), d.name.replace(/ \(v\d+\)$/, '').split(' / ')[0]!]);
  const pad = ' '.repeat(indent + nameWidth);
  return [...byText].flatMap(([keeps, names]) => {
    const name = names.join(', ');
    const head = `${' '.repeat(indent)}${name.padEnd(nameWidth - 1)} `;
    const text = wrapWords(keeps, width - indent - nameWidth);
    return head.length > indent + nameWidth ? [head.trimEnd(), ...text.map((t) => pad + t)] : [head + text[0], ...text.slice(1).map((t) => pad + t)];
  });
}

/** The kinds whose parameters train, as prose: "CONV, LOCAL, FC or BN". */
export function trainableKinds(): string {
  const names = Object.values(LAYERS).filter((def) => def.training.trainable).map((def) => def.keywords[0]!);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? 'none');
}

function activationTraits(a: NonNullable<LintTraits['activation']>): string {
  const clips = [...(a.clipsAtZero ? ['0'] : []), ...(a.ceiling === null ? [] : [String(a.ceiling)])];
  return [a.nonNegative ? 'non-negative' : 'signed', ...(clips.length ? [`clips at ${clips.join(' and ')}`] : []), ...(a.unitInterval ? ['in [0, 1]'] : [])].join(', ');
}

const TRAIT_COLUMNS: readonly [string, (t: LintTraits) => string][] = [
  ['affine', (t) => t.affine ?? ''],
  ['keeps linear', (t) => (t.keepsLinear ? 'yes' : '')],
  ['activation', (t) => (t.activation ? activationTraits(t.activation) : '')],
  ['keeps sign', (t) => (t.keepsSign ? 'yes' : '')],
  ['shape only', (t) => (t.shapeOnly ? 'yes' : '')],
  ['sees the whole input', (t) => (t.collapsesSpace ? 'yes' : '')],
  ['cancels a bias', (t) => (t.cancelsBias ? 'yes' : '')],
  ['probabilities', (t) => (t.probabilities ? 'yes' : '')],
  ['identity at inference', (t) => (t.identityAtInference ? 'yes' : '')],
];

/** The arguments that can change a kind's traits: each word of a word argument, each flag. */
function variants(def: LayerDef<LayerKind>): { label: string; given: GivenArgs }[] {
  return def.args.flatMap((spec): { label: string; given: GivenArgs }[] => {
    if (spec.type === 'word') return spec.words.map((w) => ({ label: `${spec.key}=${w}`, given: { [spec.key]: w } }));
    if (spec.type === 'flag') return [{ label: spec.key, given: { [spec.key]: 1 } }];
    return [];
  });
}

/** docs/lint.md's table of every kind's lint traits, as Markdown lines. */
export function traitTable(): string[] {
  const shape = { width: 1, height: 1, depth: 1 };
  const cells = (t: LintTraits): string[] => TRAIT_COLUMNS.map(([, cell]) => cell(t));
  const rows: string[][] = [];
  for (const def of Object.values(LAYERS) as LayerDef<LayerKind>[]) {
    const base = cells(def.traits(def.resolve({}, shape)));
    rows.push([def.docs.name, ...base]);
    for (const v of variants(def)) {
      const own = cells(def.traits(def.resolve(v.given, shape)));
      if (own.join() !== base.join()) rows.push([`${def.docs.name} ${v.label}`, ...own]);
    }
  }
  const line = (c: readonly string[]): string => `| ${c.join(' | ')} |`;
  return [line(['kind', ...TRAIT_COLUMNS.map(([title]) => title)]), line(['---', ...TRAIT_COLUMNS.map(() => '---')]).replaceAll(' ', ''), ...rows.map(line)];
}
