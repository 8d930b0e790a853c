#!/usr/bin/env node
// The cnncalc command. It runs a bundled file (npm run build) through V8's code cache: compiling the
// bundle (chevrotain included) would otherwise take longer than reading and analysing VGG16. The
// bundle is dist/table.cjs for `cnncalc table`, which holds that command alone (src/cli/bin-table.ts
// says why), and dist/cli.cjs, with every command, for the rest. Each one's cache (.cache beside it)
// is written by the build; if it is missing or V8 rejects it (another Node version), the bundle is
// simply compiled as usual.
'use strict';
// Built-in modules by process.getBuiltinModule where there is one (Node 20.16 on): it resolves
// nothing, and require's first call costs a tenth of a millisecond more. The bundle gets a require
// that does the same for its built-ins and leaves the rest (dist/vendor/) to require.
const builtin = process.getBuiltinModule ?? require;
const fs = builtin('node:fs');
const path = builtin('node:path');
const vm = builtin('node:vm');
const bundleRequire = process.getBuiltinModule ? (id) => process.getBuiltinModule(id) ?? require(id) : require;

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
const bundle = { exports: {}, require: bundleRequire };
script.runInThisContext()(bundle.exports, bundleRequire, bundle, file, path.dirname(file));
// Written when the run has ended: the command runs after the bundle's function returns (main is
// async), and only the functions compiled by then are in the cache. Written right away, the cache
// held the start-up's functions and none of the table's.
if (process.env.CNNCALC_WRITE_CODE_CACHE === '1') process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
