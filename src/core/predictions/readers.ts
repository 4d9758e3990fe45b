/**
 * Tolerant readers of the answers the inspector uses: task pages and details, stored predictions,
 * project detail and model versions. Missing or odd fields get defaults; a wrong overall shape is an
 * UnexpectedResponseError naming what was expected.
 */
import { UnexpectedResponseError } from '../api/errors';
import type { ProjectDetail, ProjectModelVersions, StoredPrediction, TaskDetail, TaskListPage, TaskPreview } from './types';
import { taskListItems } from '../api/models';
import * as l10n from '../text/l10n';
import { isObject } from '../text/json';
import { forLabel } from '../text/safeText';

type Json = Record<string, unknown>;

const toInt = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : undefined;
const toNum = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const toStr = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

const PREVIEW_CHARS = 100;

/**
 * One line about a task's data for pickers: "image: frame_000001.png · text: Arrived quickly, …".
 * URLs show their last path segment; one line as safeText's forLabel makes it (invisible characters shown).
 */
export function taskPreview(data: unknown): string {
  if (!isObject(data)) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    let text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    if (/^(https?:\/\/|\/data\/|\/tasks\/|s3:\/\/|gs:\/\/)/.test(text)) text = mediaName(text);
    parts.push(`${key}: ${text}`);
  }
  return forLabel(parts.join(' · '), PREVIEW_CHARS);
}

function mediaName(url: string): string {
  const noQuery = url.split(/[?#]/)[0];
  const d = /[?&]d=([^&]+)/.exec(url)?.[1];
  const last = (d ? decodeURIComponent(d) : noQuery).split('/').filter(Boolean).pop() ?? url;
  if (/\/resolve\/|\/presign\//.test(url)) {
    const raw = /fileuri=([^&]+)/.exec(url)?.[1];
    const uri = raw ? Buffer.from(decodeURIComponent(raw), 'base64url').toString('utf8') : '';
    return /^[a-z0-9-]+:\/\//.test(uri) ? (uri.split('/').pop() ?? uri) : l10n.t('cloud file');
  }
  return last.replace(/^[0-9a-f]{8}-/, '');
}

/** `{total, tasks: […]}` (Community), also a bare list or `{results}`. */
export function readTaskListPage(body: unknown): TaskListPage {
  const list = taskListItems(body);
  const tasks: TaskPreview[] = [];
  for (const item of list) {
    const id = isObject(item) ? toInt(item.id) : undefined;
    if (id !== undefined) tasks.push({ id, preview: taskPreview((item as Json).data) });
  }
  const total = isObject(body) ? (toInt(body.total) ?? toInt(body.count) ?? null) : null;
  return { tasks, total };
}

export function readStoredPrediction(raw: unknown): StoredPrediction | undefined {
  if (!isObject(raw)) return undefined;
  const id = toInt(raw.id);
  if (id === undefined) return undefined;
  return {
    id,
    model_version: toStr(raw.model_version) ?? '',
    score: toNum(raw.score),
    result: raw.result,
    created_at: toStr(raw.created_at),
    task: toInt(raw.task) ?? -1,
  };
}

/** `/api/predictions/?task=`: a bare list (no pagination). */
export function readPredictionList(body: unknown): StoredPrediction[] {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.results) ? body.results : undefined;
  if (!list) throw new UnexpectedResponseError(l10n.t('The prediction list was not a list.'));
  return list.map(readStoredPrediction).filter((p): p is StoredPrediction => p !== undefined);
}

export function readTaskDetail(body: unknown): TaskDetail {
  const id = isObject(body) ? toInt(body.id) : undefined;
  if (!isObject(body) || id === undefined) throw new UnexpectedResponseError(l10n.t('The task had no id.'));
  return {
    id,
    project: toInt(body.project) ?? -1,
    data: isObject(body.data) ? body.data : {},
    predictions: Array.isArray(body.predictions) ? readPredictionList(body.predictions) : [],
  };
}

export function readProjectDetail(body: unknown): ProjectDetail {
  const id = isObject(body) ? toInt(body.id) : undefined;
  if (!isObject(body) || id === undefined) throw new UnexpectedResponseError(l10n.t('The project had no id.'));
  return {
    id,
    title: toStr(body.title) ?? l10n.t('Project {0}', id),
    label_config: toStr(body.label_config) ?? '',
    model_version: toStr(body.model_version),
    show_collab_predictions: body.show_collab_predictions !== false,
  };
}

/** Extended `{static, live}` or the plain `{version: count}` of older servers. */
export function readProjectModelVersions(body: unknown): ProjectModelVersions {
  if (!isObject(body)) throw new UnexpectedResponseError(l10n.t('The model versions answer was not an object.'));
  if (!Array.isArray(body.static) && !Array.isArray(body.live)) {
    const plain = Object.entries(body).filter(([, n]) => typeof n === 'number');
    return { static: plain.map(([model_version, count]) => ({ model_version, count: count as number, latest: null })), live: [] };
  }
  const versions = (Array.isArray(body.static) ? body.static : []).filter(isObject).map((s) => ({
    model_version: toStr(s.model_version) ?? '',
    count: toInt(s.count) ?? 0,
    latest: toStr(s.latest),
  }));
  const live = (Array.isArray(body.live) ? body.live : []).filter(isObject).flatMap((b) => {
    const id = toInt(b.id);
    return id === undefined
      ? []
      : [{ id, title: toStr(b.title) ?? '', model_version: toStr(b.model_version), state: toStr(b.state) ?? '' }];
  });
  return { static: versions, live };
}
