// What every layer kind defines: its arguments, its shape rule and its cost formulas. These
// definitions are the one source of truth for the analysis, the reports, the linter, the memory
// budget and the executor. Formulas use util/exact.ts, so a figure above 2^53 - 1 is an error,
// never a rounded number.

export interface Shape {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

export type LayerKind =
  | 'input'
  | 'conv'
  | 'local'
  | 'pool'
  | 'fc'
  | 'relu'
  | 'tanh'
  | 'sigmoid'
  | 'softmax'
  | 'dropout'
  | 'lrn'
  | 'bn'
  | 'concat'
  | 'add';

/** Groups of kinds that reports and rules treat alike. */
export type LayerCategory = 'input' | 'conv' | 'pool' | 'fc' | 'activation' | 'dropout' | 'normalization' | 'merge';

export interface InputArgs { readonly w: number; readonly h: number; readonly d: number }
/** g: groups, d: dilation, bias: whether there are biases (bias=no before BN). */
export interface ConvArgs {
  readonly f: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly g: number;
  readonly d: number;
  readonly bias: boolean;
}
export type PoolMode = 'max' | 'avg' | 'l2';
/** ceil: round=ceil (Caffe's and torchvision GoogLeNet's rounding); global: one window over the whole input. */
export interface PoolArgs {
  readonly f: number;
  readonly s: number;
  readonly p: number;
  readonly mode: PoolMode;
  readonly ceil: boolean;
  readonly global: boolean;
}
export interface FcArgs { readonly n: number }
export interface DropoutArgs { readonly p: number }
export interface LrnArgs { readonly size: number; readonly alpha: number; readonly beta: number; readonly k: number }
export type NoArgs = Record<string, never>;

/** The resolved (defaults applied) arguments of each kind. */
export interface LayerArgs {
  input: InputArgs;
  conv: ConvArgs;
  local: ConvArgs;
  pool: PoolArgs;
  fc: FcArgs;
  relu: NoArgs;
  tanh: NoArgs;
  sigmoid: NoArgs;
  softmax: NoArgs;
  dropout: DropoutArgs;
  lrn: LrnArgs;
  bn: NoArgs;
  concat: NoArgs;
  add: NoArgs;
}

/** A layer with its resolved arguments, discriminated by kind. */
export type ResolvedLayer = { [K in LayerKind]: { readonly kind: K; readonly args: LayerArgs[K] } }[LayerKind];

/** Arguments as written, after evaluation: integers, decimals or words (`mode=avg`). */
export type GivenArgs = Readonly<Record<string, number | string>>;

/** One argument a layer accepts. `min`/`max` bound numbers; `words` lists the accepted words. */
export type ArgSpec =
  | { readonly key: string; readonly type: 'int'; readonly min: number; readonly about: string }
  | { readonly key: string; readonly type: 'number'; readonly min: number; readonly max?: number; readonly about: string }
  | { readonly key: string; readonly type: 'word'; readonly words: readonly string[]; readonly about: string }
  /** A bare word that switches something on: POOL(mode=avg, global). `excludes`: the arguments
   *  it makes meaningless (global pooling has no window size, stride or padding). */
  | { readonly key: string; readonly type: 'flag'; readonly about: string; readonly excludes?: readonly string[] };

/** A sliding window along one side: size f, stride s, zero padding p, dilation d (the window then
 *  spans d*(f-1)+1 inputs), and whether the output size rounds up (ceil) rather than down. */
export interface Window {
  readonly f: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly ceil: boolean;
}

/** The windows along the width and the height (equal but for global pooling of a non-square input). */
export interface Windows {
  readonly width: Window;
  readonly height: Window;
}

export interface LayerDef<K extends LayerKind> {
  readonly kind: K;
  readonly category: LayerCategory;
  /** Upper-case names that denote this kind: ['NORM', 'LRN']. */
  readonly keywords: readonly string[];
  readonly args: readonly ArgSpec[];
  /** Arguments that may be written without a key, in order: FC(4096), DROPOUT(0.5). */
  readonly positional?: readonly string[];
  /** The argument a trailing number sets in the shorthand: f in CONV3 and POOL2. */
  readonly suffixArg?: string;
  /** The argument after a dash: k in CONV3-64, n in FC-4096. */
  readonly dashArg?: string;
  /** Arguments that must be given (FC's n). */
  readonly required?: readonly string[];
  /** Words that stand for this kind with some arguments set: GAP is POOL(mode=avg, global). */
  readonly presets?: Readonly<Record<string, GivenArgs>>;
  /** Applies the defaults; `input` is the shape this layer receives. */
  resolve(given: GivenArgs, input: Shape): LayerArgs[K];
  /** The sliding windows of CONV, LOCAL and POOL: drive the shape, the receptive field and lint. */
  windows?(args: LayerArgs[K], input: Shape): Windows;
  /** Why these arguments cannot work on these inputs (groups that do not divide, shapes that do not
   *  match at a merge), or null. `inputs` has every input's shape, for merges. */
  check?(args: LayerArgs[K], input: Shape, inputs: readonly Shape[]): string | null;
  outputShape(args: LayerArgs[K], input: Shape, inputs: readonly Shape[]): Shape;
  weights(args: LayerArgs[K], input: Shape, output: Shape): number;
  biases(args: LayerArgs[K], input: Shape, output: Shape): number;
  /** Non-trainable state: BN's running mean and variance. */
  buffers?(args: LayerArgs[K], input: Shape, output: Shape): number;
  /** Multiply-accumulates of one forward pass for one image. */
  macs(args: LayerArgs[K], input: Shape, output: Shape): number;
  /** Element operations of one forward pass that are not MACs (see FLOPS in the README). */
  elementOps(args: LayerArgs[K], input: Shape, output: Shape, inputs: readonly Shape[]): number;
  /** The name the cs231n notes give it: CONV3-64, POOL2, FC. */
  notesName(args: LayerArgs[K]): string;
  /** The notes' weight formula, e.g. (3*3*3)*64 or 7*7*512*4096; "0" without weights. */
  weightsFormula(args: LayerArgs[K], input: Shape, output: Shape): string;
}
