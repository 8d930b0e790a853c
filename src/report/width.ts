// How wide text shows in a terminal: escape sequences (colour, bold) take no columns, so tables
// that pad coloured cells measure them without their escapes. Characters count one column each
// (the reports print no wide or combining characters).

/** CSI sequences (ESC [ params final), which is what chalk writes; and OSC 8 hyperlinks' ESC ] ... BEL/ST. */
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** The columns `text` takes on a terminal. Plain text (the common case) is not scanned twice. */
export function visibleWidth(text: string): number {
  return text.includes('\u001b') ? text.replace(ESCAPES, '').length : text.length;
}

/** Runs of spaces, made once each: padding a cell appends one instead of making a padded copy. */
const SPACES: string[] = [''];
export const spaces = (n: number): string => (n <= 0 ? '' : (SPACES[n] ??= ' '.repeat(n)));

/** The spaces that pad `text` to `width` visible columns (none when it is as wide or wider). */
export const paddingTo = (text: string, width: number): string => spaces(width - visibleWidth(text));

/** `text` padded with spaces to `width` visible columns, on the right ('left') or the left ('right'). */
export function padVisible(text: string, width: number, align: 'left' | 'right'): string {
  const pad = paddingTo(text, width);
  return align === 'right' ? pad + text : text + pad;
}
