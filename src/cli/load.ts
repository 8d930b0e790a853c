// Reading the network named on the command line and compiling it with the network options. The
// network is a file, stdin (FILE '-', named --stdin-filename or <stdin> in messages) or the text of
// --eval (named <eval>). Errors are printed here with their source lines; the caller gets the
// analysis or an exit code.

import { DTYPES, isDtype, type Dtype } from '../analysis/dtype.js';
import { compile, type CompileOptions, type CompileResult } from '../api.js';
import { letUses, networkUses } from '../lint/names.js';
import type { NetworkFile } from '../notation/ast.js';
import { renderDiagnostics } from '../report/diagnostics.js';
import { pathText } from '../util/path-text.js';
import { EXIT, UsageError } from './exit-codes.js';
import { chalkFor, type Io } from './io.js';
import { evalSource, readSource, readStdinSource } from './network-text.js';
import { STDIN_PATH } from './read-file.js';
import { maxLayersCeiling, maxLayersRefusal } from './layer-limit.js';
import { integerOption, type CommonValues, type NetworkValues } from './options.js';

interface Loaded {
  /** What messages and reports call the network: its path, --stdin-filename, <stdin> or <eval>. */
  readonly file: string;
  readonly result: CompileResult;
}

/** The values compiling reads: the network options and --dtype (table's element type; budget's is
 *  its own and is not given here). */
type CompileValues = NetworkValues & { readonly dtype?: string };

/** The --set bindings. No prototype: a name such as 'constructor' or '__proto__' must find only
 *  what --set gave, not Object's members. A name given twice is refused, never the last kept. */
function parseSet(entries: readonly string[]): Record<string, number> {
  const set = Object.create(null) as Record<string, number>;
  const written: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const entry of entries) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(-?\d+)$/.exec(entry.trim());
    if (!m) throw new UsageError(`--set takes NAME=INTEGER, e.g. --set N=3; got '${entry}'`);
    const name = m[1]!;
    const digits = m[2]!;
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) throw new UsageError(`--set ${name}: ${digits} is too large to be exact`);
    if (written[name] !== undefined) throw new UsageError(`--set ${name} is given twice (${written[name]} and ${digits}); give it once`);
    written[name] = digits;
    set[name] = value;
  }
  return set;
}

function dtypeOption(dtype: string): Dtype {
  if (!isDtype(dtype)) throw new UsageError(`--dtype takes ${DTYPES.slice(0, -1).join(', ')} or ${DTYPES.at(-1)}; got '${dtype}'`);
  return dtype;
}

export function compileOptions(values: CompileValues): CompileOptions {
  const maxLayers = integerOption(values['max-layers'], '--max-layers', 1);
  // the ceiling reads V8's heap, which loads node:v8 (start-up time), so only when the option is given
  if (maxLayers !== undefined && maxLayers > maxLayersCeiling()) {
    throw new UsageError(maxLayersRefusal(maxLayers));
  }
  return {
    set: parseSet(values.set ?? []),
    withoutOptional: values['without-optional'] === true,
    ...(maxLayers !== undefined ? { maxLayers } : {}),
    ...(values.dtype !== undefined ? { dtype: dtypeOption(values.dtype) } : {}),
  };
}

export { STDIN_PATH };
/** What messages call the network of --eval, and stdin's without --stdin-filename. */
const EVAL_NAME = '<eval>';
const STDIN_NAME = '<stdin>';

/** The network a one-network command reads: its path, '-' for stdin, or EVAL_NAME for --eval
 *  (loadNetwork reads each). Refuses a FILE beside --eval and --stdin-filename without '-'. */
export function onePath(positionals: readonly string[], command: string, values: NetworkValues): string {
  const paths = networkPaths(positionals, command, values);
  if (paths.length !== 1) {
    throw new UsageError(`${command} takes one network file, got ${paths.length}; e.g. 'cnncalc ${command} examples/vgg16.cnn' (or '-' for stdin, or -e 'INPUT ...')`);
  }
  return paths[0]!;
}

/** The networks a command reads (lint takes several): the positionals, or EVAL_NAME for --eval. */
export function networkPaths(positionals: readonly string[], command: string, values: NetworkValues): string[] {
  const { eval: inline, 'stdin-filename': stdinName } = values;
  if (inline !== undefined && positionals.length > 0) throw new UsageError(`--eval gives the network itself; leave out FILE ('${pathText(positionals[0]!)}')`);
  if (positionals.filter((p) => p === STDIN_PATH).length > 1) throw new UsageError(`stdin can be read once; give '-' once`);
  if (stdinName !== undefined && !positionals.includes(STDIN_PATH)) {
    throw new UsageError(`--stdin-filename names the network read from stdin; give '-' as FILE, e.g. 'cat net.cnn | cnncalc ${command} - --stdin-filename net.cnn'`);
  }
  return inline !== undefined ? [EVAL_NAME] : [...positionals];
}

/** What messages call the network at `path` (see onePath). */
export function networkName(path: string, values: NetworkValues): string {
  if (values.eval !== undefined) return EVAL_NAME;
  return path === STDIN_PATH ? (values['stdin-filename'] ?? STDIN_NAME) : path;
}

/** The text of the network at `path` (see onePath): the file, stdin or the --eval text. */
export function readNetworkText(path: string, values: NetworkValues, io: Io): string {
  const name = networkName(path, values);
  if (values.eval !== undefined) return evalSource(values.eval, name);
  return path === STDIN_PATH ? readStdinSource(io, name) : readSource(path, name);
}

/** Errors printed per file: enough to fix a real file; a binary one would print hundreds. */
export const MAX_SHOWN_ERRORS = 20;

/** Reads and compiles a network (a path from onePath); prints its errors and returns exit code 2
 *  if it has any. */
export function loadNetwork(path: string, values: CompileValues & CommonValues, io: Io): Loaded | number {
  const options = compileOptions(values); // a bad option is refused before stdin is read
  const file = networkName(path, values);
  const result = compile(readNetworkText(path, values, io), options);
  if (result.diagnostics.some((d) => d.severity === 'error') || !result.analysis) {
    io.stderr(renderDiagnostics(result.diagnostics, { file, source: result.source }, chalkFor(values, io, 'stderr'), MAX_SHOWN_ERRORS));
    return EXIT.badInput;
  }
  for (const name of unusedSets(options.set ?? {}, result.ast!)) {
    io.stderr(`cnncalc: warning: --set ${name}: ${pathText(file)} neither binds nor uses '${name}', so it changes nothing; check the name\n`);
  }
  return { file, result };
}

/** The --set names that the file neither binds with a let nor mentions anywhere: likely typos. */
function unusedSets(set: Readonly<Record<string, number>>, ast: NetworkFile): string[] {
  if (Object.keys(set).length === 0) return []; // the common case: no walk over a long file's AST
  const known = new Set([...ast.lets.map((s) => s.name), ...networkUses(ast), ...ast.lets.flatMap((s) => [...letUses(s)])]);
  return Object.keys(set).filter((name) => !known.has(name));
}
