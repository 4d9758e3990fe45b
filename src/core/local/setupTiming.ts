/**
 * Times `POST /setup` the way Label Studio calls it (same body, 3 s read timeout by default), and
 * says whether that is close to the limit. A model that loads its weights in `setup()` or
 * `__init__` pays that on every request, because the ML SDK builds a new model object per request.
 */
import type { HttpTransport } from '../net/http';
import * as l10n from '../text/l10n';
import { NetworkError, messageOf } from '../api/errors';

/** `ML_TIMEOUT_SETUP`: Label Studio's read timeout for /setup. */
export const SETUP_LIMIT_MS = 3000;
/** From this share of the limit on, the timing is reported as a warning. */
export const NEAR_LIMIT_SHARE = 0.6;

export interface SetupTiming {
  ms: number;
  status?: number;
  verdict: 'ok' | 'near-limit' | 'over-limit' | 'failed';
  /** One sentence for the user (no server text in it). */
  summary: string;
  /** The server's error detail, untrusted: for documents only. */
  detail?: string;
  fix?: string;
}

/** The fix for a slow /setup (a function: translated when asked, not when this module loads). */
export function slowSetupFix(): string {
  return l10n.t(
    'Load the model weights once per process, lazily (a module-level cache filled on first use), not in setup() or __init__: the ML SDK creates a new model object for every request, and Label Studio gives /setup 3 s.',
  );
}

export function setupBody(projectUid: string, labelConfig: string, labelStudioUrl: string): Record<string, unknown> {
  // Keys exactly as Label Studio 1.22 sends them; access_token stays null: the extension never passes a token to the backend.
  return { project: projectUid, schema: labelConfig, hostname: labelStudioUrl, access_token: null, extra_params: null };
}

export async function timeSetup(
  backendUrl: string,
  body: Record<string, unknown>,
  transport: HttpTransport,
  now: () => number = Date.now,
  limitMs = SETUP_LIMIT_MS,
): Promise<SetupTiming> {
  const started = now();
  try {
    // Wait past the limit (up to 4×) to say how slow it is, not only that it is too slow.
    const res = await transport.send({
      method: 'POST',
      url: `${backendUrl.replace(/\/+$/, '')}/setup`,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'heartex/label-studio-vscode' },
      body: JSON.stringify(body),
      timeoutMs: limitMs * 4,
    });
    return judgeSetup(now() - started, res.status, res.body, limitMs);
  } catch (e) {
    const ms = now() - started;
    if (e instanceof NetworkError && e.reason === 'timeout') return judgeSetup(ms, undefined, undefined, limitMs);
    return {
      ms,
      verdict: 'failed',
      summary: l10n.t('/setup could not be called: {0}.', e instanceof NetworkError ? e.reason : 'error'),
      detail: messageOf(e),
    };
  }
}

export function judgeSetup(ms: number, status: number | undefined, body: string | undefined, limitMs = SETUP_LIMIT_MS): SetupTiming {
  const seconds = (ms / 1000).toFixed(1);
  if (status !== undefined && status !== 200) {
    return {
      ms,
      status,
      verdict: 'failed',
      summary: l10n.t('/setup answered HTTP {0} after {1} s: Label Studio will mark the backend as failing.', status, seconds),
      detail: body,
    };
  }
  if (ms >= limitMs) {
    return {
      ms,
      status,
      verdict: 'over-limit',
      summary: l10n.t("/setup took {0} s, over Label Studio's {1} s limit: it will time out.", seconds, limitMs / 1000),
      fix: slowSetupFix(),
    };
  }
  if (ms >= limitMs * NEAR_LIMIT_SHARE) {
    return {
      ms,
      status,
      verdict: 'near-limit',
      summary: l10n.t("/setup took {0} s, close to Label Studio's {1} s limit.", seconds, limitMs / 1000),
      fix: slowSetupFix(),
    };
  }
  return { ms, status, verdict: 'ok', summary: l10n.t('/setup took {0} s (limit {1} s).', seconds, limitMs / 1000) };
}
