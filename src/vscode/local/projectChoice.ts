/** Which Label Studio project a local-backend command works with: the one it is connected to, or a pick. */
import vscode = require('vscode');
import { serverLabel } from '../../core/servers/config';
import { connectionsOf } from '../../core/local/connections';
import type { LocalBackend } from '../../core/local/localBackends';
import { escapeIcons } from '../../core/view/presentation';
import type { ServerEntry } from '../../core/servers/serverRegistry';
import type { LocalDeps } from './localSupport';
import { machineAddresses } from './localTree';

export interface ProjectChoice {
  entry: ServerEntry;
  projectId: number;
  /** The Label Studio backend of that project pointing at the local one, when there is one. */
  backendId?: number;
}

export async function chooseProject(
  deps: LocalDeps,
  backend: LocalBackend,
  placeHolder: string,
  preferConnected = true,
): Promise<ProjectChoice | undefined> {
  const connections = connectionsOf(backend.env, deps.registry.entries, machineAddresses(), (e) => serverLabel(e.config));
  if (preferConnected && connections.length > 0) {
    const pick =
      connections.length === 1
        ? connections[0]
        : (
            await deps.prompts().quickPick(
              connections.map((c) => ({ label: escapeIcons(c.projectTitle), description: escapeIcons(c.serverLabel), c })),
              { placeHolder },
            )
          )?.c;
    const entry = pick && deps.registry.entry(pick.baseUrl);
    return pick && entry ? { entry, projectId: pick.projectId, backendId: pick.backend.id } : undefined;
  }
  const target = await deps.pickers.project(undefined, undefined, placeHolder);
  if (!target) return undefined;
  const connected = connections.find((c) => c.baseUrl === target.entry.config.baseUrl && c.projectId === target.project.id);
  return { entry: target.entry, projectId: target.project.id, backendId: connected?.backend.id };
}

export function noClient(): string {
  return vscode.l10n.t('Set the API token of this Label Studio server first.');
}
