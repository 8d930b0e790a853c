// The catalogue of the errors the notation and its analysis can produce, keyed by code: what each
// code means and an input that gives it (grammar/README.md's table of error codes is generated from
// here: scripts/error-docs.mjs), and its hint where the hint is the same whatever the case. A code
// without an entry does not compile, and neither does an error() call that leaves out a hint the
// catalogue does not give. Lint rule ids are codes too, with their own docs (src/lint).

import type { Diagnostic } from './diagnostic.js';
import type { Span } from './span.js';

export type ErrorCode =
  | 'syntax'
  | 'unknown-name'
  | 'unbound-name'
  | 'not-an-integer'
  | 'bad-argument'
  | 'out-of-range'
  | 'input-placement'
  | 'binding'
  | 'too-many-layers'
  | 'nesting-too-deep'
  | 'expression-too-long'
  | 'too-many-postfixes'
  | 'bindings-too-deep'
  | 'expansion-too-deep'
  | 'paths-too-long'
  | 'too-many-errors'
  | 'output-too-small'
  | 'branch-mismatch'
  | 'unknown-tensor'
  | 'unpool-needs-max-pool'
  | 'shared-mismatch'
  | 'figure-too-large'
  | 'unsupported';

export interface ErrorEntry {
  /** What the code means, in Markdown: every case that gives it. */
  readonly meaning: string;
  /** An input that gives it and the message it gives (position first), in Markdown; null where no
   *  input does. */
  readonly example: { readonly input: string; readonly message: string } | null;
  /** The fix, where it does not depend on the case; otherwise each error gives its own. */
  readonly hint?: string;
  /** The notation version that brought the code, when later than the first. */
  readonly version?: 2 | 3;
}

