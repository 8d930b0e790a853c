// The executable's entry for `cnncalc table` alone (bundled to dist/table.cjs; bin/cnncalc.cjs loads
// it for that command): the table is the command run most, and its start-up is most of its run.
// Without the other commands this bundle and its code cache are about half and three fifths the size
// of the whole CLI's (279 KB and 488 KB against 543 KB and 788 KB), and on this machine kind every
// 4 KiB page a process touches costs 11-15 us: reading and deserializing the smaller pair touches
// about 400 fewer pages (CONTRIBUTING.md, start-up).
import { table } from './commands/table.js';
import { start } from './start.js';

start([table]);
