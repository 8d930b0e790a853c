// A progress line on stderr for long runs (the executor going through a network's layers):
//   label [#########-----------] layer 12 of 38  elapsed 3.1s  remaining ~4.2s
// Silent unless the stream is a terminal; draws nothing until delayMs (default 1 s) after creation,
// so short runs print nothing; then redraws in place with \r at most every 100 ms, on tick() only
// (no timers). The remaining time is the rate so far times the work left. The line fits the
// terminal: the bar shrinks, then goes, then the remaining and elapsed times do. finish() erases it.
// The clock is injectable, so tests drive it with a fake stream and a fake clock.

interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

interface ProgressOptions {
  stream: ProgressStream;
  /** Units of work in the whole run (e.g. layers). */
  total: number;
  label: string;
  /** Milliseconds, monotonic; default performance.now. */
  now?: () => number;
  delayMs?: number;
}

export interface Progress {
  /** `done` units are finished; `detail` replaces the default "12 of 38". */
  tick(done: number, detail?: string): void;
  /** Erases the line if one was drawn; later ticks do nothing. */
  finish(): void;
}

const REDRAW_MS = 100;
const MAX_BAR = 30;
const MIN_BAR = 10;
const ERASE_TO_END = '\x1b[K';

export function createProgress(options: ProgressOptions): Progress {
  const { stream, total, label } = options;
  if (stream.isTTY !== true) return { tick() {}, finish() {} };
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 1000;
  const start = now();
  let lastDraw: number | undefined;
  let finished = false;
  return {
    tick(done, detail) {
      const t = now();
      if (finished || t - start < delayMs) return;
      if (lastDraw !== undefined && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      const width = (stream.columns ?? 80) - 1; // the last column would wrap on some terminals
      stream.write(`\r${progressLine({ label, done, total, detail, elapsedMs: t - start, width })}${ERASE_TO_END}`);
    },
    finish() {
      if (lastDraw !== undefined && !finished) stream.write(`\r${ERASE_TO_END}`);
      finished = true;
    },
  };
}

interface LineState {
  label: string;
  done: number;
  total: number;
  detail?: string | undefined;
  elapsedMs: number;
  /** The most characters the line may take. */
  width: number;
}

/** The progress line for a state, at most `width` characters. */
export function progressLine(s: LineState): string {
  const fraction = s.total > 0 ? Math.min(1, Math.max(0, s.done / s.total)) : 1;
  const detail = s.detail ?? `${s.done} of ${s.total}`;
  const elapsed = `elapsed ${duration(s.elapsedMs)}`;
  const remaining =
    s.done > 0 && s.done < s.total ? `remaining ~${duration((s.elapsedMs * (s.total - s.done)) / s.done)}` : '';
  const layouts = [
    [detail, elapsed, remaining],
    [detail, elapsed],
    [detail],
  ].map((parts) => parts.filter((p) => p !== '').join('  '));
  const bar = Math.min(MAX_BAR, s.width - (s.label.length + layouts[0]!.length + 4)); // "label [" "] "
  if (bar >= MIN_BAR) return `${s.label} [${drawBar(fraction, bar)}] ${layouts[0]}`;
  for (const rest of layouts) {
    const line = `${s.label} ${rest}`;
    if (line.length <= s.width) return line;
  }
  return `${s.label} ${detail}`.slice(0, Math.max(0, s.width));
}

function drawBar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return '#'.repeat(filled) + '-'.repeat(width - filled);
}

/** 3.1s under a minute, 2m05s under an hour, then 1h02m. */
export function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 59.95) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
