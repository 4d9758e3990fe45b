/**
 * Keeps the registry in line with settings and stored tokens, refreshes servers (with progress on
 * the view, and in the background through each server's AutoRefresh policy), and keeps the view's
 * message and the context keys the welcome views read up to date.
 */
import vscode = require('vscode');
import { AutoRefresh, type RefreshOutcome, type Timers } from '../../core/servers/autoRefresh';
import { serverLabel } from '../../core/servers/config';
import { TokenRejectedError } from '../../core/api/errors';
import { describeFilter, isActive } from '../../core/view/filter';
import { staleNote } from '../../core/view/presentation';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { hostOf, isLoopback, normaliseServerUrl } from '../../core/net/serverUrl';
import { forViewMessage } from '../../core/text/safeText';
import type { FilterState } from './filterState';
import type { Log } from './log';
import type { Prompts } from '../commands/prompts';
import type { Settings } from './settings';
import { withViewProgress } from './viewProgress';

export class ServersController implements vscode.Disposable {
  private reloading: Promise<void> = Promise.resolve();
  private readonly policies = new Map<string, AutoRefresh>();
  private settingsProblem?: string;
  private readonly warnedInsecure = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: ServerRegistry,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly view: vscode.TreeView<unknown>,
    private readonly filter: FilterState,
    private readonly prompts: () => Prompts,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly timers?: Timers,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        for (const policy of this.policies.values()) policy.setVisible(e.visible);
      }),
      registry.onDidChange((change) => {
        if (change.kind === 'servers' || change.change.kind === 'server') this.updateMessage();
      }),
      filter.onDidChange(() => this.updateMessage()),
    );
  }

  /** Re-reads settings and tokens; servers whose URL or token changed are rebuilt and, if the view is visible, loaded. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const { servers, problems } = this.settings.servers();
      for (const p of problems) this.log.warn(p);
      this.settingsProblem = problems[0];
      const rebuilt = await this.registry.sync(servers);
      this.syncPolicies(rebuilt);
      await this.updateContext();
      this.updateMessage();
      for (const baseUrl of rebuilt) this.warnIfInsecure(baseUrl);
      if (this.view.visible && rebuilt.length > 0) void this.refresh(rebuilt);
    });
    return this.reloading;
  }

  /** The background refresh interval changed. */
  applyAutoRefreshSetting(): void {
    for (const policy of this.policies.values()) policy.setInterval(this.settings.autoRefreshSeconds() * 1000);
  }

  refreshAll(): Promise<void> {
    return this.refresh(this.registry.entries.map((e) => e.config.baseUrl));
  }

  refreshServer(baseUrl: string): Promise<void> {
    return this.refresh([baseUrl]);
  }

  refreshProject(baseUrl: string, projectId: number): Promise<void> {
    const refresher = this.registry.entry(baseUrl)?.refresher;
    if (!refresher) return Promise.resolve();
    return withViewProgress(() => refresher.refreshProject(projectId));
  }

  /** The server's background policy (for tests and diagnostics). */
  policy(baseUrl: string): AutoRefresh | undefined {
    return this.policies.get(baseUrl);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const p of this.policies.values()) p.dispose();
  }

  private refresh(baseUrls: string[]): Promise<void> {
    const runs = baseUrls.filter((u) => this.registry.entry(u)?.refresher).map((u) => this.refreshOne(u));
    if (runs.length === 0) return Promise.resolve();
    return withViewProgress(() => Promise.all(runs).then(() => undefined));
  }

  /** One server's refresh (joined when one runs), then its policy plans the next background one. */
  private async refreshOne(baseUrl: string): Promise<RefreshOutcome> {
    const entry = this.registry.entry(baseUrl);
    if (!entry?.refresher) return 'failed';
    await entry.refresher.refresh();
    const status = entry.model.status;
    const outcome: RefreshOutcome = status.kind !== 'failed' ? 'ok' : status.error instanceof TokenRejectedError ? 'auth-failed' : 'failed';
    if (this.registry.entry(baseUrl) === entry) this.policies.get(baseUrl)?.refreshed(outcome);
    return outcome;
  }

  private syncPolicies(rebuilt: string[]): void {
    for (const [baseUrl, policy] of this.policies) {
      if (!this.registry.entry(baseUrl)?.client || rebuilt.includes(baseUrl)) {
        policy.dispose();
        this.policies.delete(baseUrl);
      }
    }
    for (const entry of this.registry.entries) {
      const baseUrl = entry.config.baseUrl;
      if (!entry.client || this.policies.has(baseUrl)) continue;
      const policy = new AutoRefresh(
        () => withViewProgress(() => this.refreshOne(baseUrl)),
        this.settings.autoRefreshSeconds() * 1000,
        this.timers,
      );
      policy.setVisible(this.view.visible);
      this.policies.set(baseUrl, policy);
    }
  }

  /** Settings problems, the active filter, and servers whose data is stale, in the view's message line. */
  private updateMessage(): void {
    const parts: string[] = [];
    if (this.settingsProblem) parts.push(`Settings problem: ${this.settingsProblem}`);
    const filter = this.filter.current;
    if (isActive(filter)) parts.push(`Filtered: ${describeFilter(filter)} (Clear Filter is in the title bar)`);
    for (const entry of this.registry.entries) {
      const { status, loadedAt } = entry.model;
      const note = staleNote(serverLabel(entry.config), loadedAt, status.kind === 'failed' ? status.error : undefined);
      if (note) parts.push(note);
    }
    const message = parts.length > 0 ? forViewMessage(parts.join(' — ')) : undefined;
    if (this.view.message !== message) this.view.message = message;
  }

  /**
   * Once per server: http:// to another machine sends the token in clear, and `allowSelfSigned`
   * switches certificate checks off.
   */
  private warnIfInsecure(baseUrl: string): void {
    const entry = this.registry.entry(baseUrl);
    if (!entry?.client) return;
    const warn = (key: string, text: string) => {
      if (this.warnedInsecure.has(key)) return;
      this.warnedInsecure.add(key);
      this.log.warn(text);
      void this.prompts().warn(text);
    };
    if (baseUrl.startsWith('http://') && !isLoopback(baseUrl)) {
      const text = vscode.l10n.t(
        '{0} uses plain HTTP: the API token travels unencrypted over the network. Use HTTPS if the server offers it.',
        hostOf(baseUrl),
      );
      warn(`clear|${baseUrl}`, text);
    }
    if (entry.config.allowSelfSigned && baseUrl.startsWith('https://')) {
      warn(
        `tls|${baseUrl}`,
        vscode.l10n.t(
          'Certificate checks are off for {0} ("allowSelfSigned"): anyone on the network path could pose as the server and read the API token. Prefer "caFile" with the server\'s CA.',
          hostOf(baseUrl),
        ),
      );
    }
  }

  private async updateContext(): Promise<void> {
    const entries = this.registry.entries;
    // Each setContext is a round trip to the window: send them together.
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'labelStudio.serverCount', entries.length),
      vscode.commands.executeCommand('setContext', 'labelStudio.needsToken', entries.length === 1 && !entries[0].client),
      vscode.commands.executeCommand('setContext', 'labelStudio.environmentServer', environmentServer(this.env) !== undefined),
    ]);
  }
}

/** `LABEL_STUDIO_URL` (the SDK's convention), normalised, when it is set and valid. */
export function environmentServer(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.LABEL_STUDIO_URL;
  if (!url) return undefined;
  try {
    return normaliseServerUrl(url);
  } catch {
    return undefined;
  }
}
