/**
 * Tries a planned media download from this machine the way the ML SDK does: the backend's own key
 * (a personal access token is first exchanged at /api/token/refresh/, then sent as Bearer; a legacy
 * key as Token), only to LABEL_STUDIO_URL's host, the second URL only after an HTTP error on the
 * first. Redirects (presigned URLs) count as success and are not followed: nothing goes elsewhere.
 */
import type { HttpResponse, HttpTransport } from '../net/http';
import * as l10n from '../text/l10n';
import { NetworkError, messageOf } from '../api/errors';
import { classifyToken } from '../api/token';
import { DOCKER_HOST } from './reachableUrl';
import type { Finding, MediaPlan } from './mediaPlan';

export interface MediaOutcome {
  plan: MediaPlan;
  /** The URL that decided the outcome, and its status. */
  tried?: { url: string; status?: number; error?: string };
  ok: boolean;
  findings: Finding[];
}

export interface ProbeContext {
  transport: HttpTransport;
  /** The backend's key (never shown, never logged). */
  key?: string;
  sdkCurrent: boolean;
}

const PROBE_TIMEOUT_MS = 10_000;
export const LEGACY_DISABLED_TEXT = /legacy token authentication has been disabled/i;
const LOCAL_FILES_OFF_TEXT = /LOCAL_FILES_SERVING_ENABLED|Serving local files/i;

/** From this machine, host.docker.internal is this machine. */
export function fromHere(url: string): string {
  try {
    const u = new URL(url);
    if (u.hostname === DOCKER_HOST) u.hostname = '127.0.0.1';
    return u.toString();
  } catch {
    return url;
  }
}

