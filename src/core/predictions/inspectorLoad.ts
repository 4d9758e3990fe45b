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
import type { LabelStudioClient } from '../api/client';
import { getProjectDetail, getTask, listStoredPredictions } from './api';
import * as l10n from '../text/l10n';
import type { Finding, LabelConfig } from './types';

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

export async function loadInspector(
  client: LabelStudioClient,
  media: MediaFetchers,
  req: LoadRequest,
  now = () => performance.now(),
): Promise<LoadResult> {
  const [task, stored, project] = await Promise.all([
    getTask(client, req.taskId),
    listStoredPredictions(client, req.taskId),
    getProjectDetail(client, req.projectId),
  ]);
  const config = await parseLabelConfig(project.label_config || '<View/>');
  const data: Json = task.data;
  const { images, problems, sizes } = await loadImages(config, data, media, req);
  const texts: Record<string, string> = {};
  for (const o of config.objects)
    if ((o.tag === 'Text' || o.tag === 'HyperText') && typeof data[o.valueKey] === 'string') texts[o.name] = data[o.valueKey] as string;
  const ctx = { imageSizes: sizes, texts };
  const started = now();
  const page = buildInspectorPage({
    taskId: req.taskId,
    backendTitle: req.backendTitle,
    config,
    answer: req.answer,
    stored,
    ctx,
    mediaProblems: problems,
  });
  const buildMs = now() - started;
  const sources: LoadResult['sources'] = { fresh: { json: req.answer, findings: page.freshFindings } };
  for (const p of stored) sources[`stored-${p.id}`] = { json: p, findings: checkPrediction(config, p, ctx).findings };
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
        if (typeof value !== 'string') return void (problems[o.name] = l10n.t('The task has no "{0}" value for this image.', o.valueKey));
        try {
          const got = await fetchMedia(planMedia(value, req.baseUrl, req.fetchExternalMedia), media, req.baseUrl, req.fetchExternalMedia);
          if ('problem' in got) return void (problems[o.name] = got.problem);
          images[o.name] = got.dataUrl;
          const size = imageSizeOf(got.dataUrl);
          if (size) sizes[o.name] = size;
        } catch (e) {
          problems[o.name] = l10n.t('The image could not be fetched: {0}', e instanceof Error ? e.message : String(e));
        }
      }),
  );
  return { images, problems, sizes };
}
