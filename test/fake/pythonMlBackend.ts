// Runs the stdlib-only Python fake ML backend of test/fixtures/local-backend (a real `python3 _wsgi.py`
// process, laid out like `label-studio-ml create` output) on a free port, for tests and benchmarks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** test/fixtures/local-backend, from out/test/fake or test/fake. */
export function fixtureWorkspace(): string {
  for (const up of ['../../..', '../..']) {
    const dir = path.resolve(__dirname, up, 'test/fixtures/local-backend');
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error('test/fixtures/local-backend not found');
}

export function pythonCommand(): string | undefined {
  for (const cmd of ['python3', 'python']) {
    if (spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0) return cmd;
  }
  return undefined;
}

/** Copies the fixture workspace into a fresh temp dir (tests write .env files and caches there). */
export function copyFixtureWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-backend-'));
  fs.cpSync(fixtureWorkspace(), dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PythonBackendOptions {
  /** Default: a free one. */
  port?: number;
  /** FAKE_ML_SETUP_DELAY in seconds. */
  setupDelaySeconds?: number;
  /** FAKE_ML_PREDICTIONS: what predict() returns. */
  predictions?: unknown;
  env?: Record<string, string>;
}

export class PythonMlBackend {
  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  static async start(folder: string, options: PythonBackendOptions = {}): Promise<PythonMlBackend> {
    const python = pythonCommand();
    if (!python) throw new Error('python3 is needed for the local-backend tests (Debian package python3)');
    const port = options.port ?? (await freePort());
    const env: Record<string, string> = { ...(process.env as Record<string, string>), PYTHONDONTWRITEBYTECODE: '1', ...options.env };
    if (options.setupDelaySeconds !== undefined) env.FAKE_ML_SETUP_DELAY = String(options.setupDelaySeconds);
    if (options.predictions !== undefined) env.FAKE_ML_PREDICTIONS = JSON.stringify(options.predictions);
    const child = spawn(python, ['_wsgi.py', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: folder,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const backend = new PythonMlBackend(`http://127.0.0.1:${port}`, port, child, output);
    await backend.waitHealthy();
    return backend;
  }

  private async waitHealthy(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.child.exitCode !== null) throw new Error(`the Python fake exited: ${this.output.join('')}`);
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the Python fake did not answer /health within ${timeoutMs} ms: ${this.output.join('')}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}
