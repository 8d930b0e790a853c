// The styles reports use (Paint), and the no-colour style (PLAIN). Paint is declared here rather than
// taken from chalk, so that the library's published types need neither chalk nor Node's: a chalk
// instance fits it as it is (the CLI passes one, cli/colour.ts), and so does any function set.
// PLAIN is what chalk gives at level 0 (the text unchanged, whatever the style), without loading
// chalk: the default for every renderer, so that library users need not pass a styler.

/** One style: the text with its escape codes (or unchanged). */
export type Style = (text: string) => string;

/** What the reports paint with: a few colours, two of them also in bold. */
export interface Paint {
  readonly bold: Style;
  readonly dim: Style;
  readonly cyan: Style;
  readonly green: Style;
  readonly red: Style & { readonly bold: Style };
  readonly yellow: Style & { readonly bold: Style };
}

const unchanged: Style = (text) => text;
const unchangedBold = Object.assign((text: string) => text, { bold: unchanged });

export const PLAIN: Paint = { bold: unchanged, dim: unchanged, cyan: unchanged, green: unchanged, red: unchangedBold, yellow: unchangedBold };
