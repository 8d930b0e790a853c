// Where the boxes go: Graphviz's dot, compiled to WebAssembly (@hpcc-js/wasm-graphviz), lays out the
// model with every box at the size of its text (geometry.ts); svg.ts draws the result. The library
// is loaded on the first call (`await import`), never with the module, so that `cnncalc table` and a
// page that only shows a table need not pay for it, once the build puts it in a file of its own
// (esbuild inlines a dynamic import in a one-file bundle; inlined, dist/cli.cjs grows from 450 KB to
// 1.28 MB and a VGG16 table starts 20% slower).
//
// Why Graphviz, of the three candidates tried (elkjs 0.12.1 layered with INCLUDE_CHILDREN and
// orthogonal edges; @dagrejs/dagre 3.1.3 compound; Graphviz 1.29.2 dot), each drawing GoogLeNet
// (197 nodes, 223 edges, 104 clusters) and ResNet-50 (175 nodes, 190 edges, 36 clusters) through the
// same svg.ts, looked at as PNG (chromium --headless --screenshot):
// - layout time per ResNet-50 layout (the playground redraws on each keystroke), median of 7,
//   candidates interleaved, one process, on a loaded 2-core machine: Graphviz 200 ms (min 113),
//   elkjs 1,648 ms (min 906), dagre 2,119 ms (min 1,255). GoogLeNet with Graphviz: 215 ms.
// - bytes added to a browser bundle (esbuild --bundle --minify --platform=browser, then gzip -9):
//   dagre 48,615 (16,984 gzipped), Graphviz 814,600 (632,025: the WebAssembly is inlined as base64),
//   elkjs 1,493,703 (450,275).
// - what it looked like: Graphviz nests clusters correctly with room for each name, keeps the
//   drawing compact (GoogLeNet 1,156 px wide) and routes ResNet's identity edges as curves beside
//   the residual branch; it orders an inception module's branches 2, 3, 4, 1 (ordering=out did not
//   change that; each cluster is named "branch k of 4"; folded at --depth 1 they are in order). elkjs draws tidy orthogonal edges and
//   clusters, but 2.5 times as wide (GoogLeNet 2,892 px: long edges detour around clusters), with
//   branches also out of source order, and takes 8 times as long. dagre is smallest but leaves no
//   room for a cluster's name: a nested cluster's border and boxes cover it ("branch 1 of 2" hidden
//   in every ResNet block, "bconv(1, 32)" struck through in GoogLeNet).
// Graphviz is also what the DOT format is checked against, so one library serves both.

import { dotText, type DotStyle } from './dot.js';
import { CLUSTER_LABEL_HEIGHT, nodeSize, type Box, type Direction, type Layout, type Point } from './geometry.js';
import type { GraphModel } from './model.js';
import { grouped } from '../format.js';

type Graphviz = Awaited<ReturnType<typeof import('@hpcc-js/wasm-graphviz').Graphviz.load>>;

let graphviz: Promise<Graphviz> | null = null;

/** The WebAssembly module, compiled once per process or page. */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return graphviz;
}

const POINTS_PER_INCH = 72;

/** Boxes of fixed size and no text (the SVG draws the text), clusters with room for their names. */
const LAYOUT_STYLE: DotStyle = {
  header: ['graph [nodesep=0.17, ranksep=0.28];', 'node [shape=box, fixedsize=true, label=""];'],
  nodeAttributes(node) {
    const size = nodeSize(node);
    return `width=${size.width / POINTS_PER_INCH}, height=${size.height / POINTS_PER_INCH}`;
  },
  // a blank label of the name's height: Graphviz then keeps that band free at the cluster's top
  clusterAttributes: () => `label=" "; fontsize=${CLUSTER_LABEL_HEIGHT - 4}; margin=8;`,
  edgeAttributes: (i) => ` [id="e${i}"]`,
};

/** Graphviz's -Tjson output, the parts read here (coordinates in points, y upwards). */
interface GraphvizJson {
  readonly bb: string;
  readonly objects?: readonly { readonly name: string; readonly bb?: string; readonly pos?: string; readonly width?: string; readonly height?: string }[];
  readonly edges?: readonly { readonly id?: string; readonly pos: string }[];
}

const numbers = (text: string): number[] => text.split(',').map(Number);

/** The most boxes laid out: 10,001 boxes in a chain take 12 s here; a 100,000-layer network
 *  would not finish in a useful time. */
export const MAX_LAYOUT_NODES = 10_000;

/** A graph too large to lay out; the text formats have no such limit. */
export class GraphTooLarge extends Error {}

export async function layoutGraph(model: GraphModel, direction: Direction): Promise<Layout> {
  if (model.nodes.length > MAX_LAYOUT_NODES) {
    throw new GraphTooLarge(`${grouped(model.nodes.length)} boxes are more than the SVG layout takes (${grouped(MAX_LAYOUT_NODES)})`);
  }
  const gv = await loadGraphviz();
  const json = JSON.parse(gv.layout(dotText(model, direction, LAYOUT_STYLE), 'json', 'dot')) as GraphvizJson;
  const [, , width = 0, height = 0] = numbers(json.bb);
  const flip = (x: number, y: number): Point => ({ x, y: height - y });
  const nodes = new Map<string, Box>();
  const clusters = new Map<string, Box>();
  for (const o of json.objects ?? []) {
    if (o.bb !== undefined && o.name.startsWith('cluster_')) {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = numbers(o.bb);
      const id = o.name.slice('cluster_'.length);
      clusters.set(id, { id, x: x1, y: height - y2, width: x2 - x1, height: y2 - y1 });
    } else if (o.pos !== undefined) {
      const [x = 0, y = 0] = numbers(o.pos);
      const w = Number(o.width) * POINTS_PER_INCH;
      const h = Number(o.height) * POINTS_PER_INCH;
      nodes.set(o.name, { id: o.name, x: x - w / 2, y: height - y - h / 2, width: w, height: h });
    }
  }
  const routes = new Map((json.edges ?? []).map((e) => [e.id, splinePoints(e.pos, flip)]));
  return { width, height, nodes, clusters, edges: model.edges.map((_, i) => routes.get(`e${i}`) ?? []), curved: true };
}

/** An edge's `pos`: `e,x,y` (the arrow's tip) then the spline's Bezier control points (1 + 3n).
 *  The tip is joined by a straight segment, written as a Bezier one so the path stays one kind. */
function splinePoints(pos: string, flip: (x: number, y: number) => Point): Point[] {
  let tip: Point | null = null;
  const points: Point[] = [];
  for (const part of pos.split(' ')) {
    if (part.startsWith('s,')) continue;
    const [x = 0, y = 0] = numbers(part.startsWith('e,') ? part.slice(2) : part);
    if (part.startsWith('e,')) tip = flip(x, y);
    else points.push(flip(x, y));
  }
  const last = points[points.length - 1];
  return tip && last ? [...points, last, tip, tip] : points;
}
