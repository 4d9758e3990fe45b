/**
 * What VS Code would turn into a live link in a notification, a progress title or a quick-input
 * prompt. VS Code (src/vs/base/common/linkedText.ts, `parseLinkedText`) first replaces line breaks
 * by spaces, then links every `[label](target)` whose label is not empty and has no `]`, and whose
 * target starts with `http://`, `https://`, `command:` or `file:` (any case) and runs, without
 * spaces or `)`, up to the `)`. This is that rule, written from its description (not its code).
 */
const LINKED = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+(?:\s+["'][^]*?["'])?\)/gi;

/** The links VS Code would render from `text` (empty when it shows as plain text only). */
export function linksVsCodeWouldRender(text: string): string[] {
  return text.replace(/\r\n|\n|\r/g, ' ').match(LINKED) ?? [];
}

/** Stricter than VS Code: no `](` at all, and no URL scheme any linkifier would recognise. */
export function linkProblems(text: string): string[] {
  const problems: string[] = [];
  const links = linksVsCodeWouldRender(text);
  if (links.length > 0) problems.push(`VS Code would render links: ${links.join(' ')}`);
  // `] (` (one space, as the defusing writes it) cannot join a link; `](` or any other gap could.
  if (/\]\(/.test(text) || /\](?! \()\s+\(/.test(text)) problems.push('a "](" that could join a link');
  if (/:\/\//.test(text)) problems.push('a "://" URL');
  if (/(?<![a-z0-9+.-])(command|file|vscode(-[a-z]+)?|javascript|vbscript|data|mailto|blob):/i.test(text)) problems.push('a live scheme');
  return problems;
}

/** Line breaks, controls, bidi overrides or zero-width characters (for one-line surfaces). */
export function invisibleProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[\r\n\v\f\u0085\u2028\u2029]/.test(text)) problems.push('a line break');
  // eslint-disable-next-line no-control-regex -- finding control characters is the check
  if (/[\u0000-\u001F\u007F-\u009F]/.test(text)) problems.push('a control character');
  if (/[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/.test(text))
    problems.push('a bidi or zero-width character');
  return problems;
}

/** `$(` not preceded by a backslash renders as an icon in labels, prompts and the status bar. */
export function iconProblems(text: string): string[] {
  return /(^|[^\\])\$\(/.test(text) ? ['an unescaped $( icon'] : [];
}
