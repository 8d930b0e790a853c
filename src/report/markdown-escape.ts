// Text placed in a GitHub-flavoured Markdown table cell, shown as it is: every character GFM could
// read as markup gets a backslash (CommonMark lets any ASCII punctuation be escaped so): emphasis
// (* _ ~), code (`), links and images ([ ] ! < >), HTML and entities (< > &), the cell separator (|),
// and the backslash itself; # + - and { } too, which start headings, lists and attribute blocks in
// some renderers. Markup a report adds on purpose (**bold**, &nbsp;) goes around the escaped text.

const MARKUP = /[\\`*_{}[\]<>#+\-!|~&]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKUP, '\\$&');
}
