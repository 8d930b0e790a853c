// The time of one SVG layout (report/graph/layout.ts, Graphviz in WebAssembly) of GoogLeNet and
// ResNet-50: what the playground pays on each redraw. The module is loaded once, outside the timing;
// each figure is the median of the runs, the networks interleaved.
// Usage: node bench/graph-layout.mjs [RUNS=9]
import { librarySource } from './library.mjs';
import { readFileSync } from 'node:fs';

const { compile, graphModel, layoutGraph, svgOf } = await librarySource([
  "export { compile } from './src/api.ts';",
  "export { graphModel, layoutGraph, svgOf } from './src/report/graph/index.ts';",
]);

const runs = Number(process.argv[2] ?? 9);
const networks = ['googlenet', 'resnet50'].map((name) => ({ name, model: graphModel(compile(readFileSync(`examples/${name}.cnn`, 'utf8')).analysis) }));
let start = performance.now();
await layoutGraph(networks[0].model, 'TB');
console.log(`load Graphviz and lay out ${networks[0].name} once: ${(performance.now() - start).toFixed(0)} ms`);
const times = new Map(networks.map((n) => [n.name, []]));
for (let i = 0; i < runs; i++) {
  for (const { name, model } of networks) {
    start = performance.now();
    svgOf(model, await layoutGraph(model, 'TB'));
    times.get(name).push(performance.now() - start);
  }
}
for (const { name, model } of networks) {
  const t = times.get(name).sort((a, b) => a - b);
  console.log(`${name} (${model.nodes.length} boxes, ${model.edges.length} edges, ${model.clusters.length} clusters): layout + SVG median ${t[t.length >> 1].toFixed(0)} ms, min ${t[0].toFixed(0)} ms over ${runs} runs`);
}
