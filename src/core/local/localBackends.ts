/**
 * The local backends of the workspace and their states: what the view shows. The adapter tells it
 * which folders exist (with their environment), which it started or stopped, and it probes /health
 * of each when the polling policy says so. No `vscode` here.
 */
import { probeHealth } from '../backends/healthProbe';
import type { HttpTransport } from '../net/http';
import type { WsgiFacts } from './backendFolder';
import type { BackendEnvironment } from './environment';
import { nextState, START_GRACE_MS, type LocalEvent, type LocalState } from './localState';
import type { StartPlan } from './startPlan';

export interface LocalBackend {
  /** Absolute folder path: the key. */
  folder: string;
  /** The workspace folder it is in. */
  workspaceFolder: string;
  label: string;
  wsgi: WsgiFacts;
  env: BackendEnvironment;
  plan: StartPlan;
  hasCompose: boolean;
  composeFile?: string;
  state: LocalState;
  /** Where this machine reaches it: http://localhost:<port>. */
  url: string;
}

export type LocalBackendInput = Omit<LocalBackend, 'state' | 'url'>;

export class LocalBackends {
  private readonly map = new Map<string, LocalBackend>();
  private listeners: Array<(folder?: string) => void> = [];
  /** /health requests sent (tests and benchmarks). */
  probes = 0;
  /** When each backend first answered /health healthy after a start (for the benchmark). */
  readonly firstHealthyAt = new Map<string, number>();

  constructor(
    private readonly transport: () => HttpTransport,
    private readonly now: () => number = Date.now,
  ) {}

  get all(): LocalBackend[] {
    return [...this.map.values()].sort((a, b) => a.workspaceFolder.localeCompare(b.workspaceFolder) || a.label.localeCompare(b.label));
  }

  get(folder: string): LocalBackend | undefined {
    return this.map.get(folder);
  }

  onDidChange(listener: (folder?: string) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }

  /** Replaces the set of folders; states of folders that stay are kept. */
  setFolders(inputs: LocalBackendInput[]): void {
    const next = new Map<string, LocalBackend>();
    for (const input of inputs) {
      const old = this.map.get(input.folder);
      next.set(input.folder, { ...input, state: old?.state ?? { kind: 'stopped' }, url: `http://localhost:${input.env.port}` });
    }
    this.map.clear();
    for (const [k, v] of next) this.map.set(k, v);
    this.emit();
  }

  event(folder: string, event: LocalEvent): void {
    const backend = this.map.get(folder);
    if (!backend) return;
    const grace = backend.plan.mode === 'docker' ? START_GRACE_MS.docker : START_GRACE_MS.python;
    const state = nextState(backend.state, event, grace);
    if (event.kind === 'started') this.firstHealthyAt.delete(folder);
    if (event.kind === 'probe' && event.healthy && !this.firstHealthyAt.has(folder)) this.firstHealthyAt.set(folder, event.at);
    if (JSON.stringify(state) === JSON.stringify(backend.state)) return;
    backend.state = state;
    this.emit(folder);
  }

  anyStarting(): boolean {
    return this.all.some((b) => b.state.kind === 'starting');
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.all.map((b) => this.probe(b.folder)));
  }

  async probe(folder: string): Promise<void> {
    const backend = this.map.get(folder);
    if (!backend) return;
    this.probes++;
    const probe = await probeHealth(backend.url.replace('localhost', '127.0.0.1'), this.transport(), 2000, this.now);
    this.event(folder, {
      kind: 'probe',
      healthy: probe.healthy,
      modelClass: probe.modelClass,
      status: probe.status,
      failure: probe.failure?.message,
      at: this.now(),
    });
  }

  private emit(folder?: string): void {
    for (const l of this.listeners) l(folder);
  }
}
