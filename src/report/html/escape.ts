// Text placed in the HTML report, as text or inside a quoted attribute: the five characters HTML
// (and XML, which the page also parses as: report/html/page.ts) could read as markup become
// entities, so that a layer text, a file name or a comment in a source excerpt shows as written.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
