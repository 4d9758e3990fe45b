/**
 * One refresh of a server: the project list page by page, and `GET /api/ml/?project=` for each
 * project as soon as it is known, with at most `concurrency` calls in flight. A refresh asked for
 * while one runs joins it instead of starting a second.
 */
import type { LabelStudioClient } from '../api/client';
import { LimitedQueue } from '../net/concurrency';
import { CancelledError, HttpStatusError, NetworkError, TokenRejectedError } from '../api/errors';
import type { MlBackend, ProjectRef } from '../api/models';
import { DeferredUpdates } from '../scheduling/deferredUpdates';
import type { ServerModel } from './serverModel';
import * as l10n from '../text/l10n';

/**
 * After this many `/api/ml` calls in a row time out, the server counts as not answering and the
 * refresh stops asking (a server that hangs every call would otherwise cost ceil(P / C) × the timeout).
 */
export const NOT_ANSWERING_AFTER = 3;

export interface RefreshOptions {
  concurrency: number;
  now?: () => number;
}

export class ServerRefresher {
  private running?: Promise<void>;
  private readonly projectCalls = new Map<number, Promise<void>>();
  private controller?: AbortController;
  /** Answers reach the model together, after the turn that read them (see DeferredUpdates). */
  private readonly updates = new DeferredUpdates();

  constructor(
    private readonly client: LabelStudioClient,
    readonly model: ServerModel,
    private readonly options: RefreshOptions,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Reloads projects and backends. Resolves when done; never rejects (failures land in the model). */
  refresh(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Reloads one project's backends (joins a call for it already in flight). */
  refreshProject(projectId: number, laneSignal?: AbortSignal): Promise<void> {
    const inFlight = this.projectCalls.get(projectId);
    if (inFlight) return inFlight;
    const call = this.loadProject(projectId, this.controller?.signal, laneSignal).finally(() => this.projectCalls.delete(projectId));
    this.projectCalls.set(projectId, call);
    return call;
  }

  /** Cancels what is in flight (the server was removed or its token changed). */
  cancel(): void {
    this.controller?.abort();
  }

  private async run(): Promise<void> {
    const model = this.model;
    const controller = (this.controller = new AbortController());
    const seen = new Set<number>();
    let serverFailure: Error | undefined;
    let timeoutsInRow = 0;
    // When the client keeps /api/ml to `concurrency` itself, as many calls again wait in its lane,
    // ready to leave the moment a slot frees (before the answer that freed it is even read).
    const concurrency = this.options.concurrency;
    const started = this.client.backendListConcurrency <= concurrency ? 2 * concurrency : concurrency;
    // Aborted when the server as a whole fails: calls still waiting for a slot are then never sent.
    const stopped = new AbortController();
    const queue = new LimitedQueue<number>(started, async (id) => {
      if (serverFailure || controller.signal.aborted) return;
      await this.refreshProject(id, stopped.signal);
      const error = model.project(id)?.error;
      const timedOut = error instanceof NetworkError && error.reason === 'timeout';
      timeoutsInRow = timedOut ? timeoutsInRow + 1 : 0;
      if (error && concernsWholeServer(error)) serverFailure = error;
      else if (timeoutsInRow >= NOT_ANSWERING_AFTER && !serverFailure) serverFailure = this.notAnswering(timeoutsInRow);
      if (serverFailure) {
        stopped.abort();
        queue.stop();
      }
    });
    model.setStatus({ kind: 'loading' });
    try {
      await this.client.listProjects((page: ProjectRef[]) => {
        for (const p of page) seen.add(p.id);
        model.addProjects(page);
        queue.push(page.map((p) => p.id));
      }, controller.signal);
      model.keepOnly(seen);
      queue.close();
      await queue.drained;
      if (serverFailure) throw serverFailure;
      model.loadedAt = (this.options.now ?? Date.now)();
      model.setStatus({ kind: 'ready' });
    } catch (error) {
      queue.stop();
      await queue.drained;
      model.settleLoading();
      model.setStatus({ kind: 'failed', error: error as Error });
    }
  }

  private notAnswering(count: number): NetworkError {
    return new NetworkError(
      'timeout',
      l10n.t(
        '{0} is not answering: {1} backend lists in a row timed out, so the refresh stopped asking. Refresh again when the server is back.',
        this.client.host,
        count,
      ),
    );
  }

  private async loadProject(projectId: number, signal?: AbortSignal, laneSignal?: AbortSignal): Promise<void> {
    this.model.setProjectLoading(projectId);
    let report: { backends: MlBackend[]; problems: string[] };
    try {
      report = await this.client.listBackendsReport(projectId, signal, laneSignal);
    } catch (error) {
      // Never sent because the refresh stopped: the project just stops loading with the others.
      if (error instanceof CancelledError && laneSignal?.aborted && !signal?.aborted) return;
      // At once, not deferred: a failure of the whole server must stop the calls still waiting.
      this.model.setProjectError(projectId, error as Error);
      return;
    }
    await this.updates.apply(() => this.model.setBackends(projectId, report.backends, report.problems));
  }
}

/**
 * A project's failure that no other project's call would escape: a rejected token, or the server
 * still throttling (429) after the client waited as asked. The refresh then stops asking.
 */
function concernsWholeServer(error: Error): boolean {
  return error instanceof TokenRejectedError || (error instanceof HttpStatusError && error.status === 429);
}
