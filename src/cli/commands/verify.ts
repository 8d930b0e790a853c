// cnncalc verify FILE: run the network with seeded random weights and check every prediction
// (exec/verify.ts does the work, report/verify.ts prints it). Exit 0 when everything matches, 1 on
// any mismatch, 2 for bad input or a run refused by the memory guard.

import { DEFAULT_MAX_MEMORY } from '../../exec/guard.js';
import { OPTIMIZER_NAMES } from '../../exec/optim/optimizers.js';
import { verifyAnalysis, type VerifyReport } from '../../exec/verify.js';
import { renderNonFiniteWarnings } from '../../report/nonfinite.js';
import type { Lines } from '../../report/lines.js';
import type { Paint } from '../../report/plain.js';
import { verifyJsonLines, verifyTextLines } from '../../report/verify.js';
import { parseSize } from '../../util/size.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { chosenFormat, type Formats } from '../formats.js';
import { chalkFor } from '../io.js';
import { loadNetwork, onePath } from '../load.js';
import { refuseRunOverMemory } from '../memory-guard.js';
import { writeLines } from '../output.js';
import { integerOption, NETWORK_OPTIONS, oneOf, sizeOption } from '../options.js';
import { createProgress, type Progress } from '../progress.js';
import { THREADS_OPTION, useThreadsOption } from '../threads-option.js';

const FORMATS: Formats<'text' | 'json', (report: VerifyReport, file: string, paint: Paint) => Lines> = {
  text: verifyTextLines,
  json: (report, file) => verifyJsonLines(report, file),
};

export function maxMemoryOption(text: string | undefined): number {
  return sizeOption(text, 'max-memory', parseSize) ?? DEFAULT_MAX_MEMORY;
}

export const MAX_MEMORY_OPTION = { name: 'max-memory', type: 'string', value: 'SIZE', description: 'refuse runs predicted to need more (default 4GiB), e.g. 512MiB or 8GB' } as const;

export const verify = defineCommand({
  name: 'verify',
  summary: 'Run the network with seeded random weights and check every predicted shape, count and byte figure; exit 1 on any mismatch.',
  usage: 'cnncalc verify FILE [--batch B] [--seed S] [--train [--optimizer O]] [--max-memory SIZE] [--threads N] [--json]',
  options: [
    { name: 'batch', short: 'b', type: 'string', value: 'B', description: 'images in the random batch (default 1)' },
    { name: 'seed', type: 'string', value: 'S', description: 'seed of the weights (He-uniform), the batch and dropout masks (default 0)' },
    { name: 'train', type: 'boolean', description: 'also run the backward pass and one optimizer step' },
    { name: 'optimizer', type: 'string', value: OPTIMIZER_NAMES.join('|'), description: 'optimizer of the training step (default sgd)' },
    MAX_MEMORY_OPTION,
    THREADS_OPTION,
    { name: 'json', type: 'boolean', description: 'print the report as JSON' },
    ...NETWORK_OPTIONS,
  ],
  details: [
    'Predicted figures come from the analysis (as cnncalc table prints them) and the memory budget;',
    'measured ones from the run: kernel loop bounds for MACs, allocated buffers for bytes.',
    'Examples:',
    '  cnncalc verify examples/lenet5.cnn',
    '  cnncalc verify examples/cifar10.cnn --batch 64 --train --optimizer adam',
  ].join('\n'),
  async run({ values, positionals, io }) {
    const render = FORMATS[chosenFormat(values, FORMATS)];
    const batch = integerOption(values.batch, '--batch', 1) ?? 1;
    const seed = integerOption(values.seed, '--seed', 0) ?? 0;
    const train = values.train === true;
    const optimizer = oneOf('optimizer', values.optimizer ?? 'sgd', OPTIMIZER_NAMES);
    if (values.optimizer !== undefined && !train) throw new UsageError('--optimizer needs --train');
    const maxMemory = maxMemoryOption(values['max-memory']);
    await useThreadsOption(values.threads);
    const path = onePath(positionals, 'verify', values);
    const loaded = loadNetwork(path, values, io);
    if (typeof loaded === 'number') return loaded;
    const analysis = loaded.result.analysis!;
    const refused = refuseRunOverMemory(analysis, { command: 'verify', batch, train, optimizer, limit: maxMemory, kind: 'verify' }, io);
    if (refused !== null) return refused;
    // Created when the first layer starts, so its clock leaves out building the weights.
    let progress: Progress | undefined;
    const start = (): Progress => (progress ??= createProgress({ stream: { write: io.stderr, isTTY: io.stderrIsTTY, columns: process.stderr.columns || 80 }, total: 1, label: 'verify' }));
    const report = verifyAnalysis(analysis, {
      batch, seed, train, optimizer,
      onProgress: (done, total) => start().tick(done / total, train && done > total / 2 ? `backward ${done - total / 2} of ${total / 2}` : `layer ${Math.min(done, train ? total / 2 : total)} of ${train ? total / 2 : total}`),
    });
    progress?.finish();
    io.stderr(renderNonFiniteWarnings('verify', report.nonFinite));
    writeLines(io.stdout, render(report, loaded.file, chalkFor(values, io, 'stdout')));
    return report.ok ? EXIT.ok : EXIT.checkFailed;
  },
});
