// Runs the CLI in-process with a fake terminal, capturing what it prints and its exit code.
import { COMMANDS } from '../../src/cli/commands/index.js';
import { createMain } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const main = createMain(COMMANDS);

/** `stdin`: what the fake standard input holds (FILE '-'); without it, there is none to read. */
export async function cli(argv: string[], options: { tty?: boolean; env?: Record<string, string>; stdin?: string | Uint8Array } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    env: options.env ?? {},
    ...(options.stdin !== undefined ? { readStdin: fakeStdin(options.stdin) } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A reader of `content` as Io.readStdin reads stdin: to the end, or maxBytes + 1 bytes of it. */
function fakeStdin(content: string | Uint8Array): (maxBytes: number) => Uint8Array {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return (maxBytes) => bytes.subarray(0, maxBytes + 1);
}
