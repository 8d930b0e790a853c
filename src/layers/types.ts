// What every layer kind defines: its arguments, its shape rule and its cost formulas. These
// definitions are the one source of truth for the analysis, the reports, the linter, the memory
// budget and the executor. Formulas use util/exact.ts, so a figure above 2^53 - 1 is an error,
// never a rounded number.

import type { Rational } from '../util/ratio.js';

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
  | 'relu6'
  | 'silu'
  | 'hswish'
  | 'hsigmoid'
  | 'gelu'
  | 'softmax'
  | 'dropout'
  | 'lrn'
  | 'bn'
  | 'concat'
  | 'add'
  | 'mul'
  | 'slice'
  | 'ln'
  | 'scale'
  | 'shuffle'
  | 'upsample'
  | 'convt'
  | 'unpool';

/** Groups of kinds that reports and rules treat alike ('reshape': moves elements, computes nothing: SHUFFLE). */
export type LayerCategory = 'input' | 'conv' | 'pool' | 'fc' | 'activation' | 'dropout' | 'normalization' | 'merge' | 'reshape' | 'upsample';

export interface InputArgs { readonly w: number; readonly h: number; readonly d: number }
/** Per side (h: the height, w: the width): window f, stride s, zero padding p. */
export interface SideArgs {
  readonly fh: number;
  readonly fw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}
/** A window per side (SideArgs); g: groups, d: dilation, bias: whether there are biases (bias=no before BN). */
export interface ConvArgs extends SideArgs {
  readonly k: number;
  readonly g: number;
  readonly d: number;
  readonly bias: boolean;
}
export type PoolMode = 'max' | 'avg' | 'l2';
/** Per side as ConvArgs' window, stride and padding; ceil: round=ceil (Caffe's and torchvision
 *  GoogLeNet's rounding); global: one window over the whole input; outh, outw: adaptive pooling's
 *  output sides (torch's AdaptiveAvgPool2d((h, w))), null unless adaptive, and then f and s are the
 *  largest window and step along each side (layers/window.ts adaptiveWindow). */
export interface PoolArgs extends SideArgs {
  readonly mode: PoolMode;
  readonly ceil: boolean;
  readonly global: boolean;
  readonly outh: number | null;
  readonly outw: number | null;
}
export interface FcArgs { readonly n: number }
/** eps: added to the variance (PyTorch's BatchNorm2d: 1e-5; MobileNetV3, EfficientNetV2: 1e-3). */
export interface BnArgs { readonly eps: number }
export interface DropoutArgs { readonly p: number }
export interface LrnArgs { readonly size: number; readonly alpha: number; readonly beta: number; readonly k: number }
/** eps: added to the variance over the channels at each position. */
export interface LnArgs { readonly eps: number }
/** init: the value every multiplier starts from. */
export interface ScaleArgs { readonly init: number }
/** g: groups of channels, interleaved. */
export interface ShuffleArgs { readonly g: number }
export type NoArgs = Record<string, never>;
/** Which of `parts` equal parts of its input's depth a `/` split's branch gets (1-based). */
export interface SliceArgs { readonly part: number; readonly parts: number }
export type UpsampleMode = 'nearest' | 'bilinear';
/** UPSAMPLE(s=2) scales each side by s (nn.Upsample(scale_factor=s)); UPSAMPLE(to=65) resizes to
 *  to x to (tow=/toh= per side; F.interpolate(size=...)): it has a scale or the two sizes. */
export interface UpsampleArgs {
  readonly mode: UpsampleMode;
  readonly scale?: number;
  readonly width?: number;
  readonly height?: number;
}
/** CONVT: a transposed convolution (nn.ConvTranspose2d); op: output padding, below s. */
export interface ConvTArgs {
  readonly f: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly op: number;
  readonly g: number;
  readonly bias: boolean;
}

/** UNPOOL(@p): the window of the max POOL labelled p (its input's windows per side, and whether
 *  it rounds up), which it inverts. */
