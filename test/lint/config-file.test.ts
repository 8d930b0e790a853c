// cnncalc.config.json read and checked (src/lint/config-file.ts, pure): every problem at the line and
// column of the key or value at fault, and the overrides' globs. The positions are counted by hand
// in the texts below.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configForPath, parseLintConfigFile } from '../../src/lint/config-file.js';
import { globMatcher } from '../../src/lint/glob.js';
import { ROOT } from '../helpers.js';

function problems(text: string) {
  const { config, errors } = parseLintConfigFile(text);
  if (errors.length > 0) expect(config).toBeNull();
  return errors.map((e) => ({ line: e.span.start.line, column: e.span.start.column, message: e.message, hint: e.hint, code: e.code }));
}

describe('a valid configuration', () => {
  it('reads rules, strict, maxWarnings and overrides', () => {
    const text = JSON.stringify({ rules: { 'large-pool': 'off' }, strict: true, maxWarnings: 3, overrides: [{ files: ['legacy/*.cnn'], rules: { 'large-filter': 'error' }, strict: false }] });
    const { config, errors } = parseLintConfigFile(text);
    expect(errors).toEqual([]);
    expect(config).toEqual({ rules: { 'large-pool': 'off' }, strict: true, maxWarnings: 3, overrides: [{ files: ['legacy/*.cnn'], rules: { 'large-filter': 'error' }, strict: false }] });
    expect(configForPath(config!, 'legacy/old.cnn')).toEqual({ rules: { 'large-pool': 'off', 'large-filter': 'error' }, strict: false });
    expect(configForPath(config!, 'nets/new.cnn')).toEqual({ rules: { 'large-pool': 'off' }, strict: true });
  });

  it('an empty object is a configuration that changes nothing; later overrides win', () => {
    expect(parseLintConfigFile('{}')).toEqual({ config: { rules: {}, overrides: [] }, errors: [] });
    const { config } = parseLintConfigFile('{"overrides": [{"files": "*.cnn", "rules": {"large-pool": "error"}}, {"files": "a.cnn", "rules": {"large-pool": "note"}}]}');
    expect(configForPath(config!, 'a.cnn').rules).toEqual({ 'large-pool': 'note' });
    expect(configForPath(config!, 'b.cnn').rules).toEqual({ 'large-pool': 'error' });
  });
});

