// Text into markup: every string the page shows passes through here before innerHTML.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The element with this id, which index.html is known to have. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

const written = new WeakMap<Element, string>();

/** Sets an element's markup unless it is what was set last: an unchanged panel then costs no
 *  parsing, style or layout on the next keystroke. */
export function setHtml(element: Element, html: string): void {
  if (written.get(element) === html) return;
  written.set(element, html);
  element.innerHTML = html;
}
