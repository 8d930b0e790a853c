// The playground (web/) in a real browser: headless Chromium driven by playwright-core, the page
// built by scripts/web.mjs into a temporary folder and opened from disk, as the README tells users
// to. Expected figures come from outside cnncalc: VGG16's 138,357,544 and ResNet-18's 11,689,512
// parameters (torchvision), hand-counted error positions and hand-multiplied bytes.
// CNNCALC_WRITE_SCREENSHOTS=1 also writes docs/images/playground*.png.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, ROOT } from '../helpers.js';
import { HAVE_CHROMIUM, launchChromium } from './chromium.js';

const SCREENSHOTS = process.env.CNNCALC_WRITE_SCREENSHOTS === '1';

/** What the tests read of the page's <textarea> (this project's types have no DOM). */
interface TextArea {
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  setSelectionRange(start: number, end: number): void;
}

describe.skipIf(!HAVE_CHROMIUM)('the playground in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cnncalc-web-'));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'web.mjs'), dir]);
    url = pathToFileURL(join(dir, 'index.html')).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  /** A page at 1280x800 (or the size given), with the first update drawn. */
  async function open(address = url, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(address);
    await page.waitForFunction('window.__lastUpdate !== undefined');
    return page;
  }

  /** Replaces the text as typing would (one input event), and waits for the fragment to follow. */
  async function type(page: Page, text: string): Promise<void> {
    await page.fill('#source', text);
    await page.waitForSelector('html[data-saved="yes"]');
  }

  const shown = (page: Page, id: string) => page.locator(`#${id} dd`).innerText();

  it('shows VGG16 totals and its budget as it is typed', async () => {
    const page = await open();
    await type(page, example('vgg16.cnn'));
    expect(await shown(page, 'total-params')).toContain('138,357,544');
    expect(await page.locator('table.layers tfoot').innerText()).toContain('138,357,544');
    await page.click('#tab-budget');
    // parameters at fp32: 138,357,544 x 4 bytes (VGG16 has no BN statistics)
    expect(await page.locator('#budget').innerText()).toContain('553,430,176');
    await page.close();
  });

  it('positions an error: line and column in the message, the span marked, a click selects it', async () => {
    const page = await open();
    // line 2 is "=> CONV3-64 => FOO": FOO starts at column 16, offset 16 + 15 = 31
    await type(page, 'INPUT [32x32x3]\n=> CONV3-64 => FOO\n');
    const problem = page.locator('.problem').first();
    expect(await problem.innerText()).toContain('playground.cnn:2:16  error  unknown-name');
    expect(await page.locator('#backdrop mark').innerText()).toBe('FOO');
    expect(await page.locator('#gutter .error-line').innerText()).toBe('2');
    if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', 'playground-error.png') });
    await problem.click();
    expect(await page.locator('#source').evaluate((t: TextArea) => [t.selectionStart, t.selectionEnd])).toEqual([31, 34]);
    await type(page, 'INPUT [32x32x3]\n=> CONV3-64 => RELU\n');
    expect(await page.locator('.problems-box').innerText()).toBe('No errors.');
    await page.close();
  });

  it('keeps the text and the controls in the URL: a new page opened at it shows the same', async () => {
    for (const [text, form] of [[example('resnet50.cnn'), 'z='], ['INPUT [28x28x1] => FC-10', 'text=']] as const) {
      const page = await open();
      await page.selectOption('#runtime', 'pytorch-cpu');
      await page.selectOption('#device', 'T4'); // a device sets the runtime back to pytorch-cuda
      await page.selectOption('#optimizer', 'adam');
      await page.fill('#batch', '8');
      await type(page, text);
      const shared = page.url();
      expect(new URL(shared).hash.startsWith(`#${form}`)).toBe(true);
      const again = await open(shared);
      expect(await again.inputValue('#source')).toBe(text);
      const controls = await Promise.all(['#batch', '#optimizer', '#runtime', '#device'].map((s) => again.inputValue(s)));
      expect(controls).toEqual(['8', 'adam', 'pytorch-cuda', 'T4']);
      await Promise.all([page.close(), again.close()]);
    }
  });

  it('says so when a link cannot be read, and shows the first example', async () => {
    const page = await open(`${url}#z=not-deflate`);
    expect(await page.locator('.problems-box .note').innerText()).toContain("The link's state could not be read");
    expect(await page.inputValue('#source')).toBe(example('lenet5.cnn'));
    await page.close();
  });

  it('loads an example with one click', async () => {
    const page = await open();
    await page.click('button[data-name="resnet18"]');
    expect(await page.inputValue('#source')).toBe(example('resnet18.cnn'));
    expect(await shown(page, 'total-params')).toContain('11,689,512');
    expect(await page.locator('button.current').innerText()).toBe('resnet18');
    if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', 'playground.png') });
    await page.close();
  });

  it('draws the diagram with the output shapes, and redraws it after an edit', async () => {
    const page = await open();
    await page.click('button[data-name="resnet18"]');
    await page.click('#tab-diagram');
    await page.waitForSelector('#panel-diagram svg');
    const svg = await page.locator('#panel-diagram svg').innerHTML();
    // ResNet-18's output shapes at 224 (torchvision's): the stem, the four stages, the pooled map, the classifier
    for (const shape of ['112x112x64', '56x56x64', '28x28x128', '14x14x256', '7x7x512', '1x1x512', '1x1x1000']) expect(svg).toContain(shape);
    if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', 'playground-diagram.png') });
    await type(page, example('resnet18.cnn').replace('FC-1000', 'FC-10'));
    await page.waitForFunction("document.querySelector('#panel-diagram svg').innerHTML.includes('1x1x10<')");
    await page.close();
  });

  it('works on a narrow window', async () => {
    const page = await open(url, { width: 420, height: 900 });
    await page.click('button[data-name="googlenet"]');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0); // wide tables scroll inside their panel, not the page
    if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', 'playground-narrow.png'), fullPage: true });
    await page.close();
  });

  it('times a keystroke in ResNet-50 (printed, not asserted: the machine decides)', async () => {
    const page = await open();
    await page.click('button[data-name="resnet50"]');
    // the default runtime, and a CPU one: pytorch-cuda models the caching allocator, the most work
    for (const runtime of ['pytorch-cuda', 'pytorch-cpu']) {
      await page.selectOption('#runtime', runtime);
      await page.focus('#source');
      await page.locator('#source').evaluate((t: TextArea) => {
        const at = t.value.lastIndexOf('FC-1000') + 'FC-1000'.length;
        t.setSelectionRange(at, at);
      });
      // each keystroke changes the analysis: FC-1000 becomes FC-10000 and back
      const runs: Record<string, number>[] = [];
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press(i % 2 ? 'Backspace' : '0');
        runs.push(await page.evaluate('window.__lastUpdate'));
      }
      expect(await page.inputValue('#source')).toBe(example('resnet50.cnn'));
      expect(new Set(runs.map((r) => r.total)).size).toBeGreaterThan(1); // each keystroke was timed anew
      const median = (key: string): string => runs.map((r) => r[key]!).sort((a, b) => a - b)[runs.length >> 1]!.toFixed(1);
      const parts = ['analysis', 'errors', 'table', 'budget', 'layout'].map((k) => `${k} ${median(k)}`).join(', ');
      console.log(`playground: ResNet-50 keystroke update (${runtime}), median of ${runs.length}: ${median('total')} ms (${parts})`);
    }
    // the diagram, redrawn after the update (Graphviz's layout and the SVG), for a few edits
    await page.click('#tab-diagram');
    await page.waitForSelector('#panel-diagram svg');
    await page.focus('#source'); // the caret stays after FC-1000
    const draws: number[] = [];
    const layouts: number[] = [];
    const updates: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.evaluate('window.__lastDiagram = undefined; window.__lastLayout = undefined');
      await page.keyboard.press(i % 2 ? 'Backspace' : '0');
      await page.waitForFunction('window.__lastDiagram !== undefined && window.__lastLayout !== undefined');
      draws.push(await page.evaluate('window.__lastDiagram'));
      updates.push(await page.evaluate('window.__lastUpdate.total + window.__lastDiagram'));
      layouts.push(await page.evaluate('window.__lastLayout'));
    }
    expect(await page.locator('#panel-diagram svg').innerHTML()).toContain('1x1x1000<'); // back to FC-1000, laid out anew
    const middle = (xs: number[]): string => xs.sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1);
    console.log(`playground: ResNet-50 diagram after an edit, median of ${draws.length}: redrawn in the last layout ${middle(draws)} ms (${middle(updates)} ms from the keystroke, the update included), its own layout ${middle(layouts)} ms`);
    await page.close();
  });
});
