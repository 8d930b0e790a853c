// Every command, in the order --help lists them.

import type { Command } from '../command.js';
import { bench } from './bench.js';
import { budget } from './budget.js';
import { exportCommand } from './export.js';
import { graph } from './graph.js';
import { layers } from './layers.js';
import { lint } from './lint.js';
import { report } from './report.js';
import { run } from './run.js';
import { table } from './table.js';
import { verify } from './verify.js';

export const COMMANDS: readonly Command[] = [table, layers, lint, budget, verify, run, bench, exportCommand, graph, report];
