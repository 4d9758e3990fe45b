/** Which servers and which backend a tool call means: by URL, name or part of the URL; by backend id. */
import type { MlBackend } from '../api/models';
import type { ProjectState, ServerStatus } from '../servers/serverModel';
import { ToolInputError } from './toolOutput';

/** What a tool reads of one configured server (plain data: no client, no token). */
export interface ServerSnapshot {
  baseUrl: string;
  /** The name the user gave the server in settings. */
  name?: string;
  hasToken: boolean;
  status: ServerStatus;
  projects: ProjectState[];
}

/** The servers `query` names (all of them when it is empty); an unknown name is an input error. */
export function chooseServers<T extends Pick<ServerSnapshot, 'baseUrl' | 'name'>>(servers: T[], query: string | undefined): T[] {
  const q = (query ?? '').trim().toLowerCase().replace(/\/+$/, '');
  if (!q) return servers;
  const exact = servers.filter((s) => s.baseUrl.toLowerCase() === q || (s.name ?? '').toLowerCase() === q);
  if (exact.length > 0) return exact;
  const partial = servers.filter((s) => s.baseUrl.toLowerCase().includes(q) || (s.name ?? '').toLowerCase().includes(q));
  if (partial.length > 0) return partial;
  const known = servers.map((s) => (s.name ? `${s.name} (${s.baseUrl})` : s.baseUrl)).join(', ') || 'none is configured';
  throw new ToolInputError(`No configured Label Studio server matches "${query}". Configured servers: ${known}.`);
}

/** The one backend with `backendId` among `servers`; a missing or ambiguous id is an input error. */
export function findBackend<T extends ServerSnapshot>(servers: T[], backendId: number): { server: T; backend: MlBackend } {
  const found = servers.flatMap((server) =>
    server.projects.flatMap((p) => (p.backends ?? []).filter((b) => b.id === backendId).map((backend) => ({ server, backend }))),
  );
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw new ToolInputError(
      `No ML backend with id ${backendId} is known on ${servers.length === 1 ? 'that server' : 'the configured servers'}. ` +
        'Call labelStudio_listMlBackends to see the ids.',
    );
  }
  const urls = found.map((f) => f.server.baseUrl).join(', ');
  throw new ToolInputError(`ML backend id ${backendId} exists on several servers (${urls}): give "server" as well.`);
}

/** A positive whole number from the tool's input, or an input error naming the field. */
export function readId(raw: unknown, field: string): number {
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    const hint = field === 'backendId' ? ' (the id shown by labelStudio_listMlBackends)' : '';
    throw new ToolInputError(`"${field}" must be a positive whole number${hint}.`);
  }
  return value;
}

/** An optional string field; anything else is an input error. */
export function readOptionalString(raw: unknown, field: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw new ToolInputError(`"${field}" must be a string.`);
  return raw;
}

/** The tool's input as an object (a model may send nothing at all for a tool without required fields). */
export function readInputObject(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ToolInputError('The input must be a JSON object.');
  return raw as Record<string, unknown>;
}
