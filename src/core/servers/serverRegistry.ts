/**
 * The configured servers and, for each, its client, model and refresher. Rebuilt entries get a
 * fresh client, so a changed URL or token never reuses the old one's credentials.
 */
import { LabelStudioClient, type RequestLogEntry, type Timeouts } from '../api/client';
import type { ServerConfig } from './config';
import type { HttpTransport } from '../net/http';
import { ServerRefresher } from './refresh';
import { ServerModel, type ModelChange } from './serverModel';

export interface ServerEntry {
  readonly config: ServerConfig;
  readonly model: ServerModel;
  /** Present when a token is stored. */
  readonly refresher?: ServerRefresher;
  readonly client?: LabelStudioClient;
}

export interface RegistryDeps {
  tokenFor(baseUrl: string): Promise<string | undefined>;
  createTransport(config: ServerConfig): HttpTransport;
  /** What else decides how a server is reached (e.g. its proxy): a change rebuilds its client. */
  transportKey?(config: ServerConfig): string;
  concurrency(): number;
  onRequest?(server: ServerConfig, entry: RequestLogEntry): void;
}

interface Held {
  entry: ServerEntry;
  token?: string;
  transport?: HttpTransport;
  configKey: string;
  sub: { dispose(): void };
}

export type RegistryChange = { kind: 'servers' } | { kind: 'model'; baseUrl: string; change: ModelChange };

export class ServerRegistry {
  private entryMap = new Map<string, Held>();
  private listeners: Array<(change: RegistryChange) => void> = [];
  /** Timeouts of the clients built from now on (default: the client's); a change rebuilds them at the next sync. */
  clientTimeouts: Partial<Timeouts> = {};

  constructor(private readonly deps: RegistryDeps) {}

  get entries(): ServerEntry[] {
    return [...this.entryMap.values()].map((e) => e.entry);
  }

  entry(baseUrl: string): ServerEntry | undefined {
    return this.entryMap.get(baseUrl)?.entry;
  }

  onDidChange(listener: (change: RegistryChange) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }

  /** Brings the entries in line with the settings and the stored tokens. Returns the servers that were (re)built. */
  async sync(configs: ServerConfig[]): Promise<string[]> {
    const rebuilt: string[] = [];
    const wanted = new Map(configs.map((c) => [c.baseUrl, c]));
    let removed = false;
    for (const [baseUrl, held] of [...this.entryMap]) {
      if (!wanted.has(baseUrl)) {
        this.entryMap.delete(baseUrl);
        removed = true;
        await this.dispose(held);
      }
    }
    const next = new Map<string, Held>();
    const tokens = await Promise.all(configs.map((c) => this.deps.tokenFor(c.baseUrl)));
    for (const [i, config] of configs.entries()) {
      const token = tokens[i];
      const held = this.entryMap.get(config.baseUrl);
      const configKey = JSON.stringify([config, this.deps.concurrency(), this.deps.transportKey?.(config) ?? '', this.clientTimeouts]);
      if (held && held.token === token && held.configKey === configKey) {
        next.set(config.baseUrl, held);
        continue;
      }
      if (held) await this.dispose(held);
      next.set(config.baseUrl, this.build(config, token, configKey));
      rebuilt.push(config.baseUrl);
    }
    const orderChanged = [...this.entryMap.keys()].join('\n') !== [...next.keys()].join('\n');
    this.entryMap = next;
    // A removal alone is a change too (the removed entries are gone from entryMap by now).
    if (rebuilt.length > 0 || orderChanged || removed) this.emit({ kind: 'servers' });
    return rebuilt;
  }

  async disposeAll(): Promise<void> {
    for (const held of this.entryMap.values()) await this.dispose(held);
    this.entryMap.clear();
  }

  private build(config: ServerConfig, token: string | undefined, configKey: string): Held {
    const model = new ServerModel();
    const sub = model.onChange((change) => this.emit({ kind: 'model', baseUrl: config.baseUrl, change }));
    if (!token) return { entry: { config, model }, token, configKey, sub };
    const transport = this.deps.createTransport(config);
    const client = new LabelStudioClient({
      baseUrl: config.baseUrl,
      token,
      transport,
      timeouts: this.clientTimeouts,
      onRequest: (e) => this.deps.onRequest?.(config, e),
      backendListConcurrency: this.deps.concurrency(),
    });
    const refresher = new ServerRefresher(client, model, { concurrency: this.deps.concurrency() });
    return { entry: { config, model, client, refresher }, token, transport, configKey, sub };
  }

  private async dispose(held: Held): Promise<void> {
    held.entry.refresher?.cancel();
    held.sub.dispose();
    await held.transport?.close().catch(() => undefined);
  }

  private emit(change: RegistryChange): void {
    for (const l of this.listeners) l(change);
  }
}
