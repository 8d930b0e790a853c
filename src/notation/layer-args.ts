// From a layer as written to its kind and arguments: the shorthand suffix (CONV3), the dash value
// (CONV3-64, FC-4096), INPUT's shape, keyword and positional arguments, each checked against the
// layer definition's argument list (unknown, repeated, missing, out of range, wrong type).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/errors.js';
import type { Span } from '../diagnostics/span.js';
import { LAYERS } from '../layers/index.js';
import { IDENTITY_NAME, LAYER_KEYWORDS, lookupLayerName } from '../layers/names.js';
import type { ArgSpec, GivenArgs, LayerKind } from '../layers/types.js';
import { nearest } from '../util/suggest.js';
import type { Expr, LayerElement, TensorElement } from './ast.js';
import { evaluate, type NameLookup } from './evaluate.js';

export interface LayerCall {
  readonly kind: LayerKind;
  readonly given: GivenArgs;
  /** The labelled tensor a tensor argument names (UNPOOL(@p1): the pool it inverts), or null. */
  readonly tensor: TensorElement | null;
}

/** "unknown layer 'CONVV3'; did you mean CONV3?" — the hint for a name that is neither a layer nor a binding. */
export function unknownNameError(name: string, span: Span, bindings: Iterable<string>): Diagnostic {
  // ID is a word of the notation, but no layer: written with arguments it is no typo to correct
  if (name.toUpperCase() === IDENTITY_NAME) {
    return error('bad-argument', `${IDENTITY_NAME} is the identity and takes no arguments, dash value or shape`, `write ${IDENTITY_NAME} alone, as a branch: { CONV3-64 => BN + ${IDENTITY_NAME} }`, span);
  }
  const suffix = /\d+$/.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - suffix.length);
  const keyword = nearest(stem || name, LAYER_KEYWORDS);
  const binding = nearest(name, bindings);
  // CONVV3 -> CONV3, but RELUU2 -> RELU: keep the digits only where the keyword takes them
  const withSuffix = keyword && lookupLayerName(keyword + suffix) ? keyword + suffix : keyword;
  const guess = binding ?? withSuffix ?? null;
  return error(
    'unknown-name',
    `unknown layer or binding '${name}'` + (guess ? `; did you mean ${guess}?` : ''),
    guess ? `write ${guess}, or define '${name}' with let` : `layers are ${LAYER_KEYWORDS.join(', ')}; or define '${name}' with let`,
    span,
  );
}

/** A layer call written out: POOL(mode=avg, global). Flags (value 1) are written alone. */
function callText(keyword: string, specs: readonly ArgSpec[], args: GivenArgs): string {
  const flag = (key: string) => specs.find((s) => s.key === key)?.type === 'flag';
  return `${keyword}(${Object.entries(args).map(([k, v]) => (flag(k) ? k : `${k}=${v}`)).join(', ')})`;
}

/** An argument's value as written, for hints: 3, max, N, @p1. */
function valueText(value: Expr | TensorElement | number): string {
  if (typeof value === 'number') return String(value);
  if (value.kind === 'name') return value.name.toLowerCase();
  if (value.kind === 'tensor') return `@${value.name}`;
  return value.kind === 'number' ? value.text : '...';
}

/** A preset word as the layer it stands for: GAP is POOL(mode=avg, global). */
interface Preset {
  readonly word: string;
  readonly keyword: string;
  readonly args: GivenArgs;
}

class ArgCollector {
  readonly given: Record<string, number | string> = {};
  readonly errors: Diagnostic[] = [];
  /** Where each argument the user wrote was given (the preset's are not). */
  readonly spans = new Map<string, Span>();
  tensor: TensorElement | null = null;
  constructor(
    private readonly layerName: string,
    private readonly specs: readonly ArgSpec[],
    private readonly lookup: NameLookup,
    private readonly preset: Preset | null,
  ) {
    for (const [key, value] of Object.entries(preset?.args ?? {})) this.given[key] = value;
  }

  /** Refuses an argument given a second time, or one the preset word already sets. */
  private givenAlready(key: string, value: Expr | TensorElement | number, span: Span): boolean {
    if (!(key in this.given)) return false;
    const preset = this.preset;
    if (preset && key in preset.args && !this.spans.has(key)) {
      const form = callText(preset.keyword, this.specs, preset.args);
      const isFlag = this.specs.find((s) => s.key === key)?.type === 'flag';
      const hint = isFlag ? `remove ${key}: ${this.layerName} sets it` : `write ${callText(preset.keyword, this.specs, { ...preset.args, [key]: valueText(value) })} instead`;
      this.errors.push(error('bad-argument', `${this.layerName} is ${form}: '${key}' is set by it already`, hint, span));
    } else {
      this.errors.push(error('bad-argument', `${this.layerName}: '${key}' is given twice`, `give '${key}' once (the shorthand CONV3-64 already sets f and k)`, span));
    }
    return true;
  }

