import { forLog } from '../text/safeText';

/**
 * Typed failures of the Label Studio client. `message` is short and written for users (it may be
 * shown in the tree); `detail` holds what the log needs. Neither ever contains a token.
 */
import { lastLine } from '../text/lines';
import * as l10n from '../text/l10n';

export type NetworkReason = 'refused' | 'dns' | 'timeout' | 'tls' | 'reset' | 'too-large' | 'other';

export abstract class LabelStudioError extends Error {
  abstract readonly kind: string;
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server refused the credentials (401): asking again will not help until the user acts. */
export class TokenRejectedError extends LabelStudioError {
  readonly kind = 'token-rejected';
  constructor(
    host: string,
    readonly serverDetail: string,
    readonly tokenKind: string,
  ) {
    super(rejectionMessage(host, tokenKind, serverDetail));
  }
}

/** A stored token that looks like a personal access token but does not decode: it is not sent at all. */
export class DamagedTokenError extends TokenRejectedError {
  constructor(host: string) {
    super(host, 'damaged token', 'personal access token');
    this.message = l10n.t(
      'The token stored for {0} looks like a personal access token but is damaged (it does not decode), so it was not sent. Copy it again from Label Studio and set it.',
      host,
    );
  }
}

/** An HTTP error status with Label Studio's JSON error envelope (or another JSON body). */
export class HttpStatusError extends LabelStudioError {
  readonly kind = 'http';
  constructor(
    readonly status: number,
    readonly serverDetail: string,
    readonly fieldErrors: Record<string, string[]> = {},
    detail?: string,
    /** The server (host[:port][/prefix]) that answered, so the message says which one. */
    host?: string,
  ) {
    super(
      host
        ? l10n.t('Label Studio at {0} answered {1}: {2}', host, status, serverDetail)
        : l10n.t('Label Studio answered {0}: {1}', status, serverDetail),
      detail,
    );
  }
}

/** A body that is not the JSON Label Studio sends: an HTML page, truncated JSON, an odd shape. */
export class UnexpectedResponseError extends LabelStudioError {
  readonly kind = 'unexpected-response';
  constructor(
    message: string,
    readonly status?: number,
    detail?: string,
  ) {
    super(message, detail);
  }
}

/** The request never got an answer: refused, unknown host, timeout, TLS, reset. */
export class NetworkError extends LabelStudioError {
  readonly kind = 'network';
  constructor(
    readonly reason: NetworkReason,
    message: string,
    detail?: string,
  ) {
    super(message, detail);
  }
}

/** The caller cancelled the request. */
export class CancelledError extends LabelStudioError {
  readonly kind = 'cancelled';
  constructor() {
    super(l10n.t('The request was cancelled.'));
  }
}

/** "host rejected the token kind: the server's words." with the hint that fits them, as one message each. */
function rejectionMessage(host: string, tokenKind: string, serverDetail: string): string {
  const said = serverDetail.replace(/[.\s]+$/, '');
  if (/legacy token authentication has been disabled/i.test(serverDetail)) {
    return l10n.t(
      '{0} rejected the {1}: {2}. Create a personal access token in Label Studio (Account & Settings → Personal Access Token) and set it instead.',
      host,
      tokenKind,
      said,
    );
  }
  if (/blacklisted|expired|invalid/i.test(serverDetail))
    return l10n.t('{0} rejected the {1}: {2}. Set a new token.', host, tokenKind, said);
  return l10n.t('{0} rejected the {1}: {2}.', host, tokenKind, said);
}

/** Secrets shorter than this are not masked: a 1-character "token" would garble every message. */
const MIN_SECRET_LENGTH = 6;

/** Masks every occurrence of the given secrets in a text. */
export function redactText(text: string, secrets: readonly string[], mask = '‹redacted›'): string {
  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).reduce((t, s) => (t.includes(s) ? t.split(s).join(mask) : t), text);
}

/**
 * Masks the given secrets in an error's texts (a hostile or careless server may echo the
 * credentials it received). Returns the same error.
 */
export function redactError<E>(error: E, secrets: readonly string[], mask = '‹redacted›'): E {
  if (!(error instanceof Error)) return error;
  const clean = (text: string) => redactText(text, secrets, mask);
  const e = error as unknown as Record<string, unknown>;
  for (const key of ['message', 'detail', 'serverDetail']) {
    if (typeof e[key] === 'string') e[key] = clean(e[key] as string);
  }
  const fields = e.fieldErrors;
  if (fields && typeof fields === 'object') {
    for (const [field, list] of Object.entries(fields as Record<string, unknown>)) {
      if (Array.isArray(list)) (fields as Record<string, unknown>)[field] = list.map((m) => (typeof m === 'string' ? clean(m) : m));
    }
  }
  return error;
}

/** A user-facing message for anything thrown, without stack traces. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const MAX_LOG_ERROR_CHARS = 600;

/** A log line's reason: HTTP status and the server's words, or the network reason and code. */
export function logText(e: unknown): string {
  let text: string;
  if (e instanceof CancelledError) text = 'cancelled';
  else if (e instanceof TokenRejectedError) text = `HTTP 401: ${e.serverDetail}`;
  else if (e instanceof HttpStatusError) text = `HTTP ${e.status}: ${e.serverDetail}${e.detail ? ` [${lastLine(e.detail)}]` : ''}`;
  else if (e instanceof UnexpectedResponseError)
    text = `${e.status ? `HTTP ${e.status}: ` : ''}${e.message}${e.detail ? ` (${e.detail})` : ''}`;
  else if (e instanceof LabelStudioError) text = `${e.message}${e.detail ? ` (${e.detail})` : ''}`;
  else text = e instanceof Error ? e.message : String(e);
  text = forLog(text).replace(/\s+/g, ' ').trim();
  return text.length > MAX_LOG_ERROR_CHARS ? `${text.slice(0, MAX_LOG_ERROR_CHARS - 1)}…` : text;
}
