// Runs the command line in this process over `commands` and sets its exit code: what the
// executable's entries (bin.ts, bin-table.ts) do. A failure to write the output may have set an exit
// code already (cli/output.ts); it is kept if higher.

import type { Command } from './command.js';
import { createMain } from './main.js';

export function start(commands: readonly Command[]): void {
  void createMain(commands)(process.argv.slice(2)).then((code) => {
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
  });
}
