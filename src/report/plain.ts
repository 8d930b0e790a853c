// The no-colour style: what chalk gives at level 0 (the text unchanged, whatever the style), without
// loading chalk. The default for every renderer, so that library users need not pass a styler.

import type { ChalkInstance } from 'chalk';

export const PLAIN: ChalkInstance = new Proxy(
  function plain(...text: unknown[]) {
    return text.join(' ');
  },
  { get: (_target, key) => (key === 'level' ? 0 : PLAIN) },
) as unknown as ChalkInstance;
