/**
 * The extension's tools for the editor's agent (`vscode.lm.registerTool`): list ML backends,
 * diagnose one, check its predictions. None writes, so none asks for confirmation; the answers are built in core
 * (src/core/agent) with server text marked untrusted and the stored tokens masked.
 */
import vscode = require('vscode');
import { predictionCheckText, readCheckRequest, runPredictionCheck } from '../../core/agent/checkPredictions';
import { diagnosisText, readDiagnoseRequest, runDiagnosis } from '../../core/agent/diagnoseBackend';
import { backendListText, readListRequest } from '../../core/agent/listBackends';
import { chooseServers, findBackend, type ServerSnapshot } from '../../core/agent/serverChoice';
import { failureText, ToolInputError } from '../../core/agent/toolOutput';
import { redactText } from '../../core/api/errors';
import type { HttpTransport } from '../../core/net/http';
import type { ServerEntry, ServerRegistry } from '../../core/servers/serverRegistry';
import type { Log } from '../services/log';
import type { ServersController } from '../services/serversController';
import type { TokenStore } from '../services/tokenStore';
import { CHECK_TOOL, DIAGNOSE_TOOL, LIST_TOOL, type ToolName } from './toolRegistration';

export interface ToolDeps {
  registry: ServerRegistry;
  controller: ServersController;
  tokens: TokenStore;
  /** A transport without any server's credentials, for probing backends. */
  probeTransport: (backendUrl: string) => HttpTransport;
  log: Log;
}

type Snapshot = ServerSnapshot & { entry: ServerEntry };

export class MlBackendTools {
  constructor(private readonly deps: ToolDeps) {}

  /** One call of a tool: bad input is thrown, anything else is an answer. */
  invoke(tool: ToolName, input: unknown): Promise<vscode.LanguageModelToolResult> {
    const work = {
      [LIST_TOOL]: () => this.list(input),
      [DIAGNOSE_TOOL]: () => this.diagnose(input),
      [CHECK_TOOL]: () => this.checkPredictions(input),
    };
    return this.guard(tool, work[tool]);
  }

  private async list(input: unknown): Promise<string> {
    const request = readListRequest(input);
    const wanted = chooseServers(
      this.deps.registry.entries.map((e) => ({ baseUrl: e.config.baseUrl, name: e.config.name, entry: e })),
      request.server,
    );
    const refresh = (input as { refresh?: unknown } | undefined)?.refresh === true;
    await this.load(
      wanted.map((w) => w.entry),
      refresh,
    );
    return backendListText(this.snapshots(wanted.map((w) => w.entry)), request, await this.secrets());
  }

  private async diagnose(input: unknown): Promise<string> {
    const request = readDiagnoseRequest(input);
    const { server, backend } = await this.backendFor(request.backendId, request.server);
    const client = server.entry.client;
    if (!client)
      throw new ToolInputError(
        vscode.l10n.t('The server {0} has no API token: the user can run "Label Studio: Set API Token".', server.baseUrl),
      );
    const run = await runDiagnosis(client, backend, server.baseUrl, this.deps.probeTransport);
    server.entry.model.updateBackend(run.backend);
    this.deps.log.info(`Diagnosed ML backend ${backend.id} for the agent`);
    return diagnosisText(server.baseUrl, run, await this.secrets());
  }

  private async checkPredictions(input: unknown): Promise<string> {
    const request = readCheckRequest(input);
    const { server, backend } = await this.backendFor(request.backendId, request.server);
    const client = server.entry.client;
    if (!client)
      throw new ToolInputError(
        vscode.l10n.t('The server {0} has no API token: the user can run "Label Studio: Set API Token".', server.baseUrl),
      );
    const run = await runPredictionCheck(client, backend, request.taskId);
    this.deps.log.info(`Checked the predictions of ML backend ${backend.id} on task ${run.taskId} for the agent`);
    return predictionCheckText(run, await this.secrets());
  }

  /** The backend with this id on the named (or any) server, reading servers never read before. */
  private async backendFor(backendId: number, serverQuery: string | undefined) {
    const wanted = chooseServers(
      this.deps.registry.entries.map((e) => ({ baseUrl: e.config.baseUrl, name: e.config.name, entry: e })),
      serverQuery,
    );
    await this.load(
      wanted.map((w) => w.entry),
      false,
    );
    return findBackend(this.snapshots(wanted.map((w) => w.entry)), backendId);
  }

  /** Servers never read (the view was not opened yet) are read once; `again` re-reads them all. */
  private async load(entries: ServerEntry[], again: boolean): Promise<void> {
    const pending = entries.filter((e) => e.client && (again || e.model.status.kind === 'idle' || e.model.status.kind === 'loading'));
    await Promise.all(pending.map((e) => this.deps.controller.refreshServer(e.config.baseUrl)));
  }

  private snapshots(entries: ServerEntry[]): Snapshot[] {
    return entries.map((entry) => ({
      entry,
      baseUrl: entry.config.baseUrl,
      name: entry.config.name,
      hasToken: entry.client !== undefined,
      status: entry.model.status,
      projects: entry.model.projects,
    }));
  }

  /** Every stored token, masked in the answers whatever a server echoes. */
  private async secrets(): Promise<string[]> {
    const tokens = await Promise.all(this.deps.registry.entries.map((e) => this.deps.tokens.get(e.config.baseUrl)));
    return tokens.filter((t): t is string => typeof t === 'string');
  }

  /**
   * Bad input is thrown (VS Code hands the message to the model, which can call again); a failure
   * on the way (a server down, an expired token) is an answer that says so, with the server's words
   * marked untrusted. The log gets one line without server text.
   */
  private async guard(tool: string, work: () => Promise<string>): Promise<vscode.LanguageModelToolResult> {
    let text: string;
    try {
      text = await work();
    } catch (error) {
      this.deps.log.warn(`${tool}: ${error instanceof ToolInputError ? 'invalid input' : 'failed'}`);
      if (error instanceof ToolInputError) throw new Error(redactText(error.message, await this.secrets()));
      text = failureText(error, await this.secrets());
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }
}
