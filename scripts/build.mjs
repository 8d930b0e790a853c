// Build: type declarations with tsc, the library as one ES module (dist/index.js) and as CommonJS
// (dist/index.cjs), the CLI as one CommonJS file (dist/cli.cjs) and its V8 code cache (see bin/cnncalc.cjs for why).
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

const shared = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };
await build({ ...shared, format: 'esm', entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
// The same library as CommonJS, for require('cnncalc'): chevrotain and chalk are inside both bundles,
// so neither is a runtime dependency.
await build({ ...shared, format: 'cjs', entryPoints: ['src/index.ts'], outfile: 'dist/index.cjs' });
// The CLI bundle is a function expression (bin/cnncalc.cjs compiles it as is, with its code cache),
// in ASCII (esbuild escapes the rest), so that the loader can read it as latin1 without decoding UTF-8.
await build({
  ...shared,
  format: 'cjs',
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.cjs',
  minify: true,
  charset: 'ascii',
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
});

// Warm the code cache with a typical run, so that the functions it compiles are in the cache too.
execFileSync(process.execPath, ['bin/cnncalc.cjs', 'table', 'examples/vgg16.cnn'], {
  env: { ...process.env, CNNCALC_WRITE_CODE_CACHE: '1' },
  stdio: 'ignore',
});
