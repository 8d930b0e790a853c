// Runs the command line in this process over `commands` and sets its exit code: what the
// executable's entries (bin.ts, bin-table.ts) do. A failure to write the output may have set an exit
// code already (cli/output.ts); it is kept if higher. The process then ends at once where all its
// output went out synchronously, so that no stream may still hold some or report a failure: left
// to run dry, Node's event loop first waits for the background work V8 queued during the run
// (compile jobs, GC tasks), 1-2 ms of a 511-layer table's 30 ms (CONTRIBUTING.md, start-up).
// The 'exit' handlers still run.

import type { Command } from './command.js';
import { createMain } from './main.js';
import { outputSettled } from './output.js';

export function start(commands: readonly Command[]): void {
  void createMain(commands)(process.argv.slice(2)).then((code) => {
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
    if (outputSettled()) process.exit();
  });
}
