/**
 * What this machine sees of an ML backend: `GET /health` from here (probeRoute.ts says where and
 * through which proxy), timed, without any credential; the answer's `model_class` when it has one.
 */
import type { NetworkReason } from '../api/errors';
import { NetworkError } from '../api/errors';
import type { HttpTransport } from '../net/http';
import { probeUrl } from './probeRoute';

export interface HealthProbe {
  url: string;
  /** HTTP status when the backend answered. */
  status?: number;
  ms: number;
  /** `model_class` from the label-studio-ml-backend /health answer. */
  modelClass?: string;
  healthy: boolean;
  /** Why the request failed, when it did. */
  failure?: { reason: NetworkReason; message: string };
}

/** `GET {origin}{path}/health` from this machine, without any credential (the Label Studio token never goes there). */
export async function probeHealth(
  backendUrl: string,
  transport: HttpTransport,
  timeoutMs = 5000,
  now: () => number = Date.now,
): Promise<HealthProbe> {
  const url = probeUrl(backendUrl);
  const started = now();
  try {
    const res = await transport.send({ method: 'GET', url, headers: { accept: 'application/json' }, timeoutMs });
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const modelClass = typeof body?.model_class === 'string' ? body.model_class : undefined;
    return { url, status: res.status, ms: now() - started, modelClass, healthy: res.status === 200 && body?.status === 'UP' };
  } catch (e) {
    const failure =
      e instanceof NetworkError
        ? { reason: e.reason, message: e.message }
        : { reason: 'other' as const, message: e instanceof Error ? e.message : String(e) };
    return { url, ms: now() - started, healthy: false, failure };
  }
}
