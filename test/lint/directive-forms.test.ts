// The disable directives beside cnncalc-disable-next-line (config.test.ts): cnncalc-disable-line at
// the end of a line, file-level cnncalc-disable, and comments that look like a directive but are none.
import { describe, expect, it } from 'vitest';
import { findings, lintSource, messagesOf } from './helpers.js';

// POOL(f=4, s=4) on 32 gives 8, the second on 8 gives 2: one large-pool note on each of lines 2 and 3
const BODY = '=> CONV3-8 => RELU => POOL(f=4, s=4)\n=> POOL(f=4, s=4) => FC-10';
const lines = (source: string, rule: string): number[] => findings(source, {}, rule).map((f) => f.line);

describe('# cnncalc-disable-line', () => {
  it('silences the named rule on its own line only', () => {
    expect(lines(`INPUT [32x32x3]\n${BODY}`, 'large-pool')).toEqual([2, 3]);
    const source = `INPUT [32x32x3]\n${BODY.replace('\n', '  # cnncalc-disable-line large-pool -- 4x4 on purpose\n')}`;
    expect(lines(source, 'large-pool')).toEqual([3]);
    expect(findings(source, {}, 'unused-disable-directive')).toEqual([]);
  });

  it('on a line without code it silences nothing, and says so', () => {
    const source = `INPUT [32x32x3]\n# cnncalc-disable-line large-pool\n${BODY}`;
    expect(lines(source, 'large-pool')).toEqual([3, 4]);
    expect(messagesOf(source, 'unused-disable-directive')).toEqual(["this directive silences nothing: nothing on line 2 is reported by 'large-pool'"]);
  });
});

describe('# cnncalc-disable (the whole file)', () => {
  it('silences the named rules everywhere, written anywhere in the file', () => {
    expect(lines(`# cnncalc-disable large-pool -- pools hard on purpose\nINPUT [32x32x3]\n${BODY}`, 'large-pool')).toEqual([]);
    expect(lines(`INPUT [32x32x3]\n${BODY}\n# cnncalc-disable large-pool`, 'large-pool')).toEqual([]);
    expect(findings(`INPUT [32x32x3]\n${BODY}\n# cnncalc-disable large-pool`, {}, 'unused-disable-directive')).toEqual([]);
  });

  it('names its rules: others still report, one that reports nothing is an unused directive', () => {
    const source = `# cnncalc-disable large-filter\nINPUT [32x32x3]\n${BODY}`;
    expect(lines(source, 'large-pool')).toEqual([3, 4]);
    expect(messagesOf(source, 'unused-disable-directive')).toEqual(["this directive silences nothing: nothing in this file is reported by 'large-filter'"]);
  });

  it('an unknown rule or no rule is reported as for the next-line form', () => {
    const source = `# cnncalc-disable large-pol\n# cnncalc-disable\nINPUT [32x32x3]\n${BODY}`;
    // 'large-pol' starts after '# cnncalc-disable ' (18 characters): column 19
    expect(findings(source, {}, 'unknown-disable-rule')).toEqual([
      { rule: 'unknown-disable-rule', line: 1, column: 19, severity: 'warning' },
      { rule: 'unknown-disable-rule', line: 2, column: 1, severity: 'warning' },
    ]);
    expect(lintSource(source).diagnostics.filter((d) => d.code === 'unknown-disable-rule').map((d) => d.hint)).toEqual([
      "did you mean 'large-pool'?",
      'name the rules to silence: # cnncalc-disable RULE[, RULE...]',
    ]);
  });
});

describe('unknown-directive', () => {
  it('a misspelt form is reported and silences nothing', () => {
    const source = `INPUT [32x32x3]\n# cnncalc-disable-nextline large-pool\n${BODY}`;
    expect(lines(source, 'large-pool')).toEqual([3, 4]);
    // the word starts after '# ': column 3
    expect(findings(source, {}, 'unknown-directive')).toEqual([{ rule: 'unknown-directive', line: 2, column: 3, severity: 'warning' }]);
    expect(messagesOf(source, 'unknown-directive')).toEqual(["'cnncalc-disable-nextline' is not a cnncalc directive; it silences nothing"]);
    expect(lintSource(source).diagnostics.find((d) => d.code === 'unknown-directive')!.hint).toBe("did you mean 'cnncalc-disable-next-line'?");
  });

  it('capitals, a missing space and forms cnncalc does not have are reported too', () => {
    for (const comment of ['# CNNCALC-DISABLE large-pool', '#cnncalc-disable-line:large-pool', '# cnncalc-enable large-pool', '#   cnncalc-ignore']) {
      expect(findings(`INPUT [32x32x3]\n${BODY}  ${comment}`, {}, 'unknown-directive').length, comment).toBe(1);
    }
  });

  it('ordinary comments, and the real forms, are not', () => {
    const source = `# checked by cnncalc-lint in CI\n# cnncalc-disable large-filter\nINPUT [32x32x3]  # cnncalc-disable-line large-pool\n# cnncalc-disable-next-line large-pool\n${BODY}`;
    expect(findings(source, {}, 'unknown-directive')).toEqual([]);
  });
});
