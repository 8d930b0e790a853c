// Hostile inputs for the fuzz suite: the classes of input that once took minutes, overflowed the
// stack or exhausted the heap (issue #15), at sizes around the limits of src/notation/limits.ts and
// far past them. Driven by Choices like fuzz-gen.ts, so that fast-check can shrink a failure.
//
//   long let chains   integer, alias, repeated-alias and grouped chains, in file order or reversed
//   deep nesting      brackets, braces, parentheses and minus signs, closed or left open
//   huge counts       counts and products of counts past --max-layers and past 2^53
//   long expressions  sums, products and differences with thousands of terms; postfix chains
//   long lines        one line of tens of thousands of layers, or a network after a long comment

import type { Choices } from './fuzz-gen.js';

/** A size: mostly around the limits (64 bindings, 500 tree levels, 1,000 expansion levels), sometimes far past. */
function size(c: Choices): number {
  return c.pick([c.int(1, 70), c.int(480, 520), c.int(990, 1010), c.int(1000, 4000)]);
}

function letChain(c: Choices): string {
  const n = size(c);
  const kind = c.int(0, 4);
  const base = ['let a0 = 1', 'let a0 = RELU', 'let a0 = RELU', 'let a0 = [RELU]', 'let a0 = 2'][kind]!;
  const step = (i: number): string => {
    const prev = `a${i - 1}`;
    return [`let a${i} = ${prev} + 1`, `let a${i} = ${prev}`, `let a${i} = ${prev}*1`, `let a${i} = [${prev}]`, `let a${i} = ${prev}*${prev}/${prev}`][kind]!;
  };
  const lines = [base];
  for (let i = 1; i < n; i++) lines.push(step(i));
  if (c.oneIn(2)) lines.reverse(); // forward references: each let uses one bound further down
  if (c.oneIn(8)) lines.push(`let a${c.int(0, n - 1)} = a${n - 1}`); // a second binding of a name, or a cycle
  const last = `a${n - 1}`;
  const network = kind === 0 || kind === 4 ? `INPUT [8x8x1] => RELU*(${last} - ${last} + 1)` : `INPUT [8x8x1] => ${last}`;
  return lines.join('\n') + '\n' + network;
}

function deepNesting(c: Choices): string {
  const n = size(c);
  const [open, close] = c.pick([['[', ']'], ['{', '}'], ['(', ')'], ['-', ''], ['{RELU | ', '}'], ['[RELU => ', ']*1']] as const);
  const inner = open === '(' || open === '-' ? `RELU*${open.repeat(n)}1${close.repeat(n)}` : open.repeat(n) + 'RELU' + close.repeat(c.oneIn(4) ? c.int(0, n) : n);
  return `INPUT [8x8x1] => ${inner}`;
}

function hugeCounts(c: Choices): string {
  const count = (): string => c.pick(['1000000', '999999', '5999999', '9007199254740991', '9007199254740993', '1e300', String(c.int(2, 2000)), '0']);
  const depth = c.int(1, 6);
  let el = c.pick(['RELU', 'CONV3-4', '{RELU | RELU}', 'ID', 'RELU?']);
  for (let i = 0; i < depth; i++) el = c.oneIn(2) ? `[${el}]*${count()}` : `${el}*${count()}`;
  const lets = c.oneIn(2) ? `let N = ${count()}\nlet b = [${el}]*N\n` : '';
  return `${lets}INPUT [1x1x1] => ${lets ? 'b' : el}${c.oneIn(3) ? ' => RELU*' + count() : ''}`;
}

function longExpression(c: Choices): string {
  const n = size(c);
  const op = c.pick(['+', '*', '-', '/', '+ -']);
  const term = c.pick(['1', 'N', '(1)', '-1']);
  const expr = Array(n).fill(term).join(` ${op} `);
  switch (c.int(0, 3)) {
    case 0:
      return `let N = 1\nINPUT [8x8x1] => RELU*(${expr})`;
    case 1:
      return `let N = 1\nlet M = ${expr}\nINPUT [8x8x1] => CONV(f=1, k=M)`;
    case 2:
      return `INPUT [8x8x1] => RELU${c.pick(['*1', '?', '*1?', '*(1)'] as const).repeat(n)}`;
    default:
      return `let N = 1\nlet b(x) = FC(n=x)\nINPUT [8x8x1] => b(${expr})`;
  }
}

function longLine(c: Choices): string {
  const n = c.pick([c.int(5_000, 20_000), c.int(1, 100)]);
  switch (c.int(0, 2)) {
    case 0:
      return 'INPUT [8x8x1]' + ' => RELU'.repeat(n);
    case 1:
      return `# ${'x'.repeat(n * 8)}\nINPUT [8x8x1] => RELU`;
    default:
      return 'INPUT [8x8x1] => ' + Array(n).fill('[RELU]').join('=>') + ' => FOO';
  }
}

export const HOSTILE_CLASSES = { letChain, deepNesting, hugeCounts, longExpression, longLine } as const;

/** One hostile input of a class chosen by `c`. */
export function hostile(c: Choices): { readonly kind: keyof typeof HOSTILE_CLASSES; readonly text: string } {
  const kind = c.pick(Object.keys(HOSTILE_CLASSES) as (keyof typeof HOSTILE_CLASSES)[]);
  return { kind, text: HOSTILE_CLASSES[kind](c) };
}
