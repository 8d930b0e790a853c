// npm run web: the playground (web/) built to static files in web/dist (or the folder given):
// index.html, style.css and one script. The script is a classic one (an IIFE, not a module), so
// the page also works opened straight from disk: Chromium refuses module scripts over file://.
// The examples' text is bundled in, read here from examples/*.cnn at build time.

import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const EXAMPLES = join(ROOT, 'examples');
const STATIC_FILES = ['index.html', 'style.css'];

/** The module 'cnncalc:examples' (web/src/examples.d.ts): every example's name and text, by name. */
async function examplesModule() {
  const names = (await readdir(EXAMPLES)).filter((n) => n.endsWith('.cnn')).sort();
  const examples = await Promise.all(names.map(async (n) => ({ name: n.slice(0, -'.cnn'.length), text: await readFile(join(EXAMPLES, n), 'utf8') })));
  return `export const EXAMPLES = ${JSON.stringify(examples)};`;
}

const examplesPlugin = {
  name: 'cnncalc-examples',
  setup(b) {
    b.onResolve({ filter: /^cnncalc:examples$/ }, (args) => ({ path: args.path, namespace: 'cnncalc-examples' }));
    b.onLoad({ filter: /.*/, namespace: 'cnncalc-examples' }, async () => ({ contents: await examplesModule(), loader: 'js', watchFiles: [EXAMPLES] }));
  },
};

export async function buildWeb(outdir = join(WEB, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(WEB, 'src', 'main.ts')],
    outfile: join(outdir, 'playground.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    plugins: [examplesPlugin],
    logLevel: 'warning',
  });
  await Promise.all(STATIC_FILES.map((f) => copyFile(join(WEB, f), join(outdir, f))));
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outdir = await buildWeb(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`playground built: open ${pathToFileURL(join(outdir, 'index.html')).href}`);
}
