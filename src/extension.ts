/** Composition root: builds the collaborators and connects them. No logic lives here. */
import vscode = require('vscode');
import { createUndiciTransport, type HttpTransport } from './core/net/http';
import { connectionsFor } from './core/scheduling/requestLane';
import { ServerRegistry } from './core/servers/serverRegistry';
import { BackendInfoCommands } from './vscode/commands/backendInfoCommands';
import { registerTools } from './vscode/agent/toolRegistration';
import { WalkthroughContext } from './vscode/walkthrough/walkthroughContext';
import { lazyCommands } from './vscode/commands/lazyCommands';
import { FilterState } from './vscode/services/filterState';
import { LazyInspector } from './vscode/inspector/lazyInspector';
import { ProblemIndicator } from './vscode/services/problemIndicator';
import { ViewCommands } from './vscode/commands/viewCommands';
import { EmptyProjectDecorations } from './vscode/tree/emptyProjectDecorations';
import { Pickers } from './vscode/commands/pickers';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './vscode/services/readOnlyDocuments';
import { ServerCommands } from './vscode/commands/serverCommands';
import { safeLog } from './core/text/safeLog';
import { setTranslator } from './core/text/l10n';
import { createLog, logRequest, RecordingLog, type Log } from './vscode/services/log';
import { affectsNetwork, probeTransportFor, proxyForServer, transportFor } from './vscode/services/network';
import { windowPrompts, type Prompts } from './vscode/commands/prompts';
import { ServersController } from './vscode/services/serversController';
import { registerCommandTable } from './vscode/commands/commandTable';
import { LOCAL_COMMAND_IDS, VIEW_ID, type CommandTable } from './vscode/commands/contributions';
import { Settings } from './vscode/services/settings';
import { TokenStore } from './vscode/services/tokenStore';
import { BackendsTreeProvider } from './vscode/tree/provider';
import type { TreeNode } from './core/view/treeNodes';
import { LocalGate } from './vscode/local/localGate';
import type { LocalParts } from './vscode/local/localWiring';

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
  inspector: LazyInspector;
  walkthrough: WalkthroughContext;
  setPrompts(prompts: Prompts | undefined): void;
  /** Resolves once the servers and tokens of the first reload are known. */
  ready: Promise<void>;
  /** The Local ML Backends view (loads the feature). */
  local(): Promise<Omit<LocalParts, 'disposables' | 'commands'>>;
}

