/** The line above the tree (the view's message): settings problems, the active filter, stale servers. */
import { serverLabel } from '../servers/config';
import type { ServerEntry } from '../servers/serverRegistry';
import * as l10n from '../text/l10n';
import { forViewMessage } from '../text/safeText';
import { describeFilter, isActive, type BackendFilter } from './filter';
import { staleNote } from './presentation';

/** The message, or undefined when there is nothing to say (the view then shows none). */
export function viewMessage(
  settingsProblem: string | undefined,
  filter: BackendFilter,
  entries: readonly ServerEntry[],
): string | undefined {
  const parts: string[] = [];
  if (settingsProblem) parts.push(l10n.t('Settings problem: {0}', settingsProblem));
  if (isActive(filter)) parts.push(l10n.t('Filtered: {0} (Clear Filter is in the title bar)', describeFilter(filter)));
  for (const entry of entries) {
    const { status, loadedAt } = entry.model;
    const note = staleNote(serverLabel(entry.config), loadedAt, status.kind === 'failed' ? status.error : undefined);
    if (note) parts.push(note);
  }
  return parts.length > 0 ? forViewMessage(parts.join(' — ')) : undefined;
}
