// The error codes' catalogue (src/diagnostics/errors.ts) and the table grammar/README.md shows of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { updateErrorTable } from '../../src/diagnostics/error-docs.js';
import { ERRORS } from '../../src/diagnostics/errors.js';
import { ROOT } from '../helpers.js';

const readme = readFileSync(`${ROOT}grammar/README.md`, 'utf8');

describe('the catalogue of error codes', () => {
  it('is the table of grammar/README.md (node scripts/error-docs.mjs rewrites it)', () => {
    expect(updateErrorTable(readme)).toBe(readme);
  });

  // The examples that are one input as written: the docs show what compiling it says.
  const literal = Object.entries(ERRORS).flatMap(([code, { example }]) => {
    const input = example && /^`([^`]+)`$/.exec(example.input)?.[1];
    return input ? [{ code, input, message: example.message }] : [];
  });

  it('has examples that can be run', () => {
    expect(literal.length).toBeGreaterThan(8);
  });

  it.each(literal)('$code: $input', ({ code, input, message }) => {
    const [first] = compile(input).diagnostics;
    expect(first && { code: first.code, message: `${first.span.start.line}:${first.span.start.column} ${first.message}` }).toEqual({ code, message });
  });
});
