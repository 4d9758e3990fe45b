/** "Diagnose Backend": why Label Studio cannot reach a model that this machine can (or cannot). */
import vscode = require('vscode');
import { runDiagnosis } from '../../core/agent/diagnoseBackend';
import { diagnosisReport } from '../../core/backends/diagnosis';
import type { HttpTransport } from '../../core/net/http';
import { messageOf } from '../../core/api/errors';
import { displayTitle } from '../../core/view/presentation';
import { forNotification } from '../../core/text/safeText';
import type { Log } from '../services/log';
import type { Pickers } from './pickers';
import type { Prompts } from './prompts';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';
import type { CommandTable } from './contributions';
import { withViewProgress } from '../services/viewProgress';

export class DiagnoseCommand {
  constructor(
    private readonly pickers: Pickers,
    private readonly documents: ReadOnlyDocuments,
    /** A new transport for probing this backend URL: no server's credentials or TLS exceptions, the usual proxy rules. */
    private readonly probeTransport: (backendUrl: string) => HttpTransport,
    private readonly log: Log,
    private readonly prompts: () => Prompts,
  ) {}

  commands() {
    return { 'labelStudio.diagnoseBackend': (a, b) => this.run(a, b) } satisfies Partial<CommandTable>;
  }

  async run(a?: unknown, b?: unknown): Promise<void> {
    const target = await this.pickers.backend(a, b, vscode.l10n.t('Diagnose which ML backend?'));
    const client = target?.entry.client;
    if (!target || !client) return;
    try {
      const report = await withViewProgress(async () => {
        const run = await runDiagnosis(client, target.backend, target.entry.config.baseUrl, this.probeTransport);
        target.entry.model.updateBackend(run.backend);
        return diagnosisReport(run.backend, target.entry.config.baseUrl, run.probe, run.diagnosis);
      });
      this.log.info(`Diagnosed ML backend ${target.backend.id}`);
      await this.documents.openReport(`diagnosis-${displayTitle(target.backend)}.md`, report);
    } catch (error) {
      const [name, why] = [displayTitle(target.backend), messageOf(error)].map((t) => forNotification(t));
      await this.prompts().error(vscode.l10n.t('Could not diagnose "{0}": {1}', name, why));
    }
  }
}