  /** A flag written alone: POOL(global). */
  flag(key: string, span: Span): void {
    if (this.givenAlready(key, 1, span)) return;
    this.given[key] = 1;
    this.spans.set(key, span);
  }

  set(key: string, value: Expr | TensorElement | number, span: Span): void {
    const spec = this.specs.find((s) => s.key === key);
    if (!spec) {
      const guess = nearest(key, this.specs.map((s) => s.key));
      const known = this.specs.map((s) => s.key).join(', ') || 'none';
      this.errors.push(error('bad-argument', `${this.layerName} has no argument '${key}'` + (guess ? `; did you mean ${guess}?` : ''), `its arguments are: ${known}`, span));
      return;
    }
    if (this.givenAlready(key, value, span)) return;
    if (spec.type === 'tensor' || (typeof value !== 'number' && value.kind === 'tensor')) return this.setTensor(spec, value, span);
    const v = typeof value === 'number' ? value : this.evaluateArg(spec, value);
    if (v === null) return;
    if (typeof value === 'number' && !Number.isSafeInteger(v)) {
      // a shape side or a name's suffix written with more digits than a double holds exactly
      this.errors.push(error('figure-too-large', `${this.layerName}: ${key} is not an exact integer below 2^53`, `give ${key} a smaller value`, span));
      return;
    }
    if (typeof v === 'number' && (spec.type === 'int' || spec.type === 'number')) {
      const max = spec.type === 'number' ? spec.max : undefined;
      if (v < spec.min || (max !== undefined && v > max)) {
        const range = max !== undefined ? `between ${spec.min} and ${max}` : `at least ${spec.min}`;
        this.errors.push(error('out-of-range', `${this.layerName}: ${key} (${spec.about}) must be ${range}, got ${v}`, `give ${key} a value ${range}`, span));
        return;
      }
    }
    this.given[key] = v;
    this.spans.set(key, span);
  }

  /** A tensor argument takes `@name`, and only a tensor argument does. */
  private setTensor(spec: ArgSpec, value: Expr | TensorElement | number, span: Span): void {
    const isTensor = typeof value !== 'number' && value.kind === 'tensor';
    if (spec.type !== 'tensor') {
      this.errors.push(error('bad-argument', `${this.layerName}: ${spec.key} (${spec.about}) is a value, not a tensor reference`, `write ${spec.key}= a number or word; only UNPOOL takes a labelled tensor, as UNPOOL(@p1)`, span));
    } else if (!isTensor) {
      this.errors.push(error('bad-argument', `${this.layerName}: ${spec.key} is ${spec.about}`, `label the pool, p1: POOL2, and write ${this.layerName}(@p1)`, span));
    } else {
      this.tensor = value as TensorElement;
      this.given[spec.key] = 0; // placeholder: given, so no 'needs' error; expansion replaces the arguments
      this.spans.set(spec.key, span);
    }
  }

  /** Arguments another makes meaningless (POOL(f=3, global): global pooling has no f; POOL(out=7,
   *  s=2)) are errors, not silently ignored; so is a side given with the key that sets both sides
   *  (CONV(f=7, fh=1): 'f=1x7' does not exist, fh=1, fw=7 is the window). */
  checkExclusions(): void {
    for (let i = 0; i < this.specs.length; i++) {
      const spec = this.specs[i]!;
      if (!(spec.key in this.given) || (spec.type === 'flag' && this.given[spec.key] !== 1)) continue;
      if (spec.sides) this.checkSides(spec.key, spec.sides);
      const excludes = spec.excludes ?? [];
      for (let j = 0; j < excludes.length; j++) {
        const key = excludes[j]!;
        const span = this.spans.get(key);
        if (!span) continue;
        const preset = this.preset && spec.key in this.preset.args && !this.spans.has(spec.key) ? this.preset : null;
        const what = preset ? `${this.layerName} is ${callText(preset.keyword, this.specs, preset.args)}:` : `${this.layerName}: with '${spec.key}' (${spec.about}),`;
        const instead = preset ? `write ${preset.keyword}(...) without ${spec.key}` : `remove ${spec.key}`;
        this.errors.push(error('bad-argument', `${what} '${key}' has no effect`, `remove ${key}, or ${instead} to slide a window`, span));
      }
    }
  }

