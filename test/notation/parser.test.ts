// The grammar itself: chevrotain's own checks (ambiguities, left recursion) pass with validation on,
// and the parser is left as chevrotain would leave it after recording the grammar.
import { expect, it } from 'vitest';
import { NotationParser } from '../../src/notation/syntax/grammar.js';

it('the grammar passes chevrotain self-analysis with validations on', () => {
  expect(() => new NotationParser({ validate: true })).not.toThrow();
});

it('drops the recording methods after recording the grammar (they live on a prototype layer)', () => {
  for (const options of [{ validate: false, recover: false }, { validate: false, recover: true }, { validate: true }]) {
    const parser = new NotationParser(options);
    expect(Object.getPrototypeOf(parser)).toBe(NotationParser.prototype);
    expect(parser.RECORDING_PHASE).toBe(false);
    const own = Object.getOwnPropertyNames(parser);
    for (const name of ['CONSUME', 'CONSUME2', 'SUBRULE', 'OR', 'OR2', 'MANY', 'OPTION', 'OPTION4', 'MANY_SEP', 'AT_LEAST_ONE_SEP', 'ACTION', 'LA', 'consume', 'or']) {
      expect(own).not.toContain(name);
    }
    // the methods the rules call are chevrotain's parsing ones again, not the recording ones
    const consume = (p: object): unknown => (p as { CONSUME: unknown }).CONSUME;
    expect(consume(parser)).toBe(consume(Object.getPrototypeOf(NotationParser.prototype)));
  }
});
