/**
 * Typed failures of the Label Studio client. `message` is short and written for users (it may be
 * shown in the tree); `detail` holds what the log needs. Neither ever contains a token.
 */

export type NetworkReason = 'refused' | 'dns' | 'timeout' | 'tls' | 'reset' | 'other';

export abstract class LabelStudioError extends Error {
  abstract readonly kind: string;
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server refused the credentials (401): asking again will not help until the user acts. */
export class TokenRejectedError extends LabelStudioError {
  readonly kind = 'token-rejected';
  constructor(host: string, readonly serverDetail: string, readonly tokenKind: string) {
    super(`${host} rejected the ${tokenKind}: ${serverDetail}${hintFor(serverDetail)}`);
  }
}

/** No token is stored for the server. */
export class MissingTokenError extends LabelStudioError {
  readonly kind = 'no-token';
  constructor(host: string) {
    super(`No API token is set for ${host}.`);
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
  ) {
    super(`Label Studio answered ${status}: ${serverDetail}`, detail);
  }
}

/** A body that is not the JSON Label Studio sends: an HTML page, truncated JSON, an odd shape. */
export class UnexpectedResponseError extends LabelStudioError {
  readonly kind = 'unexpected-response';
  constructor(message: string, readonly status?: number, detail?: string) {
    super(message, detail);
  }
}

/** The request never got an answer: refused, unknown host, timeout, TLS, reset. */
export class NetworkError extends LabelStudioError {
  readonly kind = 'network';
  constructor(readonly reason: NetworkReason, message: string, detail?: string) {
    super(message, detail);
  }
}

/** The caller cancelled the request. */
export class CancelledError extends LabelStudioError {
  readonly kind = 'cancelled';
  constructor() {
    super('The request was cancelled.');
  }
}

function hintFor(detail: string): string {
  if (/legacy token authentication has been disabled/i.test(detail)) {
    return '. Create a personal access token in Label Studio (Account & Settings → Personal Access Token) and set it instead.';
  }
  if (/blacklisted|expired|invalid/i.test(detail)) return '. Set a new token.';
  return '.';
}

export function isLabelStudioError(e: unknown): e is LabelStudioError {
  return e instanceof LabelStudioError;
}

/** A user-facing message for anything thrown, without stack traces. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
