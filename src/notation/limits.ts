// How deep the notation may nest, and why. Every walk over the notation that recurses (the parser,
// the expander, lint's name walk, reports of the block tree) is bounded by one of these limits, each
// checked before the walk with its own error code and the position of the first part too deep, so
// that no accepted input can overflow the call stack. Real networks stay far below all of them:
// GoogLeNet nests bindings 3 deep, and its longest expression has 2 operators.

/** Levels of the syntax tree of one statement: a layer inside a group inside a repeat ... down to
 *  the operands of an expression. `1+1+...+1` is a tree as deep as it has terms, and
 *  `RELU*1*1*...*1` one as deep as it has postfixes. Checked after parsing (syntax/tree-depth.ts). */
export const MAX_TREE_DEPTH = 500;

/** Uses of bindings inside bindings: `let a1 = [a0]`, `let a2 = [a1]`, ... Each level is a frame
 *  in every layer's repetition path, and a level of recursion of the expander; integer lets that
 *  use integer lets count alike. Checked while counting (expand/count.ts). */
export const MAX_BINDING_DEPTH = 64;

/** Elements being expanded inside each other, across bindings (a binding's body may itself be a
 *  deep tree): the expander's own recursion. Checked while counting, before any layer is built. */
export const MAX_EXPANSION_DEPTH = 1000;

/** Frames in all the layers' repetition paths together: each layer keeps its own path (a repeat's
 *  frame holds the layer's position in it), about 80 bytes a frame on V8's heap, so 100,000 layers
 *  inside 400 repeats would need 3.3 GB before a row is printed. 8,000,000 frames are about 650 MB:
 *  a million layers inside 8 levels of repeats, branches and binding uses. Checked while counting. */
export const MAX_PATH_FRAMES = 8_000_000n;
