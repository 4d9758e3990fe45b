/** Reading Label Studio's answers: JSON bodies, the error envelope, and bodies that are not JSON. */
import { HttpStatusError, UnexpectedResponseError } from './errors';
import type { HttpResponse } from '../net/http';
import { isObject } from '../text/json';
import * as l10n from '../text/l10n';

const MAX_DETAIL = 400;

export function looksLikeHtml(res: HttpResponse): boolean {
  const type = res.headers['content-type'] ?? '';
  return /text\/html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(res.body);
}

function htmlPageError(host: string, status: number): UnexpectedResponseError {
  return new UnexpectedResponseError(
    l10n.t('{0} answered with an HTML page (status {1}): is this the Label Studio URL?', host, status),
    status,
  );
}

/** Parses a 2xx body as JSON; an empty body reads as `undefined`. */
export function readJson(res: HttpResponse, host: string): unknown {
  if (looksLikeHtml(res)) throw htmlPageError(host, res.status);
  if (res.body.trim() === '') return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    throw new UnexpectedResponseError(
      l10n.t('{0} sent an answer that is not valid JSON (it may have been cut off).', host),
      res.status,
      `body starts: ${JSON.stringify(res.body.slice(0, 120))}`,
    );
  }
}

/** The error of a non-2xx answer: the envelope's `detail` and field errors when there is one. */
export function errorFromResponse(res: HttpResponse, host: string): Error {
  if (looksLikeHtml(res)) {
    // A 5xx page usually comes from a reverse proxy in front of a Label Studio that is down or slow.
    if (res.status >= 500)
      return new HttpStatusError(
        res.status,
        withRetryNote(res, l10n.t('{0} (an HTML error page from the server or a proxy in front of it)', reasonPhrase(res.status))),
        {},
        undefined,
        host,
      );
    return htmlPageError(host, res.status);
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    const text = stripHtml(res.body).trim();
    return new HttpStatusError(res.status, withRetryNote(res, text ? clip(text) : reasonPhrase(res.status)), {}, undefined, host);
  }
  const fieldErrors = readFieldErrors(body);
  return new HttpStatusError(
    res.status,
    withRetryNote(res, detailOf(body, fieldErrors) ?? reasonPhrase(res.status)),
    fieldErrors,
    excInfo(body),
    host,
  );
}

/** `detail` (possibly the server's words), with the server's Retry-After wish when it has one. */
function withRetryNote(res: HttpResponse, detail: string): string {
  const header = res.headers['retry-after'];
  if (!header || (res.status !== 429 && res.status !== 503)) return detail;
  return /^\d+$/.test(header.trim())
    ? l10n.t('{0} (the server asks to wait {1} s before trying again)', detail, header.trim())
    : l10n.t('{0} (the server asks to wait before trying again)', detail);
}

/**
 * Label Studio's `validation_errors`, as `{ field: [messages] }` with HTML stripped. A body that is
 * only such a map (DRF without Label Studio's envelope, e.g. `{"refresh": ["…"]}`) counts too.
 */
function readFieldErrors(body: unknown): Record<string, string[]> {
  // Keys are the server's: a prototype-free map, so a field named "__proto__" is just a field.
  const out: Record<string, string[]> = Object.create(null);
  const errors = isObject(body)
    ? isObject(body.validation_errors)
      ? body.validation_errors
      : isBareFieldErrors(body)
        ? body
        : undefined
    : undefined;
  if (!isObject(errors)) return out;
  for (const [field, messages] of Object.entries(errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    out[field] = list.map((m) => clip(stripHtml(typeof m === 'string' ? m : JSON.stringify(m))));
  }
  return out;
}

/** The one sentence worth showing from an error body, whatever shape it has. */
export function detailOf(body: unknown, fieldErrors: Record<string, string[]> = readFieldErrors(body)): string | undefined {
  const fields = Object.entries(fieldErrors);
  if (fields.length > 0) {
    return fields.map(([f, msgs]) => (f === 'non_field_errors' ? msgs.join(' ') : `${f}: ${msgs.join(' ')}`)).join('; ');
  }
  if (!isObject(body)) return typeof body === 'string' ? clip(stripHtml(body)) : undefined;
  for (const key of ['detail', 'error', 'message']) {
    const v = body[key];
    if (typeof v === 'string' && v.trim()) return clip(stripHtml(v));
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    return clip(body.errors.map((e) => stripHtml(typeof e === 'string' ? e : JSON.stringify(e))).join('; '));
  }
  return undefined;
}

function isBareFieldErrors(body: Record<string, unknown>): boolean {
  const entries = Object.entries(body);
  return (
    entries.length > 0 &&
    !['detail', 'error', 'errors', 'message'].some((k) => k in body) &&
    entries.every(([, v]) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === 'string'))
  );
}

function excInfo(body: unknown): string | undefined {
  return isObject(body) && typeof body.exc_info === 'string' ? body.exc_info : undefined;
}

/** Removes tags (Label Studio puts `<a href>` links in some messages) and decodes basic entities. */
export function stripHtml(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > MAX_DETAIL ? `${t.slice(0, MAX_DETAIL - 1)}…` : t;
}

/** The status in words, looked up when an error is made (the translator is installed after this module loads). */
function reasonPhrase(status: number): string {
  switch (status) {
    case 400:
      return l10n.t('Bad request');
    case 401:
      return l10n.t('Unauthorized');
    case 403:
      return l10n.t('Forbidden');
    case 404:
      return l10n.t('Not found');
    case 405:
      return l10n.t('Method not allowed');
    case 408:
      return l10n.t('Request timeout');
    case 429:
      return l10n.t('Too many requests');
    case 500:
      return l10n.t('Internal server error');
    case 502:
      return l10n.t('Bad gateway');
    case 503:
      return l10n.t('Service unavailable');
    case 504:
      return l10n.t('Gateway timeout');
    default:
      return `HTTP ${status}`;
  }
}

/** The server's reason for a 401: the JSON detail, else a short plain-text body (e.g. "User not found"). */
export function unauthorizedDetail(res: HttpResponse, fallback = l10n.t('Unauthorized')): string {
  const fromJson = detailOf(safeJson(res.body));
  if (fromJson) return fromJson;
  if (looksLikeHtml(res)) return fallback;
  const text = stripHtml(res.body).replace(/\s+/g, ' ').trim();
  return text ? (text.length > 200 ? `${text.slice(0, 199)}…` : text) : fallback;
}

/** A 401 that comes from Label Studio's own authentication (the envelope), not passed through from an ML server. */
export function isAuthFailure(res: HttpResponse): boolean {
  const body = safeJson(res.body);
  return typeof body === 'object' && body !== null && ('status_code' in body || (!('error' in body) && 'detail' in body));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function redirectError(host: string, res: HttpResponse): HttpStatusError {
  const location = res.headers.location ?? '';
  let target = location;
  try {
    const url = new URL(location, 'http://placeholder');
    target = url.host === 'placeholder' ? url.pathname : url.host + url.pathname;
  } catch {
    /* keep the raw header */
  }
  return new HttpStatusError(
    res.status,
    target
      ? l10n.t('redirected to {0} (a login page or a wrong URL?). The redirect was not followed, so the token was not sent there.', target)
      : l10n.t(
          'redirected to another page (a login page or a wrong URL?). The redirect was not followed, so the token was not sent there.',
        ),
    {},
    undefined,
    host,
  );
}
