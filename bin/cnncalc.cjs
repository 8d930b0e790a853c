#!/usr/bin/env node
// The cnncalc command. It runs a bundled file (npm run build) through V8's code cache: compiling the
// bundle (chevrotain included) would otherwise take longer than reading and analysing VGG16. The
// bundle is dist/table.cjs for `cnncalc table`, which holds that command alone (src/cli/bin-table.ts
// says why), and dist/cli.cjs, with every command, for the rest. Each one's cache (.cache beside it)
// is written by the build; if it is missing or V8 rejects it (another Node version), the bundle is
// simply compiled as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, '..', 'dist', process.argv[2] === 'table' ? 'table.cjs' : 'cli.cjs');
const cacheFile = file + '.cache';
let source;
try {
  source = fs.readFileSync(file, 'latin1'); // ASCII, written so by the build
} catch {
  process.stderr.write(`cnncalc: ${file} is missing; run 'npm run build' (npm ci does it for you)\n`);
  process.exit(2);
}
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// The bundle is one function expression (see scripts/build.mjs), called as Node calls a module.
const script = new vm.Script(source, { filename: file, cachedData });
// module.require too: chevrotain's lodash asks it for util.types, else calls process.binding, which
// loads a module of its own at every start.
const bundle = { exports: {}, require };
script.runInThisContext()(bundle.exports, require, bundle, file, path.dirname(file));
// Written when the run has ended: the command runs after the bundle's function returns (main is
// async), and only the functions compiled by then are in the cache. Written right away, the cache
// held the start-up's functions and none of the table's.
if (process.env.CNNCALC_WRITE_CODE_CACHE === '1') process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
