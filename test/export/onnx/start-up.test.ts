// Start-up: the table path must not load protobufjs (README, start-up). The one place that loads it
// is export/onnx/encode.ts, through await import() when an ONNX model is encoded; the CLI reaches the
// ONNX export only through await import() in the export command.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('protobufjs stays off the start-up path', () => {
  it('only export/onnx/encode.ts imports it, and only in an await import()', () => {
    const naming = sources(join(ROOT, 'src')).filter((f) => /(from |import\()'protobufjs/.test(readFileSync(f, 'utf8')));
    expect(naming.map((f) => f.slice(ROOT.length))).toEqual(['src/export/onnx/encode.ts']);
    const text = readFileSync(naming[0]!, 'utf8');
    expect(text).toMatch(/await import\('protobufjs\/light\.js'\)/);
    expect(text).not.toMatch(/^import [^\n]*protobufjs/m);
  });

  it('the export command loads the ONNX writer and its encoder lazily', () => {
    const text = readFileSync(join(ROOT, 'src/cli/commands/export.ts'), 'utf8');
    expect(text).not.toMatch(/^import [^\n]*export\/onnx\/(index|encode|model)\.js/m);
    expect(text).toMatch(/await import\('\.\.\/\.\.\/export\/onnx\/index\.js'\)/);
  });
});
