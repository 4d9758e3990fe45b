/**
 * Which server, project or backend a command acts on: the tree row it was run from, the arguments
 * of a link, or — from the command palette — a quick pick.
 */
import vscode = require('vscode');
import { serverLabel } from '../../core/servers/config';
import type { MlBackend } from '../../core/api/models';
import { displayTitle } from '../../core/view/presentation';
import { forNotification, forQuickPick } from '../../core/text/safeText';
import { lookOfState } from '../../core/backends/backendState';
import type { ServerEntry, ServerRegistry } from '../../core/servers/serverRegistry';
import type { ProjectState } from '../../core/servers/serverModel';
import type { Prompts } from './prompts';
import type { ServersController } from '../services/serversController';

export interface ProjectTarget {
  entry: ServerEntry;
  project: ProjectState;
}

export interface BackendTarget extends ProjectTarget {
  backend: MlBackend;
}

export class Pickers {
  constructor(
    private readonly registry: ServerRegistry,
    private readonly controller: ServersController,
    private readonly prompts: () => Prompts,
  ) {}

  /** A server from a row/link argument, the only server, or a quick pick. */
  async server(arg: unknown, placeHolder: string, needsToken = false): Promise<ServerEntry | undefined> {
    const given = typeof arg === 'string' ? arg : baseUrlOf(arg);
    const known = given ? this.registry.entry(given) : undefined;
    if (known) return known;
    const entries = this.registry.entries.filter((e) => !needsToken || e.client);
    if (entries.length <= 1) return entries[0];
    const picked = await this.prompts().quickPick(
      entries.map((e) => ({
        label: serverLabel(e.config),
        description: e.config.baseUrl,
        detail: e.client ? undefined : vscode.l10n.t('no API token'),
        entry: e,
      })),
      { placeHolder },
    );
    return picked?.entry;
  }

  async project(a: unknown, b: unknown, placeHolder: string): Promise<ProjectTarget | undefined> {
    const direct = projectArgs(a, b);
    if (direct) {
      const entry = this.registry.entry(direct.baseUrl);
      const project = entry?.model.project(direct.projectId);
      return entry && project ? { entry, project } : undefined;
    }
    const entry = await this.server(a, vscode.l10n.t('Which Label Studio server?'), true);
    if (!entry || !(await this.loaded(entry))) return undefined;
    const picked = await this.prompts().quickPick(
      entry.model.projects.map((p) => ({ label: forQuickPick(p.title), description: vscode.l10n.t('project {0}', p.id), project: p })),
      { placeHolder },
    );
    return picked && { entry, project: picked.project };
  }

  async backend(a: unknown, b: unknown, placeHolder: string): Promise<BackendTarget | undefined> {
    const direct = backendArgs(a, b);
    if (direct) {
      const entry = this.registry.entry(direct.baseUrl);
      const backend = entry?.model.backend(direct.backendId);
      const project = backend && entry?.model.project(backend.project);
      return entry && backend && project ? { entry, project, backend } : undefined;
    }
    const entry = await this.server(a, vscode.l10n.t('Which Label Studio server?'), true);
    if (!entry || !(await this.loaded(entry))) return undefined;
    const items = entry.model.projects.flatMap((p) =>
      (p.backends ?? []).map((backend) => ({
        label: forQuickPick(displayTitle(backend)),
        description: forQuickPick(`${lookOfState(backend.state).label} · ${p.title}`),
        backend,
        project: p,
      })),
    );
    if (items.length === 0) {
      await this.prompts().info(
        vscode.l10n.t('No ML backend is connected to a project on {0}.', forNotification(serverLabel(entry.config))),
      );
      return undefined;
    }
    const picked = await this.prompts().quickPick(items, { placeHolder, matchOnDescription: true });
    return picked && { entry, project: picked.project, backend: picked.backend };
  }

  /** Loads the server once when the palette is used before the view was ever opened. */
  private async loaded(entry: ServerEntry): Promise<boolean> {
    if (entry.model.status.kind === 'idle' || entry.model.status.kind === 'loading')
      await this.controller.refreshServer(entry.config.baseUrl);
    if (entry.model.status.kind === 'failed') {
      await this.prompts().error(forNotification(entry.model.status.error.message));
      return false;
    }
    return true;
  }
}

function baseUrlOf(arg: unknown): string | undefined {
  const value = (arg as { baseUrl?: unknown } | undefined)?.baseUrl;
  return typeof value === 'string' ? value : undefined;
}

/** `(baseUrl, projectId)` from a retry link, or a project/message node from the tree. */
export function projectArgs(a: unknown, b: unknown): { baseUrl: string; projectId: number } | undefined {
  if (typeof a === 'string' && typeof b === 'number') return { baseUrl: a, projectId: b };
  const node = a as { baseUrl?: unknown; projectId?: unknown } | undefined;
  if (typeof node?.baseUrl === 'string' && typeof node.projectId === 'number') return { baseUrl: node.baseUrl, projectId: node.projectId };
  return undefined;
}

/** `(baseUrl, backendId)` from a hover link, or a backend node from the tree. */
function backendArgs(a: unknown, b: unknown): { baseUrl: string; backendId: number } | undefined {
  if (typeof a === 'string' && typeof b === 'number') return { baseUrl: a, backendId: b };
  const node = a as { baseUrl?: unknown; backendId?: unknown } | undefined;
  if (typeof node?.baseUrl === 'string' && typeof node.backendId === 'number') return { baseUrl: node.baseUrl, backendId: node.backendId };
  return undefined;
}
