// What a node is drawn as: its role (the legend's entries, a few broad ones rather than one per
// kind, so that a reader tells convolutions from merges at a glance) and the role's colours.

import { LAYERS } from '../../layers/index.js';
import type { LayerCategory, LayerKind } from '../../layers/types.js';

export type Role = 'conv' | 'norm' | 'activation' | 'pool' | 'merge' | 'fc' | 'other' | 'block';

const ROLE_OF_CATEGORY: Readonly<Record<LayerCategory, Role>> = {
  input: 'other',
  conv: 'conv',
  pool: 'pool',
  fc: 'fc',
  activation: 'activation',
  dropout: 'other',
  normalization: 'norm',
  merge: 'merge',
  reshape: 'other',
  upsample: 'other',
};

export function roleOf(kind: LayerKind): Role {
  return ROLE_OF_CATEGORY[LAYERS[kind].category];
}

export interface RoleStyle {
  /** The legend's words. */
  readonly name: string;
  readonly fill: string;
  readonly stroke: string;
}

// light fills, told apart by hue, under black text; each stroke a darker shade of its fill
export const ROLE_STYLES: Readonly<Record<Role, RoleStyle>> = {
  conv: { name: 'conv-like (CONV, CONVT, LOCAL)', fill: '#cfe2f3', stroke: '#3d6fa3' },
  norm: { name: 'normalization (BN, LRN, LN, SCALE)', fill: '#d9ead3', stroke: '#4f8a3c' },
  activation: { name: 'activation', fill: '#fff2cc', stroke: '#b08a1e' },
  pool: { name: 'pooling', fill: '#fce5cd', stroke: '#c0712b' },
  merge: { name: 'merge (concat, add, mul, slice)', fill: '#ead1dc', stroke: '#9c4a73' },
  fc: { name: 'fully connected', fill: '#d9d2e9', stroke: '#5e4a9c' },
  other: { name: 'other (INPUT, DROPOUT, SHUFFLE, UPSAMPLE)', fill: '#eeeeee', stroke: '#777777' },
  block: { name: 'folded block', fill: '#ffffff', stroke: '#333333' },
};

export const ENDS_LEGEND = "thick border: an output (the network's or a side output)";

/** The roles a model uses, in the legend's order. */
export function rolesUsed(roles: Iterable<Role>): Role[] {
  const used = new Set(roles);
  return (Object.keys(ROLE_STYLES) as Role[]).filter((r) => used.has(r));
}

/** The legend as lines of text, for the text formats' comments. */
export function legendText(model: { readonly nodes: readonly { readonly role: Role; readonly ends: unknown }[] }): string[] {
  const roles = rolesUsed(model.nodes.map((n) => n.role)).map((r) => `${ROLE_STYLES[r].fill}: ${ROLE_STYLES[r].name}`);
  return model.nodes.some((n) => n.ends) ? [...roles, ENDS_LEGEND] : roles;
}
