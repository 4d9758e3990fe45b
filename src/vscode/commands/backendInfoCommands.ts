/** A backend's details outside the tree: Open in Label Studio, Copy URL / ID, Show Full Error. */
import vscode = require('vscode');
import { displayTitle } from '../../core/view/presentation';
import { fullErrorReport } from '../../core/reports/fullErrorReport';
import { forStatusBar } from '../../core/text/safeText';
import type { BackendCommandDeps } from './commandSupport';
import type { CommandTable } from './contributions';
import type { BackendTarget } from './pickers';

/** What Copy URL / Copy ID ask and say, in the user's language. */
interface CopyWords {
  ask: string;
  done: (backendName: string) => string;
}

export class BackendInfoCommands {
  constructor(private readonly deps: BackendCommandDeps) {}

  commands() {
    return {
      'labelStudio.openInBrowser': (a, b) => this.openInBrowser(a, b),
      'labelStudio.copyBackendUrl': (a, b) =>
        this.copy(a, b, (t) => t.backend.url, {
          ask: vscode.l10n.t('Copy the URL of which ML backend?'),
          done: (name) => vscode.l10n.t('Copied the URL of {0}', name),
        }),
      'labelStudio.copyBackendId': (a, b) =>
        this.copy(a, b, (t) => String(t.backend.id), {
          ask: vscode.l10n.t('Copy the ID of which ML backend?'),
          done: (name) => vscode.l10n.t('Copied the ID of {0}', name),
        }),
      'labelStudio.showFullError': (a, b) => this.showFullError(a, b),
    } satisfies Partial<CommandTable>;
  }

  async openInBrowser(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.project(a, b, vscode.l10n.t('Open which project in Label Studio?'));
    if (!target) return;
    await vscode.env.openExternal(vscode.Uri.parse(`${target.entry.config.baseUrl}/projects/${target.project.id}/settings/ml`));
  }

  async showFullError(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, vscode.l10n.t('Show the error of which ML backend?'));
    if (!target) return;
    await this.deps.documents.openReport(`${displayTitle(target.backend)}-error.md`, fullErrorReport(target.backend));
  }

  private async copy(a: unknown, b: unknown, pick: (t: BackendTarget) => string, words: CopyWords): Promise<void> {
    const target = await this.deps.pickers.backend(a, b, words.ask);
    if (!target) return;
    await vscode.env.clipboard.writeText(pick(target));
    vscode.window.setStatusBarMessage(words.done(forStatusBar(displayTitle(target.backend))), 3000);
  }
}
