/**
 * The shape of the `labelStudio.mlBackends` tree: which rows a server, a project and the root have
 * (failures and empty states as message rows), the filter and the "hide projects without backends"
 * rule, each row's parent, and which rows a change of the servers redraws (batched, see ChangeBatcher).
 * The VS Code provider only hands these nodes to VS Code and turns each into a TreeItem.
 */
import { TokenRejectedError } from '../api/errors';
import type { MlBackend } from '../api/models';
import { ChangeBatcher, type Batch, type BatchTimers } from '../scheduling/changeBatcher';
import type { ProjectState } from '../servers/serverModel';
import type { RegistryChange, ServerEntry, ServerRegistry } from '../servers/serverRegistry';
import { isActive, matchesFilter, type BackendFilter } from './filter';
import { displayTitle } from './presentation';
import { NodeCache, type ProjectNode, type TreeNode } from './treeNodes';

export interface TreeOptions {
  hideProjectsWithoutBackends(): boolean;
  filter(): BackendFilter;
}

export class TreeStructure {
  readonly nodes = new NodeCache();
  /** The projects each server's last answer showed, to tell when a project change shows or hides its row. */
  private readonly shownProjects = new Map<string, Set<number>>();
  /** The filter and the hide setting, read once until `redraw()` (each answer asks; reading settings is not free). */
  private rule?: { filter: BackendFilter; hideEmpty: boolean };
  /** Redraws: the whole tree soon, rows at most every 100 ms while they keep changing. */
  private readonly batcher: ChangeBatcher<TreeNode>;
  private readonly subscription: { dispose(): void };

  /** `onRedraw` gets the rows to redraw (`all`: the whole tree). */
  constructor(
    private readonly registry: ServerRegistry,
    private readonly options: TreeOptions,
    onRedraw: (batch: Batch<TreeNode>) => void = () => undefined,
    timers?: BatchTimers,
  ) {
    this.batcher = new ChangeBatcher(onRedraw, timers);
    this.subscription = registry.onDidChange((change) => this.changed(change));
  }

  /** Redraws everything, with the filter and the hide setting read again (they may have changed). */
  redraw(): void {
    this.rule = undefined;
    this.batcher.all();
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
  }

  children(node?: TreeNode): TreeNode[] {
    if (!node) return this.rootChildren();
    const entry = this.registry.entry(node.baseUrl);
    if (!entry) return [];
    if (node.type === 'server') return this.serverChildren(entry);
    if (node.type === 'project') return this.projectChildren(entry, node);
    return [];
  }

  /** With one server its projects are the top level, so they have no parent. */
  parent(node: TreeNode): TreeNode | undefined {
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

  /** A filter shows projects with a matching backend (and failed ones); otherwise empty ones may be hidden. */
  isShown(project: ProjectState): boolean {
    this.rule ??= { filter: this.options.filter(), hideEmpty: this.options.hideProjectsWithoutBackends() };
    const { filter, hideEmpty } = this.rule;
    if (isActive(filter)) return !!project.error || !!project.backends?.some((b) => matchesFilter(b, project.title, filter));
    return !(hideEmpty && isEmpty(project));
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

  /** A new server list and a server's status are new rows (drawn soon); a project's change is its row's. */
  private changed(change: RegistryChange): void {
    if (change.kind === 'servers') {
      this.nodes.keepServers(new Set(this.registry.entries.map((e) => e.config.baseUrl)));
      this.shownProjects.clear();
      this.batcher.all();
    } else if (change.change.kind === 'server') {
      this.serverChanged(change.baseUrl, true);
    } else {
      this.projectChanged(change.baseUrl, change.change.projectId);
    }
  }

  /** With one server, its rows are the root's. */
  private serverChanged(baseUrl: string, soon: boolean): void {
    if (this.registry.entries.length <= 1) this.batcher.all(soon);
    else this.batcher.add(this.nodes.server(baseUrl), soon);
  }

  /** A project shown or hidden changes its server's rows; a shown one redraws itself; both at the rows' pace. */
  private projectChanged(baseUrl: string, projectId: number): void {
    const project = this.registry.entry(baseUrl)?.model.project(projectId);
    const wasShown = this.shownProjects.get(baseUrl)?.has(projectId) ?? false;
    const shouldShow = !!project && this.isShown(project);
    if (wasShown !== shouldShow) this.serverChanged(baseUrl, false);
    else if (wasShown) this.batcher.add(this.nodes.project(baseUrl, projectId));
  }
}

function isEmpty(p: ProjectState): boolean {
  return !!p.backends && p.backends.length === 0 && !p.error;
}

/** By title (case-insensitive), then by id. */
export function sortBackends(backends: MlBackend[]): MlBackend[] {
  return [...backends].sort((a, b) => displayTitle(a).localeCompare(displayTitle(b), undefined, { sensitivity: 'base' }) || a.id - b.id);
}
