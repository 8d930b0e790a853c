// The graph as a self-contained SVG over a computed layout: clusters as rounded frames named at
// their top left, nodes as boxes filled by role, edges with arrow heads, and a legend of the roles
// drawn. No external fonts, styles or links (GitHub shows an SVG in a README only through <img>,
// which loads nothing else); each box also has a <title>, a tooltip in a browser.

import { CHAR_WIDTH, CLUSTER_LABEL_HEIGHT, FONT_SIZE, LINE_HEIGHT, nodeLines, type Layout, type Point } from './geometry.js';
import type { GraphModel, GraphNode } from './model.js';
import { ENDS_LEGEND, ROLE_STYLES, rolesUsed } from './roles.js';

const MARGIN = 12;
const LEGEND_SWATCH = 14;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n = (v: number): string => String(Math.round(v * 10) / 10);

function pathData(points: readonly Point[], curved: boolean): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const step = curved ? 'C' : 'L';
  return `M${n(first.x)},${n(first.y)} ${step}${rest.map((p) => `${n(p.x)},${n(p.y)}`).join(' ')}`;
}

function textLines(lines: readonly string[], x: number, top: number, anchor: 'middle' | 'start'): string {
  return lines.map((line, i) => `<text x="${n(x)}" y="${n(top + (i + 1) * LINE_HEIGHT - 3)}" text-anchor="${anchor}"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`).join('');
}

/** A box's tooltip: its lines, and which output it is. */
export function nodeTitle(node: GraphNode): string {
  return [...nodeLines(node), ...(node.ends ? [`(the ${node.ends})`] : [])].join('\n');
}

function nodeSvg(node: GraphNode, layout: Layout): string {
  const box = layout.nodes.get(node.id)!;
  const style = ROLE_STYLES[node.role];
  const lines = nodeLines(node);
  const width = node.ends ? 3 : 1;
  const title = escapeXml(nodeTitle(node));
  const top = box.y + (box.height - lines.length * LINE_HEIGHT) / 2;
  return `<g data-node="${node.id}"><title>${title}</title><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="4" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${width}"/>${textLines(lines, box.x + box.width / 2, top, 'middle')}</g>`;
}

function clusterSvg(model: GraphModel, layout: Layout): string[] {
  return model.clusters.map((c) => {
    const box = layout.clusters.get(c.id)!;
    return `<g><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="8" fill="#000000" fill-opacity="0.03" stroke="#999999" stroke-dasharray="4 3"/><text x="${n(box.x + 6)}" y="${n(box.y + CLUSTER_LABEL_HEIGHT - 5)}" fill="#555555">${escapeXml(c.label)}</text></g>`;
  });
}

/** The legend's rows: the roles drawn, then what a thick border means when one is drawn. */
function legend(model: GraphModel, top: number): { readonly svg: string; readonly width: number; readonly height: number } {
  const rows = rolesUsed(model.nodes.map((node) => node.role)).map((r) => ({ ...ROLE_STYLES[r], border: 1 }));
  if (model.nodes.some((node) => node.ends)) rows.push({ name: ENDS_LEGEND, fill: '#ffffff', stroke: '#333333', border: 3 });
  const svg = rows.map((row, i) => {
    const y = top + i * (LEGEND_SWATCH + 6);
    return `<rect x="${MARGIN}" y="${y}" width="${LEGEND_SWATCH}" height="${LEGEND_SWATCH}" rx="2" fill="${row.fill}" stroke="${row.stroke}" stroke-width="${row.border}"/><text x="${MARGIN + LEGEND_SWATCH + 6}" y="${y + LEGEND_SWATCH - 3}">${escapeXml(row.name)}</text>`;
  });
  const width = MARGIN + LEGEND_SWATCH + 6 + Math.max(...rows.map((r) => r.name.length)) * CHAR_WIDTH;
  return { svg: `<g>${svg.join('')}</g>`, width, height: rows.length * (LEGEND_SWATCH + 6) };
}

/** The drawing: the layout shifted by the margin, the legend under it. */
export function svgOf(model: GraphModel, layout: Layout): string {
  const key = legend(model, MARGIN + layout.height + MARGIN);
  const width = Math.ceil(Math.max(layout.width + 2 * MARGIN, key.width + MARGIN));
  const height = Math.ceil(layout.height + 3 * MARGIN + key.height);
  const edges = layout.edges.map((points) => `<path d="${pathData(points, layout.curved)}"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="${FONT_SIZE}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g transform="translate(${MARGIN},${MARGIN})">`,
    ...clusterSvg(model, layout),
    `<g fill="none" stroke="#555555" stroke-width="1.2" marker-end="url(#arrow)">${edges.join('')}</g>`,
    ...model.nodes.map((node) => nodeSvg(node, layout)),
    '</g>',
    key.svg,
    '</svg>',
    '',
  ].join('\n');
}
