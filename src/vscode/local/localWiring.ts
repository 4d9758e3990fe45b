/** Builds the Local ML Backends view and its commands (called from extension.ts, which only wires). */
import vscode = require('vscode');
import type { HttpTransport } from '../../core/net/http';
import { LocalBackends } from '../../core/local/localBackends';
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { Log } from '../services/log';
import type { Pickers } from '../commands/pickers';
import type { Prompts } from '../commands/prompts';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';
import type { ServersController } from '../services/serversController';
import type { TokenStore } from '../services/tokenStore';
import { BackendFinder } from './backendFinder';
import { BackendRunner } from './backendRunner';
import { LocalConnectCommand } from './localConnectCommand';
import { LocalController } from './localController';
import { LocalMediaCommand } from './localMediaCommand';
import { LocalPredictCommand } from './localPredictCommand';
import { LocalRunCommands } from './localRunCommands';
import { affectsLocalStartCommand, localStartCommand } from './localSettings';
import { documentInspector } from './localSupport';
import { localInspector } from './localInspector';
import type { LazyInspector } from '../inspector/lazyInspector';
import { LOCAL_VIEW_ID, LocalTreeProvider, type LocalNode } from './localTree';

export interface LocalWiringDeps {
  registry: ServerRegistry;
  controller: ServersController;
  pickers: Pickers;
  tokens: TokenStore;
  documents: ReadOnlyDocuments;
  log: Log;
  prompts: () => Prompts;
  probeTransport: () => HttpTransport;
  /** The prediction inspector; without it the answer opens as a read-only JSON document. */
  inspector?: Pick<LazyInspector, 'show'>;
}

export interface LocalParts {
  backends: LocalBackends;
  controller: LocalController;
  runner: BackendRunner;
  tree: LocalTreeProvider;
  view: vscode.TreeView<LocalNode>;
  disposables: vscode.Disposable[];
  /** The local commands, for the extension's one command table. */
  commands: ReturnType<LocalRunCommands['commands']> &
    ReturnType<LocalConnectCommand['commands']> &
    ReturnType<LocalPredictCommand['commands']> &
    ReturnType<LocalMediaCommand['commands']>;
}

export function wireLocalBackends(deps: LocalWiringDeps): LocalParts {
  const backends = new LocalBackends(deps.probeTransport);
  const finder = new BackendFinder(deps.log, localStartCommand);
  const tree = new LocalTreeProvider(backends, deps.registry);
  const view = vscode.window.createTreeView<LocalNode>(LOCAL_VIEW_ID, { treeDataProvider: tree });
  const controller = new LocalController(backends, finder, view, deps.log);
  const runner = new BackendRunner({ backends, log: deps.log, onStarted: () => controller.polling.now() });
  const commandDeps = {
    ...deps,
    backends,
    runner,
    openInspector: deps.inspector ? localInspector(deps.inspector, deps.registry) : documentInspector(deps.documents),
  };
  void controller.search();
  const disposables: vscode.Disposable[] = [
    finder,
    tree,
    view,
    controller,
    runner,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLocalStartCommand(e)) void controller.search();
    }),
  ];
  const commands = {
    ...new LocalRunCommands(commandDeps).commands(),
    ...new LocalConnectCommand(commandDeps).commands(),
    ...new LocalPredictCommand(commandDeps).commands(),
    ...new LocalMediaCommand(commandDeps).commands(),
  };
  return { backends, controller, runner, tree, view, disposables, commands };
}
