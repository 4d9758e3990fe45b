/**
 * The context keys the getting-started walkthrough's steps complete on (`onContext:`) or are shown
 * by (`when`): whether any server has a token, and whether the prediction inspector is installed.
 */
import vscode = require('vscode');
import type { CommandTable } from '../commands/contributions';
import type { ServerRegistry } from '../../core/servers/serverRegistry';

export const WALKTHROUGH_ID = 'labelStudio.gettingStarted';
export const HAS_TOKEN_KEY = 'labelStudio.hasToken';
export const PREDICTIONS_KEY = 'labelStudio.predictionsAvailable';
const SHOW_PREDICTIONS = 'labelStudio.showPredictions';

export class WalkthroughContext implements vscode.Disposable {
  /** The values last sent to VS Code (there is no API to read a context key back). */
  readonly values = new Map<string, boolean>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly registry: ServerRegistry,
    private readonly extensionId: string,
  ) {
    this.subscription = registry.onDidChange((change) => {
      if (change.kind === 'servers') void this.update();
    });
  }

  /** Sets every key; call once every command of the extension is registered. */
  async update(): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    await Promise.all([
      this.set(
        HAS_TOKEN_KEY,
        this.registry.entries.some((e) => e.client !== undefined),
      ),
      this.set(PREDICTIONS_KEY, commands.includes(SHOW_PREDICTIONS)),
    ]);
  }

  commands() {
    return {
      'labelStudio.openWalkthrough': () =>
        vscode.commands.executeCommand('workbench.action.openWalkthrough', `${this.extensionId}#${WALKTHROUGH_ID}`, false),
    } satisfies Partial<CommandTable>;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async set(key: string, value: boolean): Promise<void> {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    await vscode.commands.executeCommand('setContext', key, value);
  }
}
