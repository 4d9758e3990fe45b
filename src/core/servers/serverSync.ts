/**
 * Keeps the server list in line with the settings and the stored tokens: rebuilds what changed,
 * gives each server its background policy, warns once about connections that expose the token,
 * keeps the view's message and the context keys current, and loads rebuilt servers when the view
 * is visible. The VS Code side only supplies the ports below.
 */
import { serverContextKeys, type ServerContextKeys } from '../view/contextKeys';
import type { BackendFilter } from '../view/filter';
import { viewMessage } from '../view/viewMessage';
import type { ServerConfigResult } from './config';
import type { Environment } from './environmentServer';
import { insecureWarnings } from './insecureWarnings';
import type { RefreshScheduler } from './refreshScheduler';
import type { ServerRegistry } from './serverRegistry';

export interface ServerSyncPorts {
  /** The servers the settings name, and what is wrong with the setting. */
  configs(): ServerConfigResult;
  filter(): BackendFilter;
  env: Environment;
  /** Whether the view is visible now. */
  visible(): boolean;
  /** Shows the view's message (undefined: none); called only when it changes. */
  showMessage(message: string | undefined): void;
  setContext(keys: ServerContextKeys): Promise<void>;
  /** Warns the user (log and notification). */
  warn(text: string): void;
  /** Writes a line to the log only. */
  logWarning(text: string): void;
}

export class ServerSync {
  private reloading: Promise<void> = Promise.resolve();
  private settingsProblem?: string;
  private shownMessage?: string;
  /** The keys of the insecure-connection warnings given. */
  private readonly warned = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly registry: ServerRegistry,
    private readonly refresher: RefreshScheduler,
    private readonly ports: ServerSyncPorts,
  ) {
    this.subscription = registry.onDidChange((change) => {
      if (change.kind === 'servers' || change.change.kind === 'server') this.updateMessage();
    });
  }

  /** Re-reads settings and tokens; servers whose URL or token changed are rebuilt and, if the view is visible, loaded. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const { servers, problems } = this.ports.configs();
      for (const p of problems) this.ports.logWarning(p);
      this.settingsProblem = problems[0];
      const rebuilt = await this.registry.sync(servers);
      this.refresher.syncPolicies(rebuilt);
      await this.ports.setContext(serverContextKeys(this.registry.entries, this.ports.env));
      this.updateMessage();
      for (const baseUrl of rebuilt) this.warnIfInsecure(baseUrl);
      if (this.ports.visible() && rebuilt.length > 0) void this.refresher.refresh(rebuilt);
    });
    return this.reloading;
  }

  /** Settings problems, the active filter, and servers whose data is stale, in the view's message line. */
  updateMessage(): void {
    const message = viewMessage(this.settingsProblem, this.ports.filter(), this.registry.entries);
    if (message === this.shownMessage) return;
    this.shownMessage = message;
    this.ports.showMessage(message);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** Once per warning, and only about servers with a token: without one, nothing can leak. */
  private warnIfInsecure(baseUrl: string): void {
    const entry = this.registry.entry(baseUrl);
    if (!entry?.client) return;
    for (const { key, text } of insecureWarnings(entry.config)) {
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.ports.warn(text);
    }
  }
}
