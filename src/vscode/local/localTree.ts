/**
 * The "Local ML Backends" view: a row per backend folder (grouped by workspace folder in a
 * multi-root workspace) with its state and URL; below it, the Label Studio backends that point at
 * it and the environment it will run with (secrets masked).
 */
import * as os from 'node:os';
import vscode = require('vscode');
import { lookOfState } from '../../core/backends/backendState';
import { serverLabel } from '../../core/servers/config';
import { connectionsOf } from '../../core/local/connections';
import { displayValue, SHOWN_VARIABLES } from '../../core/local/environment';
import type { LocalBackend, LocalBackends } from '../../core/local/localBackends';
import { describeState } from '../../core/local/localState';
import { escapeMarkdownText } from '../../core/text/markdown';
import { displayTitle, oneLine } from '../../core/view/presentation';
import type { ServerRegistry } from '../../core/servers/serverRegistry';

export { LOCAL_VIEW_ID } from '../commands/contributions';

export type LocalNode =
  | { type: 'workspace'; path: string }
  | { type: 'local'; folder: string }
  | { type: 'group'; folder: string; group: 'connections' | 'environment' }
  | { type: 'connection'; folder: string; baseUrl: string; backendId: number; projectId: number }
  | { type: 'env'; folder: string; name: string }
  | { type: 'note'; folder: string; text: string };

const STATE_ICON = {
  stopped: ['circle-outline', undefined],
  starting: ['loading~spin', undefined],
  running: ['pass-filled', 'testing.iconPassed'],
  failing: ['error', 'problemsErrorIcon.foreground'],
} as const;

export function machineAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (!a.internal) out.push(a.address);
  return out.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
}

