// The executable's entry: run main and exit with its code.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
