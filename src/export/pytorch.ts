// `cnncalc export --format pytorch`: an analysed network as the source of a Python module defining
// it as a torch.nn.Module (PyTorch 1.13). The module's children are named "1", "2", ... (the layer numbers) as
// `cnncalc run` names the weights (exec/weights.ts tensorName, the kinds' declared tensors), so a
// state dict round-trips both ways; PARAMETERS lists every tensor with its shape and build()
// checks the model against it. The forward pass walks the graph in layer order and drops each
// intermediate tensor after its last reader (a Python local would otherwise keep every activation
// alive to the end of forward, which no framework's graph does). Tensors are N,C,H,W; an FC's output
// is [N, n], viewed as [N, n, 1, 1] where a layer needs four dimensions.

import type { Analysis, LayerAnalysis } from '../analysis/analyze.js';
import { tensorName } from '../exec/weights.js';
import { definitionOf } from '../layers/index.js';
import { planTraining } from '../training/plan.js';
import { flattens, moduleFor, needs4d } from './modules.js';
import { PRELUDE } from './prelude.js';

export const EXPORT_FORMATS = ['pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** What the header calls the network's source (a file name). */
  readonly source?: string;
}

/** The state-dict names and shapes `cnncalc run` loads, in layer order. */
export function parameterShapes(analysis: Analysis): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const a of analysis.layers) {
    if (a.node.shares !== undefined) continue; // its first use's tensors
    for (const p of definitionOf(a.layer).parameters(a.layer.args, a.input, a.output)) shapes.set(tensorName(a.node, p.name), [...p.shape]);
  }
  return shapes;
}

/** Per layer id, whether its output is an FC's [N, n] (rank 2) rather than N,C,H,W. */
export function flatOutputs(layers: readonly LayerAnalysis[]): boolean[] {
  const flat: boolean[] = [];
  for (const a of layers) {
    const inputs = a.node.inputs;
    flat.push(flattens(a) || (!needs4d(a) && inputs.length > 0 && inputs.every((i) => flat[i])));
  }
  return flat;
}

/** The tensors a layer's module reads, as Python names: its inputs', but an UNPOOL's, which reads
 *  the tensor to unpool and its pool's indices (not the pool's input, its second input here). */
function readsOf(a: LayerAnalysis): string[] {
  const inputs = a.node.inputs.map((i) => `x${i}`);
  return a.node.unpools === undefined ? inputs : [inputs[0]!, `i${a.node.unpools}`];
}

/** Per Python name, the id of the last layer that reads it. */
function lastReaders(layers: readonly LayerAnalysis[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const a of layers) for (const name of readsOf(a)) last.set(name, a.node.id);
  return last;
}

/** The pools an UNPOOL reads: they return their indices too (return_indices=True). */
function unpooledPools(layers: readonly LayerAnalysis[]): Set<number> {
  return new Set(layers.flatMap((a) => (a.node.unpools === undefined ? [] : [a.node.unpools])));
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');
const shapeTuple = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

function outputShape(a: LayerAnalysis, flat: boolean): number[] {
  return flat ? [a.output.depth] : [a.output.depth, a.output.height, a.output.width];
}

function forwardLines(analysis: Analysis, flat: readonly boolean[]): string[] {
  const layers = analysis.layers;
  const last = lastReaders(layers);
  const unpooled = unpooledPools(layers);
  const output = analysis.network.output;
  const lines = ['    def forward(self, x0):', '        m = self._modules'];
  for (const a of layers.slice(1)) {
    const id = a.node.id;
    const wants4d = needs4d(a) || (a.node.inputs.length > 1 && !a.node.inputs.every((i) => flat[i]));
    const args = readsOf(a).map((x) => (wants4d && x.startsWith('x') && flat[Number(x.slice(1))] ? `${x}.view(${x}.shape[0], -1, 1, 1)` : x));
    const results = unpooled.has(id) ? `x${id}, i${id}` : `x${id}`;
    lines.push(`        ${results} = m["${moduleId(a)}"](${args.join(', ')})`);
    const done = readsOf(a).filter((x, at, all) => last.get(x) === id && x !== `x${output}` && all.indexOf(x) === at);
    if (done.length > 0) lines.push(`        del ${done.join(', ')}`);
  }
  const outputs = [output, ...analysis.network.sideOutputs];
  lines.push(`        return ${outputs.map((o) => `x${o}`).join(', ')}`);
  return lines;
}

/** The module a layer runs: its own, or, where it shares weights (a later use of a `let shared`
 *  binding), the first use's; layers without parameters keep their own (a RELU's inplace flag). */
function moduleId(a: LayerAnalysis): number {
  const shares = a.node.shares;
  if (shares === undefined || definitionOf(a.layer).parameters(a.layer.args, a.input, a.output).length === 0) return a.node.id;
  return shares;
}

/** A layer's module; a pool an UNPOOL reads returns its indices too (nn.MaxPool2d's and
 *  nn.AdaptiveMaxPool2d's last argument). */
function moduleOf(a: LayerAnalysis, inPlace: boolean, unpooled: ReadonlySet<number>): string {
  const module = moduleFor(a, inPlace);
  return unpooled.has(a.node.id) ? `${module.slice(0, -1)}, return_indices=True)` : module;
}

export function exportPytorch(analysis: Analysis, options: ExportOptions = {}): string {
  const layers = analysis.layers;
  const plan = planTraining(layers, { training: true, sideOutputs: analysis.network.sideOutputs });
  const flat = flatOutputs(layers);
  const input = layers[0]!.output;
  const out = layers[analysis.network.output]!;
  const params = parameterShapes(analysis);
  const unpooled = unpooledPools(layers);
  const header = [
    `# Generated by cnncalc export --format pytorch${options.source ? ` from ${oneLine(options.source)}` : ''}.`,
    '# PyTorch 1.13 or later. Module names are the layer numbers of `cnncalc table` and `cnncalc layers`, so the',
    '# state dict loads into `cnncalc run --weights` (written with safetensors) and back.',
    '',
  ];
  const body = [
    '',
    '',
    `INPUT_SHAPE = ${shapeTuple([input.depth, input.height, input.width])}`,
    `OUTPUT_SHAPE = ${shapeTuple(outputShape(out, flat[out.node.id]!))}`,
    'PARAMETERS = {',
    ...[...params].map(([name, shape]) => `    "${name}": ${shapeTuple(shape)},`),
    '}',
    '',
    '',
    'class Network(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    ...layers.slice(1).filter((a) => moduleId(a) === a.node.id).map((a) => `        self.add_module("${a.node.id}", ${moduleOf(a, plan.inPlace[a.node.id]!, unpooled)})  # ${oneLine(a.node.text)}`),
    '',
    ...forwardLines(analysis, flat),
    '',
    '',
    'def build():',
    '    """The network, checked against PARAMETERS (names and shapes as `cnncalc run` loads them)."""',
    '    net = Network()',
    '    found = {n: tuple(t.shape) for n, t in net.state_dict().items() if not n.endswith(".num_batches_tracked")}',
    '    assert found == PARAMETERS, f"state dict differs from PARAMETERS: {sorted(set(found.items()) ^ set(PARAMETERS.items()))}"',
    '    return net',
    '',
  ];
  return [...header, PRELUDE, ...body].join('\n');
}
