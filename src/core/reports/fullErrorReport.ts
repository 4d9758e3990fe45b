/**
 * "Show Full Error" as Markdown for the (untrusted) Markdown preview: what the backend is, then its
 * whole error in a fenced block that nothing in the error can close. Every server value is code.
 */
import { lookOfState } from '../backends/backendState';
import { fencedCodeBlock, inlineCode } from '../text/markdown';
import type { MlBackend } from '../api/models';
import { displayTitle, formatTimestamp } from '../view/presentation';
import * as l10n from '../text/l10n';

export function fullErrorReport(backend: MlBackend): string {
  const message = backend.error_message?.trim();
  const updated = formatTimestamp(backend.updated_at);
  return [
    `# ${l10n.t('Error of ML backend {0}', inlineCode(displayTitle(backend)))}`,
    '',
    `- ${l10n.t('ID: {0}, project {1}', backend.id, backend.project)}`,
    `- ${l10n.t('URL: {0}', inlineCode(backend.url))}`,
    `- ${l10n.t('State: {0}', inlineCode(lookOfState(backend.state).label))}`,
    `- ${updated ? l10n.t('Updated: {0}', updated) : l10n.t('Updated: unknown')}`,
    '',
    message ? fencedCodeBlock(message) : `*${l10n.t('(no error message)')}*`,
    '',
  ].join('\n');
}
