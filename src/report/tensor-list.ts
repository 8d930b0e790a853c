// `cnncalc run --list-tensors`: the tensors a weights file must hold for a network, one row each
// (name as the file must have it, the layer as `cnncalc table` numbers and writes it, shape, dtype).
// Formatting only: exec/tensor-names.ts works the list out.

import { resolvedLabel } from '../analysis/layer-label.js';
import type { Paint } from './plain.js';
import type { Analysis } from '../analysis/analyze.js';
import type { ExpectedTensor } from '../exec/tensor-names.js';
import type { Lines } from './lines.js';
import { textTableLines } from './text-table.js';

export function* tensorListLines(tensors: readonly ExpectedTensor[], analysis: Analysis, chalk: Paint): Lines {
  if (tensors.length === 0) {
    yield 'the network has no parameters: run it without --weights';
    return;
  }
  yield* textTableLines({
    header: ['tensor', 'layer', 'shape', 'dtype'],
    align: ['left', 'left', 'left', 'left'],
    rows: {
      count: tensors.length,
      cells: (i) => {
        const t = tensors[i]!;
        return [t.name, `${t.layer} ${resolvedLabel(analysis.layers[t.layer]!.node)}`, `[${t.shape.join(', ')}]`, t.dtype];
      },
    },
  }, chalk);
  yield 'F32 as listed; F16, BF16 and F64 tensors are read too (converted to float32).';
}
