// --rule, --strict, the de-duplication of expanded layers and the disable directives, on lint() itself.
import { describe, expect, it } from 'vitest';
import { findings, lintSource, messagesOf } from './helpers.js';

const NET = [
  'INPUT [224x224x3]', //                                          line 1
  '=> CONV(f=11, k=96, s=4, p=0) => RELU', //                      line 2: 213 is not divisible by 4: warning
  '=> POOL(f=4, s=4)', //                                          line 3: large-pool (and 54 - 4 = 50 is not divisible by 4)
  '=> FC-10', //                                                   line 4
].join('\n');

describe('configuration', () => {
  it('--rule ID=off drops a rule, other levels replace the severity', () => {
    expect(findings(NET, { rules: { 'large-pool': 'off' } }, 'large-pool')).toEqual([]);
    expect(findings(NET, { rules: { 'large-pool': 'error' } }, 'large-pool')).toEqual([{ rule: 'large-pool', line: 3, column: 4, severity: 'error' }]);
    expect(findings(NET, { rules: { 'window-not-integral': 'note' } }, 'window-not-integral').map((f) => f.severity)).toEqual(['note', 'note']);
  });

  it('--strict makes every window-not-integral finding an error (notes too), and nothing else', () => {
    const strict = findings(NET, { strict: true });
    expect(strict.filter((f) => f.rule === 'window-not-integral').map((f) => f.severity)).toEqual(['error', 'error']);
    expect(strict.filter((f) => f.rule !== 'window-not-integral').every((f) => f.severity !== 'error')).toBe(true);
    // a padding-only note becomes an error too: ResNet's stem, 224 - 7 + 6 = 223
    expect(findings('INPUT [224x224x3] => CONV(f=7, k=64, s=2, p=3)', { strict: true }, 'window-not-integral')[0]!.severity).toBe('error');
  });

  it('an explicit --rule wins over --strict', () => {
    expect(findings(NET, { strict: true, rules: { 'window-not-integral': 'warning' } }, 'window-not-integral').map((f) => f.severity)).toEqual(['warning', 'warning']);
  });

  it('a layer that a repeat expands several times is reported once, at its position', () => {
    const source = 'INPUT [32x32x64] => [CONV(f=5, k=64) => RELU]*3 => FC-10';
    expect(findings(source, {}, 'large-filter')).toEqual([{ rule: 'large-filter', line: 1, column: 22, severity: 'note' }]);
    // each of the three sees 64 channels: the same message, so nothing is added
    // 5*5*64*64 = 102,400 weights; two 3x3: 2 * 3*3*64*64 = 73,728
    expect(messagesOf(source, 'large-filter')).toEqual([
      'CONV(f=5, k=64) on 32x32x64: one 5x5 filter bank holds 102,400 weights; two stacked 3x3 convolutions (64 -> 64 -> 64) see 5x5 with 73,728 weights and 1 more nonlinearity',
    ]);
  });

  it('a block used with different arguments is reported once, naming its first use and counting the others', () => {
    const source = 'let down(c) = CONV(f=1, k=c, s=2) => RELU\nINPUT [32x32x3] => down(8) => down(16) => FC-10';
    const [message] = messagesOf(source, 'stride-skips-input');
    expect(message).toMatch(/^CONV\(f=1, k=c, s=2\) in down\(8\) on 32x32x3: .* \(and 1 more expansion of this layer\)$/);
  });
});

describe('# cnncalc-disable-next-line', () => {
  it('silences the named rules on the next line that holds code, skipping blank and comment lines', () => {
    const source = ['INPUT [224x224x3]', '# cnncalc-disable-next-line window-not-integral, large-pool', '# (a comment)', '', NET.split('\n').slice(1).join('\n')].join('\n');
    const left = findings(source);
    expect(left.filter((f) => f.line === 5)).toEqual([]);
    // large-pool fires on line 6, not the directive's line: it stays, and the directive's entry for it is unused
    expect(left.filter((f) => f.rule === 'large-pool').map((f) => f.line)).toEqual([6]);
    expect(left.filter((f) => f.rule === 'unused-disable-directive')).toEqual([{ rule: 'unused-disable-directive', line: 2, column: 50, severity: 'note' }]);
  });

  it('silences only the rules it names', () => {
    const source = 'INPUT [224x224x3]\n# cnncalc-disable-next-line large-pool\n=> CONV(f=11, k=96, s=4, p=0) => POOL(f=4, s=4) => FC-10';
    const left = findings(source);
    expect(left.filter((f) => f.rule === 'large-pool')).toEqual([]);
    expect(left.filter((f) => f.rule === 'window-not-integral').length).toBeGreaterThan(0);
  });

  it('reports a directive whose rule is unknown, with a suggestion, or that silences nothing', () => {
    const source = 'INPUT [32x32x3]\n# cnncalc-disable-next-line large-pol, linear-stack\n=> CONV3-8 => RELU => POOL(f=4, s=4) => FC-10';
    expect(findings(source, {}, 'unknown-disable-rule')).toEqual([{ rule: 'unknown-disable-rule', line: 2, column: 29, severity: 'warning' }]);
    expect(findings(source, {}, 'unused-disable-directive')).toEqual([{ rule: 'unused-disable-directive', line: 2, column: 40, severity: 'note' }]);
    expect(messagesOf(source, 'unknown-disable-rule')).toEqual(["'large-pol' is not a lint rule"]);
    expect(lintSource(source).diagnostics.find((d) => d.code === 'unknown-disable-rule')!.hint).toBe("did you mean 'large-pool'?");
    expect(findings(source, {}, 'large-pool').length).toBe(1);
  });

  it('a directive for a rule switched off with --rule is not reported as unused', () => {
    const source = 'INPUT [32x32x3]\n# cnncalc-disable-next-line large-pool\n=> CONV3-8 => RELU => POOL(f=4, s=4) => FC-10';
    expect(findings(source, { rules: { 'large-pool': 'off' } }, 'unused-disable-directive')).toEqual([]);
  });
});
