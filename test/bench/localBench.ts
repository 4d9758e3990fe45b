/**
 * The local backend loop (issue 12), against the real Python fake ML backend:
 *  - how soon Running shows after the backend's first healthy /health (the view's polling: 0.5 s while starting);
 *  - how many /health requests go out while the view is hidden (none) and while it is visible;
 *  - the extension's own overhead on a local predict (building and sending the payload) next to the
 *    backend's time, with a bare node:http POST of the same bytes as the baseline.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { createUndiciTransport } from '../../src/core/net/http';
import { backendEnvironment } from '../../src/core/local/environment';
import { HealthPolling } from '../../src/core/local/healthPolling';
import { LocalBackends } from '../../src/core/local/localBackends';
import { predictLocally } from '../../src/core/local/localPredict';
import { predictBody } from '../../src/core/local/predictPayload';
import { decideStart } from '../../src/core/local/startPlan';
import { copyFixtureWorkspace, freePort, PythonMlBackend, pythonCommand } from '../fake';
import { targets } from './summary';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLocalBench(runs: number, print: (line: string) => void): Promise<void> {
  print('== local: the local backend loop (Python fake ML backend, real processes) ==');
  if (!pythonCommand()) {
    print('python3 not found: section skipped');
    return;
  }
  const folder = path.join(copyFixtureWorkspace(), 'my_ml_backend');
  const transport = createUndiciTransport({ connections: 2, maxBodyBytes: 1 << 20 });
  try {
    await runningLatency(folder, runs, transport, print);
    await hiddenRequests(folder, transport, print);
    await predictOverhead(folder, transport, print);
  } finally {
    await transport.close();
  }
}

function store(transport: ReturnType<typeof createUndiciTransport>, folder: string, port: number): LocalBackends {
  const backends = new LocalBackends(() => transport);
  const env = backendEnvironment({ mode: 'python', dotenv: { PORT: String(port) } });
  backends.setFolders([
    {
      folder,
      workspaceFolder: path.dirname(folder),
      label: 'bench',
      wsgi: { modelClass: 'NewModel', modelModule: 'model', legacy: false },
      env,
      hasCompose: false,
      plan: decideStart({ hasCompose: false, dockerOnPath: false, port, platform: process.platform }),
    },
  ]);
  return backends;
}

/** Start → first healthy /health (seen by a 5 ms side poller) → Running in the store. */
async function runningLatency(
  folder: string,
  runs: number,
  transport: ReturnType<typeof createUndiciTransport>,
  print: (line: string) => void,
): Promise<void> {
  const lags: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const backends = store(transport, folder, port);
    const polling = new HealthPolling({ probeAll: () => backends.probeAll(), anyStarting: () => backends.anyStarting() });
    let runningAt = 0;
    backends.onDidChange(() => {
      if (!runningAt && backends.all[0].state.kind === 'running') runningAt = performance.now();
    });
    backends.event(folder, { kind: 'started', at: Date.now() });
    polling.setVisible(true);
    // The server starts a little later than the terminal (a shell, the interpreter): a random 0–400 ms.
    await sleep(Math.random() * 400);
    const serverPromise = PythonMlBackend.start(folder, { port }).catch(() => undefined);
    let healthyAt = 0;
    const until = performance.now() + 20_000;
    while (!healthyAt && performance.now() < until) {
      const ok = await new Promise<boolean>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 200 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
      });
      if (ok) healthyAt = performance.now();
      else await sleep(5);
    }
    while (!runningAt && performance.now() < until) await sleep(5);
    polling.dispose();
    lags.push(runningAt - healthyAt);
    await (await serverPromise)?.stop();
  }
  const worst = Math.max(...lags);
  print(
    `Running shown after the first healthy /health: median ${median(lags).toFixed(0)} ms, worst ${worst.toFixed(0)} ms over ${runs} starts (target ≤ 1000 ms)`,
  );
  targets.push({
    what: 'local: Running after first healthy /health',
    target: '≤ 1000 ms',
    measured: `${worst.toFixed(0)} ms worst of ${runs}`,
    met: worst <= 1000,
  });
}

async function hiddenRequests(
  folder: string,
  transport: ReturnType<typeof createUndiciTransport>,
  print: (line: string) => void,
): Promise<void> {
  const server = await PythonMlBackend.start(folder);
  try {
    const backends = store(transport, folder, server.port);
    const polling = new HealthPolling({ probeAll: () => backends.probeAll(), anyStarting: () => backends.anyStarting() });
    await sleep(3000);
    const hidden = backends.probes;
    polling.setVisible(true);
    await sleep(3000);
    const visible = backends.probes - hidden;
    polling.setVisible(false);
    const before = backends.probes;
    await sleep(3000);
    const hiddenAgain = backends.probes - before;
    polling.dispose();
    print(`/health requests in 3 s: hidden ${hidden}, visible ${visible} (one at once, then every 10 s), hidden again ${hiddenAgain}`);
    targets.push({
      what: 'local: requests while the view is hidden',
      target: '0',
      measured: `${hidden + hiddenAgain}`,
      met: hidden + hiddenAgain === 0,
    });
  } finally {
    await server.stop();
  }
}

async function predictOverhead(
  folder: string,
  transport: ReturnType<typeof createUndiciTransport>,
  print: (line: string) => void,
): Promise<void> {
  const server = await PythonMlBackend.start(folder);
  try {
    const project = {
      id: 3,
      title: 'bench',
      labelConfig:
        '<View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="Car"/></RectangleLabels></View>',
      createdAt: '2025-10-28T12:00:05Z',
    };
    const task = {
      id: 1001,
      data: { image: '/data/upload/3/ab-street.jpg' },
      annotations: [],
      predictions: [],
      meta: {},
      created_at: '2025-10-28T12:00:05Z',
    };
    const rawBody = JSON.stringify(predictBody(project, [task]));
    const raw = () =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/predict',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(rawBody) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(performance.now() - t0));
          },
        );
        req.on('error', reject);
        req.end(rawBody);
      });
    const N = 60;
    for (let i = 0; i < 10; i++) {
      await raw();
      await predictLocally(server.url, () => predictBody(project, [task]), transport);
    }
    const rawMs: number[] = [];
    const build: number[] = [];
    const ext: number[] = [];
    for (let i = 0; i < N; i++) {
      rawMs.push(await raw());
      const a = await predictLocally(server.url, () => predictBody(project, [task]), transport);
      build.push(a.buildMs);
      ext.push(a.roundTripMs);
    }
    const overhead = median(build) + Math.max(0, median(ext) - median(rawMs));
    print(
      `local predict, median of ${N}: payload build ${median(build).toFixed(2)} ms · extension send+answer ${median(ext).toFixed(1)} ms · bare node:http (≈ the backend's time) ${median(rawMs).toFixed(1)} ms`,
    );
    print(`  → the extension's own overhead ≈ ${overhead.toFixed(2)} ms per local predict`);
    targets.push({
      what: 'local: extension overhead per local predict',
      target: 'next to the backend',
      measured: `${overhead.toFixed(2)} ms vs backend ${median(rawMs).toFixed(1)} ms`,
      met: undefined,
    });
  } finally {
    await server.stop();
  }
}
