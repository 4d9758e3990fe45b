/** The commands of the Label Studio view: servers, tokens, refresh and error details. */
import * as vscode from 'vscode';
import { serverLabel } from '../core/config';
import type { ServerRegistry } from '../core/serverRegistry';
import { InvalidServerUrlError, normaliseServerUrl } from '../core/serverUrl';
import { classifyToken, describeTokenKind, tokenInputProblem } from '../core/token';
import type { FullErrorDocuments } from './fullErrorDocuments';
import type { Log } from './log';
import type { Prompts } from './prompts';
import { environmentServer, type ServersController } from './serversController';
import type { Settings } from './settings';
import type { TokenStore } from './tokenStore';

export interface CommandDeps {
  registry: ServerRegistry;
  settings: Settings;
  tokens: TokenStore;
  controller: ServersController;
  fullErrors: FullErrorDocuments;
  log: Log;
  prompts: () => Prompts;
  env?: NodeJS.ProcessEnv;
}

/** What a command may receive from a tree row, a hover link or another caller. */
type ServerArg = string | { baseUrl?: string } | undefined;

export class Commands {
  constructor(private readonly deps: CommandDeps) {}

  register(): vscode.Disposable[] {
    const c = (id: string, run: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, run);
    return [
      c('labelStudio.refresh', () => this.deps.controller.refreshAll()),
      c('labelStudio.refreshServer', (arg?: ServerArg) => this.refreshServer(arg)),
      c('labelStudio.refreshProject', (a?: unknown, b?: unknown) => this.refreshProject(a, b)),
      c('labelStudio.addServer', () => this.addServer()),
      c('labelStudio.useEnvironmentServer', () => this.useEnvironmentServer()),
      c('labelStudio.removeServer', (arg?: ServerArg) => this.removeServer(arg)),
      c('labelStudio.setToken', (arg?: ServerArg) => this.setToken(arg)),
      c('labelStudio.clearToken', (arg?: ServerArg) => this.clearToken(arg)),
      c('labelStudio.showFullError', (a?: unknown, b?: unknown) => this.showFullError(a, b)),
      c('labelStudio.showLog', () => this.deps.log.show()),
    ];
  }

