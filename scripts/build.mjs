// Build: type declarations with tsc, then two bundles with esbuild (the library entry and the
// CLI), each one file, so that start-up does not resolve hundreds of modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

const shared = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', legalComments: 'none' };
await build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
await build({ ...shared, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', minifyWhitespace: true, minifySyntax: true });
