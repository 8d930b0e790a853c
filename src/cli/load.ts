// Reading a network file named on the command line and compiling it with the network options.
// Errors are printed here with their source lines; the caller gets the analysis or an exit code.

import { isDtype, type Dtype } from '../analysis/dtype.js';
import { compile, type CompileOptions, type CompileResult } from '../api.js';
import { letUses, networkUses } from '../lint/names.js';
import type { NetworkFile } from '../notation/ast.js';
import { renderDiagnostics } from '../report/diagnostics.js';
import { grouped } from '../util/grouped.js';
import { EXIT, UsageError } from './exit-codes.js';
import { chalkFor, readSource, type Io } from './io.js';
import { integerOption, type Values } from './options.js';

export interface Loaded {
  readonly file: string;
  readonly source: string;
  readonly result: CompileResult;
}

function parseSet(entries: readonly string[]): Record<string, number> {
  const set: Record<string, number> = {};
  for (const entry of entries) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(-?\d+)$/.exec(entry.trim());
    if (!m) throw new UsageError(`--set takes NAME=INTEGER, e.g. --set N=3; got '${entry}'`);
    const value = Number(m[2]);
    if (!Number.isSafeInteger(value)) throw new UsageError(`--set ${m[1]}: ${m[2]} is too large to be exact`);
    set[m[1]!] = value;
  }
  return set;
}

export function dtypeOption(values: Values): Dtype {
  const dtype = (values['dtype'] as string | undefined) ?? 'fp32';
  if (!isDtype(dtype)) throw new UsageError(`--dtype takes fp32, fp16, bf16 or int8; got '${dtype}'`);
  return dtype;
}

export function compileOptions(values: Values): CompileOptions {
  const maxLayers = integerOption(values['max-layers'] as string | undefined, '--max-layers', 1);
  if (maxLayers !== undefined && maxLayers > MAX_LAYERS_CEILING) {
    throw new UsageError(`--max-layers can be at most ${grouped(MAX_LAYERS_CEILING)} (a network that size already takes minutes and gigabytes); got ${grouped(maxLayers)}`);
  }
  return {
    set: parseSet((values['set'] as string[] | undefined) ?? []),
    withoutOptional: values['without-optional'] === true,
    ...(maxLayers !== undefined ? { maxLayers } : {}),
    ...(values['dtype'] !== undefined ? { dtype: dtypeOption(values) } : {}),
  };
}

export function onePath(positionals: readonly string[], command: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes one network file, got ${positionals.length}; e.g. 'cnncalc ${command} examples/vgg16.cnn'`);
  }
  return positionals[0]!;
}

/** How far --max-layers may be raised: 1,000,000 layers take about 10 s and 1 GB here. */
const MAX_LAYERS_CEILING = 10_000_000;

/** Errors printed per file: enough to fix a real file; a binary one would print hundreds. */
export const MAX_SHOWN_ERRORS = 20;

/** Reads and compiles a file; prints its errors and returns exit code 2 if it has any. */
export function loadNetwork(path: string, values: Values, io: Io): Loaded | number {
  const source = readSource(path);
  const options = compileOptions(values);
  const result = compile(source, options);
  if (result.diagnostics.some((d) => d.severity === 'error') || !result.analysis) {
    io.stderr(renderDiagnostics(result.diagnostics, path, source, chalkFor(values, io, 'stderr'), MAX_SHOWN_ERRORS));
    return EXIT.badInput;
  }
  for (const name of unusedSets(options.set ?? {}, result.ast!)) {
    io.stderr(`cnncalc: warning: --set ${name}: ${path} neither binds nor uses '${name}', so it changes nothing; check the name\n`);
  }
  return { file: path, source, result };
}

/** The --set names that the file neither binds with a let nor mentions anywhere: likely typos. */
function unusedSets(set: Readonly<Record<string, number>>, ast: NetworkFile): string[] {
  if (Object.keys(set).length === 0) return []; // the common case: no walk over a long file's AST
  const known = new Set([...ast.lets.map((s) => s.name), ...networkUses(ast), ...ast.lets.flatMap((s) => [...letUses(s)])]);
  return Object.keys(set).filter((name) => !known.has(name));
}
