/**
 * Where and how the ML backend will fetch a task's media (ML-SERVER.md §2.4), with the environment
 * it runs with: which URL it requests, with which credential, and what stops it before any request.
 */
import { isLocalTarget as isLoopbackHost } from '../backends/diagnosis';
import * as l10n from '../text/l10n';
import { classifyToken } from '../api/token';
import { effective, type BackendEnvironment } from './environment';
import { DOCKER_HOST } from './reachableUrl';
import type { SdkAge } from './sdkVersion';

export type MediaKind = 'upload' | 'local-files' | 'cloud' | 'http';

export type CauseId =
  | 'no-url'
  | 'relative-without-url'
  | 'bad-url'
  | 'localhost-in-docker'
  | 'no-key'
  | 'legacy-disabled'
  | 'pat-sdk-too-old'
  | 'pat-sdk-unknown'
  | 'http-401'
  | 'http-403'
  | 'http-404'
  | 'local-files-off'
  | 'unreachable'
  | 'http-error';

export interface Finding {
  cause: CauseId;
  /** What is wrong, in words (no secrets; may quote the URL). */
  text: string;
  fix: string;
}

export interface MediaPlan {
  taskId: number;
  field: string;
  /** The stored value (untrusted text). */
  value: string;
  kind: MediaKind;
  /** URLs the SDK requests, in order (the second only after an HTTP error on the first). */
  urls: string[];
  /** Whether the backend's key goes with the request. */
  sendsKey: boolean;
  /** Problems known before any request; `blocking` ones stop the SDK before it sends anything. */
  findings: Finding[];
  blocking: boolean;
}

const CLOUD = /^(s3|gs|azure-blob):\/\//i;