  async addServer(): Promise<void> {
    const input = await this.prompts.inputBox({
      title: 'Add Label Studio Server (1/2)',
      prompt: 'The address you open Label Studio at in the browser',
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
    await this.askToken(baseUrl, 'Add Label Studio Server (2/2)');
  }

  /** Uses LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY from the environment (the SDK's convention). */
  async useEnvironmentServer(): Promise<void> {
    const env = this.deps.env ?? process.env;
    const baseUrl = environmentServer(env);
    if (!baseUrl) {
      await this.prompts.error('LABEL_STUDIO_URL is not set to a valid http(s) address.');
      return;
    }
    if (!this.deps.registry.entry(baseUrl)) await this.deps.settings.addServer(baseUrl);
    const key = env.LABEL_STUDIO_API_KEY?.trim();
    if (key && !tokenInputProblem(key)) {
      await this.deps.tokens.set(baseUrl, key);
      this.deps.log.info(`Using ${baseUrl} with the ${describeTokenKind(classifyToken(key).kind)} from LABEL_STUDIO_API_KEY`);
      await this.deps.controller.reload();
    } else {
      await this.deps.controller.reload();
      await this.askToken(baseUrl, 'Set API Token');
    }
  }

  async setToken(arg?: ServerArg): Promise<void> {
    const baseUrl = await this.pickServer(arg, 'Set the API token of which server?');
    if (baseUrl) await this.askToken(baseUrl, 'Set API Token');
  }

  async clearToken(arg?: ServerArg): Promise<void> {
    const baseUrl = await this.pickServer(arg, 'Clear the API token of which server?');
    if (!baseUrl) return;
    await this.deps.tokens.delete(baseUrl);
    this.deps.log.info(`Cleared the API token of ${baseUrl}`);
    await this.deps.controller.reload();
  }

  async removeServer(arg?: ServerArg): Promise<void> {
    const baseUrl = await this.pickServer(arg, 'Remove which server?');
    if (!baseUrl) return;
    const answer = await this.prompts.confirm(
      `Remove ${baseUrl} from the Label Studio view?`,
      'Its stored API token is deleted too. Nothing changes on the server.',
      'Remove',
    );
    if (answer !== 'Remove') return;
    await this.deps.tokens.delete(baseUrl);
    await this.deps.settings.removeServer(baseUrl);
    this.deps.log.info(`Removed server ${baseUrl}`);
    await this.deps.controller.reload();
  }

  async refreshServer(arg?: ServerArg): Promise<void> {
    const baseUrl = await this.pickServer(arg, 'Refresh which server?');
    if (baseUrl) await this.deps.controller.refreshServer(baseUrl);
  }

  async refreshProject(a?: unknown, b?: unknown): Promise<void> {
    const target = projectTarget(a, b);
    if (target) await this.deps.controller.refreshProject(target.baseUrl, target.projectId);
  }

  async showFullError(a?: unknown, b?: unknown): Promise<void> {
    const target = backendTarget(a, b);
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(this.deps.fullErrors.uriFor(target.baseUrl, target.backendId));
    await vscode.languages.setTextDocumentLanguage(doc, 'log');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  private async askToken(baseUrl: string, title: string): Promise<void> {
    const token = await this.prompts.inputBox({
      title,
      prompt: `API token for ${baseUrl}: a personal access token or a legacy token (Label Studio → Account & Settings)`,
      password: true,
      placeHolder: 'Paste the token',
      validateInput: (value) => tokenInputProblem(value),
    });
    if (token === undefined) return;
    await this.deps.tokens.set(baseUrl, token);
    this.deps.log.info(`Stored a ${describeTokenKind(classifyToken(token).kind)} for ${baseUrl}`);
    await this.deps.controller.reload();
  }

  private async pickServer(arg: ServerArg, placeHolder: string): Promise<string | undefined> {
    const given = typeof arg === 'string' ? arg : arg?.baseUrl;
    if (given && this.deps.registry.entry(given)) return given;
    const entries = this.deps.registry.entries;
    if (entries.length === 0) {
      const add = await this.prompts.info('No Label Studio server is configured yet.', 'Add Server');
      if (add === 'Add Server') await this.addServer();
      return undefined;
    }
    if (entries.length === 1) return entries[0].config.baseUrl;
    const picked = await this.prompts.quickPick(
      entries.map((e) => ({ label: serverLabel(e.config), description: e.config.baseUrl, detail: e.client ? undefined : 'no API token', baseUrl: e.config.baseUrl })),
      { placeHolder },
    );
    return picked?.baseUrl;
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

/** `(baseUrl, projectId)` from a retry link, or a project/message node from the tree. */
function projectTarget(a: unknown, b: unknown): { baseUrl: string; projectId: number } | undefined {
  if (typeof a === 'string' && typeof b === 'number') return { baseUrl: a, projectId: b };
  const node = a as { baseUrl?: unknown; projectId?: unknown } | undefined;
  if (typeof node?.baseUrl === 'string' && typeof node.projectId === 'number') return { baseUrl: node.baseUrl, projectId: node.projectId };
  return undefined;
}

/** `(baseUrl, backendId)` from a hover link, or a backend node from the tree. */
function backendTarget(a: unknown, b: unknown): { baseUrl: string; backendId: number } | undefined {
  if (typeof a === 'string' && typeof b === 'number') return { baseUrl: a, backendId: b };
  const node = a as { baseUrl?: unknown; backendId?: unknown } | undefined;
  if (typeof node?.baseUrl === 'string' && typeof node.backendId === 'number') return { baseUrl: node.baseUrl, backendId: node.backendId };
  return undefined;
}
