/**
 * What the getting-started walkthrough's context keys say: whether any server has a token (the
 * "Set the API token" step completes), and whether any project lists an ML backend (the "Look at a
 * backend's predictions" step shows: Show Predictions needs a backend to ask).
 *
 * Kept up to date from the registry's changes: a project's answer costs one look at that project, so
 * a refresh of thousands of projects does no work that grows with the tree.
 */
import type { RegistryChange, ServerRegistry } from './serverRegistry';

export interface WalkthroughFactValues {
  hasToken: boolean;
  hasBackend: boolean;
}

export class WalkthroughFacts {
  /** Per server, the ids of its projects that list at least one backend. */
  private readonly withBackends = new Map<string, Set<number>>();

  constructor(private readonly registry: Pick<ServerRegistry, 'entries' | 'entry'>) {
    this.recountAll();
  }

  get values(): WalkthroughFactValues {
    return {
      hasToken: this.registry.entries.some((e) => e.client !== undefined),
      hasBackend: [...this.withBackends.values()].some((ids) => ids.size > 0),
    };
  }

  /** Takes one change of the registry into account. */
  apply(change: RegistryChange): void {
    if (change.kind === 'servers') this.recountAll();
    else if (change.change.kind === 'server') this.recount(change.baseUrl);
    else this.look(change.baseUrl, change.change.projectId);
  }

  private recountAll(): void {
    this.withBackends.clear();
    for (const e of this.registry.entries) this.recount(e.config.baseUrl);
  }

  private recount(baseUrl: string): void {
    const ids = new Set((this.registry.entry(baseUrl)?.model.projects ?? []).filter((p) => (p.backends?.length ?? 0) > 0).map((p) => p.id));
    this.withBackends.set(baseUrl, ids);
  }

  private look(baseUrl: string, projectId: number): void {
    const ids = this.withBackends.get(baseUrl) ?? new Set<number>();
    this.withBackends.set(baseUrl, ids);
    if ((this.registry.entry(baseUrl)?.model.project(projectId)?.backends?.length ?? 0) > 0) ids.add(projectId);
    else ids.delete(projectId);
  }
}
