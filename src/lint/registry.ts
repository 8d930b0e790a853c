// Every lint rule, in the order --list and docs/lint.md show them. A rule's id is its file name under
// rules/ and never changes (configurations and disable directives name it).

import type { Rule } from './types.js';
import { biasBeforeBn } from './rules/bias-before-bn.js';
import { channelsFirstInput } from './rules/channels-first-input.js';
import { deadWeights } from './rules/dead-weights.js';
import { evenFilterSamePadding } from './rules/even-filter-same-padding.js';
import { gateNotSigmoid } from './rules/gate-not-sigmoid.js';
import { largeFilter } from './rules/large-filter.js';
import { largePool } from './rules/large-pool.js';
import { linearStack } from './rules/linear-stack.js';
import { paramHeavyLayer } from './rules/param-heavy-layer.js';
import { redundantActivation } from './rules/redundant-activation.js';
import { reluOnScores } from './rules/relu-on-scores.js';
import { shorthandFilterSize } from './rules/shorthand-filter-size.js';
import { smallReceptiveField } from './rules/small-receptive-field.js';
import { softmaxNotLast } from './rules/softmax-not-last.js';
import { strideSkipsInput } from './rules/stride-skips-input.js';
import { KNOWN_RULES, unknownDisableRule } from './rules/unknown-disable-rule.js';
import { unknownDirective } from './rules/unknown-directive.js';
import { unusedBinding } from './rules/unused-binding.js';
import { unusedDisableDirective } from './rules/unused-disable-directive.js';
import { unpoolOverlappingWindows } from './rules/unpool-overlapping-windows.js';
import { unusedParameter } from './rules/unused-parameter.js';
import { windowNotIntegral } from './rules/window-not-integral.js';

export const RULES: readonly Rule[] = [
  // shapes written in a way the notation reads differently
  channelsFirstInput,
  shorthandFilterSize,
  // the window's geometry
  windowNotIntegral,
  strideSkipsInput,
  evenFilterSamePadding,
  deadWeights,
  unpoolOverlappingWindows,
  // design choices the cs231n notes argue about
  largeFilter,
  largePool,
  paramHeavyLayer,
  smallReceptiveField,
  // layer order
  linearStack,
  redundantActivation,
  softmaxNotLast,
  reluOnScores,
  gateNotSigmoid,
  biasBeforeBn,
  // the file
  unusedBinding,
  unusedParameter,
  unknownDisableRule,
  unknownDirective,
  unusedDisableDirective,
];

KNOWN_RULES.push(...RULES.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
