// Layer names as written: keywords (case-insensitive) and the VGG shorthand with a trailing size
// (CONV3, POOL2). The parser asks isLayerName; the AST builder asks lookupLayerName.

import { LAYERS } from './index.js';
import type { LayerKind } from './types.js';

export interface NameMatch {
  readonly kind: LayerKind;
  /** The trailing number of a shorthand (3 in CONV3), or null. */
  readonly suffix: number | null;
}

const BY_KEYWORD = new Map<string, LayerKind>();
for (const def of Object.values(LAYERS)) for (const keyword of def.keywords) BY_KEYWORD.set(keyword, def.kind);

const SHORTHAND = /^([A-Za-z]+?)(\d+)$/;

export function lookupLayerName(name: string): NameMatch | null {
  const upper = name.toUpperCase();
  const kind = BY_KEYWORD.get(upper);
  if (kind) return { kind, suffix: null };
  const m = SHORTHAND.exec(upper);
  if (m) {
    const shortKind = BY_KEYWORD.get(m[1]!);
    if (shortKind && LAYERS[shortKind].suffixArg) return { kind: shortKind, suffix: Number(m[2]) };
  }
  return null;
}

export function isLayerName(name: string): boolean {
  return lookupLayerName(name) !== null;
}

/** Every keyword, for suggestions and help. */
export const LAYER_KEYWORDS: readonly string[] = [...BY_KEYWORD.keys()];
