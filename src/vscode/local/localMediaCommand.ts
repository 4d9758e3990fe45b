/**
 * "Check Media Access": with the environment the backend will run with, where and how it fetches
 * the first tasks' media; tried from this machine the way the ML SDK does; one read-only report.
 * "Write LABEL_STUDIO_API_KEY to .env": only on that explicit choice, with a warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import { messageOf } from '../../core/api/errors';
import { gitignoreCovers, setDotenvValue } from '../../core/local/dotenv';
import { effective } from '../../core/local/environment';
import { planTasks, suggestedLabelStudioUrl } from '../../core/local/mediaPlan';
import { probeMedia, sdkAuthHeader } from '../../core/local/mediaProbe';
import { mediaReport } from '../../core/local/mediaReport';
import { readProject, readTasks } from '../../core/local/predictPayload';
import { folderSdkAge } from './backendFinder';
import { chooseProject, noClient } from './projectChoice';
import { pickLocal, withLocalProgress, type LocalDeps } from './localSupport';
import type { CommandTable } from '../commands/contributions';
import { forNotification } from '../../core/text/safeText';

/** How many tasks the check looks at. */
export const MEDIA_TASKS = 5;

export class LocalMediaCommand {
  constructor(private readonly deps: LocalDeps) {}

  commands() {
    return {
      'labelStudio.local.checkMediaAccess': (a?: unknown) => this.run(a),
      'labelStudio.local.writeApiKey': (a?: unknown) => this.writeApiKey(a),
    } satisfies Partial<CommandTable>;
  }

  async run(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Check the media access of which ML backend?'));
    if (!backend) return;
    const choice = await chooseProject(this.deps, backend, vscode.l10n.t('Check the tasks of which project?'));
    const client = choice?.entry.client;
    if (!choice) return;
    if (!client) return void (await this.deps.prompts().error(noClient()));
    try {
      const report = await withLocalProgress(vscode.l10n.t('Checking media access…'), async () => {
        const [project, tasks, sdk] = await Promise.all([
          readProject(client, choice.projectId),
          readTasks(client, choice.projectId, MEDIA_TASKS),
          folderSdkAge(backend.folder),
        ]);
        const plans = planTasks(tasks, { env: backend.env, sdk, labelStudioUrl: choice.entry.config.baseUrl });
        const key = effective(backend.env, 'key')?.value.trim();
        const url = effective(backend.env, 'url')?.value.trim();
        const transport = this.deps.probeTransport();
        const auth = key && url ? sdkAuthHeader(key, url, transport) : async () => undefined;
        const outcomes = [];
        for (const plan of plans) outcomes.push(await probeMedia(plan, { transport, key, sdkCurrent: sdk.kind === 'current' }, auth));
        const failing = outcomes.filter((o) => !o.ok || o.findings.length > 0).length;
        this.deps.log.info(
          `Checked media access of ${backend.label}: ${outcomes.length} file(s), ${failing} with problems (${[...new Set(outcomes.flatMap((o) => o.findings.map((f) => f.cause)))].join(', ') || 'none'})`,
        );
        return mediaReport({
          backendLabel: backend.label,
          env: backend.env,
          labelStudioUrl: choice.entry.config.baseUrl,
          projectTitle: project.title,
          outcomes,
          tasksChecked: tasks.length,
        });
      });
      await this.deps.documents.open(`media-access-${backend.label}.md`, report, 'markdown');
    } catch (error) {
      this.deps.log.warn(`Check media access of ${backend.label}: ${messageOf(error).replace(/\s+/g, ' ')}`);
      await this.deps.prompts().error(vscode.l10n.t('Check Media Access failed (see Label Studio: Show Log).'));
    }
  }

  /** Writes the chosen server's token (and its URL, when missing) into the backend's .env, after a warning. */
  async writeApiKey(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Write the API key for which ML backend?'));
    if (!backend) return;
    const entry = await this.deps.pickers.server(undefined, vscode.l10n.t('The token of which Label Studio server?'), true);
    const token = entry && (await this.deps.tokens.get(entry.config.baseUrl));
    if (!entry || !token) return;
    const write = vscode.l10n.t('Write LABEL_STUDIO_API_KEY to .env');
    const ok = await this.deps
      .prompts()
      .confirm(
        vscode.l10n.t('Write your Label Studio token into {0}/.env in plain text?', forNotification(backend.label)),
        vscode.l10n.t('Anyone who can read this file can act as you in Label Studio. Never commit it.'),
        write,
      );
    if (ok !== write) return;
    const file = path.join(backend.folder, '.env');
    let text = await fs.promises.readFile(file, 'utf8').catch(() => '');
    text = setDotenvValue(text, 'LABEL_STUDIO_API_KEY', token.trim());
    if (!effective(backend.env, 'url'))
      text = setDotenvValue(text, 'LABEL_STUDIO_URL', suggestedLabelStudioUrl(entry.config.baseUrl, backend.env));
    await fs.promises.writeFile(file, text, { mode: 0o600 });
    this.deps.log.info(`Wrote LABEL_STUDIO_API_KEY (masked) to ${backend.label}/.env`);
    await this.offerGitignore(backend.folder);
  }

  private async offerGitignore(folder: string): Promise<void> {
    const gitignore = path.join(folder, '.gitignore');
    const current = await fs.promises.readFile(gitignore, 'utf8').catch(() => '');
    if (gitignoreCovers(current, '.env')) return;
    const add = vscode.l10n.t('Add .env to .gitignore');
    if ((await this.deps.prompts().warn(vscode.l10n.t('.env is not in .gitignore: the token could be committed.'), add)) !== add) return;
    await fs.promises.writeFile(gitignore, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}.env\n`);
  }
}
