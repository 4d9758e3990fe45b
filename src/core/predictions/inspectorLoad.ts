/**
 * Gathers what the inspector needs for one task besides the backend's fresh answer, through the
 * server's client: the task (its data), what Label Studio has stored for it, the
 * project's labeling config, and the task's images (fetched by `media.ts` rules).
 */
import { fetchMedia, planMedia, type MediaFetchers } from './media';
import { buildInspectorPage, type InspectorPage } from './inspectorPage';
import { parseLabelConfig } from './labelConfig';
import { imageSizeOf } from './imageSize';
import { checkPrediction } from './check';
import type { Finding, LabelConfig, StoredPrediction } from './types';

export interface InspectorClient {
  get(path: string, options?: { query?: string; signal?: AbortSignal }): Promise<unknown>;
}

export interface LoadRequest {
  baseUrl: string;
  projectId: number;
  backendTitle: string;
  taskId: number;
  /** The backend's answer (interactive-annotating's `data`), already received. */
  answer: unknown;
  fetchExternalMedia: boolean;
}

export interface LoadResult {
  page: InspectorPage;
  images: Record<string, string>;
  /** Milliseconds spent building the page from the fetched data (checks and view model). */
  buildMs: number;
  /** Each version's JSON and findings (paths from its root), by version key, for "Open as JSON". */
  sources: Record<string, { json: unknown; findings: Finding[] }>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function loadInspector(client: InspectorClient, media: MediaFetchers, req: LoadRequest, now = () => performance.now()): Promise<LoadResult> {
  const [task, stored, project] = await Promise.all([
    client.get(`/api/tasks/${req.taskId}/`),
    client.get('/api/predictions/', { query: `task=${req.taskId}` }),
    client.get(`/api/projects/${req.projectId}/`),
  ]);
  const config = await parseLabelConfig(isObject(project) && typeof project.label_config === 'string' ? project.label_config : '<View/>');
  const data = isObject(task) && isObject(task.data) ? task.data : {};
  const { images, problems, sizes } = await loadImages(config, data, media, req);
  const texts: Record<string, string> = {};
  for (const o of config.objects) if ((o.tag === 'Text' || o.tag === 'HyperText') && typeof data[o.valueKey] === 'string') texts[o.name] = data[o.valueKey] as string;
  const storedList = Array.isArray(stored) ? stored.filter(isObject) : [];
  const ctx = { imageSizes: sizes, texts };
  const started = now();
  const page = buildInspectorPage({
    taskId: req.taskId,
    backendTitle: req.backendTitle,
    config,
    answer: req.answer,
    stored: storedList.map(readStored),
    ctx,
    mediaProblems: problems,
  });
  const buildMs = now() - started;
  const sources: LoadResult['sources'] = { fresh: { json: req.answer, findings: page.freshFindings } };
  for (const p of storedList) sources[`stored-${readStored(p).id}`] = { json: p, findings: checkPrediction(config, p, ctx).findings };
  return { page, images, buildMs, sources };
}

async function loadImages(config: LabelConfig, data: Json, media: MediaFetchers, req: LoadRequest) {
  const images: Record<string, string> = {};
  const problems: Record<string, string> = {};
  const sizes: Record<string, { width: number; height: number }> = {};
  await Promise.all(
    config.objects
      .filter((o) => o.tag === 'Image')
      .map(async (o) => {
        const value = data[o.valueKey];
        if (typeof value !== 'string') return void (problems[o.name] = `The task has no "${o.valueKey}" value for this image.`);
        try {
          const got = await fetchMedia(planMedia(value, req.baseUrl, req.fetchExternalMedia), media, req.baseUrl, req.fetchExternalMedia);
          if ('problem' in got) return void (problems[o.name] = got.problem);
          images[o.name] = got.dataUrl;
          const size = imageSizeOf(got.dataUrl);
          if (size) sizes[o.name] = size;
        } catch (e) {
          problems[o.name] = `The image could not be fetched: ${e instanceof Error ? e.message : String(e)}`;
        }
      }),
  );
  return { images, problems, sizes };
}

function readStored(p: Json): StoredPrediction {
  return {
    id: typeof p.id === 'number' ? p.id : 0,
    model_version: typeof p.model_version === 'string' ? p.model_version : '',
    score: typeof p.score === 'number' ? p.score : null,
    result: p.result,
    created_at: typeof p.created_at === 'string' ? p.created_at : null,
    task: typeof p.task === 'number' ? p.task : 0,
  };
}
