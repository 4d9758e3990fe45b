/**
 * What makes a folder an ML backend (label-studio-ml 2.x layout): its `_wsgi.py` imports
 * `init_app` from `label_studio_ml.api` and calls `init_app(model_class=<Class>`; the class comes
 * from `from <module> import <Class>` and should derive from `LabelStudioMLBase`.
 */

export const WSGI_FILE = '_wsgi.py';
/** Folders never searched for backends (virtual environments, caches, dependencies). */
export const SEARCH_EXCLUDES = [
  '**/node_modules/**',
  '**/.venv/**',
  '**/venv/**',
  '**/env/**',
  '**/site-packages/**',
  '**/.git/**',
  '**/__pycache__/**',
  '**/.tox/**',
];
/** Glob of the marker file, for the editor's file search and watcher. */
export const WSGI_GLOB = `**/${WSGI_FILE}`;
/** At most this many backend folders per workspace folder are shown. */
export const MAX_BACKENDS_PER_FOLDER = 50;

export interface WsgiFacts {
  modelClass: string;
  /** Module the class is imported from (`model` for model.py), when `_wsgi.py` says so. */
  modelModule?: string;
  /** Pre-2.0 backends pass model_dir=/redis_queue= to init_app and expose /train and /versions. */
  legacy: boolean;
}

const IMPORT_INIT_APP = /^[ \t]*from[ \t]+label_studio_ml\.api[ \t]+import[ \t]+(?:\(?[\w, \t]*\b)?init_app\b/m;
const INIT_APP_CALL = /\binit_app\(\s*model_class\s*=\s*([A-Za-z_]\w*)/;

/** The facts of a `_wsgi.py`, or undefined when it is not an ML backend's. */
export function readWsgi(text: string): WsgiFacts | undefined {
  if (!IMPORT_INIT_APP.test(text)) return undefined;
  const call = INIT_APP_CALL.exec(text);
  if (!call) return undefined;
  const modelClass = call[1];
  const importLine = new RegExp(`^[ \\t]*from[ \\t]+([\\w.]+)[ \\t]+import[ \\t]+[^\\n]*\\b${modelClass}\\b`, 'm').exec(text);
  const legacy = /\binit_app\([^)]*\b(model_dir|redis_queue)\s*=/.test(text);
  return { modelClass, modelModule: importLine?.[1], legacy };
}

/** The model module's file, relative to the backend folder (`model` → `model.py`). */
export function modelModuleFile(facts: WsgiFacts): string | undefined {
  return facts.modelModule ? `${facts.modelModule.replace(/\./g, '/')}.py` : undefined;
}

/** Whether the module text defines `className` as a subclass of LabelStudioMLBase. */
export function definesModelClass(moduleText: string, className: string): boolean {
  return new RegExp(`^class[ \\t]+${className}[ \\t]*\\([^)]*\\bLabelStudioMLBase\\b`, 'm').test(moduleText);
}

/** The folder of a `_wsgi.py` path ('/ws/a/_wsgi.py' → '/ws/a'). */
export function folderOfWsgi(wsgiPath: string): string {
  return wsgiPath.replace(/[\\/][^\\/]*$/, '');
}

/** A short name for the folder's row: its path relative to the workspace folder, or the folder's own name. */
export function backendLabel(folderPath: string, workspaceRoot: string): string {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const folder = norm(folderPath);
  const root = norm(workspaceRoot);
  if (folder === root) return folder.split('/').pop() || folder;
  return folder.startsWith(`${root}/`) ? folder.slice(root.length + 1) : folder.split('/').pop() || folder;
}
