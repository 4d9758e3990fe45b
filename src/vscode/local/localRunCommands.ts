/** Start / Stop / Debug Local Backend. */
import * as path from 'node:path';
import vscode = require('vscode');
import type { LocalBackend } from '../../core/local/localBackends';
import { debugLaunch } from '../../core/local/startPlan';
import { pickLocal, type LocalDeps } from './localSupport';
import type { CommandTable } from '../commands/contributions';

export const DEBUGPY_EXTENSION = 'ms-python.debugpy';

export class LocalRunCommands {
  constructor(private readonly deps: LocalDeps) {}

  commands() {
    return {
      'labelStudio.local.start': (a?: unknown) => this.start(a),
      'labelStudio.local.stop': (a?: unknown) => this.stop(a),
      'labelStudio.local.debug': (a?: unknown) => this.debug(a),
    } satisfies Partial<CommandTable>;
  }

  async start(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Start which ML backend?'));
    if (!backend) return;
    const result = await this.deps.runner.start(backend);
    if (result === 'port-busy') {
      await this.deps
        .prompts()
        .error(
          vscode.l10n.t(
            "Port {0} is already in use: stop what listens there, or set PORT in the backend's .env.",
            String(backend.plan.port),
          ),
        );
    }
  }

  async stop(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Stop which ML backend?'));
    if (backend) await this.deps.runner.stop(backend);
  }

  async debug(arg?: unknown): Promise<void> {
    const backend = await pickLocal(this.deps, arg, vscode.l10n.t('Debug which ML backend?'));
    if (!backend) return;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(backend.folder));
    if (!vscode.extensions.getExtension(DEBUGPY_EXTENSION)) {
      const add = vscode.l10n.t('Add Launch Configuration');
      const choice = await this.deps
        .prompts()
        .info(
          vscode.l10n.t(
            'Debugging an ML backend needs the Python Debugger extension (ms-python.debugpy). Add a launch configuration for it to .vscode/launch.json?',
          ),
          add,
        );
      if (choice === add && folder) await this.addLaunchConfiguration(backend, folder);
      return;
    }
    if (this.deps.runner.isRunning(backend.folder)) await this.deps.runner.stop(backend);
    // One process under debugpy: the development server without its reloader (which would fork a child).
    const config = debugLaunch(
      backend.plan.port,
      backend.folder,
      this.dotenvValues(backend),
      backend.plan.mode === 'python' ? venvOf(backend) : undefined,
    );
    const started = await vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration);
    if (started) this.deps.backends.event(backend.folder, { kind: 'started', at: Date.now() });
  }

  /** Adds the same configuration with paths relative to the workspace folder (no secrets: .env is read through envFile). */
  private async addLaunchConfiguration(backend: LocalBackend, folder: vscode.WorkspaceFolder): Promise<void> {
    const rel = path.relative(folder.uri.fsPath, backend.folder).split(path.sep).join('/');
    const dir = rel ? `\${workspaceFolder}/${rel}` : '${workspaceFolder}';
    const { env: _env, ...config } = debugLaunch(backend.plan.port, dir, {});
    const entry = { ...config, name: `Debug ML backend ${backend.label}`, envFile: `${dir}/.env` };
    const launch = vscode.workspace.getConfiguration('launch', folder.uri);
    const existing = launch.get<unknown[]>('configurations') ?? [];
    if (existing.some((c) => (c as { name?: unknown }).name === entry.name)) {
      await this.deps.prompts().info(vscode.l10n.t('.vscode/launch.json already has "{0}".', entry.name));
      return;
    }
    await launch.update('configurations', [...existing, entry], vscode.ConfigurationTarget.WorkspaceFolder);
    await this.deps
      .prompts()
      .info(vscode.l10n.t('Added "{0}" to .vscode/launch.json. Install the Python Debugger extension to run it.', entry.name));
  }

  private dotenvValues(backend: LocalBackend): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(backend.env.values)) if (v.source === '.env') env[k] = v.value;
    return env;
  }
}

function venvOf(backend: LocalBackend): string | undefined {
  const first = backend.plan.commandLine.split(' ')[0];
  return first.includes('/') || first.includes('\\') ? path.join(backend.folder, first.replace(/^"|"$/g, '')) : undefined;
}