export async function activate(context: vscode.ExtensionContext): Promise<TestApi | undefined> {
  // Core's text goes through VS Code's translator (core cannot import vscode itself).
  setTranslator((message, args) => vscode.l10n.t(message, ...args)); // l10n-forward
  const channel = createLog();
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const recording = testing ? new RecordingLog(channel) : undefined;
  // Every line is flattened before it is written (and recorded): server text cannot forge lines.
  const log: Log = safeLog(recording ?? channel);
  const settings = new Settings();
  const tokens = new TokenStore(context.secrets);
  const registry = new ServerRegistry({
    tokenFor: (baseUrl) => tokens.get(baseUrl),
    createTransport: (config) => transportFor(config, connectionsFor(settings.requestConcurrency())),
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
  const problems = new ProblemIndicator(
    registry,
    view,
    vscode.window.createStatusBarItem('labelStudio.problems', vscode.StatusBarAlignment.Left, 10),
  );
  const documents = new ReadOnlyDocuments(() => settings.reportView());
  const pickers = new Pickers(registry, controller, currentPrompts);
  const serverCommands = new ServerCommands({ registry, settings, tokens, controller, pickers, log, prompts: currentPrompts });
  const inspector = new LazyInspector(async () => {
    const { PredictionInspector } = await import('./vscode/inspector/predictionInspector');
    return new PredictionInspector(context.extensionUri, settings, documents);
  });
  const backendDeps = { controller, pickers, documents, log, prompts: currentPrompts, inspector };
  const viewCommands = new ViewCommands(filter, settings, currentPrompts);
  const walkthrough = new WalkthroughContext(registry, context.extension.id);
  // One credential-free transport for the local backends (on this machine: no proxy, no server TLS).
  let localTransport: HttpTransport | undefined;
  const localProbe = () => (localTransport ??= createUndiciTransport({ connections: 2, maxBodyBytes: 1 << 20 }));
  const local = new LocalGate(async () => {
    const { wireLocalBackends } = await import('./vscode/local/localWiring');
    return wireLocalBackends({
      registry,
      controller,
      pickers,
      tokens,
      documents,
      log,
      prompts: currentPrompts,
      probeTransport: localProbe,
      inspector,
    });
  });
  // Every command in one table: the type requires each id of COMMAND_IDS exactly once.
  const commands: CommandTable = {
    ...serverCommands.commands(),
    // Loaded on first use (dist/form.js, dist/model.js, dist/diagnose.js): not needed to show the tree.
    ...lazyCommands(
      ['labelStudio.addBackend', 'labelStudio.editBackend', 'labelStudio.removeBackend'],
      async () => new (await import('./vscode/commands/backendFormCommands')).BackendFormCommands(backendDeps),
    ),
    ...lazyCommands(
      [
        'labelStudio.startTraining',
        'labelStudio.showModelVersions',
        'labelStudio.sendTestRequest',
        'labelStudio.showPredictions',
        'labelStudio.predictAllTasks',
      ],
      async () => new (await import('./vscode/commands/modelCommands')).ModelCommands(backendDeps),
    ),
    ...new BackendInfoCommands(backendDeps).commands(),
    ...lazyCommands(
      ['labelStudio.diagnoseBackend'],
      async () =>
        new (await import('./vscode/commands/diagnoseCommand')).DiagnoseCommand(pickers, documents, probeTransportFor, log, currentPrompts),
    ),
    ...viewCommands.commands(),
    ...walkthrough.commands(),
    ...lazyCommands(LOCAL_COMMAND_IDS, async () => {
      const parts = await local.load();
      return { commands: () => parts.commands };
    }),
  };

  context.subscriptions.push(
    channel,
    tree,
    view,
    controller,
    ...registerCommandTable(commands),
    ...registerTools(async () => {
      const { MlBackendTools } = await import('./vscode/agent/mlBackendTools');
      return new MlBackendTools({ registry, controller, tokens, probeTransport: (url) => probeTransportFor(url), log });
    }),
    walkthrough,
    local,
    { dispose: () => void localTransport?.close() },
    filter,
    problems,
    inspector,
    filter.onDidChange(() => tree.redraw()),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    vscode.window.registerFileDecorationProvider(new EmptyProjectDecorations()),
    settings.onDidChange((e) => {
      if (e.affectsConfiguration('labelStudio.hideProjectsWithoutBackends')) tree.redraw();
      if (e.affectsConfiguration('labelStudio.autoRefreshSeconds')) controller.applyAutoRefreshSetting();
      if (e.affectsConfiguration('labelStudio.servers') || e.affectsConfiguration('labelStudio.requestConcurrency'))
        void controller.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsNetwork(e)) void controller.reload();
    }),
    tokens.onDidChange(() => void controller.reload()),
    { dispose: () => void registry.disposeAll() },
  );
  void filter.announce();

  // Settings and secrets are read without holding up activation; the tree fills when they arrive.
  // The walkthrough's keys and the local gate (its watcher and file search) start after that first
  // reload, which waits for the window at least once: activate has returned by then.
  const ready = controller.reload().then(async () => {
    await walkthrough.update();
    void local.start();
    if (view.visible) void controller.refreshAll();
  });

  if (!testing) return undefined;
  return {
    registry,
    tokens,
    logLines: recording?.lines ?? [],
    tree,
    controller,
    problems,
    filter,
    view,
    inspector,
    walkthrough,
    ready,
    local: () => local.load(),
    setPrompts: (p) => (prompts = p ?? windowPrompts),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
