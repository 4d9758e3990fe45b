/**
 * Who refreshes which server when: refreshes asked for by the user (several servers at once, under
 * one progress indicator) and the background ones, planned per server by its AutoRefresh policy.
 */
import { TokenRejectedError } from '../api/errors';
import { AutoRefresh, type RefreshOutcome, type Timers } from './autoRefresh';
import type { ServerStatus } from './serverModel';
import type { ServerRegistry } from './serverRegistry';

export interface RefreshSchedulerDeps {
  /** Shows progress (on the view) while `work` runs. */
  withProgress<T>(work: () => Promise<T>): Promise<T>;
  /** The background interval the settings ask for (0 = off). */
  intervalMs(): number;
  /** Whether the view is visible now (background refreshes run only then). */
  visible(): boolean;
  timers?: Timers;
}

/** How a refresh ended, as the background policy needs to know it. */
export function refreshOutcome(status: ServerStatus): RefreshOutcome {
  if (status.kind !== 'failed') return 'ok';
  return status.error instanceof TokenRejectedError ? 'auth-failed' : 'failed';
}

export class RefreshScheduler {
  private readonly policies = new Map<string, AutoRefresh>();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly deps: RefreshSchedulerDeps,
  ) {}

  /** Refreshes the servers that have a token, all under one progress indicator. */
  refresh(baseUrls: readonly string[]): Promise<void> {
    const runs = baseUrls.filter((u) => this.registry.entry(u)?.refresher).map((u) => this.refreshOne(u));
    if (runs.length === 0) return Promise.resolve();
    return this.deps.withProgress(() => Promise.all(runs).then(() => undefined));
  }

  refreshServer(baseUrl: string): Promise<void> {
    return this.refresh([baseUrl]);
  }

  refreshAll(): Promise<void> {
    return this.refresh(this.registry.entries.map((e) => e.config.baseUrl));
  }

  refreshProject(baseUrl: string, projectId: number): Promise<void> {
    const refresher = this.registry.entry(baseUrl)?.refresher;
    if (!refresher) return Promise.resolve();
    return this.deps.withProgress(() => refresher.refreshProject(projectId));
  }

  /** After the registry synced: rebuilt or token-less servers lose their policy, servers with a token get one. */
  syncPolicies(rebuilt: readonly string[]): void {
    for (const [baseUrl, policy] of this.policies) {
      if (!this.registry.entry(baseUrl)?.client || rebuilt.includes(baseUrl)) {
        policy.dispose();
        this.policies.delete(baseUrl);
      }
    }
    for (const entry of this.registry.entries) {
      const baseUrl = entry.config.baseUrl;
      if (!entry.client || this.policies.has(baseUrl)) continue;
      const policy = new AutoRefresh(() => this.deps.withProgress(() => this.run(baseUrl)), this.deps.intervalMs(), this.deps.timers);
      policy.setVisible(this.deps.visible());
      this.policies.set(baseUrl, policy);
    }
  }

  setVisible(visible: boolean): void {
    for (const policy of this.policies.values()) policy.setVisible(visible);
  }

  /** The background interval setting changed. */
  applyInterval(): void {
    for (const policy of this.policies.values()) policy.setInterval(this.deps.intervalMs());
  }

  /** The server's background policy (for tests and diagnostics). */
  policy(baseUrl: string): AutoRefresh | undefined {
    return this.policies.get(baseUrl);
  }

  dispose(): void {
    for (const policy of this.policies.values()) policy.dispose();
    this.policies.clear();
  }

  /** A refresh asked for by the user (or a command), then the server's policy plans the next background one. */
  private async refreshOne(baseUrl: string): Promise<void> {
    const entry = this.registry.entry(baseUrl);
    const outcome = await this.run(baseUrl);
    // A server rebuilt meanwhile has a new policy: the old entry's outcome is not its business.
    if (entry && this.registry.entry(baseUrl) === entry) this.policies.get(baseUrl)?.refreshed(outcome);
  }

  /** One server's refresh (joined when one runs). The policy's own runs end here: it plans the next one itself. */
  private async run(baseUrl: string): Promise<RefreshOutcome> {
    const entry = this.registry.entry(baseUrl);
    if (!entry?.refresher) return 'failed';
    await entry.refresher.refresh();
    return refreshOutcome(entry.model.status);
  }
}
