// Types of designs.mjs, for the tests that read the generated suite.

export interface Design {
  readonly name: string;
  readonly network: string;
  readonly batch: number;
  readonly optimizer: string;
  readonly heavy: 'parameters' | 'activations';
  readonly heldOut: boolean;
}

export const SEED: number;
export const COUNT: number;
export const OPTIMIZERS: readonly string[];
export function designs(seed?: number, count?: number): Design[];
