// The network's structure as a tree, for reports: a block for each use of a binding (`basic(64)`,
// `inception(...)`) and each branch of a brace, holding its layers and inner blocks, with exact
// subtotals. Merges sit after their branches, at the brace's level. A sequential network without
// bindings is one flat list of layers.

import type { PathFrame } from '../notation/network.js';
import type { Analysis, LayerAnalysis } from './analyze.js';
import { subtotalsOf, type Subtotals } from './totals.js';

export type { Subtotals };

export interface LayerEntry {
  readonly kind: 'layer';
  readonly depth: number;
  readonly layer: LayerAnalysis;
}

export interface BlockEntry {
  readonly kind: 'block';
  readonly depth: number;
  /** `basic(64)`, `stage`, `branch 2 of 4`. */
  readonly label: string;
  readonly children: readonly (LayerEntry | BlockEntry)[];
  readonly subtotals: Subtotals;
  /** The block's last layer: its output is the block's output. */
  readonly last: LayerAnalysis;
}

type Structural = Exclude<PathFrame, { kind: 'repeat' }>;

function label(frame: Structural): string {
  if (frame.kind === 'branch') return `branch ${frame.index} of ${frame.count}`;
  if (frame.kind === 'side') return `side output ${frame.index} of ${frame.count}`;
  return frame.args ? `${frame.name}(${frame.args.join(', ')})` : frame.name;
}

/** The path's frames without its repeats; the path itself when it has none (most layers' paths). */
function structuralFrames(path: readonly PathFrame[]): readonly Structural[] {
  let frames: Structural[] | null = null; // made at the first repeat
  for (let i = 0; i < path.length; i++) {
    const f = path[i]!;
    if (f.kind === 'repeat') frames ??= path.slice(0, i) as Structural[];
    else frames?.push(f);
  }
  return frames ?? (path as readonly Structural[]);
}

/** Every layer of a block, its inner blocks' included, in order. */
export function layersOf(block: BlockEntry): LayerAnalysis[] {
  return block.children.flatMap((e) => (e.kind === 'layer' ? [e.layer] : layersOf(e)));
}

interface OpenBlock {
  readonly frame: Structural;
  readonly children: (LayerEntry | BlockEntry)[];
}

/** A block's subtotals are its children's summed (an inner block's subtotals stand for its
 *  layers), so every layer is added once for its innermost block, not again for each one around it. */
function close(open: OpenBlock, depth: number): BlockEntry {
  const children = open.children;
  const end = children[children.length - 1]!;
  const subtotals = subtotalsOf(children.map((e) => (e.kind === 'layer' ? e.layer : e.subtotals)));
  return { kind: 'block', depth, label: label(open.frame), children, subtotals, last: end.kind === 'layer' ? end.layer : end.last };
}

/** The tree of blocks, top level first. Frames are compared by identity: expansion shares one frame
 *  object among all the layers of one use of a binding or one branch. */
export function blockTree(analysis: Analysis): (LayerEntry | BlockEntry)[] {
  const top: (LayerEntry | BlockEntry)[] = [];
  const stack: OpenBlock[] = [];
  const closeTo = (size: number): void => {
    while (stack.length > size) {
      const depth = stack.length - 1;
      const block = close(stack.pop()!, depth);
      (stack[stack.length - 1]?.children ?? top).push(block);
    }
  };
  for (const layer of analysis.layers) {
    const path = layer.node.path;
    const frames = structuralFrames(path);
    let shared = 0;
    while (shared < stack.length && shared < frames.length && stack[shared]!.frame === frames[shared]) shared++;
    closeTo(shared);
    for (let i = shared; i < frames.length; i++) stack.push({ frame: frames[i]!, children: [] });
    (stack[stack.length - 1]?.children ?? top).push({ kind: 'layer', depth: frames.length, layer });
  }
  closeTo(0);
  return top;
}
