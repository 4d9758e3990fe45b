/**
 * Keeps the registry in line with settings and stored tokens, refreshes servers with progress on
 * the view, and sets the context keys the welcome views read.
 */
import * as vscode from 'vscode';
import type { ServerRegistry } from '../core/serverRegistry';
import { normaliseServerUrl } from '../core/serverUrl';
import type { Log } from './log';
import type { Settings } from './settings';

export const VIEW_ID = 'labelStudio.mlBackends';

export class ServersController implements vscode.Disposable {
  private reloading: Promise<void> = Promise.resolve();
  private loadedOnce = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: ServerRegistry,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly view: vscode.TreeView<unknown>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        if (e.visible && !this.loadedOnce) void this.refreshAll();
      }),
    );
  }

  /** Re-reads settings and tokens; servers whose URL or token changed are rebuilt and, if the view is visible, loaded. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const { servers, problems } = this.settings.servers();
      for (const p of problems) this.log.warn(p);
      this.view.message = problems.length > 0 ? `Settings problem: ${problems[0]}` : undefined;
      const rebuilt = await this.registry.sync(servers);
      await this.updateContext();
      if (this.view.visible && rebuilt.length > 0) void this.refresh(rebuilt);
    });
    return this.reloading;
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
    return this.withViewProgress(refresher.refreshProject(projectId));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private refresh(baseUrls: string[]): Promise<void> {
    const runs = baseUrls.map((u) => this.registry.entry(u)?.refresher?.refresh()).filter((p): p is Promise<void> => !!p);
    if (runs.length === 0) return Promise.resolve();
    this.loadedOnce = true;
    return this.withViewProgress(Promise.all(runs).then(() => undefined));
  }

  private withViewProgress(work: Promise<void>): Promise<void> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => work));
  }

  private async updateContext(): Promise<void> {
    const entries = this.registry.entries;
    await vscode.commands.executeCommand('setContext', 'labelStudio.serverCount', entries.length);
    await vscode.commands.executeCommand('setContext', 'labelStudio.needsToken', entries.length === 1 && !entries[0].client);
    await vscode.commands.executeCommand('setContext', 'labelStudio.environmentServer', environmentServer(this.env) !== undefined);
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
