/** "Diagnose Backend": why Label Studio cannot reach a model that this machine can (or cannot). */
import { diagnose, diagnosisReport, probeHealth } from '../core/diagnosis';
import type { HttpTransport } from '../core/http';
import { messageOf } from '../core/errors';
import { displayTitle } from '../core/presentation';
import { forNotification } from '../core/text/safeText';
import type { Log } from './log';
import type { Pickers } from './pickers';
import type { Prompts } from './prompts';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import type { CommandTable } from './contributions';
import { withViewProgress } from './viewProgress';

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
    const target = await this.pickers.backend(a, b, 'Diagnose which ML backend?');
    const client = target?.entry.client;
    if (!target || !client) return;
    try {
      const report = await withViewProgress(async () => {
        // A fresh read makes Label Studio check the backend now, and the probe runs at the same time.
        const transport = this.probeTransport(target.backend.url);
        const [fresh, probe] = await Promise.all([client.getBackend(target.backend.id), probeHealth(target.backend.url, transport)])
          .finally(() => void transport.close());
        target.entry.model.updateBackend(fresh);
        return diagnosisReport(fresh, target.entry.config.baseUrl, probe, diagnose(fresh, target.entry.config.baseUrl, probe));
      });
      this.log.info(`Diagnosed ML backend ${target.backend.id}`);
      await this.documents.open(`diagnosis-${displayTitle(target.backend)}.md`, report, 'markdown');
    } catch (error) {
      await this.prompts().error(forNotification(`Could not diagnose "${displayTitle(target.backend)}": ${messageOf(error)}`));
    }
  }
}
