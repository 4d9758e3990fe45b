/**
 * The Local ML Backends feature (its own file, dist/local.js) loads once the workspace holds an ML
 * backend folder — a `_wsgi.py` — or when one of its commands runs. Until then activation pays for
 * one file search and one watcher.
 */
import vscode = require('vscode');
import { SEARCH_EXCLUDES, WSGI_GLOB } from '../../core/local/backendFolder';
import type { LocalParts } from './localWiring';

export class LocalGate implements vscode.Disposable {
  private parts?: Promise<LocalParts>;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly create: () => Promise<LocalParts>) {
    this.watcher = vscode.workspace.createFileSystemWatcher(WSGI_GLOB, false, true, true);
    this.watcher.onDidCreate(() => void this.load());
  }

  /** Looks once for a backend folder in the workspace, and loads the feature when there is one. */
  async start(): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length || this.parts) return;
    const found = await vscode.workspace.findFiles(WSGI_GLOB, `{${SEARCH_EXCLUDES.join(',')}}`, 1);
    if (found.length > 0) await this.load();
  }

  load(): Promise<LocalParts> {
    return (this.parts ??= this.create());
  }

  dispose(): void {
    this.watcher.dispose();
    void this.parts?.then((parts) => parts.disposables.forEach((d) => d.dispose()));
  }
}
