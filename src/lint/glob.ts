// File globs for a configuration's overrides, matched against a path relative to the configuration's
// folder, written with '/': `*` any characters but '/', `?` one of them, `**` any number of whole
// folders (`nets/**/*.cnn`, `**/legacy/*`), `{a,b}` either. A pattern without '/' matches the file
// name in any folder (`*.draft.cnn`), as .gitignore and eslint's legacy config read it.

function escape(c: string): string {
  return /[.+^$()|[\]\\]/.test(c) ? `\\${c}` : c;
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const wholeFolders = pattern[i + 2] === '/';
      out += wholeFolders ? '(?:[^/]*/)*' : '.*';
      i += wholeFolders ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${pattern.slice(i + 1, close).split(',').map(translate).join('|')})`;
        i = close;
      }
    } else out += escape(c);
  }
  return out;
}

export function globMatcher(pattern: string): (path: string) => boolean {
  const clean = pattern.replace(/^\.\//, '');
  const anyFolder = !clean.includes('/');
  const re = new RegExp(`^${anyFolder ? '(?:[^/]*/)*' : ''}${translate(clean)}$`);
  return (path) => re.test(path.replace(/^\.\//, ''));
}
