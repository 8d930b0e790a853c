// Build: type declarations with tsc, the library as one ES module (dist/index.js) and as CommonJS
// (dist/index.cjs), the CLI as CommonJS bundles (dist/cli.cjs, and dist/table.cjs for `table` alone)
// with their V8 code caches (see bin/cnncalc.cjs for why).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesModule, compileKernels, TARGET } from './wasm.mjs';

// The WebAssembly kernels first (scripts/wasm.mjs): the bundles below embed kernels.bytes.ts.
writeFileSync(TARGET, bytesModule((await compileKernels()).binary));

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// The declarations once more as .d.cts, for TypeScript projects that compile to CommonJS (module
// node16): the package is "type": "module", so TypeScript reads every .d.ts as an ES module, which a
// CommonJS file cannot import. The text is the same; relative imports name the .cjs twins.
function commonJsDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) commonJsDeclarations(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(/((?:from |import\()['"]\.{1,2}\/[^'"]*)\.js(['"])/g, '$1.cjs$2');
      writeFileSync(path.slice(0, -'.d.ts'.length) + '.d.cts', text);
    }
  }
}
commonJsDeclarations('dist');

// Large libraries that only some commands use (the graph layout, protobuf) are bundled apart, each
// as dist/vendor/<name>.cjs, and loaded by `await import()` when a command needs one, so the
// table's start-up never reads them. Bundled, they need no runtime dependency, and CommonJS loads
// on every Node 20 (one of them is an ES module only, which require() cannot load before 20.19).
const VENDORED = ['@hpcc-js/wasm-graphviz', 'protobufjs/light.js'];
const vendorFile = (pkg) => `vendor/${pkg.replace('@', '').replace(/\.js$/, '').replaceAll('/', '-')}.cjs`;
/** Imports of a vendored library resolve to its bundle, `from` the directory of the importer at run time. */
const vendored = (from) => ({
  name: 'vendored',
  setup(b) {
    const filter = new RegExp(`^(${VENDORED.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `${from}/${vendorFile(args.path)}`, external: true }));
  },
});

// chevrotain's applyMixins copies about 300 methods onto its Parser's prototype one by one, and V8
// copies the prototype's growing descriptor array at each: 0.7 MB of garbage and 2 ms at every start
// (V8's sampling heap profiler). Put in dictionary mode first, the same copies cost a tenth; made
// fast again once filled (as chevrotain's toFastProperties does its parsers), since a dictionary
// prototype made parsing a 100,000-layer file a tenth slower. The patch is asserted, so a
// chevrotain whose code differs fails the build instead of going unpatched.
const MIXINS_FILE = /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]utils[\\/]apply_mixins\.js$/;
const MIXINS_START = 'export function applyMixins(derivedCtor, baseCtors) {\n';
const MIXINS_PATCH = `export function applyMixins(derivedCtor, baseCtors) {
    derivedCtor.prototype.__dictionary = 0;
    delete derivedCtor.prototype.__dictionary;
    copyMixins(derivedCtor, baseCtors);
    function Fake() {}
    Fake.prototype = derivedCtor.prototype;
    const probe = new Fake();
    void probe.fast;
    void probe.fast;
}
function copyMixins(derivedCtor, baseCtors) {
`;
const fastMixins = {
  name: 'fast-mixins',
  setup(b) {
    b.onLoad({ filter: MIXINS_FILE }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.startsWith(MIXINS_START)) throw new Error(`${args.path} is not the applyMixins scripts/build.mjs patches`);
      return { contents: MIXINS_PATCH + text.slice(MIXINS_START.length), loader: 'js' };
    });
  },
};

const shared = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };
for (const pkg of VENDORED) {
  await build({ ...shared, format: 'cjs', minify: true, stdin: { contents: `export * from '${pkg}';`, resolveDir: '.' }, outfile: `dist/${vendorFile(pkg)}` });
}
await build({ ...shared, format: 'esm', entryPoints: ['src/index.ts'], outfile: 'dist/index.js', plugins: [vendored('.'), fastMixins] });
// The same library as CommonJS, for require('cnncalc'): chevrotain and chalk are inside both bundles,
// so neither is a runtime dependency.
await build({ ...shared, format: 'cjs', entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs', plugins: [vendored('.'), fastMixins] });
// The CLI bundles are function expressions (bin/cnncalc.cjs compiles one as is, with its code cache),
// in ASCII (esbuild escapes the rest), so that the loader can read them as latin1 without decoding
// UTF-8: dist/cli.cjs with every command, and dist/table.cjs with `table` alone (src/cli/bin-table.ts
// says why).
const CLI_BUNDLES = { 'dist/cli.cjs': 'src/cli/bin.ts', 'dist/table.cjs': 'src/cli/bin-table.ts' };
for (const [outfile, entry] of Object.entries(CLI_BUNDLES)) {
  await build({
    ...shared,
    format: 'cjs',
    entryPoints: [entry],
    outfile,
    minify: true,
    charset: 'ascii',
    // import() as require(): bin/cnncalc.cjs runs the bundle as a vm.Script, which has no loader for
    // import(); its require() is bin's, so a vendored bundle's path is relative to bin/.
    supported: { 'dynamic-import': false },
    plugins: [vendored('../dist'), fastMixins],
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
  });
}

// Warm the code caches with typical runs, so that the functions they compile are in the caches too
// (each run starts from the cache the last one wrote): the table's with a flat network, then one with
// blocks; the whole CLI's with the checks CI runs most, lint and the budget.
const WARM_UPS = [
  ['table', 'examples/vgg16.cnn'],
  ['table', 'examples/efficientnet_v2_s.cnn'],
  ['lint', 'examples/vgg16.cnn'],
  ['budget', 'examples/vgg16.cnn', '--batch', '8'],
];
for (const args of WARM_UPS) {
  execFileSync(process.execPath, ['bin/cnncalc.cjs', ...args], {
    env: { ...process.env, CNNCALC_WRITE_CODE_CACHE: '1' },
    stdio: 'ignore',
  });
}