export interface UnpoolArgs extends SideArgs {
  readonly ceil: boolean;
}

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
  relu6: NoArgs;
  silu: NoArgs;
  hswish: NoArgs;
  hsigmoid: NoArgs;
  gelu: NoArgs;
  softmax: NoArgs;
  dropout: DropoutArgs;
  lrn: LrnArgs;
  bn: BnArgs;
  concat: NoArgs;
  add: NoArgs;
  mul: NoArgs;
  slice: SliceArgs;
  ln: LnArgs;
  scale: ScaleArgs;
  shuffle: ShuffleArgs;
  upsample: UpsampleArgs;
  convt: ConvTArgs;
  unpool: UnpoolArgs;
}

/** A layer with its resolved arguments, discriminated by kind. */
export type ResolvedLayer = { [K in LayerKind]: { readonly kind: K; readonly args: LayerArgs[K] } }[LayerKind];

/** Arguments as written, after evaluation: integers, decimals or words (`mode=avg`). */
export type GivenArgs = Readonly<Record<string, number | string>>;

/** What any argument may declare: `excludes`, the arguments it makes meaningless (global pooling
 *  has no window size, stride or padding); `sides`, the per-side arguments it sets both of (f sets
 *  fh and fw: giving f and fh together is an error). */
interface ArgSpecBase {
  readonly key: string;
  readonly about: string;
  readonly excludes?: readonly string[];
  readonly sides?: readonly [height: string, width: string];
}

/** One argument a layer accepts. `min`/`max` bound numbers; `words` lists the accepted words. */
export type ArgSpec =
  | (ArgSpecBase & { readonly type: 'int'; readonly min: number })
  | (ArgSpecBase & { readonly type: 'number'; readonly min: number; readonly max?: number })
  | (ArgSpecBase & { readonly type: 'word'; readonly words: readonly string[] })
  /** A bare word that switches something on: POOL(mode=avg, global). */
  | (ArgSpecBase & { readonly type: 'flag' })
  /** A labelled tensor, `@name` (version 3): UNPOOL(@p1) names the max pool it inverts. */
  | (ArgSpecBase & { readonly type: 'tensor' });

/** A sliding window along one side: size f, stride s, zero padding p, dilation d (the window then
 *  spans d*(f-1)+1 inputs), and whether the output size rounds up (ceil) rather than down.
 *  `out`: an adaptive window (torch's AdaptiveAvgPool2d) giving exactly `out` outputs, output i over
 *  inputs [floor(i*W/out), ceil((i+1)*W/out)); its f is then the largest of those windows and its
 *  s the largest step between neighbouring ones, ceil(W/out) (layers/window.ts adaptiveWindow). */
export interface Window {
  readonly f: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly ceil: boolean;
  readonly out?: number;
}

/** The windows along the width and the height. */
export interface Windows {
  readonly width: Window;
  readonly height: Window;
}

/** The receptive field per side (analysis/receptive-field.ts folds it from INPUT on). Both figures
 *  are exact rationals (util/ratio.ts): whole numbers but after an upsampling or a transposed
 *  convolution, which divide the jump (grammar/README.md, Receptive field). */
export interface ReceptiveField {
  /** How many input pixels per side one output element sees (the larger side for non-square windows). */
  readonly size: Rational;
  /** How many input pixels per side apart neighbouring outputs are (the effective stride, or jump). */
  readonly stride: Rational;
  /** At a merge whose branches' effective strides differ: those strides, in branch order. */
  readonly strideConflict?: readonly Rational[];
}

