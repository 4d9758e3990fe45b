/**
 * The context keys the getting-started walkthrough's steps complete on (`onContext:`) or are shown
 * by (`when`): whether any server has a token, and whether any project lists an ML backend (core's
 * WalkthroughFacts decides both; this only sends them to VS Code).
 */
import vscode = require('vscode');
import type { CommandTable } from '../commands/contributions';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { WalkthroughFacts } from '../../core/servers/walkthroughFacts';

export const WALKTHROUGH_ID = 'labelStudio.gettingStarted';
export const HAS_TOKEN_KEY = 'labelStudio.hasToken';
export const PREDICTIONS_KEY = 'labelStudio.predictionsAvailable';

export class WalkthroughContext implements vscode.Disposable {
  /** The values last sent to VS Code (there is no API to read a context key back). */
  readonly values = new Map<string, boolean>();
  private readonly facts: WalkthroughFacts;
  private readonly subscription: { dispose(): void };

  constructor(
    registry: ServerRegistry,
    private readonly extensionId: string,
  ) {
    this.facts = new WalkthroughFacts(registry);
    this.subscription = registry.onDidChange((change) => {
      this.facts.apply(change);
      void this.update();
    });
  }

  /** Sends every key whose value changed. */
  async update(): Promise<void> {
    const { hasToken, hasBackend } = this.facts.values;
    await Promise.all([this.set(HAS_TOKEN_KEY, hasToken), this.set(PREDICTIONS_KEY, hasBackend)]);
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
