// The README's generated parts: each command's option table between <!-- options:NAME --> and
// <!-- /options:NAME --> (scripts/docs.mjs writes them; test/cli/docs.test.ts checks them).

import { COMMANDS } from './commands/index.js';
import { optionsMarkdown } from './options.js';

export function updateReadme(readme: string): string {
  let text = readme;
  for (const command of COMMANDS) {
    const open = `<!-- options:${command.name} -->`;
    const close = `<!-- /options:${command.name} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) continue;
    text = text.slice(0, start + open.length) + '\n' + optionsMarkdown(command) + '\n' + text.slice(end);
  }
  return text;
}
