/**
 * "Show Full Error" as Markdown for the (untrusted) Markdown preview: what the backend is, then its
 * whole error in a fenced block that nothing in the error can close. Every server value is code.
 */
import { lookOfState } from '../backends/backendState';
import { fencedCodeBlock, inlineCode } from '../text/markdown';
import type { MlBackend } from '../api/models';
import { displayTitle, formatTimestamp } from '../view/presentation';

export function fullErrorReport(backend: MlBackend): string {
  const message = backend.error_message?.trim();
  return [
    `# Error of ML backend ${inlineCode(displayTitle(backend))}`,
    '',
    `- ID: ${backend.id}, project ${backend.project}`,
    `- URL: ${inlineCode(backend.url)}`,
    `- State: ${inlineCode(lookOfState(backend.state).label)}`,
    `- Updated: ${formatTimestamp(backend.updated_at) ?? 'unknown'}`,
    '',
    message ? fencedCodeBlock(message) : '*(no error message)*',
    '',
  ].join('\n');
}
