// Lint traits: a kind spreads NO_TRAITS and sets what it is (layers/types.ts LintTraits says what each means).

import type { LintTraits } from './types.js';

export const NO_TRAITS: LintTraits = {
  affine: null,
  keepsLinear: false,
  activation: null,
  keepsSign: false,
  shapeOnly: false,
  collapsesSpace: false,
  cancelsBias: false,
  probabilities: false,
  identityAtInference: false,
  gates: false,
};

export const traitsOf = (t: Partial<LintTraits>): LintTraits => ({ ...NO_TRAITS, ...t });

/** Traits that no argument changes, made once: lint asks for them at every layer of every rule. */
export function fixedTraits(t: Partial<LintTraits>): () => LintTraits {
  const traits = traitsOf(t);
  return () => traits;
}
