// The grammar itself: chevrotain's own checks (ambiguities, left recursion) pass with validation on.
import { expect, it } from 'vitest';
import { NotationParser } from '../../src/notation/parser.js';

it('the grammar passes chevrotain self-analysis with validations on', () => {
  expect(() => new NotationParser({ validate: true })).not.toThrow();
});
