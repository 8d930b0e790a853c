// The report's network diagram: the SVG the caller hands in (`cnncalc graph`'s drawing,
// report/graph), placed as it is, or a note saying that there is none.

export function diagramSection(svg: string | undefined): string {
  if (svg === undefined) return '<p class="note">No diagram in this report: the network has more boxes than the layout takes (<code>cnncalc graph --depth N</code> draws it with its blocks folded).</p>';
  return `<figure class="diagram">${svg}</figure>`;
}
