// Expansion: from a parsed file to the graph of layer nodes the analysis reads (notation/network.ts).
// Bindings, repeats, optional elements and branches are unrolled; first the let bindings are
// resolved (bindings.ts), then the network is counted (count.ts) and only then unrolled (unroll.ts),
// so that a network past --max-layers or the nesting limits is refused before anything is built.
//
// Parameterised blocks (`let name(a, b) = ...`) evaluate their arguments where they are used and run
// their body in a scope holding the parameters (resolve.ts); everything cached per AST node is cached
// per scope (scope.ts). Each error is reported once (reporter.ts).

import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Network } from '../network.js';
import type { ParsedFile } from '../syntax/parse.js';
import { Bindings } from './bindings.js';
import { Counter } from './count.js';
import { Reporter, Stop } from './reporter.js';
import { Resolver } from './resolve.js';
import { Unroller } from './unroll.js';

export interface ExpandOptions {
  /** Integer bindings from the command line (`--set N=3`): they override a `let` and bind free names. */
  readonly set?: Readonly<Record<string, number>>;
  /** Leave out every optional element (`E?`). */
  readonly withoutOptional?: boolean;
  /** Refuse networks that expand to more layers than this (default 1,000,000). */
  readonly maxLayers?: number;
}

export interface ExpandResult {
  readonly network: Network | null;
  readonly diagnostics: readonly Diagnostic[];
}

export const DEFAULT_MAX_LAYERS = 1_000_000;

/** The network a parsed file expands to, or null with the errors that stop it. */
export function expand(parsed: Pick<ParsedFile, 'ast' | 'source'>, options: ExpandOptions = {}): ExpandResult {
  const reporter = new Reporter();
  try {
    return { network: unrolled(parsed, options, reporter), diagnostics: reporter.diagnostics };
  } catch (e) {
    if (e instanceof Stop) return { network: null, diagnostics: reporter.diagnostics };
    throw e;
  }
}

/** The passes in order, each only if the one before reported nothing; throws Stop at a limit. */
function unrolled({ ast, source }: Pick<ParsedFile, 'ast' | 'source'>, options: ExpandOptions, reporter: Reporter): Network | null {
  const bindings = new Bindings(ast.lets, options.set);
  for (const d of bindings.diagnostics) reporter.report(d);
  if (!ast.network || reporter.failed) return null;
  const withoutOptional = options.withoutOptional ?? false;
  const resolver = new Resolver(bindings, reporter);
  const counter = new Counter(ast.network, ast.sides, resolver, reporter, { maxLayers: BigInt(options.maxLayers ?? DEFAULT_MAX_LAYERS), withoutOptional });
  counter.count();
  if (reporter.failed) return null;
  const unroller = new Unroller(source, resolver, counter, reporter, withoutOptional);
  unroller.unroll(ast.network, ast.sides);
  if (reporter.failed) return null;
  return { nodes: unroller.nodes, output: unroller.tail, sideOutputs: unroller.sideOutputs, ast, integers: bindings.values() };
}
