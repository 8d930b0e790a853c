// Generated networks for the benchmarks: a long pipeline written out layer by layer, and the same
// length as one repeat. The layers keep an 8x8x4 shape (CONV3-4 pads to "same"), so the figures
// stay small and every layer is valid however long the network is.
//
//   node bench/gen-network.mjs explicit 100000 > /tmp/net.cnn     (or: repeat 50000)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HEAD = 'INPUT [8x8x4]';
const CYCLE = ['CONV3-4', 'RELU', 'POOL(f=1, s=1)', 'CONV(f=1, k=4)', 'TANH'];

/** `layers` layers after INPUT, one `=> LAYER` per line (so that line numbers grow too). */
export function explicitNetwork(layers) {
  const parts = [HEAD];
  for (let i = 0; i < layers; i++) parts.push(`=> ${CYCLE[i % CYCLE.length]}`);
  return parts.join('\n') + '\n';
}

/** `INPUT [8x8x4] => [CONV3-4 => RELU]*count`: 2*count layers after INPUT. */
export function repeatedNetwork(count) {
  return `${HEAD} => [CONV3-4 => RELU]*${count}\n`;
}

function write(path, text) {
  writeFileSync(path, text);
  return { path, kib: Math.round(text.length / 1024) };
}

export const writeExplicit = (path, layers) => write(path, explicitNetwork(layers));
export const writeRepeated = (path, count) => write(path, repeatedNetwork(count));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [form, n] = process.argv.slice(2);
  const count = Number(n);
  if (!['explicit', 'repeat'].includes(form ?? '') || !Number.isInteger(count) || count < 0) {
    console.error('usage: node bench/gen-network.mjs explicit|repeat COUNT');
    process.exit(2);
  }
  process.stdout.write(form === 'explicit' ? explicitNetwork(count) : repeatedNetwork(count));
}
