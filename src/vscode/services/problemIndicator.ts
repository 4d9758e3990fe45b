/** The number of backends in Error or Disconnected, as a badge on the view and a status-bar item. */
import vscode = require('vscode');
import { problemCount } from '../../core/view/presentation';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { VIEW_ID } from '../commands/contributions';

export class ProblemIndicator implements vscode.Disposable {
  private timer?: NodeJS.Timeout;
  private readonly subscription: { dispose(): void };
  /** The count shown now (for tests). */
  count = 0;
  /** What was last handed to VS Code: during a refresh the count is recomputed often but rarely changes. */
  private shown?: string;

  constructor(
    private readonly registry: ServerRegistry,
    private readonly view: vscode.TreeView<unknown>,
    private readonly item: vscode.StatusBarItem,
  ) {
    item.name = vscode.l10n.t('Label Studio ML Backends');
    item.command = `${VIEW_ID}.focus`;
    this.subscription = registry.onDidChange(() => this.schedule());
  }

  private schedule(): void {
    // Projects answer one by one during a refresh; count once they settle.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 100);
  }

  update(): void {
    let count = 0;
    const servers: string[] = [];
    for (const entry of this.registry.entries) {
      const n = entry.model.projects.reduce((sum, p) => sum + problemCount(p.backends), 0);
      if (n > 0) servers.push(vscode.l10n.t('{0} on {1}', n, entry.config.baseUrl));
      count += n;
    }
    this.count = count;
    const total =
      count === 1
        ? vscode.l10n.t('1 ML backend in Error or Disconnected')
        : vscode.l10n.t('{0} ML backends in Error or Disconnected', count);
    const tooltip = servers.length > 1 ? vscode.l10n.t('{0} ({1})', total, servers.join(', ')) : total;
    // Each badge or status-bar change is a message to the window: send only real changes.
    if (this.shown === tooltip) return;
    this.shown = tooltip;
    this.view.badge = count > 0 ? { value: count, tooltip } : undefined;
    if (count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = count === 1 ? vscode.l10n.t('$(warning) 1 ML backend') : vscode.l10n.t('$(warning) {0} ML backends', count);
    this.item.tooltip = vscode.l10n.t('Label Studio: {0}. Click to show them.', tooltip);
    this.item.accessibilityInformation = { label: vscode.l10n.t('Label Studio: {0}', tooltip) };
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
