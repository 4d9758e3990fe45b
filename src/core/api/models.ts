/**
 * The shapes the extension reads from Label Studio, and tolerant readers for them. Field names
 * follow the API (snake_case) so that an edit can send back exactly what it read.
 */
import { UnexpectedResponseError } from './errors';
import { isObject } from '../text/json';
import { forLabel } from '../text/safeText';
import * as l10n from '../text/l10n';

export interface MlBackend {
  id: number;
  project: number;
  /** A code of the server; unknown codes are kept as sent. */
  state: string;
  readable_state: string | null;
  url: string;
  title: string | null;
  description: string | null;
  error_message: string | null;
  model_version: string | null;
  is_interactive: boolean;
  auth_method: string;
  basic_auth_user: string | null;
  basic_auth_pass_is_set: boolean;
  extra_params: unknown;
  timeout: number | null;
  auto_update: boolean;
  created_at: string | null;
  updated_at: string | null;
}

export interface ProjectRef {
  id: number;
  title: string;
}

export interface ProjectPage {
  count: number | null;
  hasNext: boolean;
  results: ProjectRef[];
}

export interface TaskRef {
  id: number;
  /** A short preview of the task's data, for pickers. */
  preview: string;
}

/** `host` names the server in the error message. Rows without an id are skipped, a repeated id keeps its first row. */
export function readBackendList(body: unknown, host = l10n.t('The server')): MlBackend[] {
  return readBackendListReport(body, host).backends;
}

/** The backends of a list, and for each item that could not be used, what was wrong with it (shown in the project). */
export function readBackendListReport(body: unknown, host = l10n.t('The server')): { backends: MlBackend[]; problems: string[] } {
  if (body === undefined)
    throw new UnexpectedResponseError(l10n.t('{0} sent an empty answer where the list of ML backends was expected.', host));
  if (!Array.isArray(body)) {
    throw new UnexpectedResponseError(
      l10n.t('{0} sent something other than a list of ML backends (a JSON {1}): is this a Label Studio server?', host, jsonType(body)),
    );
  }
  const backends: MlBackend[] = [];
  const problems: string[] = [];
  const seen = new Set<number>();
  body.forEach((item, i) => {
    const backend = readBackendOrUndefined(item);
    if (!backend) problems.push(itemProblem(item, i + 1));
    else if (seen.has(backend.id)) problems.push(l10n.t('item {0} repeats id {1}', i + 1, backend.id));
    else {
      seen.add(backend.id);
      backends.push(backend);
    }
  });
  return { backends, problems };
}

function itemProblem(item: unknown, n: number): string {
  if (!isObject(item)) return l10n.t('item {0} is not an object (a JSON {1})', n, jsonType(item));
  const title = toStr(item.title) || toStr(item.url);
  const named = title ? forLabel(title, 60) : undefined;
  if (item.id === undefined || item.id === null)
    return named === undefined ? l10n.t('item {0} has no "id"', n) : l10n.t('item {0} ("{1}") has no "id"', n, named);
  const id = forLabel(JSON.stringify(item.id) ?? String(item.id), 40);
  return named === undefined
    ? l10n.t('item {0} has an "id" that is not a whole number ({1})', n, id)
    : l10n.t('item {0} ("{1}") has an "id" that is not a whole number ({2})', n, named, id);
}

export function readBackend(body: unknown): MlBackend {
  const backend = readBackendOrUndefined(body);
  if (!backend) throw new UnexpectedResponseError(l10n.t('The ML backend in the answer had no id.'));
  return backend;
}

function readBackendOrUndefined(raw: unknown): MlBackend | undefined {
  if (!isObject(raw)) return undefined;
  const id = toInt(raw.id);
  if (id === undefined) return undefined;
  return {
    id,
    project: toInt(raw.project) ?? -1,
    state: toStr(raw.state) ?? '',
    readable_state: toStr(raw.readable_state),
    url: toStr(raw.url) ?? '',
    title: toStr(raw.title),
    description: toStr(raw.description),
    error_message: toStr(raw.error_message),
    model_version: toStr(raw.model_version),
    is_interactive: toBool(raw.is_interactive),
    auth_method: toStr(raw.auth_method) ?? 'NONE',
    basic_auth_user: toStr(raw.basic_auth_user),
    basic_auth_pass_is_set: toBool(raw.basic_auth_pass_is_set),
    extra_params: raw.extra_params ?? null,
    timeout: toNum(raw.timeout),
    auto_update: raw.auto_update === undefined ? true : toBool(raw.auto_update),
    created_at: toStr(raw.created_at),
    updated_at: toStr(raw.updated_at),
  };
}

export function readProjectPage(body: unknown, host = l10n.t('The server')): ProjectPage {
  if (body === undefined) throw new UnexpectedResponseError(l10n.t('{0} sent an empty answer where the project list was expected.', host));
  if (!isObject(body) || !Array.isArray(body.results)) {
    throw new UnexpectedResponseError(
      l10n.t('{0} sent a project list without the "results" list Label Studio sends: is this a Label Studio server?', host),
    );
  }
  const results: ProjectRef[] = [];
  for (const item of body.results) {
    if (!isObject(item)) continue;
    const id = toInt(item.id);
    if (id === undefined) continue;
    results.push({ id, title: toStr(item.title) ?? l10n.t('Project {0}', id) });
  }
  return { count: toInt(body.count) ?? null, hasNext: typeof body.next === 'string' && body.next.length > 0, results };
}

/** The items of a task list: Community answers `{ tasks: [...], total, … }`; some versions a bare list or `results`. */
export function taskListItems(body: unknown): unknown[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body)
      ? Array.isArray(body.tasks)
        ? body.tasks
        : Array.isArray(body.results)
          ? body.results
          : undefined
      : undefined;
  if (!list) throw new UnexpectedResponseError(l10n.t('The task list did not have the shape Label Studio sends ({"tasks": […]}).'));
  return list;
}

export function readTaskPage(body: unknown): TaskRef[] {
  const list = taskListItems(body);
  const out: TaskRef[] = [];
  for (const item of list) {
    if (!isObject(item)) continue;
    const id = toInt(item.id);
    if (id === undefined) continue;
    const data = isObject(item.data)
      ? Object.values(item.data)
          .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
          .join(' · ')
      : '';
    out.push({ id, preview: data.replace(/\s+/g, ' ').slice(0, 120) });
  }
  return out;
}

function jsonType(v: unknown): string {
  return v === null ? 'null' : isObject(v) ? 'object' : typeof v;
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function toNum(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function toStr(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function toBool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1;
}
