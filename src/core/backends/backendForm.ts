/**
 * The Add / Edit ML Backend form as data: what the user typed, checked locally, and turned into the
 * request Label Studio needs. Edits always carry `url` and `project` (a PATCH without them crashes
 * real servers) and keep a stored basic-auth password unless a new one is typed.
 */
import type { MlBackend } from '../api/models';
import { jsonProblem } from '../text/json';
import * as l10n from '../text/l10n';

export interface BackendDraft {
  url: string;
  title: string;
  authMethod: 'NONE' | 'BASIC_AUTH';
  basicAuthUser: string;
  /** Empty on an edit means "keep the stored password". */
  basicAuthPass: string;
  isInteractive: boolean;
  /** JSON text, or empty for none. */
  extraParams: string;
  /** Free text shown in Label Studio (empty for none). */
  description: string;
  /** Seconds Label Studio waits for the backend's /predict, as typed; empty = Label Studio's default (100). */
  timeout: string;
}

/** The steps of the form, in order; a server error names the step to correct. */
export type FormStep = 'url' | 'title' | 'description' | 'auth' | 'interactive' | 'timeout' | 'extraParams';

/** Label Studio's default `timeout` (seconds) for a new backend. */
export const DEFAULT_TIMEOUT_SECONDS = 100;

export function emptyDraft(): BackendDraft {
  return {
    url: '',
    title: '',
    authMethod: 'NONE',
    basicAuthUser: '',
    basicAuthPass: '',
    isInteractive: false,
    extraParams: '',
    description: '',
    timeout: '',
  };
}

export function draftFromBackend(b: MlBackend): BackendDraft {
  return {
    url: b.url,
    title: b.title ?? '',
    authMethod: b.auth_method === 'BASIC_AUTH' ? 'BASIC_AUTH' : 'NONE',
    basicAuthUser: b.basic_auth_user ?? '',
    basicAuthPass: '',
    isInteractive: b.is_interactive,
    extraParams: b.extra_params === null || b.extra_params === undefined ? '' : JSON.stringify(b.extra_params, null, 0),
    description: b.description ?? '',
    timeout: b.timeout === null ? '' : String(b.timeout),
  };
}

/** Why a backend URL cannot be sent, or undefined. Checked before anything leaves the machine. */
export function backendUrlProblem(value: string): string | undefined {
  const text = value.trim();
  if (!text) return l10n.t('Enter the URL of the ML backend, e.g. http://localhost:9090');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return l10n.t('This is not a URL. It starts with http:// or https://, e.g. http://localhost:9090');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return l10n.t('Label Studio accepts only http:// and https:// ML backend URLs.');
  if (url.username || url.password) return l10n.t('Put the user name and password in the authentication step, not in the URL.');
  return undefined;
}

/** Why the extra params text is not usable JSON, or undefined (empty is fine). */
export function extraParamsProblem(text: string): string | undefined {
  return text.trim() ? jsonProblem(text) : undefined;
}

/** Why the timeout text is not usable, or undefined (empty = the default). */
export function timeoutProblem(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (Number.isFinite(n) && n > 0) return undefined;
  return l10n.t('Enter the number of seconds Label Studio waits for a prediction, e.g. {0}.', DEFAULT_TIMEOUT_SECONDS);
}

/** The typed timeout in seconds, or undefined when left empty. */
export function parseTimeout(text: string): number | undefined {
  return text.trim() ? Number(text.trim()) : undefined;
}

export function parseExtraParams(text: string): unknown {
  return text.trim() ? JSON.parse(text) : null;
}

/** Body of `POST /api/ml/`. */
export function createPayload(draft: BackendDraft, projectId: number): Record<string, unknown> {
  const body: Record<string, unknown> = {
    url: draft.url.trim(),
    project: projectId,
    is_interactive: draft.isInteractive,
    auth_method: draft.authMethod,
  };
  if (draft.title.trim()) body.title = draft.title.trim();
  if (draft.authMethod === 'BASIC_AUTH') {
    body.basic_auth_user = draft.basicAuthUser;
    body.basic_auth_pass = draft.basicAuthPass;
  }
  const extra = parseExtraParams(draft.extraParams);
  if (extra !== null) body.extra_params = extra;
  if (draft.description.trim()) body.description = draft.description.trim();
  const timeout = parseTimeout(draft.timeout);
  if (timeout !== undefined) body.timeout = timeout;
  return body;
}

/**
 * Body of `PATCH /api/ml/{id}`: the changed fields plus `url` and `project`, and for basic auth the
 * user with `basic_auth_pass: ""` (keep) unless a new password was typed. Undefined when nothing changed.
 */
export function patchPayload(original: MlBackend, draft: BackendDraft): Record<string, unknown> | undefined {
  const before = draftFromBackend(original);
  const changes: Record<string, unknown> = {};
  if (draft.url.trim() !== before.url) changes.url = draft.url.trim();
  if (draft.title.trim() !== before.title) changes.title = draft.title.trim();
  if (draft.isInteractive !== before.isInteractive) changes.is_interactive = draft.isInteractive;
  if (draft.authMethod !== before.authMethod) changes.auth_method = draft.authMethod;
  if (draft.authMethod === 'BASIC_AUTH' && draft.basicAuthUser !== before.basicAuthUser) changes.basic_auth_user = draft.basicAuthUser;
  if (draft.authMethod === 'BASIC_AUTH' && draft.basicAuthPass) changes.basic_auth_pass = draft.basicAuthPass;
  if (!sameJson(parseExtraParams(draft.extraParams), original.extra_params ?? null))
    changes.extra_params = parseExtraParams(draft.extraParams);
  if (draft.description.trim() !== before.description.trim()) changes.description = draft.description.trim();
  // An emptied timeout box keeps the stored value (there is no "unset" in Label Studio).
  const timeout = parseTimeout(draft.timeout);
  if (timeout !== undefined && timeout !== original.timeout) changes.timeout = timeout;
  if (Object.keys(changes).length === 0) return undefined;

  const body: Record<string, unknown> = { url: draft.url.trim(), project: original.project, ...changes };
  if (draft.authMethod === 'BASIC_AUTH') {
    // Label Studio re-runs the health check with the submitted fields only: without these it would
    // call the backend unauthenticated; an empty password means "keep the stored one".
    body.auth_method = 'BASIC_AUTH';
    body.basic_auth_user = draft.basicAuthUser;
    body.basic_auth_pass = draft.basicAuthPass || '';
  }
  return body;
}

/** Which step a server validation error belongs to, so the user corrects only that value. */
export function stepForServerError(fieldErrors: Record<string, string[]>, message: string): FormStep {
  const fields = Object.keys(fieldErrors);
  if (fields.some((f) => f.startsWith('basic_auth') || f === 'auth_method')) return 'auth';
  if (fields.includes('extra_params')) return 'extraParams';
  if (fields.includes('title')) return 'title';
  if (fields.includes('description')) return 'description';
  if (fields.includes('timeout')) return 'timeout';
  if (fields.includes('is_interactive')) return 'interactive';
  if (/authenticat|username and password/i.test(message)) return 'auth';
  return 'url';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
