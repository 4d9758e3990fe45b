/**
 * How a backend is started: `docker compose up` when it has a compose file and `docker` is on the
 * PATH, else `python _wsgi.py --port N` with the folder's virtual environment when it has one.
 * The user's `labelStudio.local.startCommand` setting (application scope) replaces either.
 */
import type { RunMode } from './environment';

export interface StartInput {
  override?: string;
  hasCompose: boolean;
  dockerOnPath: boolean;
  /** Interpreter found in the folder (`.venv/bin/python`, …), else undefined. */
  venvPython?: string;
  port: number;
  platform: NodeJS.Platform;
}

export interface StartPlan {
  mode: RunMode | 'custom';
  /** The line typed into the terminal. */
  commandLine: string;
  /** What `docker compose` stop needs, or how the process stops (terminal's Ctrl+C). */
  stopWith: 'compose-stop' | 'interrupt';
  port: number;
}

/** Where the folder's own interpreter would be, in the order they are tried. */
export function venvPythonCandidates(platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? ['.venv\\Scripts\\python.exe', 'venv\\Scripts\\python.exe'] : ['.venv/bin/python', 'venv/bin/python'];
}

export function decideStart(input: StartInput): StartPlan {
  const override = input.override?.trim();
  if (override)
    return { mode: 'custom', commandLine: override.replace(/\$\{port\}/g, String(input.port)), stopWith: 'interrupt', port: input.port };
  if (input.hasCompose && input.dockerOnPath)
    return { mode: 'docker', commandLine: 'docker compose up --build', stopWith: 'compose-stop', port: input.port };
  const python = input.venvPython ? quoteArg(input.venvPython) : input.platform === 'win32' ? 'python' : 'python3';
  return { mode: 'python', commandLine: `${python} _wsgi.py --port ${input.port}`, stopWith: 'interrupt', port: input.port };
}

/** The single-process debug launch (no reloader, no gunicorn): what `Debug Local Backend` runs under debugpy. */
export function debugLaunch(port: number, folder: string, env: Record<string, string>, venvPython?: string): Record<string, unknown> {
  return {
    type: 'debugpy',
    request: 'launch',
    name: 'Debug ML backend',
    program: `${folder}/_wsgi.py`,
    args: ['--port', String(port)],
    cwd: folder,
    env,
    justMyCode: false,
    ...(venvPython ? { python: venvPython } : {}),
  };
}

function quoteArg(s: string): string {
  return /^[\w./\\:-]+$/.test(s) ? s : JSON.stringify(s);
}