export async function probeMedia(plan: MediaPlan, ctx: ProbeContext, authHeader: () => Promise<string | undefined>): Promise<MediaOutcome> {
  const findings = [...plan.findings];
  if (plan.blocking) return { plan, ok: false, findings };
  let header: string | undefined;
  if (plan.sendsKey) {
    try {
      header = await authHeader();
    } catch (e) {
      findings.push(tokenExchangeFinding(e));
      return { plan, ok: false, findings };
    }
  }
  let last: MediaOutcome['tried'];
  let res: HttpResponse | undefined;
  for (const url of plan.urls) {
    try {
      res = await ctx.transport.send({
        method: 'GET',
        url: fromHere(url),
        headers: { ...(header ? { authorization: header } : {}), range: 'bytes=0-1023' },
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      last = { url, status: res.status };
      if (res.status < 400) break;
    } catch (e) {
      if (e instanceof NetworkError && e.reason === 'too-large') {
        last = { url, status: 200 };
        res = { status: 200, headers: {}, body: '' };
        break;
      }
      last = { url, error: e instanceof NetworkError ? `${e.reason}: ${e.message}` : messageOf(e) };
      res = undefined;
      break; // a connection error ends the SDK's attempt too
    }
  }
  if (!res) {
    findings.push({
      cause: 'unreachable',
      text: l10n.t('This machine could not reach {0} ({1}).', safeOrigin(last?.url), last?.error ?? l10n.t('no answer')),
      fix: l10n.t('Check LABEL_STUDIO_URL, and that Label Studio runs and is reachable from where the backend runs.'),
    });
    return { plan, tried: last, ok: false, findings };
  }
  if (res.status < 400) return { plan, tried: last, ok: true, findings };
  findings.push(statusFinding(plan, res, ctx));
  return { plan, tried: last, ok: false, findings };
}

function statusFinding(plan: MediaPlan, res: HttpResponse, ctx: ProbeContext): Finding {
  const kind = ctx.key ? classifyToken(ctx.key).kind : undefined;
  if (res.status === 401) {
    if (LEGACY_DISABLED_TEXT.test(res.body)) {
      return {
        cause: 'legacy-disabled',
        text: l10n.t("Label Studio refuses the backend's legacy token: legacy tokens are disabled for this organisation."),
        fix: l10n.t(
          'Put a personal access token in LABEL_STUDIO_API_KEY (with a label-studio-ml from February 2026 on), or enable legacy tokens in the organisation settings.',
        ),
      };
    }
    if (kind === 'personal-access' && !ctx.sdkCurrent) {
      return {
        cause: 'pat-sdk-too-old',
        text: l10n.t('Label Studio answers 401 to the personal access token; an older ML SDK sends it unexchanged.'),
        fix: l10n.t('Install label-studio-ml from git master and rebuild, or use a legacy token.'),
      };
    }
    return {
      cause: 'http-401',
      text: plan.sendsKey
        ? l10n.t("Label Studio answers 401 to the backend's key.")
        : l10n.t("Label Studio answers 401 to the backend's request (no key sent)."),
      fix: l10n.t('Put a valid token of a project member in LABEL_STUDIO_API_KEY (and check LABEL_STUDIO_URL names the same server).'),
    };
  }
  if (res.status === 403) {
    if (plan.kind === 'local-files' && LOCAL_FILES_OFF_TEXT.test(res.body)) {
      return {
        cause: 'local-files-off',
        text: l10n.t('Label Studio does not serve local files: it runs without LOCAL_FILES_SERVING_ENABLED=true.'),
        fix: l10n.t(
          'Start Label Studio with LOCAL_FILES_SERVING_ENABLED=true (and LOCAL_FILES_DOCUMENT_ROOT), or mount the files into the backend and set LOCAL_FILES_DOCUMENT_ROOT there.',
        ),
      };
    }
    return {
      cause: 'http-403',
      text: l10n.t("Label Studio answers 403: the key's user may not read this project's files."),
      fix: l10n.t('Use the token of a user with access to the project.'),
    };
  }
  if (res.status === 404) {
    return {
      cause: 'http-404',
      text:
        plan.kind === 'local-files'
          ? l10n.t('Label Studio answers 404: no Local Storage of the project covers this path.')
          : l10n.t('Label Studio answers 404: the file is not there (deleted upload, wrong LABEL_STUDIO_URL or path prefix).'),
      fix:
        plan.kind === 'local-files'
          ? l10n.t('Add a Local Storage whose path covers the file.')
          : l10n.t('Check that LABEL_STUDIO_URL is the server the task came from, including any path prefix.'),
    };
  }
  return { cause: 'http-error', text: l10n.t('Label Studio answers HTTP {0}.', res.status), fix: l10n.t("Read Label Studio's log.") };
}

function tokenExchangeFinding(e: unknown): Finding {
  return {
    cause: 'http-401',
    text: l10n.t(
      'The personal access token in LABEL_STUDIO_API_KEY could not be exchanged at /api/token/refresh/ ({0}).',
      e instanceof NetworkError ? e.reason : 'refused',
    ),
    fix: l10n.t('Create a new personal access token in Label Studio and put it in LABEL_STUDIO_API_KEY.'),
  };
}

/** The Authorization header the SDK would send with `key`: a PAT is exchanged once per check. */
export function sdkAuthHeader(key: string, labelStudioUrl: string, transport: HttpTransport): () => Promise<string | undefined> {
  let cached: Promise<string> | undefined;
  const kind = classifyToken(key).kind;
  if (kind === 'legacy') return async () => `Token ${key}`;
  if (kind === 'access') return async () => `Bearer ${key}`;
  return () => (cached ??= exchange(key, labelStudioUrl, transport));
}

async function exchange(key: string, labelStudioUrl: string, transport: HttpTransport): Promise<string> {
  const res = await transport.send({
    method: 'POST',
    url: fromHere(`${labelStudioUrl.replace(/\/+$/, '')}/api/token/refresh/`),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ refresh: key }),
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  const access = res.status === 200 ? (JSON.parse(res.body) as { access?: unknown }).access : undefined;
  if (typeof access !== 'string') throw new Error(`token exchange answered HTTP ${res.status}`);
  return `Bearer ${access}`;
}

function safeOrigin(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : 'Label Studio';
  } catch {
    return 'Label Studio';
  }
}
