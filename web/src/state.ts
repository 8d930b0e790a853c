// What a shared link holds: the network's text and the budget's controls, in the URL's fragment
// (never sent to a server). Short states are plain URLSearchParams; longer ones are deflate-raw
// (CompressionStream) in base64url behind "z=", which keeps ResNet-50 under a kilobyte of URL.
// Values read back are checked against the lists they come from: a link is input like any other.

import { BUDGET_DTYPES, OPTIMIZERS, type BudgetDtype, type Optimizer } from '../../src/budget/precision.js';
import { RUNTIME_NAMES, type RuntimeName } from '../../src/budget/runtimes.js';
import { DEVICES } from '../../src/budget/devices.js';

export interface Controls {
  readonly batch: number;
  readonly dtype: BudgetDtype;
  readonly optimizer: Optimizer;
  readonly runtime: RuntimeName;
  /** A device name from budget/devices.ts, or '' for none (no limit). */
  readonly device: string;
}

export interface PlaygroundState {
  readonly text: string;
  readonly controls: Controls;
}

/** `cnncalc budget`'s defaults, with a batch to start from. */
export const DEFAULT_CONTROLS: Controls = { batch: 32, dtype: 'fp32', optimizer: 'sgd', runtime: 'pytorch-cuda', device: '' };

/** Above this many characters a plain fragment is compressed. */
const PLAIN_LIMIT = 200;
const COMPRESSED = 'z=';

function toParams(state: PlaygroundState): URLSearchParams {
  const params = new URLSearchParams({ text: state.text });
  for (const key of Object.keys(DEFAULT_CONTROLS) as (keyof Controls)[]) {
    if (state.controls[key] !== DEFAULT_CONTROLS[key]) params.set(key, String(state.controls[key]));
  }
  return params;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

function batchOf(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

function fromParams(params: URLSearchParams): PlaygroundState {
  const d = DEFAULT_CONTROLS;
  const device = oneOf(params.get('device'), DEVICES.map((x) => x.name)) ?? d.device;
  return {
    text: params.get('text') ?? '',
    controls: {
      batch: batchOf(params.get('batch')) ?? d.batch,
      dtype: oneOf(params.get('dtype'), BUDGET_DTYPES) ?? d.dtype,
      optimizer: oneOf(params.get('optimizer'), OPTIMIZERS) ?? d.optimizer,
      // a device is a GPU: its runtime is pytorch-cuda whatever the link says (controls.ts)
      runtime: device ? 'pytorch-cuda' : (oneOf(params.get('runtime'), RUNTIME_NAMES) ?? d.runtime),
      device,
    },
  };
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The fragment (without '#') that stands for the state. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const plain = toParams(state).toString();
  if (plain.length <= PLAIN_LIMIT) return plain;
  return COMPRESSED + toBase64Url(await through(new TextEncoder().encode(plain), new CompressionStream('deflate-raw')));
}

/** The state a fragment stands for; null when there is none, and an Error when it cannot be read. */
export async function decodeState(fragment: string): Promise<PlaygroundState | Error | null> {
  const f = fragment.replace(/^#/, '');
  if (f === '') return null;
  try {
    if (!f.startsWith(COMPRESSED)) return fromParams(new URLSearchParams(f));
    const bytes = await through(fromBase64Url(f.slice(COMPRESSED.length)), new DecompressionStream('deflate-raw'));
    return fromParams(new URLSearchParams(new TextDecoder().decode(bytes)));
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
