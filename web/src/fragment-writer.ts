// Keeps the URL's fragment up to date with the state (state.ts encodes it), rewriting it at most
// every URL_WRITE_MS: browsers throttle history.replaceState (Safari refuses more than 100 calls
// in 30 seconds), and a keystroke comes every 100 ms or so. <html data-saved> says whether the
// fragment is current ('yes') or about to be rewritten ('no'): the tests wait for it.

import { encodeState, type PlaygroundState } from './state.js';

const URL_WRITE_MS = 400;

export function createFragmentWriter(): (state: PlaygroundState) => void {
  let latest: PlaygroundState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async (): Promise<void> => {
    const state = latest!;
    const fragment = await encodeState(state);
    if (latest !== state) {
      timer = setTimeout(() => void flush(), URL_WRITE_MS); // changed while it was encoded
      return;
    }
    timer = null;
    history.replaceState(null, '', `#${fragment}`);
    document.documentElement.dataset.saved = 'yes';
  };

  return (state) => {
    latest = state;
    document.documentElement.dataset.saved = 'no';
    timer ??= setTimeout(() => void flush(), URL_WRITE_MS);
  };
}
