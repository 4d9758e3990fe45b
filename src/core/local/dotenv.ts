/** A `.env` file as docker compose and python-dotenv read it: KEY=VALUE lines, quotes, comments, `export`. */

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    let raw = m[2];
    const quote = raw[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may span lines until its closing quote.
      while (!new RegExp(`^${quote}(?:[^${quote}\\\\]|\\\\.)*${quote}`).test(raw) && i + 1 < lines.length) raw += `\n${lines[++i]}`;
      const end = closingQuote(raw, quote);
      const inner = raw.slice(1, end < 0 ? undefined : end);
      out[m[1]] = quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
    } else {
      out[m[1]] = raw.replace(/\s+#.*$/, '').trim();
    }
  }
  return out;
}

function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (raw[i] === '\\' && quote === '"') i++;
    else if (raw[i] === quote) return i;
  }
  return -1;
}

/** Sets (or adds) `key` in a .env text, keeping every other line as it was. */
export function setDotenvValue(text: string, key: string, value: string): string {
  const line = `${key}=${/[\s#"'\\]/.test(value) ? JSON.stringify(value) : value}`;
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${key.replace(/\./g, '\\.')}\\s*=.*$`, 'm');
  if (pattern.test(text)) return text.replace(pattern, line);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

/** Whether a .gitignore text already ignores `.env` at the folder's top. */
export function gitignoreCovers(gitignore: string, name: string): boolean {
  return gitignore.split(/\r?\n/).some((l) => {
    const t = l.trim();
    return t === name || t === `/${name}` || t === `*${name}` || t === `**/${name}`;
  });
}
