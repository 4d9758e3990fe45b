/**
 * The ceiling of the refresh sections: the smallest client that does a refresh's requests — undici
 * alone, the project pages one after the other, each project's `GET /api/ml/` as soon as its id is
 * known, C at a time on C + 1 kept-alive connections, each answer read and parsed, nothing else (no
 * model, no tree, no log, no retries). It runs in the bench's own (plain Node) process against the
 * same fake as the extension. What it reaches is what this machine and this fake allow any client
 * that keeps at most C calls open: the loopback round trip and the fake's own work are in it, the
 * extension's code and VS Code are not.
 */
import { Agent, request } from 'undici';
import { PROJECT_PAGE_SIZE } from '../../src/core/api/client';

interface Page {
  results: Array<{ id: number }>;
  next: string | null;
}

export class BareClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly concurrency: number,
  ) {
    this.agent = new Agent({ connections: concurrency + 1 });
  }

  /** One refresh; resolves with its wall time in ms once every project's backends have been read. */
  async refresh(): Promise<number> {
    const t0 = performance.now();
    const ids: number[] = [];
    let next = 0;
    let running = 0;
    let pagesDone = false;
    let failed: Error | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const settleIfDone = () => {
      if ((pagesDone || failed) && running === 0 && (next === ids.length || failed)) finish();
    };
    const pump = () => {
      while (!failed && running < this.concurrency && next < ids.length) {
        const id = ids[next++];
        running++;
        this.get<unknown[]>(`/api/ml/?project=${id}`).then(
          () => {
            running--;
            pump();
            settleIfDone();
          },
          (e: Error) => {
            running--;
            failed ??= e;
            settleIfDone();
          },
        );
      }
    };
    try {
      for (let page = 1; ; page++) {
        const body = await this.get<Page>(`/api/projects/?page=${page}&page_size=${PROJECT_PAGE_SIZE}`);
        ids.push(...body.results.map((p) => p.id));
        pump();
        if (!body.next) break;
      }
    } catch (e) {
      failed ??= e as Error;
    }
    pagesDone = true;
    settleIfDone();
    await finished;
    if (failed) throw failed;
    return performance.now() - t0;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async get<T>(path: string): Promise<T> {
    const res = await request(this.baseUrl + path, { dispatcher: this.agent, headers: { authorization: `Token ${this.token}` } });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}`);
    return JSON.parse(text) as T;
  }
}
