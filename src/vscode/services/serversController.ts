/**
 * The VS Code side of the server list: connects core's ServerSync and RefreshScheduler to the view
 * (visibility, message, progress), the context keys, the notifications and the settings. Every
 * decision is core's; this file only passes VS Code's calls through.
 */
import vscode = require('vscode');
import type { AutoRefresh, Timers } from '../../core/servers/autoRefresh';
import { RefreshScheduler } from '../../core/servers/refreshScheduler';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { ServerSync } from '../../core/servers/serverSync';
import type { ServerContextKeys } from '../../core/view/contextKeys';
import type { FilterState } from './filterState';
import type { Log } from './log';
import type { Prompts } from '../commands/prompts';
import type { Settings } from './settings';
import { withViewProgress } from './viewProgress';

export class ServersController implements vscode.Disposable {
  private readonly scheduler: RefreshScheduler;
  private readonly sync: ServerSync;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    registry: ServerRegistry,
    settings: Settings,
    log: Log,
    view: vscode.TreeView<unknown>,
    filter: FilterState,
    prompts: () => Prompts,
    env: NodeJS.ProcessEnv = process.env,
    timers?: Timers,
  ) {
    this.scheduler = new RefreshScheduler(registry, {
      withProgress: withViewProgress,
      intervalMs: () => settings.autoRefreshSeconds() * 1000,
      visible: () => view.visible,
      timers,
    });
    this.sync = new ServerSync(registry, this.scheduler, {
      configs: () => settings.servers(),
      filter: () => filter.current,
      env,
      visible: () => view.visible,
      showMessage: (message) => (view.message = message),
      setContext: setContextKeys,
      warn: (text) => {
        log.warn(text);
        void prompts().warn(text);
      },
      logWarning: (text) => log.warn(text),
    });
    this.disposables.push(
      view.onDidChangeVisibility((e) => this.scheduler.setVisible(e.visible)),
      filter.onDidChange(() => this.sync.updateMessage()),
    );
  }

  /** Re-reads settings and tokens; servers whose URL or token changed are rebuilt and, if the view is visible, loaded. */
  reload(): Promise<void> {
    return this.sync.reload();
  }

  /** The background refresh interval changed. */
  applyAutoRefreshSetting(): void {
    this.scheduler.applyInterval();
  }

  refreshAll(): Promise<void> {
    return this.scheduler.refreshAll();
  }

  refreshServer(baseUrl: string): Promise<void> {
    return this.scheduler.refresh([baseUrl]);
  }

  refreshProject(baseUrl: string, projectId: number): Promise<void> {
    return this.scheduler.refreshProject(baseUrl, projectId);
  }

  /** The server's background policy (for tests and diagnostics). */
  policy(baseUrl: string): AutoRefresh | undefined {
    return this.scheduler.policy(baseUrl);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.sync.dispose();
    this.scheduler.dispose();
  }
}

/** Each setContext is a round trip to the window: they are sent together. */
async function setContextKeys(keys: ServerContextKeys): Promise<void> {
  await Promise.all(Object.entries(keys).map(([key, value]) => vscode.commands.executeCommand('setContext', key, value)));
}
