/** The tree's current filter, kept for the window (workspace state) and announced on change. */
import vscode = require('vscode');
import { isActive, NO_FILTER, type BackendFilter } from '../../core/view/filter';

const KEY = 'labelStudio.filter';

export class FilterState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BackendFilter>();
  readonly onDidChange = this.changed.event;
  private value: BackendFilter;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<BackendFilter>(KEY);
    this.value = saved && Array.isArray(saved.states) && typeof saved.text === 'string' ? saved : NO_FILTER;
  }

  get current(): BackendFilter {
    return this.value;
  }

  async set(filter: BackendFilter): Promise<void> {
    this.value = filter;
    await this.memento.update(KEY, isActive(filter) ? filter : undefined);
    await vscode.commands.executeCommand('setContext', 'labelStudio.filterActive', isActive(filter));
    this.changed.fire(filter);
  }

  /** Sets the context key for the title bar after activation. */
  async announce(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'labelStudio.filterActive', isActive(this.value));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
