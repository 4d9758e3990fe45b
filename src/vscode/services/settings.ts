/**
 * Reads and writes the extension's settings. Server settings are `application`-scoped and read
 * from user settings only: a workspace's .vscode/settings.json must never decide where a token goes.
 */
import vscode = require('vscode');
import { readServerConfigs, type ServerConfigResult } from '../../core/servers/config';

const SECTION = 'labelStudio';
const DEFAULT_CONCURRENCY = 8;

export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  servers(): ServerConfigResult {
    return readServerConfigs(this.userValue('servers'));
  }

  requestConcurrency(): number {
    const n = Number(this.userValue('requestConcurrency'));
    return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 64) : DEFAULT_CONCURRENCY;
  }

  /** Background refresh interval; see AutoRefresh for why it is slow and never below 30 s. */
  autoRefreshSeconds(): number {
    const n = Number(this.userValue('autoRefreshSeconds'));
    return Number.isFinite(n) && n > 0 ? n : 0;
  }

  /** Whether the inspector fetches task images from hosts other than Label Studio (never with a credential). */
  fetchExternalMedia(): boolean {
    return this.userValue('fetchExternalMedia') !== false;
  }

  async setHideProjectsWithoutBackends(hide: boolean): Promise<void> {
    await this.config.update('hideProjectsWithoutBackends', hide, vscode.ConfigurationTarget.Global);
  }

  reportView(): 'preview' | 'text' {
    return this.config.get<string>('reports.openAs', 'preview') === 'text' ? 'text' : 'preview';
  }

  hideProjectsWithoutBackends(): boolean {
    return this.config.get<boolean>('hideProjectsWithoutBackends', false);
  }

  /** Appends a server to the user's settings (no-op when the same URL is there). */
  async addServer(url: string, name?: string): Promise<void> {
    const current = this.rawServers();
    const entry: Record<string, unknown> = { url };
    if (name) entry.name = name;
    await this.config.update('servers', [...current, entry], vscode.ConfigurationTarget.Global);
  }

  /** Removes the entries that normalise to `baseUrl` from the user's settings. */
  async removeServer(baseUrl: string): Promise<void> {
    const kept = this.rawServers().filter((entry) => readServerConfigs([entry]).servers[0]?.baseUrl !== baseUrl);
    await this.config.update('servers', kept, vscode.ConfigurationTarget.Global);
  }

  onDidChange(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener(e);
    });
  }

  private rawServers(): unknown[] {
    const raw = this.userValue('servers');
    return Array.isArray(raw) ? raw : [];
  }

  /** The user-level value (else the default), ignoring workspace and folder values. */
  private userValue(key: string): unknown {
    const inspected = this.config.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }
}
