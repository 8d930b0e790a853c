// The three result panels as tabs: one shown at a time, chosen by click or the arrow keys.

import { byId } from './html.js';

export interface Tabs {
  current(): string;
}

export function createTabs(names: readonly string[], onShow: (name: string) => void): Tabs {
  let current = names[0]!;
  const show = (name: string): void => {
    current = name;
    for (const n of names) {
      const tab = byId(`tab-${n}`);
      tab.setAttribute('aria-selected', String(n === name));
      tab.tabIndex = n === name ? 0 : -1;
      byId(`panel-${n}`).hidden = n !== name;
    }
    onShow(name);
  };
  for (const [i, n] of names.entries()) {
    const tab = byId(`tab-${n}`);
    tab.addEventListener('click', () => show(n));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      const next = names[(i + step + names.length) % names.length]!;
      show(next);
      byId(`tab-${next}`).focus();
    });
  }
  show(current);
  return { current: () => current };
}