export class LocalTreeProvider implements vscode.TreeDataProvider<LocalNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LocalNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, LocalNode>();
  private readonly subs: Array<{ dispose(): void }>;

  constructor(
    private readonly backends: LocalBackends,
    private readonly registry: ServerRegistry,
  ) {
    this.subs = [backends.onDidChange(() => this.emitter.fire(undefined)), registry.onDidChange(() => this.emitter.fire(undefined))];
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }

  getChildren(node?: LocalNode): LocalNode[] {
    const all = this.backends.all;
    if (!node) {
      const roots = [...new Set(all.map((b) => b.workspaceFolder))];
      if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) return roots.map((path) => this.node({ type: 'workspace', path }));
      return all.map((b) => this.node({ type: 'local', folder: b.folder }));
    }
    if (node.type === 'workspace')
      return all.filter((b) => b.workspaceFolder === node.path).map((b) => this.node({ type: 'local', folder: b.folder }));
    if (node.type === 'local')
      return [
        this.node({ type: 'group', folder: node.folder, group: 'connections' }),
        this.node({ type: 'group', folder: node.folder, group: 'environment' }),
      ];
    const backend = this.backends.get(node.folder);
    if (!backend || node.type !== 'group') return [];
    if (node.group === 'connections') {
      const list = this.connections(backend);
      if (list.length === 0)
        return [
          this.node({ type: 'note', folder: backend.folder, text: vscode.l10n.t('Not connected to a project: Connect to Project…') }),
        ];
      return list.map((c) =>
        this.node({ type: 'connection', folder: backend.folder, baseUrl: c.baseUrl, backendId: c.backend.id, projectId: c.projectId }),
      );
    }
    const names = [...SHOWN_VARIABLES.filter((n) => backend.env.values[n] !== undefined || n.startsWith('LABEL_STUDIO_'))];
    return names.map((name) => this.node({ type: 'env', folder: backend.folder, name }));
  }

  getTreeItem(node: LocalNode): vscode.TreeItem {
    switch (node.type) {
      case 'workspace': {
        const item = new vscode.TreeItem(node.path.split(/[\\/]/).pop() ?? node.path, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('root-folder');
        item.tooltip = node.path;
        return item;
      }
      case 'local':
        return this.backendItem(this.backends.get(node.folder));
      case 'group': {
        const backend = this.backends.get(node.folder);
        const count = backend && node.group === 'connections' ? this.connections(backend).length : undefined;
        const item = new vscode.TreeItem(
          node.group === 'connections' ? 'Label Studio' : vscode.l10n.t('Environment'),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.description =
          node.group === 'connections'
            ? count === 1
              ? vscode.l10n.t('1 connection')
              : vscode.l10n.t('{0} connections', count ?? 0)
            : vscode.l10n.t('from {0}', backend?.env.mode === 'docker' ? (backend.composeFile ?? 'compose') : '.env');
        item.iconPath = new vscode.ThemeIcon(node.group === 'connections' ? 'plug' : 'symbol-variable');
        item.contextValue = `localGroup ${node.group}`;
        return item;
      }
      case 'connection':
        return this.connectionItem(node);
      case 'env': {
        const value = this.backends.get(node.folder)?.env.values[node.name];
        const item = new vscode.TreeItem(node.name);
        item.description = value ? oneLine(displayValue(node.name, value.value)) : vscode.l10n.t('not set');
        item.tooltip = value
          ? vscode.l10n.t('{0} from {1}', node.name, value.source)
          : vscode.l10n.t('{0} is not set for this backend', node.name);
        const missing = !value?.value.trim() && node.name.startsWith('LABEL_STUDIO_');
        item.iconPath = new vscode.ThemeIcon(
          missing ? 'warning' : 'symbol-constant',
          missing ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
        );
        item.contextValue = `localEnv ${node.name}`;
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        item.command = {
          command: 'labelStudio.local.connect',
          title: vscode.l10n.t('Connect to Project…'),
          arguments: [{ type: 'local', folder: node.folder }],
        };
        return item;
      }
    }
  }

  private backendItem(backend: LocalBackend | undefined): vscode.TreeItem {
    if (!backend) return new vscode.TreeItem(vscode.l10n.t('(removed)'));
    const item = new vscode.TreeItem(backend.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `local:${backend.folder}`;
    item.description = `${describeState(backend.state)} · ${backend.url}`;
    const [icon, color] = STATE_ICON[backend.state.kind];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const tip = new vscode.MarkdownString(undefined, false);
    tip.isTrusted = false;
    tip.appendMarkdown(`**${escapeMarkdownText(backend.label)}** — ${escapeMarkdownText(describeState(backend.state))}\n\n`);
    if (backend.state.why) tip.appendMarkdown(`${escapeMarkdownText(backend.state.why)}\n\n`);
    tip.appendMarkdown(
      vscode.l10n.t('Model class `{0}` · {1}', escapeMarkdownText(backend.wsgi.modelClass), escapeMarkdownText(backend.url)),
    );
    tip.appendMarkdown('\n\n');
    tip.appendMarkdown(vscode.l10n.t('Starts with: `{0}`', escapeMarkdownText(backend.plan.commandLine)));
    item.tooltip = tip;
    item.contextValue = `localBackend state:${backend.state.kind} mode:${backend.plan.mode}`;
    item.accessibilityInformation = { label: vscode.l10n.t('Local ML backend {0}, {1}', backend.label, describeState(backend.state)) };
    return item;
  }

  private connectionItem(node: Extract<LocalNode, { type: 'connection' }>): vscode.TreeItem {
    const entry = this.registry.entry(node.baseUrl);
    const backend = entry?.model.backend(node.backendId);
    if (!entry || !backend) return new vscode.TreeItem(vscode.l10n.t('(gone)'));
    const look = lookOfState(backend.state);
    const project = entry.model.project(node.projectId);
    const item = new vscode.TreeItem(
      oneLine(`${project?.title ?? vscode.l10n.t('Project {0}', node.projectId)} · ${displayTitle(backend)}`),
    );
    item.description = `${look.label} · ${oneLine(serverLabel(entry.config))}`;
    item.iconPath = new vscode.ThemeIcon(look.icon);
    item.tooltip = `${look.label}\n${oneLine(backend.url)}`;
    item.contextValue = `localConnection mlBackend state:${backend.state}`;
    return item;
  }

  private connections(backend: LocalBackend) {
    return connectionsOf(backend.env, this.registry.entries, machineAddresses(), (e) => serverLabel(e.config));
  }

  private node<T extends LocalNode>(n: T): T {
    const key = JSON.stringify(n);
    const known = this.nodes.get(key);
    if (known) return known as T;
    this.nodes.set(key, n);
    return n;
  }
}
