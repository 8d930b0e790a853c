// The report's look, inline (the page loads nothing): one column, a system font stack (no web
// font), tabular numerals, greys with one muted accent for the data, and a print layout without
// the screen margins whose tables and figures are not split across pages.

export const STYLE = `
:root { --ink: #1d1d1f; --muted: #666; --rule: #d6d6d6; --faint: #f3f3f3; --accent: #41627e; }
body { max-width: 1000px; margin: 2.5em auto; padding: 0 1.5em; color: var(--ink); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7em; margin: 0 0 .2em; font-weight: 650; }
h2 { font-size: 1.25em; margin: 2.2em 0 .7em; padding-bottom: .25em; border-bottom: 1px solid var(--rule); font-weight: 650; }
p.lede { color: var(--muted); margin-top: 0; }
nav ol { columns: 2; padding-left: 1.4em; margin: .5em 0 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: .9em; margin: .5em 0; }
th, td { padding: 2px 9px; text-align: left; white-space: nowrap; border-bottom: 1px solid var(--faint); }
th { border-bottom: 1.5px solid var(--ink); font-weight: 600; }
.n { text-align: right; }
tr.block td { font-weight: 600; background: var(--faint); }
tfoot td { border-top: 1.5px solid var(--ink); font-weight: 600; }
table.terms td:last-child { white-space: normal; }
ul.summary, ul.verdict { font-variant-numeric: tabular-nums; padding-left: 1.2em; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1.2em; font-variant-numeric: tabular-nums; }
dl.figures dt { color: var(--muted); }
dl.figures dd { margin: 0; }
p.peak { font-size: 1.05em; }
p.note, figcaption { color: var(--muted); font-size: .9em; }
figure { margin: 1em 0; }
svg { max-width: 100%; height: auto; font-family: inherit; }
svg text { font-size: 11px; fill: var(--ink); }
svg text.tick, svg text.level-label { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg text.heading, svg text.phase { font-weight: 600; }
svg text.peak-label { font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .axis { stroke: var(--ink); stroke-width: 1; }
svg .band { fill: #f7f7f7; }
svg .bar { fill: var(--accent); }
svg .area { fill: var(--accent); fill-opacity: .18; }
svg .line { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg .phase-backward { fill: #f2f2f2; }
svg .phase-step { fill: #e6e6e6; }
svg .level { stroke: var(--muted); stroke-dasharray: 5 4; }
svg line.peak { stroke: var(--ink); stroke-dasharray: 2 3; }
svg circle.peak { fill: var(--ink); }
svg .hover { fill: transparent; }
/* The diagram keeps its own monospace text, which its boxes are sized for; a long network scrolls in
   its frame on screen and prints whole. */
figure.diagram { max-height: 80vh; overflow: auto; border: 1px solid var(--faint); }
figure.diagram svg { max-width: none; }
figure.diagram svg text { font-family: monospace; font-size: 12px; }
pre.finding { font-size: .85em; line-height: 1.4; background: #fafafa; padding: .55em .8em; margin: .6em 0;
  border-left: 3px solid var(--rule); white-space: pre-wrap; overflow-wrap: anywhere; }
pre.finding.warning { border-left-color: #b58900; }
pre.finding.error { border-left-color: #b03030; }
footer { margin-top: 3em; color: var(--muted); font-size: .85em; border-top: 1px solid var(--rule); padding-top: .6em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11px; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, pre, table.terms, tr { break-inside: avoid; }
  figure.diagram { max-height: none; overflow: visible; border: none; }
  figure.diagram svg { max-width: 100%; }
  thead { display: table-header-group; }
}
`;
