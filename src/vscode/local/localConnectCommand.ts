/** "Connect to Project…": add (or update) the local backend in a Label Studio project at a URL Label Studio can reach. */
import vscode = require('vscode');
import { diagnose, diagnosisReport } from '../../core/backends/diagnosis';
import { probeHealth } from '../../core/backends/healthProbe';
import { messageOf } from '../../core/api/errors';
import { connectToProject } from '../../core/local/connect';
import { readProject, projectUid } from '../../core/local/predictPayload';
import { candidateUrls } from '../../core/local/reachableUrl';
import { setupBody, timeSetup } from '../../core/local/setupTiming';
import { readBackend } from '../../core/api/models';
import { chooseProject, noClient } from './projectChoice';
import { ensureRunning, pickLocal, withLocalProgress, type LocalDeps } from './localSupport';
import { machineAddresses } from './localTree';
import type { CommandTable } from '../commands/contributions';
import { forNotification } from '../../core/text/safeText';

export class LocalConnectCommand {
  constructor(private readonly deps: LocalDeps) {}

  commands() {
    return {
      'labelStudio.local.connect': (a?: unknown) => this.run(a),
    } satisfies Partial<CommandTable>;
  }

  async run(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Connect which ML backend?'));
    if (!backend || !(await ensureRunning(this.deps, backend))) return;
    const choice = await chooseProject(this.deps, backend, vscode.l10n.t('Connect it to which project?'), false);
    const client = choice?.entry.client;
    if (!choice) return;
    if (!client) return void (await this.deps.prompts().error(noClient()));
    const baseUrl = choice.entry.config.baseUrl;
    const candidates = candidateUrls({
      labelStudioUrl: baseUrl,
      env: backend.env,
      machineAddresses: machineAddresses(),
      knownBackendUrls: choice.entry.model.projects.flatMap((p) => (p.backends ?? []).map((b) => b.url)),
    });
    const existing = choice.backendId !== undefined ? choice.entry.model.backend(choice.backendId) : undefined;
    try {
      const { result, timing } = await withLocalProgress(vscode.l10n.t('Connecting {0}…', forNotification(backend.label)), async () => {
        const project = await readProject(client, choice.projectId);
        // Timed first, straight at the backend, with the body Label Studio will send.
        const timing = await timeSetup(
          backend.url.replace('localhost', '127.0.0.1'),
          setupBody(projectUid(project), project.labelConfig, baseUrl),
          this.deps.probeTransport(),
        );
        const result = await connectToProject({ client, projectId: choice.projectId, candidates, existing, title: backend.label });
        return { result, timing };
      });
      void this.deps.controller.refreshProject(baseUrl, choice.projectId);
      this.deps.log.info(
        `Connect ${backend.label} to project ${choice.projectId}: ${result.attempts.map((a) => `${a.url} ${a.error ? 'refused' : 'accepted'}`).join(', ')}; ${timing.summary}`,
      );
      if (timing.verdict === 'near-limit' || timing.verdict === 'over-limit') {
        void this.deps.prompts().warn(`${timing.summary} ${timing.fix ?? ''}`);
      }
      if (result.backend) {
        const name = forNotification(backend.label);
        const url = result.attempts[result.attempts.length - 1].url;
        await this.deps
          .prompts()
          .info(
            result.updated
              ? vscode.l10n.t('Updated the connection: Label Studio reaches {0} at {1}.', name, url)
              : vscode.l10n.t('Connected: Label Studio reaches {0} at {1}.', name, url),
          );
        return;
      }
      await this.explainFailure(backend.label, baseUrl, candidates[candidates.length - 1]?.url ?? backend.url, result.error, timing.detail);
    } catch (error) {
      // Server words go to the log (one line, no secrets), never into a notification.
      this.deps.log.warn(`Connect ${backend.label}: ${messageOf(error).replace(/\s+/g, ' ')}`);
      await this.deps
        .prompts()
        .error(
          vscode.l10n.t(
            'Could not connect {0}: Label Studio could not be asked (see Label Studio: Show Log).',
            forNotification(backend.label),
          ),
        );
    }
  }

  /** Runs Diagnose on the URL Label Studio refused and shows its fix. */
  private async explainFailure(label: string, baseUrl: string, url: string, error: unknown, setupDetail?: string): Promise<void> {
    const probe = await probeHealth(url.replace('host.docker.internal', '127.0.0.1'), this.deps.probeTransport());
    const stand = readBackend({ id: 0, project: 0, url, title: label, state: 'DI', auth_method: 'NONE', error_message: messageOf(error) });
    const result = diagnose(stand, baseUrl, probe);
    let report = diagnosisReport(stand, baseUrl, probe, result);
    if (setupDetail) report += `\n## ${vscode.l10n.t('/setup called directly')}\n\n\`\`\`text\n${setupDetail.slice(0, 4000)}\n\`\`\`\n`;
    await this.deps.documents.open(`connect-${label}.md`, report, 'markdown');
    await this.deps
      .prompts()
      .error(vscode.l10n.t('Label Studio did not accept {0}: {1}', forNotification(label), forNotification(result.verdict)));
  }
}
