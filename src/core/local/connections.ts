/** The Label Studio backends, on every configured server, whose URL points at a local backend. */
import type { MlBackend } from '../api/models';
import type { ServerEntry } from '../servers/serverRegistry';
import type { BackendEnvironment } from './environment';
import { pointsAt } from './reachableUrl';

export interface Connection {
  baseUrl: string;
  serverLabel: string;
  projectId: number;
  projectTitle: string;
  backend: MlBackend;
}

export function connectionsOf(
  env: BackendEnvironment,
  entries: readonly ServerEntry[],
  machineAddresses: string[],
  label: (e: ServerEntry) => string,
): Connection[] {
  const out: Connection[] = [];
  for (const entry of entries) {
    for (const project of entry.model.projects) {
      for (const backend of project.backends ?? []) {
        if (pointsAt(backend.url, env, machineAddresses)) {
          out.push({
            baseUrl: entry.config.baseUrl,
            serverLabel: label(entry),
            projectId: project.id,
            projectTitle: project.title,
            backend,
          });
        }
      }
    }
  }
  return out;
}
