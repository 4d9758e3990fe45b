/**
 * The VS Code side of the server list: core's RefreshScheduler (refreshes, background policies) and
 * ServerSync (settings and tokens → servers, warnings, message, context keys) connected to the view
 * (visibility, message, progress), the context keys, the notifications and the settings. Every
 * decision is core's; this file only passes VS Code's calls through.
 */
import vscode = require('vscode');
import type { Timers } from '../../core/servers/autoRefresh';
import { RefreshScheduler } from '../../core/servers/refreshScheduler';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { ServerSync } from '../../core/servers/serverSync';
import type { ServerContextKeys } from '../../core/view/contextKeys';
import type { FilterState } from './filterState';
import type { Log } from './log';
import type { Prompts } from '../commands/prompts';
import type { Settings } from './settings';
import { withViewProgress } from './viewProgress';

export class ServersController extends RefreshScheduler implements vscode.Disposable {
  private readonly sync: ServerSync;
  private readonly disposables: vscode.Disposable[];

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
    super(registry, {
      withProgress: withViewProgress,
      intervalMs: () => settings.autoRefreshSeconds() * 1000,
      visible: () => view.visible,
      timers,
    });
    this.sync = new ServerSync(registry, this, {
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
    this.disposables = [view.onDidChangeVisibility((e) => this.setVisible(e.visible)), filter.onDidChange(() => this.sync.updateMessage())];
  }

  /** Re-reads settings and tokens; servers whose URL or token changed are rebuilt and, if the view is visible, loaded. */
  reload(): Promise<void> {
    return this.sync.reload();
  }

  /** The background refresh interval setting changed. */
  applyAutoRefreshSetting(): void {
    this.applyInterval();
  }

  override dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.sync.dispose();
    super.dispose();
  }
}

/** Each setContext is a round trip to the window: they are sent together. */
async function setContextKeys(keys: ServerContextKeys): Promise<void> {
  await Promise.all(Object.entries(keys).map(([key, value]) => vscode.commands.executeCommand('setContext', key, value)));
}
