/** Commands about servers and tokens: add, remove, set and clear tokens, refresh. */
import vscode = require('vscode');
import type { CommandTable } from './contributions';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import { InvalidServerUrlError, normaliseServerUrl } from '../../core/net/serverUrl';
import { forInputBox } from '../../core/text/safeText';
import { classifyToken, cleanPastedToken, describeTokenKind, tokenInputProblem } from '../../core/api/token';
import type { Log } from '../services/log';
import { projectArgs, type Pickers } from './pickers';
import type { Prompts } from './prompts';
import { environmentServer } from '../../core/servers/environmentServer';
import type { ServersController } from '../services/serversController';
import type { Settings } from '../services/settings';
import type { TokenStore } from '../services/tokenStore';

export interface ServerCommandDeps {
  registry: ServerRegistry;
  settings: Settings;
  tokens: TokenStore;
  controller: ServersController;
  pickers: Pickers;
  log: Log;
  prompts: () => Prompts;
  env?: NodeJS.ProcessEnv;
}

export class ServerCommands {
  constructor(private readonly deps: ServerCommandDeps) {}

  commands() {
    return {
      'labelStudio.refresh': () => this.deps.controller.refreshAll(),
      'labelStudio.refreshServer': (arg) => this.refreshServer(arg),
      'labelStudio.refreshProject': (a, b) => this.refreshProject(a, b),
      'labelStudio.addServer': () => this.addServer(),
      'labelStudio.useEnvironmentServer': () => this.useEnvironmentServer(),
      'labelStudio.removeServer': (arg) => this.removeServer(arg),
      'labelStudio.setToken': (arg) => this.setToken(arg),
      'labelStudio.clearToken': (arg) => this.clearToken(arg),
      'labelStudio.showLog': () => this.deps.log.show(),
    } satisfies Partial<CommandTable>;
  }

  async addServer(): Promise<void> {
    const input = await this.prompts.inputBox({
      title: vscode.l10n.t('Add Label Studio Server (1/2)'),
      prompt: vscode.l10n.t('The address you open Label Studio at in the browser'),
      placeHolder: 'http://localhost:8080',
      validateInput: (value) => urlProblem(value),
    });
    if (input === undefined) return;
    const baseUrl = normaliseServerUrl(input);
    if (!this.deps.registry.entry(baseUrl)) {
      await this.deps.settings.addServer(baseUrl);
      this.deps.log.info(`Added server ${baseUrl}`);
    }
    await this.deps.controller.reload();
    await this.askToken(baseUrl, vscode.l10n.t('Add Label Studio Server (2/2)'));
  }

  /** Uses LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY from the environment (the SDK's convention). */
  async useEnvironmentServer(): Promise<void> {
    const env = this.deps.env ?? process.env;
    const baseUrl = environmentServer(env);
    if (!baseUrl) {
      await this.prompts.error(vscode.l10n.t('LABEL_STUDIO_URL is not set to a valid http(s) address.'));
      return;
    }
    if (!this.deps.registry.entry(baseUrl)) await this.deps.settings.addServer(baseUrl);
    const key = env.LABEL_STUDIO_API_KEY === undefined ? undefined : cleanPastedToken(env.LABEL_STUDIO_API_KEY);
    if (key && !tokenInputProblem(key)) {
      await this.deps.tokens.set(baseUrl, key);
      this.deps.log.info(`Using ${baseUrl} with the ${describeTokenKind(classifyToken(key).kind)} from LABEL_STUDIO_API_KEY`);
      await this.deps.controller.reload();
    } else {
      await this.deps.controller.reload();
      await this.askToken(baseUrl, vscode.l10n.t('Set API Token'));
    }
  }

  async setToken(arg?: unknown): Promise<void> {
    const entry = await this.serverOrOfferAdd(arg, vscode.l10n.t('Set the API token of which server?'));
    if (entry) await this.askToken(entry, vscode.l10n.t('Set API Token'));
  }

  async clearToken(arg?: unknown): Promise<void> {
    const baseUrl = await this.serverOrOfferAdd(arg, vscode.l10n.t('Clear the API token of which server?'));
    if (!baseUrl) return;
    await this.deps.tokens.delete(baseUrl);
    this.deps.log.info(`Cleared the API token of ${baseUrl}`);
    await this.deps.controller.reload();
  }

  async removeServer(arg?: unknown): Promise<void> {
    const baseUrl = await this.serverOrOfferAdd(arg, vscode.l10n.t('Remove which server?'));
    if (!baseUrl) return;
    const remove = vscode.l10n.t('Remove');
    const answer = await this.prompts.confirm(
      vscode.l10n.t('Remove {0} from the Label Studio view?', baseUrl),
      vscode.l10n.t('Its stored API token is deleted too. Nothing changes on the server.'),
      remove,
    );
    if (answer !== remove) return;
    await this.deps.tokens.delete(baseUrl);
    await this.deps.settings.removeServer(baseUrl);
    this.deps.log.info(`Removed server ${baseUrl}`);
    await this.deps.controller.reload();
  }

  async refreshServer(arg?: unknown): Promise<void> {
    const entry = await this.deps.pickers.server(arg, vscode.l10n.t('Refresh which server?'), true);
    if (entry) await this.deps.controller.refreshServer(entry.config.baseUrl);
  }

  async refreshProject(a?: unknown, b?: unknown): Promise<void> {
    const target = projectArgs(a, b);
    if (target) await this.deps.controller.refreshProject(target.baseUrl, target.projectId);
  }

  private async askToken(baseUrl: string, title: string): Promise<void> {
    const token = await this.prompts.inputBox({
      title,
      prompt: vscode.l10n.t(
        'API token for {0}: a personal access token or a legacy token (Label Studio → Account & Settings)',
        forInputBox(baseUrl),
      ),
      password: true,
      placeHolder: vscode.l10n.t('Paste the token'),
      validateInput: (value) => tokenInputProblem(value),
    });
    if (token === undefined) return;
    await this.deps.tokens.set(baseUrl, cleanPastedToken(token));
    this.deps.log.info(`Stored a ${describeTokenKind(classifyToken(token).kind)} for ${baseUrl}`);
    await this.deps.controller.reload();
  }

  /** The server to act on; with none configured, offers to add one. */
  private async serverOrOfferAdd(arg: unknown, placeHolder: string): Promise<string | undefined> {
    if (this.deps.registry.entries.length === 0) {
      const addServer = vscode.l10n.t('Add Server');
      const add = await this.prompts.info(vscode.l10n.t('No Label Studio server is configured yet.'), addServer);
      if (add === addServer) await this.addServer();
      return undefined;
    }
    return (await this.deps.pickers.server(arg, placeHolder))?.config.baseUrl;
  }

  private get prompts(): Prompts {
    return this.deps.prompts();
  }
}

function urlProblem(value: string): string | undefined {
  try {
    normaliseServerUrl(value);
    return undefined;
  } catch (e) {
    return e instanceof InvalidServerUrlError ? e.message : String(e);
  }
}
