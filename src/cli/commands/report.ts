// cnncalc report FILE -o report.html: one self-contained HTML page (report/html/page.ts) with the
// diagram, the per-layer charts, the memory of one training step, the lint findings and the table.
// Here only the options (the step's are budget's: budget-step.ts), the figures the page is given,
// and the writing. Exit 0 written (whatever the budget or lint found: the page reports it), 2 bad
// input or usage.

import type { Analysis } from '../../analysis/analyze.js';
import { summarizeStep } from '../../budget/step.js';
import { lint, type LintConfig } from '../../lint/lint.js';
import { renderDiagnostics } from '../../report/diagnostics.js';
import { FigureOverflow } from '../../util/exact.js';
import { pathText } from '../../util/path-text.js';
import { refuseOutputOverInputs, STDOUT_PATH, writeFileAtomic } from '../atomic-write.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chalkFor, checkWritable, type Io } from '../io.js';
import { BadLintConfig, effectiveConfig, LintConfigFinder } from '../lint-config.js';
import { loadNetwork, MAX_SHOWN_ERRORS, onePath } from '../load.js';
import { integerOption, NETWORK_OPTIONS, type CommonValues, type NetworkValues } from '../options.js';
import { STEP_OPTIONS, stepSettings } from './budget-step.js';
import { configPath } from './lint.js';

/** The lint configuration `cnncalc lint` would use for the network (its cnncalc.config.json), or
 *  exit 2 after printing what is wrong with that file. */
function lintConfig(path: string, values: NetworkValues & CommonValues, io: Io): LintConfig | number {
  const at = configPath(path, values);
  try {
    return effectiveConfig(new LintConfigFinder().find(at), at, {});
  } catch (e) {
    if (!(e instanceof BadLintConfig)) throw e;
    io.stderr(renderDiagnostics(e.errors, e, chalkFor(values, io, 'stderr'), MAX_SHOWN_ERRORS));
    return EXIT.badInput;
  }
}

export const report = defineCommand({
  name: 'report',
  summary: 'Write one self-contained HTML page: the diagram, per-layer charts, the memory of a training step over time, the lint findings and the table.',
  usage: 'cnncalc report FILE -o report.html [--batch B] [--dtype D] [--optimizer O] [--device NAME | --limit SIZE] [options]',
  options: [
    { name: 'output', short: 'o', type: 'string', value: 'FILE.html', description: "where to write the page (required; '-' is stdout)" },
    { name: 'batch', short: 'b', type: 'string', value: 'B', description: 'images per training step in the memory section (default 1)' },
    ...STEP_OPTIONS,
    ...NETWORK_OPTIONS,
  ],
  details: [
    'The page needs no network: its CSS and charts (SVG) are inline, it has no script and links nothing outside itself.',
    "The memory section is `cnncalc budget` at these options; the findings are `cnncalc lint`'s, under the network's cnncalc.config.json.",
    'Exit codes: 0 written (a step over the limit or lint errors are in the page), 2 bad input.',
    'Examples:',
    '  cnncalc report examples/vgg16.cnn -o vgg16.html',
    '  cnncalc report examples/resnet50.cnn -o resnet50.html --batch 32 --dtype mixed --optimizer adam --device A100-40GB',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const output = values.output;
    if (output === undefined) throw new UsageError("report needs -o FILE.html (or '-o -' for stdout), e.g. 'cnncalc report examples/vgg16.cnn -o vgg16.html'");
    const step = stepSettings(values);
    const batch = integerOption(values.batch, '--batch', 1) ?? 1;
    const path = onePath(positionals, 'report', values);
    if (output !== STDOUT_PATH) {
      refuseOutputOverInputs({ path: output, what: 'the report' }, [{ path, what: 'the network' }]);
      checkWritable(output, 'the report');
    }
    const config = lintConfig(path, values, io);
    if (typeof config === 'number') return config;
    // --dtype is the budget's (mixed is not an analysis dtype): the table stays at fp32, as budget's analysis
    const loaded = loadNetwork(path, { ...values, dtype: undefined }, io);
    if (typeof loaded === 'number') return loaded;
    const compiled = loaded.result;
    const analysis = compiled.analysis!;
    // the page's code is loaded only here: `cnncalc table` starts without it
    const { buildReport } = await import('../../report/html/page.js');
    const diagramSvg = await diagramOf(analysis);
    let html: string;
    try {
      const budget = summarizeStep(loaded.file, analysis, step, batch);
      const linted = { file: loaded.file, source: compiled.source, diagnostics: lint(compiled, config).diagnostics, compileErrors: [] };
      html = buildReport(analysis, budget, linted, { diagramSvg });
    } catch (e) {
      if (!(e instanceof FigureOverflow)) throw e;
      io.stderr(`cnncalc report: ${pathText(loaded.file)}: the ${e.message}; cnncalc refuses to print an inexact figure (try a smaller --batch)\n`);
      return EXIT.badInput;
    }
    if (output === STDOUT_PATH) io.stdout(html);
    else writeFileAtomic(output, new TextEncoder().encode(html), 'the report');
    return EXIT.ok;
  },
});

/** The network as `cnncalc graph` draws it, or none when it has more boxes than the layout takes. */
async function diagramOf(analysis: Analysis): Promise<string | undefined> {
  const graph = await import('../../report/graph/index.js');
  try {
    return await graph.renderGraphSvg(analysis);
  } catch (e) {
    if (e instanceof graph.GraphTooLarge) return undefined;
    throw e;
  }
}
