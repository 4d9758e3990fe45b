// The fake's in-memory database: rows keyed by id, with per-table id sequences like Postgres.
import type { FakeBackend, FakeProject, FakeTask, FakeWebhook } from './records';

type Table = 'project' | 'backend' | 'task' | 'prediction' | 'webhook';

export class Store {
  readonly projects = new Map<number, FakeProject>();
  readonly backends = new Map<number, FakeBackend>();
  readonly tasks = new Map<number, FakeTask>();
  readonly webhooks: FakeWebhook[] = [];
  private readonly seq: Record<Table, number> = { project: 0, backend: 0, task: 0, prediction: 0, webhook: 0 };

  nextId(table: Table): number {
    return ++this.seq[table];
  }

  /** One pass over the table without copying it (called by every `/api/ml` list; 10,000 rows in the benchmarks). */
  backendsOf(projectId: number): FakeBackend[] {
    const rows: FakeBackend[] = [];
    for (const b of this.backends.values()) if (b.project === projectId) rows.push(b);
    return rows.sort((a, b) => a.id - b.id);
  }

  tasksOf(projectId: number): FakeTask[] {
    return [...this.tasks.values()].filter((t) => t.project === projectId).sort((a, b) => a.id - b.id);
  }

  /** FK cascade: a project's backends, tasks and webhooks go with it. */
  deleteProject(id: number): boolean {
    if (!this.projects.delete(id)) return false;
    for (const b of this.backendsOf(id)) this.backends.delete(b.id);
    for (const t of this.tasksOf(id)) this.tasks.delete(t.id);
    for (let i = this.webhooks.length - 1; i >= 0; i--) if (this.webhooks[i].project === id) this.webhooks.splice(i, 1);
    return true;
  }
}