describe('a bad configuration: each problem at its position', () => {
  it('problems come in the order they stand in the file', () => {
    // line 1 `{"rules": {"large-pool": "loud"},`: the bad level's value at 1:26;
    // line 2 `"colour": true}`: the unknown key at 2:1
    const found = problems('{"rules": {"large-pool": "loud"},\n"colour": true}');
    expect(found.map((p) => [p.line, p.column])).toEqual([
      [1, 26],
      [2, 1],
    ]);
  });

  it('bad JSON: a trailing comma, at the character that JSON does not allow', () => {
    // line 2 is `  "rules": {"large-pool": "off"},` and line 3 is `}`: the '}' after the comma, 3:1
    expect(problems('{\n  "rules": {"large-pool": "off"},\n}\n')).toEqual([
      { line: 3, column: 1, code: 'bad-config', message: "not valid JSON: expected a key in double quotes, found '}'", hint: 'write strict JSON: keys in double quotes, no comments, no trailing commas' },
    ]);
    expect(problems('{"rules": ')[0]).toMatchObject({ line: 1, column: 11, message: expect.stringContaining('found the end of the file') });
    expect(problems("{'rules': {}}")[0]).toMatchObject({ line: 1, column: 2 });
  });

  it('bad JSON inside a string, and nesting past 64, at the character at fault', () => {
    // {"rules": {"a\qb": "off"}}: the backslash at column 14; {"strict": "<tab>"}: the tab at column 13
    expect(problems('{"rules": {"a\\qb": "off"}}').map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 14, 'not valid JSON: a bad escape in a string (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)'],
    ]);
    expect(problems('{"strict": "\t"}').map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 13, 'not valid JSON: a control character inside a string (write \\n, \\t or \\u0001 instead)'],
    ]);
    // {"rules": "off has 14 characters: the end of the file is column 15
    expect(problems('{"rules": "off').map((p) => [p.line, p.column, p.message])).toEqual([[1, 15, 'not valid JSON: a string without its closing quote']]);
    // the 65th '[' (offset 64) is one container too many
    expect(problems('['.repeat(100)).map((p) => [p.line, p.column, p.message])).toEqual([[1, 65, 'not valid JSON: nested more than 64 deep']]);
  });

  it('a byte order mark is allowed and counted as a column; numbers are quoted as written', () => {
    // BOM, then {"strict": 1}: the 1 at offset 11 + 1 for the mark, column 13
    expect(problems('\ufeff{"strict": 1}').map((p) => [p.column, p.message])).toEqual([[13, '"strict" is true or false, not 1']]);
    // JSON.parse would make 1e400 Infinity
    expect(problems('{"maxWarnings": 1e400}')[0]!.message).toBe('"maxWarnings" is a whole number of at least 0, not 1e400');
  });

  it('an unknown rule, with the nearest one', () => {
    // `  "rules": { "large-pol": "off" }`: the key's quote is at column 14
    expect(problems('{\n  "rules": { "large-pol": "off" }\n}')).toEqual([
      { line: 2, column: 14, code: 'bad-config', message: '"large-pol" is not a lint rule', hint: 'did you mean "large-pool"?' },
    ]);
  });

  it('a bad level: eslint\'s "warn" and numbers are not levels', () => {
    // {"rules": {"large-pool": "warn", "large-filter": 2}}: "warn" at column 26, 2 at column 50
    const found = problems('{"rules": {"large-pool": "warn", "large-filter": 2}}');
    expect(found.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 26, 'the level of "large-pool" is "warn"'],
      [1, 50, 'the level of "large-filter" is 2'],
    ]);
    expect(found[0]!.hint).toBe('write "off", "note", "warning" or "error"');
  });

  it('a bad key at the top and in an override, with a suggestion', () => {
    // {"max-warnings": 0}: the key at column 2; `"strickt"` in the override at line 2, column 37
    expect(problems('{"max-warnings": 0}')).toEqual([
      { line: 1, column: 2, code: 'bad-config', message: '"max-warnings" is not a setting of the configuration', hint: 'did you mean "maxWarnings"?' },
    ]);
    expect(problems('{"overrides": [\n  {"files": ["a.cnn"], "rules": {}, "strickt": true}\n]}').map((p) => [p.line, p.column, p.hint])).toEqual([[2, 37, 'did you mean "strict"?']]);
  });

  it('a key given twice, at the second one', () => {
    // {"rules": {"large-pool": "off", "large-pool": "error"}}: the second key at column 33
    expect(problems('{"rules": {"large-pool": "off", "large-pool": "error"}}')).toEqual([
      { line: 1, column: 33, code: 'bad-config', message: '"large-pool" is given twice (first at line 1, column 12)', hint: 'keep one of them' },
    ]);
    expect(problems('{"strict": true,\n "strict": false}').map((p) => [p.line, p.column])).toEqual([[2, 2]]);
    // a third "large-pool" also names the first: at column 33 + 23 (`"large-pool": "error", `) = 56
    expect(problems('{"rules": {"large-pool": "off", "large-pool": "error", "large-pool": "note"}}').map((p) => [p.column, p.message])).toEqual([
      [33, '"large-pool" is given twice (first at line 1, column 12)'],
      [56, '"large-pool" is given twice (first at line 1, column 12)'],
    ]);
  });

  it('wrong types: strict, maxWarnings, overrides, files, and an override without files', () => {
    const found = problems('{"strict": "yes", "maxWarnings": -1, "overrides": {}, "rules": []}');
    expect(found.map((p) => p.message)).toEqual([
      '"strict" is true or false, not "yes"',
      '"maxWarnings" is a whole number of at least 0, not -1',
      '"overrides" is a list, not an object',
      '"rules" must be an object, not an array',
    ]);
    expect(problems('{"overrides": [{"files": []}, {"rules": {}}, 3]}').map((p) => [p.column, p.message])).toEqual([
      [26, '"files" is an empty list: the override applies to nothing'],
      [31, 'this override has no "files"'],
      [46, 'an override must be an object, not 3'],
    ]);
    expect(problems('[]')[0]!.message).toBe('the configuration must be an object, not an array');
    // {"overrides": [{"files": ["a.cnn", 3, ""]}]}: 3 at column 36, "" at column 39
    expect(problems('{"overrides": [{"files": ["a.cnn", 3, ""]}]}').map((p) => [p.column, p.message])).toEqual([
      [36, '"files" holds globs, not 3'],
      [39, '"files" holds globs, not an empty string'],
    ]);
  });
});

describe('globs, relative to the configuration\'s folder', () => {
  it('* stays in one folder, ** crosses folders, a pattern without / matches the name anywhere', () => {
    expect(globMatcher('nets/*.cnn')('nets/a.cnn')).toBe(true);
    expect(globMatcher('nets/*.cnn')('nets/sub/a.cnn')).toBe(false);
    expect(globMatcher('nets/**/*.cnn')('nets/sub/deep/a.cnn')).toBe(true);
    expect(globMatcher('nets/**/*.cnn')('nets/a.cnn')).toBe(true);
    expect(globMatcher('*.draft.cnn')('nets/sub/x.draft.cnn')).toBe(true);
    expect(globMatcher('./legacy/?.cnn')('legacy/a.cnn')).toBe(true);
    expect(globMatcher('{a,b}/*.cnn')('b/x.cnn')).toBe(true);
    expect(globMatcher('{a,b}/*.cnn')('c/x.cnn')).toBe(false);
    expect(globMatcher('a.cnn')('xa.cnn')).toBe(false);
  });
});

it('the examples in the README and docs/lint.md are valid configurations', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lintSection = readme.slice(readme.indexOf('## cnncalc lint'), readme.indexOf('<!-- options:lint -->'));
  const docs = readFileSync(join(ROOT, 'docs', 'lint.md'), 'utf8');
  const examples = [...`${lintSection}\n${docs}`.matchAll(/```json\n([^]*?)```/g)].map((m) => m[1]!.replace(/^ {2}/gm, ''));
  expect(examples.length).toBe(2);
  for (const text of examples) expect(problems(text)).toEqual([]);
});