/** What lint's rules know of a kind: they classify layers by these traits, never by kind names. */
export interface LintTraits {
  /** A learned affine map of its input: 'convolution' (one filter bank slid over every position),
   *  'local' (a filter bank per position) or 'dense' (of the whole input at once). */
  readonly affine: 'convolution' | 'local' | 'dense' | null;
  /** Passes a linear map on linear: two affine layers with only such layers between them collapse into one. */
  readonly keepsLinear: boolean;
  /** A point-wise non-linearity: whether its output is never negative; whether it clips at 0 (a
   *  negative input gives 0: then it is idempotent, and the identity on a non-negative input up to
   *  its ceiling); the value it clips at from above (RELU6: 6; null: unbounded above); whether its
   *  output always lies in [0, 1] (a gate: SIGMOID, HSIGMOID). */
  readonly activation: {
    readonly nonNegative: boolean;
    readonly clipsAtZero: boolean;
    readonly ceiling: number | null;
    readonly unitInterval: boolean;
  } | null;
  /** Passes a non-negative input on non-negative. */
  readonly keepsSign: boolean;
  /** Mixes no positions and keeps the shape: what stands between a layer and its receptive field unchanged. */
  readonly shapeOnly: boolean;
  /** Every output sees the whole input (the network's head starts here). */
  readonly collapsesSpace: boolean;
  /** Subtracts a per-channel mean and adds its own shift: a bias just before it is dead. */
  readonly cancelsBias: boolean;
  /** Turns scores into probabilities: the last layer, if anywhere. */
  readonly probabilities: boolean;
  /** The identity at inference (a training-time regulariser). */
  readonly identityAtInference: boolean;
  /** Multiplies its inputs element-wise: a 1 x 1 x D input is a gate over the channels (SE). */
  readonly gates: boolean;
}

/** Which runtime's saving rules apply: the bundled executor's, or PyTorch's derivative formulas where they keep more. */
export type Saving = 'executor' | 'pytorch';

/** A tensor a layer keeps for its backward pass besides its input and output buffers, per image. */
export interface OwnSaved {
  readonly what: 'indices' | 'scale' | 'mask' | 'lrn squares' | 'lrn base' | 'l2 squares' | 'l2 chain' | 'columns' | 'ln statistics';
  readonly elements: number;
  /** 'activation' tensors take the dtype's size; indices and masks have their own. */
  readonly element: 'activation' | 'index' | 'mask';
  /** The tensor is the indices of the max POOL the layer unpools (PyTorch's one tensor, which
   *  MaxPool2d(return_indices=True) makes and both keep), not one of its own. */
  readonly ofPool?: true;
}

/** What a backward pass reads of the forward pass: its (first) input, its output, and, for a
 *  merge whose gradients need the other branches' values (a product), every input. */
export interface Reads {
  readonly input: boolean;
  readonly output: boolean;
  readonly everyInput?: boolean;
}

/** The autograd facts of a kind: one statement shared by the budget, which predicts them, and the
 *  executor, which keeps exactly these tensors (training/plan.ts computes the plan from them). */
export interface TrainingFacts<A> {
  /** Its parameters train: a step differentiates every layer from the first such layer on. */
  readonly trainable: boolean;
  /** It may write its output over its input's buffer (ReLU(inplace=True)). */
  readonly inPlace: boolean;
  /** Under PyTorch's saving rules its output is a view of its input's buffer (a split's
   *  `x.chunk(n, 1)[i]`): no buffer of its own, and whoever keeps it keeps the whole buffer. */
  readonly view?: boolean;
  /** Under PyTorch's saving rules its forward reads the max pool's indices instead of its second
   *  input, the pool's input (UNPOOL: MaxUnpool2d takes the indices MaxPool2d returned). */
  readonly readsPoolIndices?: boolean;
  /** What its backward pass reads of the forward pass besides its output gradient, under the
   *  runtime's saving rules (PyTorch's avg_pool2d keeps its input; the executor's does not). */
  reads(args: A, saving: Saving): Reads;
  /** The tensors of its own it keeps (max-pooling indices, LRN's scale, dropout's mask). */
  keeps(args: A, input: Shape, output: Shape, saving: Saving): readonly OwnSaved[];
  /** What a runtime's backward allocates beyond the layer's output and input gradients (oneDNN's
   *  channel-blocked copies in a CPU convolution, the temporaries of PyTorch's chain of operations
   *  for LRN), elements per image, and whether im2col columns are used. Absent: nothing more, and
   *  columns as `workspace` says. */
  scratch?(args: A, input: Shape, output: Shape, runtime: ScratchContext): Scratch;
}

