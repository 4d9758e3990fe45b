/**
 * Sends a `/predict` body straight to the local backend and measures both sides: the extension's own
 * work (building and encoding the payload) and the round trip the backend takes.
 */
import type { HttpTransport } from '../net/http';
import { messageOf, NetworkError } from '../api/errors';

/** Label Studio's `ML_TIMEOUT_PREDICT`. */
export const PREDICT_TIMEOUT_MS = 100_000;

export interface LocalPredictAnswer {
  url: string;
  status?: number;
  /** The parsed answer (untrusted), or the raw text when it is not JSON. */
  body?: unknown;
  /** Why no answer came. */
  failure?: string;
  /** Building and encoding the payload, ms. */
  buildMs: number;
  /** Sending until the full answer was read, ms. */
  roundTripMs: number;
}

export async function predictLocally(
  backendUrl: string,
  build: () => Record<string, unknown>,
  transport: HttpTransport,
  now: () => number = () => performance.now(),
): Promise<LocalPredictAnswer> {
  const url = `${backendUrl.replace(/\/+$/, '')}/predict`;
  const t0 = now();
  const body = JSON.stringify(build());
  const t1 = now();
  try {
    const res = await transport.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'heartex/label-studio-vscode' },
      body,
      timeoutMs: PREDICT_TIMEOUT_MS,
    });
    const roundTripMs = now() - t1;
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // Not JSON (Flask's HTML 500 page): kept as text.
    }
    return { url, status: res.status, body: parsed, buildMs: t1 - t0, roundTripMs };
  } catch (e) {
    return {
      url,
      failure: e instanceof NetworkError ? `${e.reason}: ${e.message}` : messageOf(e),
      buildMs: t1 - t0,
      roundTripMs: now() - t1,
    };
  }
}

/** The predictions of the answer (`results`), when it has that shape. */
export function resultsOf(answer: LocalPredictAnswer): unknown[] | undefined {
  const body = answer.body as { results?: unknown } | undefined;
  return answer.status === 200 && Array.isArray(body?.results) ? body.results : undefined;
}

/** The SDK's error text (`detail` of its JSON 500), when it sent one. */
export function errorDetailOf(answer: LocalPredictAnswer): string | undefined {
  const body = answer.body as { detail?: unknown } | undefined;
  return typeof body?.detail === 'string' ? body.detail : undefined;
}
