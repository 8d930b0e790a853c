// The executable's entry (bundled to dist/cli.cjs; bin/cnncalc.cjs loads it): run main, set the exit
// code. A failure to write the output may have set one already (cli/output.ts); it is kept if higher.
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
});
