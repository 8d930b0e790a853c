// The executable's entry (bundled to dist/cli.cjs; bin/cnncalc.cjs loads it): run main, set the exit code.
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