export function mediaKind(value: string): MediaKind | undefined {
  if (/^\/?(data\/)?upload\//.test(value)) return 'upload';
  if (value.startsWith('/data/local-files/')) return 'local-files';
  if (CLOUD.test(value)) return 'cloud';
  if (/^https?:\/\//i.test(value)) return 'http';
  return undefined;
}

/** The LABEL_STUDIO_URL the backend should have: Label Studio's address as seen from where it runs. */
export function suggestedLabelStudioUrl(labelStudioUrl: string | undefined, env: BackendEnvironment): string {
  if (!labelStudioUrl) return 'http://<label-studio-host>:8080';
  if (env.mode !== 'docker') return labelStudioUrl;
  try {
    const u = new URL(labelStudioUrl);
    if (isLoopbackHost(u.hostname)) u.hostname = DOCKER_HOST;
    return u.toString().replace(/\/$/, '');
  } catch {
    return labelStudioUrl;
  }
}

export interface PlanContext {
  env: BackendEnvironment;
  sdk: SdkAge;
  /** The configured Label Studio server, for suggestions. */
  labelStudioUrl?: string;
}

export function planMedia(taskId: number, field: string, value: string, ctx: PlanContext): MediaPlan | undefined {
  const kind = mediaKind(value);
  if (!kind) return undefined;
  const findings: Finding[] = [];
  const suggestion = suggestedLabelStudioUrl(ctx.labelStudioUrl, ctx.env);
  const url = effective(ctx.env, 'url')?.value.trim();
  const key = effective(ctx.env, 'key')?.value.trim();
  const needsLabelStudio = kind !== 'http';
  let blocking = false;
  if (needsLabelStudio && !url) {
    findings.push(
      kind === 'upload'
        ? {
            cause: 'relative-without-url',
            text: l10n.t(
              '{0} is relative to Label Studio, and the backend has no LABEL_STUDIO_URL to resolve it ("Can\'t resolve url, neither hostname or project_dir passed").',
              value,
            ),
            fix: l10n.t("Set LABEL_STUDIO_URL={0} in the backend's environment.", suggestion),
          }
        : {
            cause: 'no-url',
            text: l10n.t('The backend has no LABEL_STUDIO_URL: it cannot ask Label Studio for this file.'),
            fix: l10n.t("Set LABEL_STUDIO_URL={0} in the backend's environment.", suggestion),
          },
    );
    blocking = true;
  } else if (url && !/^https?:\/\//i.test(url)) {
    findings.push({
      cause: 'bad-url',
      text: l10n.t('LABEL_STUDIO_URL does not start with http:// or https:// ("Invalid hostname in LABEL_STUDIO_URL").'),
      fix: l10n.t('Set LABEL_STUDIO_URL={0}.', suggestion),
    });
    blocking = true;
  } else if (url && ctx.env.mode === 'docker' && isLoopbackHost(safeHostname(url))) {
    findings.push({
      cause: 'localhost-in-docker',
      text: l10n.t(
        'LABEL_STUDIO_URL names {0}, but the backend runs in Docker, where that is the container itself: the download fails with a connection error.',
        safeHostname(url),
      ),
      fix: l10n.t(
        'Set LABEL_STUDIO_URL={0} (Docker Desktop; on Linux add extra_hosts: ["host.docker.internal:host-gateway"] to the service).',
        suggestion,
      ),
    });
  }
  if (needsLabelStudio && !key && !blocking) {
    findings.push({
      cause: 'no-key',
      text: l10n.t('The backend has no LABEL_STUDIO_API_KEY ("you have to set LABEL_STUDIO_API_KEY").'),
      fix: l10n.t("Set LABEL_STUDIO_API_KEY in the backend's environment (Label Studio → Account & Settings → Personal Access Token)."),
    });
    blocking = true;
  }
  if (key && needsLabelStudio && classifyToken(key).kind === 'personal-access') {
    if (ctx.sdk.kind === 'too-old') {
      findings.push({
        cause: 'pat-sdk-too-old',
        text: l10n.t(
          'LABEL_STUDIO_API_KEY is a personal access token, but the backend installs {0}, which predates personal access tokens: it sends the token as "Token …" and gets 401.',
          ctx.sdk.spec,
        ),
        fix: l10n.t(
          "Install label-studio-ml from git master (as the template's requirements-base.txt does) and rebuild the image, or use a legacy token where the organisation allows it.",
        ),
      });
    } else if (ctx.sdk.kind === 'pinned') {
      findings.push({
        cause: 'pat-sdk-unknown',
        text: l10n.t(
          'LABEL_STUDIO_API_KEY is a personal access token and the backend pins {0}; personal access tokens need label-studio-ml from February 2026 (commit ec60414) on.',
          ctx.sdk.spec,
        ),
        fix: l10n.t('Make sure the pinned version is that recent, or install label-studio-ml from git master.'),
      });
    }
  }
  const base = (url ?? '').replace(/\/+$/, '');
  return {
    taskId,
    field,
    value,
    kind,
    urls: requestUrls(kind, value, base, taskId),
    sendsKey: !!key && (needsLabelStudio || sameHost(value, base)),
    findings,
    blocking,
  };
}

function requestUrls(kind: MediaKind, value: string, base: string, taskId: number): string[] {
  switch (kind) {
    case 'upload': {
      const path = value.replace(/^\/?(data\/)?/, '');
      return [`${base}/storage-data/uploaded/?filepath=${path}`, `${base}/data/${path}`];
    }
    case 'local-files':
      return [`${base}${value}`];
    case 'cloud':
      return [`${base}/tasks/${taskId}/presign/?fileuri=${Buffer.from(value).toString('base64url')}`];
    case 'http':
      return [value];
  }
}

function sameHost(value: string, base: string): boolean {
  return !!base && safeHostname(value) !== '' && safeHostname(value) === safeHostname(base);
}

export function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Every media value of the given tasks (string values of `data` the SDK would download). */
export function planTasks(tasks: Array<{ id: number; data: Record<string, unknown> }>, ctx: PlanContext): MediaPlan[] {
  const out: MediaPlan[] = [];
  for (const task of tasks) {
    for (const [field, value] of Object.entries(task.data)) {
      if (typeof value !== 'string') continue;
      const plan = planMedia(task.id, field, value, ctx);
      if (plan) out.push(plan);
    }
  }
  return out;
}
