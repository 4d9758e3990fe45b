/**
 * Checks on the hover Markdown built from server strings (used by unit and in-editor tests): the
 * only link is our own "Show full error", no HTML or autolink can form outside the code block, and
 * the code block closes where we meant it to.
 */
import { SHOW_FULL_ERROR_COMMAND } from '../../src/core/view/presentation';

const OUR_LINK = new RegExp(
  `\\[(Show full error|Open error in editor)\\]\\(command:${SHOW_FULL_ERROR_COMMAND.replace(/\./g, '\\.')}\\?[^)\\s]*\\)`,
  'g',
);

/** A fenced block as CommonMark reads it: where it opens, its content, where it really closes. */
export function readFence(lines: string[], start: number): { content: string[]; end: number } | undefined {
  const open = /^(`{3,})[^`]*$/.exec(lines[start]);
  if (!open) return undefined;
  const closer = new RegExp(`^ {0,3}\`{${open[1].length},}\\s*$`);
  for (let i = start + 1; i < lines.length; i++) if (closer.test(lines[i])) return { content: lines.slice(start + 1, i), end: i };
  return { content: lines.slice(start + 1), end: lines.length };
}

/** The hover without its code blocks, and the content of each block. */
export function splitFences(md: string): { outside: string; blocks: string[] } {
  const lines = md.split('\n');
  const outside: string[] = [];
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = readFence(lines, i);
    if (!fence) {
      outside.push(lines[i]);
      continue;
    }
    blocks.push(fence.content.join('\n'));
    i = fence.end;
  }
  return { outside: outside.join('\n'), blocks };
}

/** Characters of `text` that are not backslash-escaped. */
export function unescaped(text: string): string {
  return text.replace(/\\[\s\S]/g, '');
}

/** Problems of a hover built from untrusted strings; empty when it is safe. */
export function hoverProblems(md: string, expectedErrorBlock?: string): string[] {
  const problems: string[] = [];
  const { outside, blocks } = splitFences(md);
  const ours = outside.match(OUR_LINK) ?? [];
  if (ours.length > 1) problems.push(`${ours.length} "Show full error" links`);
  const rest = unescaped(outside.replace(OUR_LINK, ''));
  if (/[[\]<>`&]/.test(rest)) problems.push(`an unescaped [ ] < > \` or & outside the code block: ${JSON.stringify(rest.slice(0, 300))}`);
  if (/(https?|ftp|mailto|command|javascript|file):|www\./i.test(rest)) problems.push('a bare URL or scheme that could become a link');
  if (blocks.length > 1) problems.push(`${blocks.length} code blocks: the error escaped its block`);
  if (expectedErrorBlock !== undefined && blocks[0] !== expectedErrorBlock)
    problems.push('the code block does not hold exactly the error text');
  return problems;
}
