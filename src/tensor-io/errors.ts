// The one error the tensor file readers and writers throw. Its message is one line: which format,
// what is wrong, and what to do about it; callers (the CLI) print it as is, never a stack trace.

export type TensorFormat = 'safetensors' | 'npy';

export class FormatError extends Error {
  override readonly name = 'FormatError';

  constructor(readonly format: TensorFormat, problem: string) {
    super(`${format}: ${problem}`);
  }
}
