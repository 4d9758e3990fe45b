/**
 * Markdown source built from untrusted server strings. Every server string is either escaped
 * text or the body of a fenced code block whose fence cannot be closed from inside.
 */
import * as l10n from './l10n';

/** Escapes all ASCII punctuation (CommonMark allows a backslash before any of it) and flattens lines. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~"'&:$%=?@^,;/]/g, (c) => `\\${c}`);
}

/** A fenced code block whose fence is longer than any backtick run in `text`. */
export function fencedCodeBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * An inline code span holding `text` on one line: its backtick fence is longer than any backtick run
 * inside, so it cannot be closed early, and nothing in a code span renders as a link or markup.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ');
  if (!flat.trim()) return l10n.t('(empty)');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[`\s]|[`\s]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * The first `maxLines` lines (and at most `maxChars` characters) of a long text, and whether it
 * was cut. A cut text keeps its last line too: in a Python traceback that is the exception.
 */
export function firstLines(text: string, maxLines: number, maxChars: number): { text: string; cut: boolean } {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  let out = lines.slice(0, maxLines).join('\n');
  let cut = lines.length > maxLines;
  if (out.length > maxChars) {
    out = out.slice(0, maxChars);
    cut = true;
  }
  if (!cut) return { text: out, cut };
  const last = lines[lines.length - 1].trim().slice(0, 300);
  const tail = lines.length > maxLines && last ? `\n${last}` : '';
  return { text: `${out}\n…${tail}`, cut };
}

/**
 * An inline code span holding `text` on one line: the fence is longer than any backtick run inside,
 * so nothing in `text` can end it; inside a code span nothing is a link, an image or HTML.
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  if (flat === '') return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Prose that may quote server text, made inert for a Markdown renderer while staying readable as
 * source: no link (not even a linkified URL), image, autolink, HTML, emphasis or table syntax survives;
 * code spans stay.
 */
export function inertProse(text: string): string {
  // `\:` before `//` stops the preview's linkifier from making server URLs clickable.
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\<>[\]!&*_|~#]|:(?=\/\/)/g, (c) => `\\${c}`);
}
