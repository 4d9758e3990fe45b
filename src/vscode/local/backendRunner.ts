/**
 * Starts and stops local backends in VS Code terminals: one terminal per folder, named after it.
 * Docker backends stop with `docker compose stop` (closing the terminal alone would leave the
 * container running); the others with Ctrl+C, then the terminal is closed.
 */
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import vscode = require('vscode');
import type { LocalBackend, LocalBackends } from '../../core/local/localBackends';
import type { Log } from '../services/log';

export interface RunnerDeps {
  backends: LocalBackends;
  log: Log;
  /** Called after a start so /health is probed at once. */
  onStarted(): void;
}

export class BackendRunner implements vscode.Disposable {
  private readonly terminals = new Map<string, vscode.Terminal>();
  private readonly stopping = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: RunnerDeps) {
    this.subscription = vscode.window.onDidCloseTerminal((t) => {
      for (const [folder, terminal] of this.terminals) {
        if (terminal !== t) continue;
        this.terminals.delete(folder);
        const byUser = this.stopping.delete(folder);
        this.deps.backends.event(folder, {
          kind: 'exited',
          code: t.exitStatus?.code,
          byUser: byUser || t.exitStatus?.reason === vscode.TerminalExitReason.User,
        });
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  isRunning(folder: string): boolean {
    return this.terminals.has(folder);
  }

  terminalOf(folder: string): vscode.Terminal | undefined {
    return this.terminals.get(folder);
  }

  /** Starts the backend; resolves false (after saying why) when its port is taken. */
  async start(backend: LocalBackend, extraEnv: Record<string, string> = {}): Promise<'started' | 'port-busy' | 'already'> {
    if (this.terminals.has(backend.folder)) {
      this.terminals.get(backend.folder)?.show(true);
      return 'already';
    }
    if (!(await portIsFree(backend.plan.port))) return 'port-busy';
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...extraEnv };
    // The Python server reads no .env itself: the terminal passes it (the values never appear in a log).
    if (backend.plan.mode !== 'docker') for (const [k, v] of Object.entries(backend.env.values)) if (v.source === '.env') env[k] = v.value;
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('ML backend: {0}', backend.label),
      cwd: backend.folder,
      env,
      isTransient: true,
    });
    this.terminals.set(backend.folder, terminal);
    terminal.sendText(backend.plan.commandLine, true);
    terminal.show(true);
    this.deps.log.info(`Started local ML backend ${backend.label} (${backend.plan.mode}) on port ${backend.plan.port}`);
    this.deps.backends.event(backend.folder, { kind: 'started', at: Date.now() });
    this.deps.onStarted();
    return 'started';
  }

  async stop(backend: LocalBackend): Promise<void> {
    const terminal = this.terminals.get(backend.folder);
    this.stopping.add(backend.folder);
    if (backend.plan.stopWith === 'compose-stop') {
      await new Promise<void>((resolve) =>
        execFile('docker', ['compose', 'stop'], { cwd: backend.folder, env: process.env, timeout: 60_000 }, () => resolve()),
      );
    } else {
      terminal?.sendText('\u0003', false);
    }
    terminal?.dispose();
    if (!terminal) {
      this.stopping.delete(backend.folder);
      this.deps.backends.event(backend.folder, { kind: 'exited', byUser: true });
    }
    this.deps.log.info(`Stopped local ML backend ${backend.label}`);
  }
}

/** Whether nothing listens on the port (tried the way the server will bind it: all interfaces). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
