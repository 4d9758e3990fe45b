/**
 * The Local ML Backends feature (its own file, dist/local.js) loads once the workspace holds an ML
 * backend folder — a `_wsgi.py` — or when one of its commands runs. Activation pays nothing for it:
 * the one file search and the watcher start after activation (`start`, called once the first
 * reload of the servers settled).
 */
import vscode = require('vscode');
import { SEARCH_EXCLUDES, WSGI_GLOB } from '../../core/local/backendFolder';
import type { LocalParts } from './localWiring';

export class LocalGate implements vscode.Disposable {
  private parts?: Promise<LocalParts>;
  private watcher?: vscode.FileSystemWatcher;
  private disposed = false;

  constructor(private readonly create: () => Promise<LocalParts>) {}

  /** Watches for a new `_wsgi.py` and looks once for one in the workspace; loads the feature when there is one. */
  async start(): Promise<void> {
    if (this.disposed || this.watcher || this.parts) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(WSGI_GLOB, false, true, true);
    this.watcher.onDidCreate(() => void this.load());
    if (!vscode.workspace.workspaceFolders?.length) return;
    const found = await vscode.workspace.findFiles(WSGI_GLOB, `{${SEARCH_EXCLUDES.join(',')}}`, 1);
    if (found.length > 0 && !this.disposed) await this.load();
  }

  load(): Promise<LocalParts> {
    return (this.parts ??= this.create());
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    void this.parts?.then((parts) => parts.disposables.forEach((d) => d.dispose()));
  }
}