export const ERRORS = {
  syntax: {
    meaning: 'the text does not follow the grammar; an unknown character; no network, or two; a brace mixing two of `|`, `+`, `&` and `/`',
    example: { input: '`INPUT [8x8x1] => => RELU`', message: "1:18 expected a layer (such as CONV3-64), a group [ ... ] or a binding name but found '=>'" },
  },
  'unknown-name': {
    meaning: 'a name that is neither a layer nor a binding (with a "did you mean")',
    example: { input: '`INPUT [8x8x1] => CONVV3-64`', message: "1:18 unknown layer or binding 'CONVV3'; did you mean CONV3?" },
  },
  'unbound-name': {
    meaning: 'a name used as an integer that no `let` or `--set` binds',
    example: { input: '`INPUT [8x8x1] => RELU*N`', message: "1:23 'N' is not bound" },
  },
  'not-an-integer': {
    meaning: 'a decimal where an integer is needed, a `/` that does not divide exactly, division by zero, an integer binding used as a pipeline or the reverse',
    example: { input: '`INPUT [8x8x1] => CONV(f=2.5, k=4)`; `RELU*(7/2)`', message: '1:25 2.5 is not an integer; 7/2 does not divide exactly' },
  },
  'bad-argument': {
    meaning: 'an unknown, repeated, missing or positional-where-not-allowed argument; a shape on a layer other than INPUT; a dash value on a layer without one; a word outside its list; arguments that do not fit the input (CONV groups, POOL padding); a block call with the wrong arguments',
    example: { input: '`INPUT [8x8x1] => CONV(f=3, q=2)`; `INPUT [8x8x1] => FC`', message: "1:28 CONV has no argument 'q'; did you mean f?; 1:18 FC needs 'n' (number of outputs)" },
  },
  'out-of-range': {
    meaning: 'an argument outside its range; a negative repeat count',
    example: { input: '`INPUT [8x8x1] => CONV(f=0, k=4)`', message: '1:23 CONV: f (window (filter) size per side) must be at least 1, got 0' },
  },
  'input-placement': {
    meaning: 'the network does not start with INPUT, or has a second one',
    example: { input: '`CONV3-64 => RELU`', message: '1:1 the network must start with INPUT' },
  },
  binding: {
    meaning: 'a `let` named like a layer, bound twice, defined in terms of itself, a pipeline given to `--set`, parameters on an integer `let`, a parameter named twice (`let f(a, a)`, at the second)',
    example: { input: '`let relu = TANH` + newline + `INPUT [8x8x1] => relu`', message: "1:5 'relu' is a layer name and cannot be bound" },
  },
  'too-many-layers': {
    meaning: 'the network would expand past `--max-layers` (default 1,000,000, INPUT included); counted arithmetically before anything is built, and reported at the first element that passes the limit (a repeat that alone passes it, or the element with which a pipeline does)',
    example: { input: '`INPUT [8x8x1] => [RELU]*1000000000`', message: '1:18 this expands to 1,000,000,000 layers, more than the limit of 1,000,000 for the whole network (INPUT included)' },
    hint: 'check the repeat counts, or raise the limit with --max-layers N',
  },
  'nesting-too-deep': {
    meaning: 'brackets `[ ( {` nested over 64 deep, more than 64 minus signs in a row, or both over 128 together (checked before parsing); any other part of a statement more than 500 levels deep',
    example: { input: '`INPUT [8x8x1] => ` + 65 `[`', message: '1:82 brackets nested more than 64 deep' },
  },
  'expression-too-long': {
    meaning: 'an expression more than 500 levels deep: `1+1+...+1` is as deep as it has terms; points at the term that passes the limit',
    example: { input: '`RELU*(1+1+...+1)` with 3,000 terms', message: 'the 501st term: this expression nests more than 500 levels deep' },
    hint: 'split it with integer lets (let A = ..., then A + ...), or write its value',
  },
  'too-many-postfixes': {
    meaning: 'more than 500 levels of `*n` and `?` on one element; points at the postfix that passes the limit',
    example: { input: '`RELU*1*1*...*1` with 5,000 postfixes', message: 'the 500th count' },
    hint: 'multiply the counts into one: RELU*(2*3) instead of RELU*2*3',
  },
  'bindings-too-deep': {
    meaning: 'binding uses nested more than 64 deep (`let a1 = [a0]`, `let a2 = [a1]`, ...); points at the use that passes the limit. Integer lets have no such limit: they are evaluated once each, in dependency order',
    example: { input: '2,000 lines of `let a_i = [a_(i-1)]`', message: "the 65th use, in its let's line" },
    hint: 'flatten the chain of let bindings: use the inner ones directly',
  },
  'expansion-too-deep': {
    meaning: "elements nested more than 1,000 deep through the bindings used (each binding's body may itself be deep); points at the element, or at the count of a repeat",
    example: { input: '3 bindings, each a group repeated with 400 postfixes', message: 'the count at level 1,001' },
    hint: 'flatten the bindings: fewer levels of groups, repeats and uses inside each other',
  },
  'paths-too-long': {
    meaning: "the layers' repetition paths together hold more than 8,000,000 frames (each layer keeps the repeats, branches and binding uses around it, about 80 bytes a frame): many layers inside many levels of repeats",
    example: { input: '`RELU*200000*1*1...*1` with 400 postfixes (80,000,000 frames)', message: 'the innermost element whose frames pass the limit' },
    hint: 'nest fewer repeats around many layers: fold repeats of one count into one (E*2*3 is E*6)',
  },
  'too-many-errors': {
    meaning: 'expansion found 1,000 errors and stopped looking (the command line shows the first 20)',
    example: { input: 'a file of a million unknown names', message: 'the element of the 1,000th error' },
    hint: 'fix the errors shown first',
  },
  'output-too-small': {
    meaning: 'a sliding window gives an output side below 1',
    example: { input: '`INPUT [8x8x3] => POOL2 => POOL2 => POOL2 => CONV(f=5, k=4, p=0)`', message: '1:45 CONV(f=5, k=4, p=0) gets a 1x1x3 input: output width = floor((1 - 5 + 2*0)/1) + 1 = -3, below 1' },
    hint: 'use a smaller window or stride, more padding, or fewer pooling layers before this one',
  },
  'branch-mismatch': {
    meaning: 'branches of `|` with different W x H, of `+` with different shapes, of `&` that neither match nor broadcast (v3: a 1 x 1 x D branch over W x H x D), a `/` split whose input depth the branches do not divide (v3)',
    example: { input: '`INPUT [8x8x3] => { CONV3-4 | POOL2 }`', message: '1:30 the branches of a concatenation must give the same W x H; they give 8x8, 4x4' },
    hint: 'make every branch give the same W x H (and depth, for +); a product needs equal shapes or a 1x1xD branch, a split a depth its branches divide',
    version: 2,
  },
  'unknown-tensor': {
    meaning: 'a reference `@name` to a tensor that no `name:` labels before it (in the order the network runs)',
    example: { input: '`INPUT [8x8x3] => { ID | @skip }`', message: "1:25 no tensor is labelled 'skip' before this point" },
    hint: "label the tensor first, e.g. 'skip: CONV3-8', then refer to it as @skip further on",
    version: 3,
  },
  'unpool-needs-max-pool': {
    meaning: "`UNPOOL(@name)` where `name` labels something other than a max POOL's output (another layer, an average or l2 pool, an adaptive pool: MaxUnpool2d inverts a fixed window only)",
    example: { input: '`INPUT [8x8x3] => c: CONV3-4 => POOL2 => UNPOOL(@c)`', message: "1:48 UNPOOL(@c): 'c' labels CONV3-4, not a max POOL: unpooling puts values back where a max pool took them" },
    hint: 'label the max pool itself, e.g. p1: POOL2, and write UNPOOL(@p1)',
    version: 3,
  },
  'shared-mismatch': {
    meaning: 'a use of a `let shared` binding whose layers cannot take the first use\'s weights (another input depth, other layers)',
    example: { input: '`let shared t = CONV3-8` + newline + `INPUT [8x8x3] => t => t`', message: '2:23 CONV3-8 in this use of shared t gets a 8x8x8 input, but the weights it shares were made for 8x8x3 (the first use, at 2:18)' },
    hint: 'give every use of a shared binding the same input depth',
    version: 3,
  },
  'figure-too-large': {
    meaning: 'a figure or expression value above 2^53 - 1, refused rather than rounded',
    example: { input: '`INPUT [65536x65536x4096] => CONV3-4096`', message: '1:29 CONV3-4096: MACs would be 648,518,346,341,351,424, above 2^53 - 1 = 9,007,199,254,740,991' },
  },
  unsupported: {
    meaning: 'reserved for notation the version does not support; no input produces it in the current code (the forms of versions 2 and 3 are all supported)',
    example: null,
  },
} as const satisfies Record<ErrorCode, ErrorEntry>;

/** The codes whose errors take the catalogue's hint. */
type StandardHintCode = { [C in ErrorCode]: (typeof ERRORS)[C] extends { readonly hint: string } ? C : never }[ErrorCode];

/** An error with its code's hint from the catalogue. */
export function error(code: StandardHintCode, message: string, span: Span): Diagnostic;
/** An error whose hint depends on the case. */
export function error(code: Exclude<ErrorCode, StandardHintCode>, message: string, hint: string, span: Span): Diagnostic;
export function error(code: ErrorCode, message: string, ...rest: [Span] | [string, Span]): Diagnostic {
  const [hint, span] = rest.length === 1 ? [(ERRORS[code] as ErrorEntry).hint!, rest[0]] : rest;
  return { code, severity: 'error', message, hint, span };
}
