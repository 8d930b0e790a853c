// Finding cnncalc.config.json for each linted file: the nearest one in the file's folder or above
// it (as eslint, prettier and tsc look upward), read and checked once per folder. The checking is
// src/lint/config-file.ts (pure); this file only walks folders and reads. A configuration with a
// problem is an error of its own (BadLintConfig): the command reports it at file:line:column and
// exits 2 before linting anything.

import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CONFIG_FILE, configForPath, parseLintConfigFile, type LintConfigFile } from '../lint/config-file.js';
import type { LintConfig } from '../lint/lint.js';
import { readCapped, type FileKind } from './read-file.js';

/** A configuration holds rule levels and globs: a megabyte is far beyond any real one. */
const CONFIG_KIND: FileKind = {
  what: 'the lint configuration',
  cap: 2 ** 20,
  beyondCap: 'as a lint configuration (it holds rule levels and globs only)',
};

export interface FoundConfig {
  /** The configuration's path, as messages show it (relative to the working folder when inside it). */
  readonly path: string;
  readonly dir: string;
  readonly config: LintConfigFile;
}

/** A configuration with problems: its path as shown (`file`) and text, which its errors point into. */
export class BadLintConfig extends Error {
  constructor(
    readonly file: string,
    readonly source: string,
    readonly errors: readonly Diagnostic[],
  ) {
    super(`${file}: ${errors[0]?.message ?? 'bad configuration'}`);
  }
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

/** Finds and reads configurations, each folder looked at once. */
export class LintConfigFinder {
  private readonly byDir = new Map<string, FoundConfig | null>();

  /** The configuration that governs `file` ('-', stdin, is governed from the working folder). */
  find(file: string): FoundConfig | null {
    const start = file === '-' ? process.cwd() : dirname(resolve(file));
    const walked: string[] = [];
    let found: FoundConfig | null = null;
    for (let dir = start; ; dir = dirname(dir)) {
      const known = this.byDir.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(dir);
      found = this.read(dir);
      if (found || dirname(dir) === dir) break;
    }
    for (const dir of walked) this.byDir.set(dir, found);
    return found;
  }

  private read(dir: string): FoundConfig | null {
    const path = join(dir, CONFIG_FILE);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return null;
    const source = Buffer.from(readCapped(path, CONFIG_KIND)).toString('utf8');
    const { config, errors } = parseLintConfigFile(source);
    if (!config) throw new BadLintConfig(shown(path), source, errors);
    return { path: shown(path), dir, config };
  }
}

/** The configuration for one file: its config file's levels and strictness (overrides applied),
 *  then the command line's, which win (--rule over the file's rules; --strict turns strict on). */
export function effectiveConfig(found: FoundConfig | null, file: string, cli: LintConfig): LintConfig {
  if (!found) return cli;
  const path = relative(found.dir, file === '-' ? join(process.cwd(), '-') : resolve(file)).split(sep).join('/');
  const fromFile = configForPath(found.config, path);
  return { rules: { ...fromFile.rules, ...cli.rules }, strict: cli.strict === true || fromFile.strict === true };
}
