/** Turns tree nodes into VS Code TreeItems, from the model's current state. */
import vscode = require('vscode');
import { serverLabel } from '../../core/servers/config';
import { messageOf, TokenRejectedError } from '../../core/api/errors';
import { forLabel } from '../../core/text/safeText';
import {
  backendRow,
  failureLabel,
  oneLine,
  problemCount,
  projectSummary,
  projectTitle,
  SHOW_FULL_ERROR_COMMAND,
} from '../../core/view/presentation';
import type { ServerEntry } from '../../core/servers/serverRegistry';
import { describeTokenKind } from '../../core/api/token';
import type { BackendNode, MessageNode, ProjectNode, ServerNode, TreeNode } from './nodes';

export const EMPTY_PROJECT_SCHEME = 'labelstudio-empty-project';

export function renderNode(node: TreeNode, entry: ServerEntry | undefined): vscode.TreeItem {
  if (!entry) return new vscode.TreeItem('(removed server)');
  switch (node.type) {
    case 'server':
      return renderServer(node, entry);
    case 'project':
      return renderProject(node, entry);
    case 'backend':
      return renderBackend(node, entry);
    case 'message':
      return renderMessage(node, entry);
  }
}

function renderServer(node: ServerNode, entry: ServerEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(serverLabel(entry.config), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  const { status } = entry.model;
  const projects = entry.model.projects;
  const problems = projects.reduce((n, p) => n + problemCount(p.backends), 0);
  item.description = !entry.client
    ? 'no API token'
    : status.kind === 'failed'
      ? failureLabel(status.error)
      : status.kind === 'loading' && projects.length === 0
        ? 'loading…'
        : `${projects.length} project${projects.length === 1 ? '' : 's'}${problems ? ` · ${problems} need${problems === 1 ? 's' : ''} attention` : ''}${status.kind === 'loading' ? ' · refreshing…' : ''}`;
  item.iconPath = new vscode.ThemeIcon(
    status.kind === 'failed' ? 'server-environment' : 'server',
    status.kind === 'failed' ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined,
  );
  item.tooltip = `${entry.config.baseUrl}\n${entry.client ? `Signed in with a ${describeTokenKind(entry.client.tokenKind)}` : 'No API token set'}`;
  item.contextValue = `server ${entry.client ? 'hasToken' : 'noToken'}`;
  item.accessibilityInformation = { label: `Label Studio server ${serverLabel(entry.config)}, ${item.description}` };
  return item;
}

function renderProject(node: ProjectNode, entry: ServerEntry): vscode.TreeItem {
  const project = entry.model.project(node.projectId);
  const title = projectTitle(project?.title, node.projectId);
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const empty = !!project?.backends && project.backends.length === 0 && !project.error;
  const summary = project?.error
    ? `failed: ${failureLabel(project.error)}`
    : project?.backends
      ? projectSummary(project.backends)
      : 'loading…';
  item.description = project?.loading && project.backends ? `${summary} · refreshing…` : summary;
  const problems = problemCount(project?.backends);
  item.iconPath = new vscode.ThemeIcon(
    'project',
    project?.error || problems
      ? new vscode.ThemeColor('problemsWarningIcon.foreground')
      : empty
        ? new vscode.ThemeColor('disabledForeground')
        : undefined,
  );
  // A resource URI lets the decoration provider grey out the label of projects without backends.
  if (empty) item.resourceUri = vscode.Uri.from({ scheme: EMPTY_PROJECT_SCHEME, path: `/${node.projectId}` });
  item.tooltip = `${title}\nProject ${node.projectId} · ${summary}`;
  item.contextValue = `project${empty ? ' empty' : ''}${project?.error ? ' failed' : ''}`;
  item.accessibilityInformation = { label: `Project ${title}, ${summary}` };
  return item;
}

function renderBackend(node: BackendNode, entry: ServerEntry): vscode.TreeItem {
  const backend = entry.model.project(node.projectId)?.backends?.find((b) => b.id === node.backendId);
  if (!backend) return new vscode.TreeItem('(removed backend)');
  const row = backendRow(backend, [entry.config.baseUrl, backend.id]);
  const activity = entry.model.activity(backend.id);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = activity ? `${row.description} · ${activity}` : row.description;
  item.iconPath = activity
    ? new vscode.ThemeIcon('loading~spin')
    : new vscode.ThemeIcon(row.state.icon, row.state.color ? new vscode.ThemeColor(row.state.color) : undefined);
  item.contextValue = row.contextValue;
  item.accessibilityInformation = { label: row.accessibilityLabel };
  item.tooltip = untrustedMarkdown(row.tooltipMarkdown);
  return item;
}

/** Server text is escaped in the source; the only command a hover link may run is "Show Full Error". */
function untrustedMarkdown(source: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(source, false);
  md.isTrusted = { enabledCommands: [SHOW_FULL_ERROR_COMMAND] };
  md.supportHtml = false;
  return md;
}

function renderMessage(node: MessageNode, entry: ServerEntry): vscode.TreeItem {
  const project = node.projectId === undefined ? undefined : entry.model.project(node.projectId);
  const status = entry.model.status;
  const server = [entry.config.baseUrl];
  const make = (label: string, icon: string, color?: string): vscode.TreeItem => {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `message ${node.kind}`;
    return item;
  };
  switch (node.kind) {
    case 'no-token': {
      const item = make('Set API Token…', 'key', 'problemsWarningIcon.foreground');
      item.description = 'no token stored for this server';
      item.command = { command: 'labelStudio.setToken', title: 'Set API Token', arguments: server };
      return item;
    }
    case 'server-failed': {
      const error = status.kind === 'failed' ? status.error : new Error('Unknown failure');
      const rejected = error instanceof TokenRejectedError;
      const item = make(failureLabel(error), rejected ? 'key' : 'error', 'problemsErrorIcon.foreground');
      item.description = oneLine(messageOf(error), 1000);
      item.tooltip = `${messageOf(error)}\n\n${rejected ? 'Click to set a new API token.' : 'Click to try again. Details are in the "Label Studio" log.'}`;
      item.contextValue = `message ${rejected ? 'tokenRejected' : 'serverFailed'}`;
      item.command = rejected
        ? { command: 'labelStudio.setToken', title: 'Set API Token', arguments: server }
        : { command: 'labelStudio.refreshServer', title: 'Retry', arguments: server };
      return item;
    }
    case 'loading':
      return make('Loading projects…', 'loading~spin');
    case 'no-projects': {
      const item = make('No projects on this server', 'info');
      item.description = 'create one in Label Studio';
      return item;
    }
    case 'project-failed': {
      const error = project?.error ?? new Error('Unknown failure');
      const item = make(`Could not load backends: ${failureLabel(error)}`, 'error', 'problemsErrorIcon.foreground');
      item.description = oneLine(messageOf(error), 1000);
      item.tooltip = `${messageOf(error)}\n\nClick to try again. Details are in the "Label Studio" log.`;
      item.command = { command: 'labelStudio.refreshProject', title: 'Retry', arguments: [entry.config.baseUrl, node.projectId] };
      return item;
    }
    case 'malformed-backends': {
      const problems = project?.malformed ?? [];
      const label =
        problems.length === 1
          ? vscode.l10n.t('1 backend item could not be read')
          : vscode.l10n.t('{0} backend items could not be read', problems.length);
      const item = make(label, 'error', 'problemsErrorIcon.foreground');
      item.description = forLabel(problems.join('; '), 1000);
      const list = problems.map((p) => `- ${forLabel(p, 300)}`).join('\n');
      item.tooltip = `${vscode.l10n.t('Label Studio listed items that the extension cannot show:')}\n${list}`;
      return item;
    }
    case 'project-loading':
      return make('Loading backends…', 'loading~spin');
    case 'no-match': {
      const item = make('No ML backend matches the filter', 'filter');
      item.command = { command: 'labelStudio.clearFilter', title: 'Clear Filter' };
      item.description = 'click to clear it';
      return item;
    }
    case 'no-backends': {
      const item = make('No ML backends', 'info');
      item.description = 'click to add one';
      item.command = { command: 'labelStudio.addBackend', title: 'Add ML Backend', arguments: [entry.config.baseUrl, node.projectId] };
      return item;
    }
  }
}
