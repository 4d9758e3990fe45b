// What a route handler returns, and the error types that become Label Studio's JSON error envelope.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function jsonReply(status: number, data: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', Vary: 'Accept, Cookie', ...headers },
    body: Buffer.from(JSON.stringify(data)),
  };
}

/**
 * DRF `Response(status=...)` with no data: empty body and, because DRF deletes the header for an
 * empty rendering, no Content-Type at all (train → 200, delete → 204).
 */
export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers: { Vary: 'Accept, Cookie', ...headers }, body: Buffer.alloc(0) };
}

export function textReply(status: number, text: string, contentType: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: Buffer.from(text) };
}

export interface EnvelopeExtras {
  excInfo?: string | null;
  validationErrors?: Record<string, string[]>;
}

/** `core.utils.common.custom_exception_handler`: keys in this exact order. */
export function errorEnvelope(status: number, detail: string, version: string, extras: EnvelopeExtras = {}) {
  const body: Record<string, unknown> = {
    id: randomUUID(),
    status_code: status,
    version,
    detail,
    exc_info: extras.excInfo ?? null,
  };
  if (extras.validationErrors) body.validation_errors = extras.validationErrors;
  return body;
}

/** An error raised inside a DRF view; rendered as the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extras: EnvelopeExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** DRF ValidationError → 400, detail "Validation error", errors under `validation_errors`. */
export class ValidationFailed extends ApiError {
  constructor(errors: Record<string, string[]>) {
    super(400, 'Validation error', { validationErrors: errors });
  }
}

export function nonFieldError(message: string): ValidationFailed {
  return new ValidationFailed({ non_field_errors: [message] });
}

/** A Python exception escaping a view → 500 with the traceback in exc_info. */
export class PythonCrash extends ApiError {
  constructor(detail: string, traceback: string) {
    super(500, detail, { excInfo: traceback });
  }
}

/** A view that builds its own body (versions `{"error"}`, interactive `{"errors"}`, predict/test `{"detail"}`). */
export class PlainJsonError extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown';
}
