/**
 * Keeps the Local ML Backends view in step: searches the workspace at start and on file or folder
 * changes, sets the `labelStudio.hasLocalBackends` context key (the view shows only then), and
 * polls /health only while the view is visible.
 */
import vscode = require('vscode');
import type { LocalBackends } from '../../core/local/localBackends';
import { HealthPolling } from '../../core/local/healthPolling';
import { messageOf } from '../../core/api/errors';
import type { Log } from '../services/log';
import type { BackendFinder } from './backendFinder';
import type { LocalNode } from './localTree';

export const HAS_LOCAL_CONTEXT = 'labelStudio.hasLocalBackends';

export class LocalController implements vscode.Disposable {
  readonly polling: HealthPolling;
  private readonly subs: vscode.Disposable[] = [];
  private searching?: Promise<void>;
  private again = false;

  constructor(
    private readonly backends: LocalBackends,
    private readonly finder: BackendFinder,
    view: vscode.TreeView<LocalNode>,
    private readonly log: Log,
  ) {
    this.polling = new HealthPolling({ probeAll: () => backends.probeAll(), anyStarting: () => backends.anyStarting() });
    this.subs.push(
      view.onDidChangeVisibility((e) => this.polling.setVisible(e.visible)),
      finder.onDidChange(() => void this.search()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.search()),
    );
    this.polling.setVisible(view.visible);
  }

  dispose(): void {
    this.polling.dispose();
    for (const s of this.subs) s.dispose();
  }

  /** Searches the workspace again (one search at a time; a change during one asks for another). */
  search(): Promise<void> {
    if (this.searching) {
      this.again = true;
      return this.searching;
    }
    this.searching = (async () => {
      do {
        this.again = false;
        try {
          this.backends.setFolders(await this.finder.findAll());
        } catch (e) {
          this.log.warn(`Searching the workspace for ML backends failed: ${messageOf(e).replace(/\s+/g, ' ')}`);
        }
      } while (this.again);
      await vscode.commands.executeCommand('setContext', HAS_LOCAL_CONTEXT, this.backends.all.length > 0);
      this.polling.now();
    })().finally(() => (this.searching = undefined));
    return this.searching;
  }
}
