/**
 * Finds the ML backend folders of the workspace (`findFiles` for `_wsgi.py` with excludes, per
 * workspace folder) and reads what the core needs from each: the `_wsgi.py` facts, the compose
 * file, `.env`, requirements, a virtual environment. A file watcher asks for a new search.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import {
  definesModelClass,
  folderOfWsgi,
  backendLabel,
  MAX_BACKENDS_PER_FOLDER,
  modelModuleFile,
  readWsgi,
  SEARCH_EXCLUDES,
  WSGI_GLOB,
} from '../../core/local/backendFolder';
import { COMPOSE_FILES, parseYamlText, readCompose } from '../../core/local/compose';
import { parseDotenv } from '../../core/local/dotenv';
import { backendEnvironment } from '../../core/local/environment';
import type { LocalBackendInput } from '../../core/local/localBackends';
import { sdkAge, type SdkAge } from '../../core/local/sdkVersion';
import { decideStart, venvPythonCandidates } from '../../core/local/startPlan';
import { messageOf } from '../../core/api/errors';
import type { Log } from '../services/log';

export interface FolderFiles {
  dotenv: Record<string, string>;
  requirements: string[];
  venvPython?: string;
}

const WATCHED = `**/{_wsgi.py,.env,docker-compose.yml,docker-compose.yaml,compose.yml,compose.yaml,requirements*.txt}`;

export class BackendFinder implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly emitter = new vscode.EventEmitter<void>();
  private timer: NodeJS.Timeout | undefined;
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: Log,
    private readonly startCommand: () => string | undefined,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
    const changed = () => this.changedSoon();
    this.watcher.onDidCreate(changed);
    this.watcher.onDidChange(changed);
    this.watcher.onDidDelete(changed);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
    this.emitter.dispose();
  }

  private changedSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emitter.fire(), 300);
  }

  async findAll(): Promise<LocalBackendInput[]> {
    const out: LocalBackendInput[] = [];
    for (const wf of vscode.workspace.workspaceFolders ?? []) {
      if (wf.uri.scheme !== 'file') continue;
      const files = await vscode.workspace.findFiles(
        new vscode.RelativePattern(wf, WSGI_GLOB),
        `{${SEARCH_EXCLUDES.join(',')}}`,
        MAX_BACKENDS_PER_FOLDER,
      );
      for (const file of files) {
        try {
          const backend = await this.read(file.fsPath, wf.uri.fsPath);
          if (backend) out.push(backend);
        } catch (e) {
          this.log.warn(
            `Could not read the ML backend folder ${path.basename(path.dirname(file.fsPath))}: ${messageOf(e).replace(/\s+/g, ' ')}`,
          );
        }
      }
    }
    return out;
  }

  /** Reads one folder; undefined when its `_wsgi.py` is not an ML backend's. */
  async read(wsgiPath: string, workspaceFolder: string): Promise<LocalBackendInput | undefined> {
    const wsgi = readWsgi((await readText(wsgiPath)) ?? '');
    if (!wsgi) return undefined;
    const folder = folderOfWsgi(wsgiPath);
    const moduleFile = modelModuleFile(wsgi);
    const moduleText = moduleFile ? await readText(path.join(folder, moduleFile)) : undefined;
    // A module that is there but defines no LabelStudioMLBase class is not a backend (a copy of the template, say).
    if (moduleText !== undefined && !definesModelClass(moduleText, wsgi.modelClass)) return undefined;
    const files = await readFolderFiles(folder);
    const composeFile = (await Promise.all(COMPOSE_FILES.map(async (n) => ((await exists(path.join(folder, n))) ? n : undefined)))).find(
      Boolean,
    );
    const composeText = composeFile ? await readText(path.join(folder, composeFile)) : undefined;
    const compose = composeText ? readCompose(await parseYamlText(composeText).catch(() => undefined), files.dotenv) : undefined;
    const dockerOnPath = composeFile ? await composeAvailable() : false;
    const hasCompose = !!compose;
    const override = this.startCommand();
    const mode = hasCompose && dockerOnPath && !override ? 'docker' : 'python';
    const usesEnvFile = !!composeText && /^\s*env_file\s*:.*\.env|^\s*-\s*\.env\s*$/m.test(composeText);
    const env = backendEnvironment({ mode, compose, composeFile, dotenv: files.dotenv, composeUsesEnvFile: usesEnvFile });
    const plan = decideStart({
      override,
      hasCompose,
      dockerOnPath,
      venvPython: files.venvPython,
      port: env.port,
      platform: process.platform,
    });
    return { folder, workspaceFolder, label: backendLabel(folder, workspaceFolder), wsgi, env, plan, hasCompose, composeFile };
  }
}

export async function readFolderFiles(folder: string): Promise<FolderFiles> {
  const dotenv = parseDotenv((await readText(path.join(folder, '.env'))) ?? '');
  const requirements = (await Promise.all(['requirements-base.txt', 'requirements.txt'].map((n) => readText(path.join(folder, n))))).filter(
    (t): t is string => t !== undefined,
  );
  let venvPython: string | undefined;
  for (const candidate of venvPythonCandidates(process.platform)) {
    if (await exists(path.join(folder, candidate))) {
      venvPython = candidate;
      break;
    }
  }
  return { dotenv, requirements, venvPython };
}

export async function folderSdkAge(folder: string): Promise<SdkAge> {
  return sdkAge((await readFolderFiles(folder)).requirements);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.size > 1 << 20) return undefined;
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.promises.access(file).then(
    () => true,
    () => false,
  );
}

/** Whether `docker compose` works here: docker on the PATH and its compose plugin installed (`docker compose version`). */
export async function composeAvailable(): Promise<boolean> {
  if (!(await onPath('docker'))) return false;
  return new Promise((resolve) =>
    execFile('docker', ['compose', 'version'], { timeout: 5000, env: process.env }, (error) => resolve(!error)),
  );
}

/** Whether `program` is on the PATH of the extension host (what a new terminal inherits). */
export async function onPath(program: string): Promise<boolean> {
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        await fs.promises.access(path.join(dir, name), fs.constants.X_OK);
        return true;
      } catch {
        // next
      }
    }
  }
  return false;
}
