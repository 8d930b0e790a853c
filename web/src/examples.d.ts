// The examples/*.cnn files, bundled by scripts/web.mjs at build time (sorted by name).
declare module 'cnncalc:examples' {
  export const EXAMPLES: readonly { readonly name: string; readonly text: string }[];
}
