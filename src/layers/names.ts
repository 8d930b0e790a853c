// Layer names as written: keywords (case-insensitive) and the VGG shorthand with a trailing size
// (CONV3, POOL2). The parser asks isLayerName; the AST builder asks lookupLayerName.

import { LAYERS } from './index.js';
import type { GivenArgs, LayerKind } from './types.js';

export interface NameMatch {
  readonly kind: LayerKind;
  /** The trailing number of a shorthand (3 in CONV3), or null. */
  readonly suffix: number | null;
  /** The arguments a preset word sets (GAP: mode=avg, global), or null. */
  readonly preset: GivenArgs | null;
}

/** `ID`, the identity pipeline of notation version 2: `{ CONV3-64 => BN + ID }`. */
export const IDENTITY_NAME = 'ID';

const BY_KEYWORD = new Map<string, LayerKind>();
const PRESETS = new Map<string, { kind: LayerKind; args: GivenArgs }>();
for (const def of Object.values(LAYERS)) {
  for (const keyword of def.keywords) BY_KEYWORD.set(keyword, def.kind);
  for (const [word, args] of Object.entries(def.presets ?? {})) PRESETS.set(word, { kind: def.kind, args });
}

const SHORTHAND = /^([A-Za-z]+?)(\d+)$/;

export function lookupLayerName(name: string): NameMatch | null {
  const upper = name.toUpperCase();
  const kind = BY_KEYWORD.get(upper);
  if (kind) return { kind, suffix: null, preset: null };
  const preset = PRESETS.get(upper);
  if (preset) return { kind: preset.kind, suffix: null, preset: preset.args };
  const m = SHORTHAND.exec(upper);
  if (m) {
    const shortKind = BY_KEYWORD.get(m[1]!);
    if (shortKind && LAYERS[shortKind].suffixArg) return { kind: shortKind, suffix: Number(m[2]), preset: null };
  }
  return null;
}

/** Layer names and ID: the words that are never binding names. */
export function isLayerName(name: string): boolean {
  return name.toUpperCase() === IDENTITY_NAME || lookupLayerName(name) !== null;
}

/** Every keyword, for suggestions and help. */
export const LAYER_KEYWORDS: readonly string[] = [...BY_KEYWORD.keys(), ...PRESETS.keys(), IDENTITY_NAME];