/** What `scratch` depends on: the runtime's saving rules, its convolution library's channel block
 *  (oneDNN: 8 with AVX2; null: plain layouts), and whether the layer forms an input gradient. */
export interface ScratchContext {
  readonly saving: Saving;
  readonly channelBlock: number | null;
  readonly inputGradient: boolean;
}

export interface Scratch {
  readonly elements: number;
  readonly columns: boolean;
}

export type ParamName = 'weight' | 'bias' | 'running_mean' | 'running_var';

/** One parameter tensor: PyTorch's name and shape (as `cnncalc run` loads it), its fan-in for He
 *  initialisation (0: not a weight), and whether it trains (BN's running statistics do not). */
export interface ParamSpec {
  readonly name: ParamName;
  readonly shape: readonly number[];
  readonly fanIn: number;
  readonly trainable: boolean;
  /** The value every element starts from, where the kind sets one (SCALE's init). */
  readonly init?: number;
}

/** A layer as PyTorch's export sees it (export/pytorch.ts). */
export interface TorchLayer<A> {
  readonly args: A;
  readonly input: Shape;
  readonly output: Shape;
  readonly windows: Windows | null;
  /** The autograd plan runs it in place (RELU). */
  readonly inPlace: boolean;
}

/** The kind's row of grammar/README.md's layer table (layers/docs.ts renders them). */
export interface LayerDocs {
  /** How the table names it: its keywords ('LRN / NORM'), or the notation that makes it. */
  readonly name: string;
  readonly writtenAs: string;
  readonly arguments: string;
  readonly defaults: string;
  readonly output: string;
  readonly weights: string;
  readonly biases: string;
  readonly macs: string;
  /** Element operations per output element (the FLOPs convention). */
  readonly elementOps: string;
  /** What the backward pass keeps, for `budget --explain` and docs/budget.md. */
  readonly keeps: string;
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
  /** Applies the defaults; `input` is the shape this layer receives, `inputs` every input's. */
  resolve(given: GivenArgs, input: Shape, inputs?: readonly Shape[]): LayerArgs[K];
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
  /** im2col column elements of one image (CONV: [fh*fw*D x outW*outH]); 0 for kinds without. */
  workspace(args: LayerArgs[K], input: Shape, output: Shape): number;
  /** The resolved arguments as `table --json` writes them, when not as they are (CONV's f for a
   *  square window's fh and fw). */
  argsJson?(args: LayerArgs[K]): Readonly<Record<string, number | boolean | string>>;
  /** The receptive field after this layer, from the field of its input (merged over branches at a
   *  merge) and its windows as fitted; null where every output sees the whole input. A kind that
   *  changes resolution without a window changes the jump here (layers/field.ts). */
  receptiveField(args: LayerArgs[K], previous: ReceptiveField, windows: Windows | null, input: Shape, output: Shape): ReceptiveField | null;
  traits(args: LayerArgs[K]): LintTraits;
  readonly training: TrainingFacts<LayerArgs[K]>;
  /** Its parameter and buffer tensors, in PyTorch's layout and order. */
  parameters(args: LayerArgs[K], input: Shape, output: Shape): readonly ParamSpec[];
  /** The torch.nn module that computes what this layer computes (a Python expression); INPUT has
   *  none (it is the forward pass' argument). */
  readonly pytorch: {
    readonly module: (layer: TorchLayer<LayerArgs[K]>) => string;
    /** The tensors it takes and gives: 'nchw' needs N,C,H,W (an FC's [N, n] is viewed as
     *  [N, n, 1, 1] for it); 'flat' gives [N, n] from any input; 'any' gives what it is given. */
    readonly rank: 'nchw' | 'flat' | 'any';
  } | null;
  readonly docs: LayerDocs;
}
