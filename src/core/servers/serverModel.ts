/**
 * What the tree shows for one server: its projects (in the server's order) and each project's
 * backends or error. Mutations announce exactly what changed, so the tree redraws only that node.
 */
import type { MlBackend, ProjectRef } from '../api/models';

export interface ProjectState {
  readonly id: number;
  title: string;
  /** Undefined until the first `/api/ml` answer for the project. */
  backends?: MlBackend[];
  error?: Error;
  /** What was wrong with the items of the last `/api/ml` answer that could not be read (e.g. no `id`). */
  malformed?: string[];
  loading: boolean;
}

export type ServerStatus = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: Error };

export type ModelChange = { kind: 'server' } | { kind: 'project'; projectId: number };

export class ServerModel {
  private readonly projectMap = new Map<number, ProjectState>();
  private listeners: Array<(change: ModelChange) => void> = [];
  /** What the extension is doing to a backend right now ("training requested…"), by backend id. */
  private readonly activities = new Map<number, string>();
  status: ServerStatus = { kind: 'idle' };
  /** When the last complete refresh ended (ms since epoch). */
  loadedAt?: number;

  get projects(): ProjectState[] {
    return [...this.projectMap.values()];
  }

  project(id: number): ProjectState | undefined {
    return this.projectMap.get(id);
  }

  backend(id: number): MlBackend | undefined {
    for (const p of this.projectMap.values()) {
      const found = p.backends?.find((b) => b.id === id);
      if (found) return found;
    }
    return undefined;
  }

  onChange(listener: (change: ModelChange) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }

  activity(backendId: number): string | undefined {
    return this.activities.get(backendId);
  }

  /** Shows (or clears, with undefined) a transient note on a backend's row. */
  setActivity(projectId: number, backendId: number, text: string | undefined): void {
    if (text) this.activities.set(backendId, text);
    else this.activities.delete(backendId);
    this.emit({ kind: 'project', projectId });
  }

  /** Removes a backend at once (after a delete), before the project is reloaded. */
  removeBackend(projectId: number, backendId: number): void {
    const p = this.projectMap.get(projectId);
    if (!p?.backends) return;
    p.backends = p.backends.filter((b) => b.id !== backendId);
    this.activities.delete(backendId);
    this.emit({ kind: 'project', projectId });
  }

  setStatus(status: ServerStatus): void {
    this.status = status;
    this.emit({ kind: 'server' });
  }

  /** A page of the project list arrived: new projects are appended, known ones keep their backends. */
  addProjects(refs: ProjectRef[]): void {
    let added = false;
    for (const ref of refs) {
      const known = this.projectMap.get(ref.id);
      if (!known) {
        this.projectMap.set(ref.id, { id: ref.id, title: ref.title, loading: true });
        added = true;
        continue;
      }
      // A known project changes only its own row: the whole list is redrawn only when it grows.
      const renamed = known.title !== ref.title;
      known.title = ref.title;
      if (renamed || !known.loading) {
        known.loading = true;
        this.emit({ kind: 'project', projectId: ref.id });
      }
    }
    if (added) this.emit({ kind: 'server' });
  }

  /** Drops projects that the last complete project list no longer has. */
  keepOnly(ids: ReadonlySet<number>): void {
    let changed = false;
    for (const id of [...this.projectMap.keys()]) {
      if (!ids.has(id)) {
        this.projectMap.delete(id);
        changed = true;
      }
    }
    if (changed) this.emit({ kind: 'server' });
  }

  setProjectLoading(id: number): void {
    const p = this.projectMap.get(id);
    if (!p || p.loading) return;
    p.loading = true;
    this.emit({ kind: 'project', projectId: id });
  }

  setBackends(id: number, backends: MlBackend[], malformed: string[] = []): void {
    const p = this.projectMap.get(id);
    if (!p) return;
    p.backends = backends;
    p.malformed = malformed.length > 0 ? malformed : undefined;
    p.error = undefined;
    p.loading = false;
    this.emit({ kind: 'project', projectId: id });
  }

  /** Replaces one backend in place (after an action or a targeted poll). */
  updateBackend(backend: MlBackend): void {
    const p = this.projectMap.get(backend.project);
    const list = p?.backends;
    if (!p || !list) return;
    const i = list.findIndex((b) => b.id === backend.id);
    if (i >= 0) list[i] = backend;
    else list.push(backend);
    this.emit({ kind: 'project', projectId: p.id });
  }

  setProjectError(id: number, error: Error): void {
    const p = this.projectMap.get(id);
    if (!p) return;
    p.error = error;
    p.loading = false;
    this.emit({ kind: 'project', projectId: id });
  }

  /** Stops every project's spinner (after a failed or cancelled refresh). */
  settleLoading(): void {
    for (const p of this.projectMap.values()) {
      if (p.loading) {
        p.loading = false;
        this.emit({ kind: 'project', projectId: p.id });
      }
    }
  }

  clear(): void {
    this.projectMap.clear();
    this.loadedAt = undefined;
    this.setStatus({ kind: 'idle' });
  }

  private emit(change: ModelChange): void {
    for (const l of this.listeners) l(change);
  }
}
