/** What the local-backend commands share: their collaborators, the backend they act on, the inspector seam. */
import vscode = require('vscode');
import type { HttpTransport } from '../../core/net/http';
import type { LocalBackend, LocalBackends } from '../../core/local/localBackends';
import type { LocalPredictAnswer } from '../../core/local/localPredict';
import type { ProjectFacts, TaskJson } from '../../core/local/predictPayload';
import { escapeIcons } from '../../core/view/presentation';
import { describeState } from '../../core/local/localState';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { Log } from '../services/log';
import type { Pickers } from '../commands/pickers';
import type { Prompts } from '../commands/prompts';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';
import type { ServersController } from '../services/serversController';
import type { TokenStore } from '../services/tokenStore';
import type { BackendRunner } from './backendRunner';
import { LOCAL_VIEW_ID } from './localTree';
import { forNotification, forQuickPick } from '../../core/text/safeText';

/** What "Predict Locally…" hands to the prediction inspector. */
export interface InspectorContext {
  serverUrl: string;
  /** The local backend's row label. */
  localLabel: string;
  /** The Label Studio backend of that project pointing at the local one, when there is one. */
  backendId?: number;
  project: ProjectFacts;
  task: TaskJson;
  /** The exact body sent to the local backend's /predict. */
  request: Record<string, unknown>;
  /** Label Studio's interactive-annotating answer for the same task, when compared. */
  labelStudio?: { data?: unknown; errors?: string[] };
}

/** Opens the prediction inspector (issue "inspector") with its checks; extension.ts passes it in. */
export type OpenInspector = (answer: LocalPredictAnswer, context: InspectorContext) => Promise<void>;

export interface LocalDeps {
  backends: LocalBackends;
  runner: BackendRunner;
  registry: ServerRegistry;
  controller: ServersController;
  pickers: Pickers;
  tokens: TokenStore;
  documents: ReadOnlyDocuments;
  log: Log;
  prompts: () => Prompts;
  /** Without any server's credentials: for the local backend and for media checks. */
  probeTransport: () => HttpTransport;
  openInspector: OpenInspector;
}

export function withLocalProgress<T>(title: string, work: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: LOCAL_VIEW_ID }, title }, work));
}

/** The backend of a row (`{folder}`), a folder path, the only one, or a quick pick. */
export async function pickLocal(deps: LocalDeps, arg: unknown, placeHolder: string): Promise<LocalBackend | undefined> {
  const folder =
    typeof arg === 'string'
      ? arg
      : typeof (arg as { folder?: unknown })?.folder === 'string'
        ? (arg as { folder: string }).folder
        : undefined;
  if (folder) return deps.backends.get(folder);
  const all = deps.backends.all;
  if (all.length <= 1) {
    if (all.length === 0)
      await deps
        .prompts()
        .info(vscode.l10n.t('No ML backend folder was found in this workspace (a folder with a label-studio-ml _wsgi.py).'));
    return all[0];
  }
  const picked = await deps.prompts().quickPick(
    all.map((b) => ({ label: escapeIcons(b.label), description: forQuickPick(`${describeState(b.state)} · ${b.url}`), backend: b })),
    { placeHolder },
  );
  return picked?.backend;
}

/** Probes /health once more and says so when it does not answer. */
export async function ensureRunning(deps: LocalDeps, backend: LocalBackend): Promise<boolean> {
  await deps.backends.probe(backend.folder);
  if (deps.backends.get(backend.folder)?.state.kind === 'running') return true;
  const start = vscode.l10n.t('Start');
  const choice = await deps
    .prompts()
    .warn(vscode.l10n.t('The local ML backend {0} is not running. Start it first.', forNotification(backend.label)), start);
  if (choice === start) await vscode.commands.executeCommand('labelStudio.local.start', { folder: backend.folder });
  return false;
}

/** Opens the answer as a read-only JSON document: the stand-in until the prediction inspector is wired. */
export function documentInspector(documents: ReadOnlyDocuments): OpenInspector {
  return async (answer, context) => {
    const doc = {
      note: vscode.l10n.t('The prediction inspector is not available in this build: this is the raw answer (no checks ran).'),
      task: context.task.id,
      project: context.project.id,
      server: context.serverUrl,
      local: {
        url: answer.url,
        status: answer.status,
        failure: answer.failure,
        buildMs: round(answer.buildMs),
        roundTripMs: round(answer.roundTripMs),
        answer: answer.body,
      },
      ...(context.labelStudio ? { labelStudio: context.labelStudio } : {}),
      request: context.request,
    };
    await documents.open(`predictions-task-${context.task.id}.json`, JSON.stringify(doc, null, 2), 'json');
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
