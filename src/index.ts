// The library: parse, expand, analyze, and the report builders. Nothing here uses Node's APIs,
// so the same code runs in a browser.

export { compile, type CompileOptions, type CompileResult } from './api.js';
export { parse, type ParseResult } from './notation/syntax/parse.js';
export { expand, DEFAULT_MAX_LAYERS, type ExpandOptions, type ExpandResult } from './notation/expand/index.js';
export { analyze, type Analysis, type AnalyzeOptions, type AnalyzeResult, type LayerAnalysis } from './analysis/analyze.js';
export { notesTable, type NotesTable, type NotesRow } from './analysis/notes-table.js';
export type { Totals } from './analysis/totals.js';
export type { ReceptiveField } from './analysis/receptive-field.js';
export { DTYPE_BYTES, DTYPES, type Dtype } from './analysis/dtype.js';
export { LAYERS, definitionOf } from './layers/index.js';
export type * from './layers/types.js';
export { fitWindow, type WindowFit } from './layers/window.js';
export type * from './notation/ast.js';
export { describePath, type Network, type NetworkNode, type PathFrame } from './notation/network.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type { Span, Position } from './diagnostics/span.js';
export { renderTable, tableLines, type TableOptions } from './report/table.js';
export { COLUMN_NAMES, CSV_COLUMNS, DEFAULT_COLUMNS, type Column } from './report/columns.js';
export { renderCs231n } from './report/cs231n.js';
export { renderMarkdown, markdownLines } from './report/markdown.js';
export { renderCsv, csvLines } from './report/csv.js';
export { inChunks, joinLines, type Lines } from './report/lines.js';
export { jsonReportLines, renderJson, reportJson, SCHEMA_VERSION } from './report/json.js';
export { jsonLines, lazyArray } from './report/json-lines.js';
export { renderLayers, layersJson, layersJsonLines } from './report/layers-list.js';
export { renderDiagnostic, renderDiagnostics, type SourceText } from './report/diagnostics.js';
export { VERSION } from './version.js';
export * from './lint/index.js';
export * from './budget/index.js';
export * from './exec/index.js';
export { benchAnalysis, type BenchOptions, type BenchResult, type LayerBench, type KindBench } from './exec/bench/bench.js';
// The tensor file readers and writers `cnncalc run` uses, useful on their own (no Node APIs: bytes in, bytes out).
export { readNpy, writeNpy, type NpyArray } from './tensor-io/npy.js';
export { readSafetensors, readSafetensorsMetadata, writeSafetensors, type SafetensorsTensor, type TensorToWrite, type ReadOptions as SafetensorsReadOptions } from './tensor-io/safetensors.js';
export { FormatError, type TensorFormat } from './tensor-io/errors.js';
export { bytesSource, type ByteSource } from './tensor-io/source.js';
export { exportPytorch, parameterShapes, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './export/pytorch.js';
export { ExportError } from './export/modules.js';
export { exportOnnx, onnxModel, OPSETS, OnnxLayerError, type OnnxExportOptions, type OnnxOptions, type ModelData } from './export/onnx/index.js';
export { PLAIN, type Paint, type Style } from './report/plain.js';
export * from './report/graph/index.js';
export { buildReport, barChartSvg, stepChartSvg, type ReportOptions, type BarSeries, type StepChart } from './report/html/index.js';
