/** The `labelStudio.mlBackends` tree: servers → projects → backends, with failures as rows. */
import vscode = require('vscode');
import { TokenRejectedError } from '../../core/api/errors';
import { isActive, matchesFilter, type BackendFilter } from '../../core/view/filter';
import type { MlBackend } from '../../core/api/models';
import { ChangeBatcher } from '../../core/scheduling/changeBatcher';
import { displayTitle } from '../../core/view/presentation';
import type { ServerEntry, ServerRegistry } from '../../core/servers/serverRegistry';
import type { ProjectState } from '../../core/servers/serverModel';
import { NodeCache, type ProjectNode, type TreeNode } from './nodes';
import { renderNode } from './render';

export interface TreeOptions {
  hideProjectsWithoutBackends(): boolean;
  filter(): BackendFilter;
}

export class BackendsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly nodes = new NodeCache();
  private readonly shownProjects = new Map<string, Set<number>>();
  /** Redraws: the whole tree soon, rows at most every 100 ms while they keep changing (see ChangeBatcher). */
  private readonly batcher = new ChangeBatcher<TreeNode>((batch) => this.changed.fire(batch.all ? undefined : batch.items));
  private readonly subscription: { dispose(): void };
  /** The filter and the hide setting, read once until `redraw()` (each answer asks; reading settings is not free). */
  private rule?: { filter: BackendFilter; hideEmpty: boolean };

  constructor(
    private readonly registry: ServerRegistry,
    private readonly options: TreeOptions,
  ) {
    this.subscription = registry.onDidChange((change) => {
      if (change.kind === 'servers') {
        this.nodes.keepServers(new Set(registry.entries.map((e) => e.config.baseUrl)));
        this.shownProjects.clear();
        this.queueRoot();
      } else if (change.change.kind === 'server') {
        this.queueServer(change.baseUrl);
      } else {
        this.queueProject(change.baseUrl, change.change.projectId);
      }
    });
  }

  /** Redraws everything (after a settings change that affects presentation). */
  redraw(): void {
    this.rule = undefined;
    this.queueRoot();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    try {
      return renderNode(node, this.registry.entry(node.baseUrl));
    } catch {
      // Like getChildren: never throw into VS Code, whatever the server sent.
      return new vscode.TreeItem('(this row could not be shown)');
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    try {
      if (!node) return this.rootChildren();
      const entry = this.registry.entry(node.baseUrl);
      if (!entry) return [];
      if (node.type === 'server') return this.serverChildren(entry);
      if (node.type === 'project') return this.projectChildren(entry, node);
      return [];
    } catch {
      // A provider must never throw into VS Code; a broken node simply has no children.
      return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const single = this.registry.entries.length === 1;
    switch (node.type) {
      case 'server':
        return undefined;
      case 'project':
        return single ? undefined : this.nodes.server(node.baseUrl);
      case 'backend':
        return this.nodes.project(node.baseUrl, node.projectId);
      case 'message':
        if (node.projectId !== undefined) return this.nodes.project(node.baseUrl, node.projectId);
        return single ? undefined : this.nodes.server(node.baseUrl);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
    this.changed.dispose();
  }

  private rootChildren(): TreeNode[] {
    const entries = this.registry.entries;
    if (entries.length === 0) return [];
    if (entries.length > 1) return entries.map((e) => this.nodes.server(e.config.baseUrl));
    // One server: its projects are the top level; without a token the welcome view explains.
    return entries[0].client ? this.serverChildren(entries[0]) : [];
  }

  private serverChildren(entry: ServerEntry): TreeNode[] {
    const baseUrl = entry.config.baseUrl;
    if (!entry.client) return [this.nodes.message(baseUrl, 'no-token')];
    const { status } = entry.model;
    const projects = entry.model.projects;
    const rows: TreeNode[] = [];
    if (status.kind === 'failed') {
      rows.push(this.nodes.message(baseUrl, 'server-failed'));
      if (status.error instanceof TokenRejectedError) return rows;
    } else if (projects.length === 0) {
      return [this.nodes.message(baseUrl, status.kind === 'ready' ? 'no-projects' : 'loading')];
    }
    const shown = new Set<number>();
    for (const p of projects) {
      if (!this.isShown(p)) continue;
      shown.add(p.id);
      rows.push(this.nodes.project(baseUrl, p.id));
    }
    this.shownProjects.set(baseUrl, shown);
    if (shown.size === 0 && isActive(this.options.filter()) && status.kind !== 'failed') rows.push(this.nodes.message(baseUrl, 'no-match'));
    return rows;
  }

  private projectChildren(entry: ServerEntry, node: ProjectNode): TreeNode[] {
    const project = entry.model.project(node.projectId);
    if (!project) return [];
    const rows: TreeNode[] = [];
    if (project.error && !(project.error instanceof TokenRejectedError))
      rows.push(this.nodes.message(node.baseUrl, 'project-failed', project.id));
    if (project.malformed?.length && !project.error) rows.push(this.nodes.message(node.baseUrl, 'malformed-backends', project.id));
    if (!project.backends) return rows.length > 0 ? rows : [this.nodes.message(node.baseUrl, 'project-loading', project.id)];
    if (project.backends.length === 0 && rows.length === 0) return [this.nodes.message(node.baseUrl, 'no-backends', project.id)];
    this.nodes.keepBackends(node.baseUrl, project.id, new Set(project.backends.map((b) => b.id)));
    const filter = this.options.filter();
    const backends = isActive(filter) ? project.backends.filter((b) => matchesFilter(b, project.title, filter)) : project.backends;
    for (const b of sortBackends(backends)) rows.push(this.nodes.backend(node.baseUrl, project.id, b.id));
    return rows;
  }

  /** A filter shows projects with a matching backend (and failed ones); otherwise empty ones may be hidden. */
  private isShown(project: ProjectState): boolean {
    this.rule ??= { filter: this.options.filter(), hideEmpty: this.options.hideProjectsWithoutBackends() };
    const { filter, hideEmpty } = this.rule;
    if (isActive(filter)) return !!project.error || !!project.backends?.some((b) => matchesFilter(b, project.title, filter));
    return !(hideEmpty && isEmpty(project));
  }

  /** `soon`: new rows (a page, a status); otherwise (a row shown or hidden) at the rows' pace. */
  private queueRoot(soon = true): void {
    this.batcher.all(soon);
  }

  private queueServer(baseUrl: string, soon = true): void {
    if (this.registry.entries.length <= 1) return this.queueRoot(soon);
    this.batcher.add(this.nodes.server(baseUrl), soon);
  }

  private queueProject(baseUrl: string, projectId: number): void {
    const project = this.registry.entry(baseUrl)?.model.project(projectId);
    const wasShown = this.shownProjects.get(baseUrl)?.has(projectId) ?? false;
    const shouldShow = !!project && this.isShown(project);
    if (wasShown !== shouldShow) return this.queueServer(baseUrl, false);
    if (wasShown) this.batcher.add(this.nodes.project(baseUrl, projectId));
  }
}

function isEmpty(p: ProjectState): boolean {
  return !!p.backends && p.backends.length === 0 && !p.error;
}

function sortBackends(backends: MlBackend[]): MlBackend[] {
  return [...backends].sort((a, b) => displayTitle(a).localeCompare(displayTitle(b), undefined, { sensitivity: 'base' }) || a.id - b.id);
}