  /** CONV(f=7, fh=1): f sets fh and fw both, so a side of its own contradicts it. */
  private checkSides(both: string, sides: readonly [string, string]): void {
    const height = sides[0];
    const width = sides[1];
    for (let i = 0; i < 2; i++) {
      const side = sides[i]!;
      const span = this.spans.get(side);
      if (!span) continue;
      const other = side === height ? width : height;
      const value = (key: string) => (key === side ? this.given[side] : this.given[both]);
      const hint = other in this.given
        ? `remove ${both}: ${height} and ${width} set the two sides`
        : `write ${height}=${value(height)}, ${width}=${value(width)} without ${both}`;
      this.errors.push(error('bad-argument', `${this.layerName}: '${both}' sets both ${height} and ${width}; '${side}' cannot be given with it`, hint, span));
    }
  }

  private evaluateArg(spec: Exclude<ArgSpec, { type: 'tensor' }>, expr: Expr): number | string | null {
    if (spec.type === 'flag') {
      this.errors.push(error('bad-argument', `${this.layerName}: '${spec.key}' is a word on its own, not '${spec.key}=...'`, `write ${this.layerName}(..., ${spec.key})`, expr.span));
      return null;
    }
    if (spec.type === 'word') {
      const word = expr.kind === 'name' ? expr.name.toLowerCase() : null;
      if (word !== null && spec.words.includes(word)) return word;
      this.errors.push(error('bad-argument', `${this.layerName}: ${spec.key} must be one of ${spec.words.join(', ')}`, `write ${spec.key}=${spec.words[0]}`, expr.span));
      return null;
    }
    const result = evaluate(expr, this.lookup, spec.type === 'number');
    if (result.ok) return result.value;
    this.errors.push(result.error);
    return null;
  }
}

/** Resolves a layer element to its kind and checked arguments, or the errors that stop it. */
export function layerCall(el: LayerElement, lookup: NameLookup, bindings: Iterable<string>): LayerCall | Diagnostic[] {
  const match = lookupLayerName(el.name);
  if (!match) return [unknownNameError(el.name, el.nameSpan, bindings)];
  const def = LAYERS[match.kind];
  const label = el.name.toUpperCase();
  const preset = match.preset ? { word: label, keyword: def.keywords[0]!, args: match.preset } : null;
  const args = new ArgCollector(label, def.args, lookup, preset);
  if (match.suffix !== null) args.set(def.suffixArg!, match.suffix, el.nameSpan);
  if (el.dash) {
    if (def.dashArg) args.set(def.dashArg, el.dash, el.dash.span);
    else args.errors.push(error('bad-argument', `${label} takes no '-' value`, `write ${label} alone or with keyword arguments`, el.dash.span));
  }
  if (el.dims) {
    if (match.kind === 'input') el.dims.forEach((v, i) => args.set(['w', 'h', 'd'][i]!, v, el.span));
    else args.errors.push(error('bad-argument', `only INPUT takes a shape such as [224x224x3]`, `remove the shape after ${label}`, el.span));
  }
  el.args.forEach((arg, i) => {
    const flag = arg.key === null && arg.value.kind === 'name' ? def.args.find((a) => a.type === 'flag' && a.key === (arg.value as { name: string }).name.toLowerCase()) : undefined;
    if (flag) return args.flag(flag.key, arg.span);
    const key = arg.key ?? def.positional?.[i];
    if (key === undefined) {
      const keys = def.args.map((s) => `${s.key}=`).join(', ');
      args.errors.push(error('bad-argument', `${label} takes no positional argument here`, keys ? `name it: ${keys}` : `${label} takes no arguments`, arg.span));
    } else args.set(key, arg.value, arg.keySpan ?? arg.span);
  });
  args.checkExclusions();
  const required = def.required ?? [];
  for (let i = 0; i < required.length; i++) {
    const key = required[i]!;
    if (!(key in args.given) && args.errors.length === 0) {
      const example = match.kind === 'input' ? 'INPUT [224x224x3]' : `${label}-10 or ${label}(${key}=10)`;
      args.errors.push(error('bad-argument', `${label} needs '${key}' (${def.args.find((s) => s.key === key)?.about})`, `write ${example}`, el.span));
    }
  }
  return args.errors.length > 0 ? args.errors : { kind: match.kind, given: args.given, tensor: args.tensor };
}
