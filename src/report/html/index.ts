// The HTML report's public face: the page builder, and the charts and escaping it is made of (pure
// functions returning markup, for a browser page as for the CLI's file).

export { buildReport, type ReportOptions } from './page.js';
export { barChartSvg, type BarSeries } from './charts.js';
export { stepChartSvg, type StepChart, type StepPoint, type Level } from './step-chart.js';
export { BYTES, COUNT, scaleFor, linearScale, type Measure, type Scale } from './scale.js';
export { escapeHtml } from './escape.js';
