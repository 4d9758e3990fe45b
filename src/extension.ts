/** Composition root: builds the collaborators and connects them. No logic lives here. */
import * as vscode from 'vscode';
import { createUndiciTransport, type HttpTransport } from './core/http';
import { ServerRegistry } from './core/serverRegistry';
import { BackendFormCommands } from './vscode/backendFormCommands';
import { BackendInfoCommands } from './vscode/backendInfoCommands';
import { DiagnoseCommand } from './vscode/diagnoseCommand';
import { FilterState } from './vscode/filterState';
import { PredictionInspector } from './vscode/inspector/predictionInspector';
import { ModelCommands } from './vscode/modelCommands';
import { ProblemIndicator } from './vscode/problemIndicator';
import { ViewCommands } from './vscode/viewCommands';
import { EmptyProjectDecorations } from './vscode/emptyProjectDecorations';
import { Pickers } from './vscode/pickers';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './vscode/readOnlyDocuments';
import { ServerCommands } from './vscode/serverCommands';
import { createLog, logRequest, RecordingLog, type Log } from './vscode/log';
import { affectsNetwork, proxyForServer, transportFor } from './vscode/network';
import { windowPrompts, type Prompts } from './vscode/prompts';
import { ServersController, VIEW_ID } from './vscode/serversController';
import { Settings } from './vscode/settings';
import { TokenStore } from './vscode/tokenStore';
import { BackendsTreeProvider } from './vscode/tree/provider';
import type { TreeNode } from './vscode/tree/nodes';
import { wireLocalBackends, type LocalParts } from './vscode/local/localWiring';
import { localInspector } from './vscode/local/localInspector';

/** Handed to the in-editor tests only (extension mode Test); a normal install exports nothing. */
export interface TestApi {
  registry: ServerRegistry;
  tokens: TokenStore;
  logLines: string[];
  tree: BackendsTreeProvider;
  controller: ServersController;
  problems: ProblemIndicator;
  filter: FilterState;
  view: vscode.TreeView<TreeNode>;
  inspector: PredictionInspector;
  setPrompts(prompts: Prompts | undefined): void;
  /** Resolves once the servers and tokens of the first reload are known. */
  ready: Promise<void>;
  /** The Local ML Backends view. */
  local: Omit<LocalParts, 'disposables'>;
}

export async function activate(context: vscode.ExtensionContext): Promise<TestApi | undefined> {
  const channel = createLog();
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const recording = testing ? new RecordingLog(channel) : undefined;
  const log: Log = recording ?? channel;
  const settings = new Settings();
  const tokens = new TokenStore(context.secrets);
  const registry = new ServerRegistry({
    tokenFor: (baseUrl) => tokens.get(baseUrl),
    createTransport: (config) => transportFor(config, settings.requestConcurrency()),
    transportKey: (config) => JSON.stringify(proxyForServer(config) ?? null),
    concurrency: () => settings.requestConcurrency(),
    onRequest: (server, entry) => logRequest(log, server.baseUrl, entry),
  });
  const filter = new FilterState(context.workspaceState);
  const tree = new BackendsTreeProvider(registry, {
    hideProjectsWithoutBackends: () => settings.hideProjectsWithoutBackends(),
    filter: () => filter.current,
  });
  const view = vscode.window.createTreeView<TreeNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  let prompts: Prompts = windowPrompts;
  const currentPrompts = () => prompts;
  const controller = new ServersController(registry, settings, log, view, filter, currentPrompts);
  const problems = new ProblemIndicator(registry, view, vscode.window.createStatusBarItem('labelStudio.problems', vscode.StatusBarAlignment.Left, 10));
  const documents = new ReadOnlyDocuments();
  const pickers = new Pickers(registry, controller, currentPrompts);
  const serverCommands = new ServerCommands({ registry, settings, tokens, controller, pickers, log, prompts: currentPrompts });
  const inspector = new PredictionInspector(context.extensionUri, settings, documents);
  const backendDeps = { controller, pickers, documents, log, prompts: currentPrompts, inspector };
  let probeTransport: HttpTransport | undefined;
  const diagnoseCommand = new DiagnoseCommand(pickers, documents, () => probe(), log, currentPrompts);
  const viewCommands = new ViewCommands(filter, settings, currentPrompts);
  const probe = () => (probeTransport ??= createUndiciTransport({ connections: 2, maxBodyBytes: 1 << 20 }));
  const openInspector = localInspector(inspector, registry);
  const local = wireLocalBackends({ registry, controller, pickers, tokens, documents, log, prompts: currentPrompts, probeTransport: probe, openInspector });

  context.subscriptions.push(
    channel,
    tree,
    view,
    controller,
    ...serverCommands.register(),
    ...new BackendFormCommands(backendDeps).register(),
    ...new ModelCommands(backendDeps).register(),
    ...new BackendInfoCommands(backendDeps).register(),
    ...diagnoseCommand.register(),
    ...viewCommands.register(),
    ...local.disposables,
    filter,
    problems,
    inspector,
    filter.onDidChange(() => tree.redraw()),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    vscode.window.registerFileDecorationProvider(new EmptyProjectDecorations()),
    settings.onDidChange((e) => {
      if (e.affectsConfiguration('labelStudio.hideProjectsWithoutBackends')) tree.redraw();
      if (e.affectsConfiguration('labelStudio.autoRefreshSeconds')) controller.applyAutoRefreshSetting();
      if (e.affectsConfiguration('labelStudio.servers') || e.affectsConfiguration('labelStudio.requestConcurrency')) void controller.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsNetwork(e)) void controller.reload();
    }),
    tokens.onDidChange(() => void controller.reload()),
    { dispose: () => void registry.disposeAll() },
    { dispose: () => void probeTransport?.close() },
  );
  void filter.announce();

  // Settings and secrets are read without holding up activation; the tree fills when they arrive.
  const ready = controller.reload().then(() => {
    if (view.visible) void controller.refreshAll();
  });

  if (!testing) return undefined;
  const { disposables: _localDisposables, ...localParts } = local;
  return { registry, tokens, logLines: recording?.lines ?? [], tree, controller, problems, filter, view, inspector, ready, local: localParts, setPrompts: (p) => (prompts = p ?? windowPrompts) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
