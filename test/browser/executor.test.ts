// The executor's WebAssembly kernels in a browser, their threads Web Workers (issue #13: the same
// kernels run in the browser, worker_threads in Node). Headless Chromium opens a page served from
// 127.0.0.1 with the headers that make it cross-origin isolated (COOP same-origin, COEP
// require-corp), without which a page has no SharedArrayBuffer and so no shared WebAssembly memory;
// the page's Web Worker runs the executor (executor/worker.ts) as the README tells a page to. Each
// job's output and parameters must be the bits Node computes for the same job: the same kernels,
// whose results do not depend on the thread count. verify's checks must pass there too.

import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeThreads } from '../../src/cli/threads-node.js';
import { configureThreads } from '../../src/exec/threads/pool.js';
import { ROOT } from '../helpers.js';
import { HAVE_CHROMIUM, launchChromium } from './chromium.js';
import { runJob, type Job, type Ran } from './executor/job.js';

const PAGE = `<!doctype html><meta charset="utf-8"><title>cnncalc executor</title>
<script>
const executor = new Worker('worker.js');
window.run = (job) => new Promise((resolve, reject) => {
  executor.onmessage = (e) => resolve(e.data);
  executor.onerror = (e) => reject(new Error(e.message));
  executor.postMessage(job);
});
</script>`;

// 3x3 over 3 channels (im2col + GEMM), 3x3 over 16 (Winograd), pooling, 1x1 (a GEMM on the image
// itself), FC at batch 2 (its fused backward)
const NET = 'INPUT [12x12x3] => CONV3-16 => RELU => CONV3-16 => RELU => POOL2 => CONV1-8 => RELU => FC-10';

type Answer = Ran & { readonly isolated: boolean; readonly ready: boolean };

describe.skipIf(!HAVE_CHROMIUM)('the executor in Chromium, its kernels on Web Workers', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const worker = await build({ entryPoints: [join(ROOT, 'test/browser/executor/worker.ts')], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'warning' });
    const files = new Map([['/', ['text/html', PAGE]], ['/worker.js', ['text/javascript', worker.outputFiles[0]!.text]]]);
    server = createServer((request, response) => {
      const file = files.get(request.url ?? '');
      const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
      response.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain', ...isolation });
      response.end(file?.[1] ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    configureThreads({ threads: 1 });
    expect(pageErrors).toEqual([]);
  });

  /** The job's answer from the page's executor; a job that never ends (its kernels waiting for
   *  threads that cannot start) fails after 20 s rather than hanging the run. */
  function inBrowser(job: Job, threads: number, wait = true): Promise<Answer> {
    const run = ([j, t, w]: readonly [Job, number, boolean]): Promise<Answer> => (globalThis as unknown as { run(job: object): Promise<Answer> }).run({ ...j, threads: t, wait: w });
    const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in 20 s from the page's executor (${threads} threads)`)), 20_000).unref());
    return Promise.race([page.evaluate(run, [job, threads, wait] as const), stuck]);
  }

  function inNode(job: Job): Ran {
    configureThreads(nodeThreads(2));
    const ran = runJob(job);
    expect([ran.wasm, ran.threads, ran.verified]).toEqual([true, 2, true]);
    return ran;
  }

  function expectSame(got: Answer, want: Ran, threads: number, ready: boolean): void {
    expect({ wasm: got.wasm, isolated: got.isolated, threads: got.threads, ready: got.ready, verified: got.verified }).toEqual({ wasm: true, isolated: true, threads, ready, verified: true });
    expect(got.output).toEqual(want.output);
    expect(got.params).toEqual(want.params);
  }

  // First, so that its threads are new: a Web Worker starts only once the thread that made it is
  // back in its event loop, so this job finds none started, and its kernels must run on the calling
  // thread (threadCount() 1) rather than wait for ever for the others (pool.ts)
  it('a job posted as its threads are made runs while they start, with the same bits', async () => {
    const job: Job = { source: NET, batch: 2, train: true };
    expectSame(await inBrowser(job, 2, false), inNode(job), 1, false);
  });

  for (const train of [false, true]) {
    it(`${train ? 'a training step (SGD)' : 'a forward pass'} gives the bits Node gives, on two threads and one`, async () => {
      const job: Job = { source: NET, batch: 2, train };
      const want = inNode(job);
      for (const threads of [2, 1]) expectSame(await inBrowser(job, threads), want, threads, true);
    });
  }
});
