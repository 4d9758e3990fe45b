/** The message rows of the tree: failures, empty states and what to click to get on. */
import { messageOf, TokenRejectedError } from '../api/errors';
import type { ServerEntry } from '../servers/serverRegistry';
import * as l10n from '../text/l10n';
import { forLabel } from '../text/safeText';
import { failureLabel, oneLine } from './presentation';
import type { MessageNode } from './treeNodes';
import type { RowIcon, TreeRow } from './treeRow';

const ERROR_COLOR = 'problemsErrorIcon.foreground';
/** Longest description a server's error message becomes. */
const DESCRIPTION_CHARS = 1000;

export function messageRow(node: MessageNode, entry: ServerEntry): TreeRow {
  const project = node.projectId === undefined ? undefined : entry.model.project(node.projectId);
  const server = [entry.config.baseUrl];
  const make = (label: string, icon: RowIcon): TreeRow => ({ label, icon, contextValue: `message ${node.kind}` });
  const setToken = { command: 'labelStudio.setToken', title: l10n.t('Set API Token'), arguments: server };
  switch (node.kind) {
    case 'no-token':
      return {
        ...make(l10n.t('Set API Token…'), { id: 'key', color: 'problemsWarningIcon.foreground' }),
        description: l10n.t('no token stored for this server'),
        command: setToken,
      };
    case 'server-failed': {
      const status = entry.model.status;
      const error = status.kind === 'failed' ? status.error : new Error('Unknown failure');
      const rejected = error instanceof TokenRejectedError;
      const next = rejected ? l10n.t('Click to set a new API token.') : retryHint();
      return {
        ...make(failureLabel(error), { id: rejected ? 'key' : 'error', color: ERROR_COLOR }),
        description: oneLine(messageOf(error), DESCRIPTION_CHARS),
        tooltip: `${messageOf(error)}\n\n${next}`,
        contextValue: `message ${rejected ? 'tokenRejected' : 'serverFailed'}`,
        command: rejected ? setToken : { command: 'labelStudio.refreshServer', title: l10n.t('Retry'), arguments: server },
      };
    }
    case 'loading':
      return make(l10n.t('Loading projects…'), { id: 'loading~spin' });
    case 'no-projects':
      return { ...make(l10n.t('No projects on this server'), { id: 'info' }), description: l10n.t('create one in Label Studio') };
    case 'project-failed': {
      const error = project?.error ?? new Error('Unknown failure');
      return {
        ...make(l10n.t('Could not load backends: {0}', failureLabel(error)), { id: 'error', color: ERROR_COLOR }),
        description: oneLine(messageOf(error), DESCRIPTION_CHARS),
        tooltip: `${messageOf(error)}\n\n${retryHint()}`,
        command: { command: 'labelStudio.refreshProject', title: l10n.t('Retry'), arguments: [entry.config.baseUrl, node.projectId] },
      };
    }
    case 'malformed-backends': {
      const problems = project?.malformed ?? [];
      const label =
        problems.length === 1 ? l10n.t('1 backend item could not be read') : l10n.t('{0} backend items could not be read', problems.length);
      const list = problems.map((p) => `- ${forLabel(p, 300)}`).join('\n');
      return {
        ...make(label, { id: 'error', color: ERROR_COLOR }),
        description: forLabel(problems.join('; '), DESCRIPTION_CHARS),
        tooltip: `${l10n.t('Label Studio listed items that the extension cannot show:')}\n${list}`,
      };
    }
    case 'project-loading':
      return make(l10n.t('Loading backends…'), { id: 'loading~spin' });
    case 'no-match':
      return {
        ...make(l10n.t('No ML backend matches the filter'), { id: 'filter' }),
        command: { command: 'labelStudio.clearFilter', title: l10n.t('Clear Filter') },
        description: l10n.t('click to clear it'),
      };
    case 'no-backends':
      return {
        ...make(l10n.t('No ML backends'), { id: 'info' }),
        description: l10n.t('click to add one'),
        command: { command: 'labelStudio.addBackend', title: l10n.t('Add ML Backend'), arguments: [entry.config.baseUrl, node.projectId] },
      };
  }
}

function retryHint(): string {
  return l10n.t('Click to try again. Details are in the "Label Studio" log.');
}
