/**
 * "Diagnose Backend": compares what Label Studio reports about a backend with what this machine
 * sees when it calls the backend's /health, and names the likely cause and the fix. The most common
 * case: Label Studio (often in Docker) cannot reach a model the developer can reach on localhost.
 */
import { lookOfState } from './backendState';
import type { NetworkReason } from '../api/errors';
import type { HttpTransport } from '../net/http';
import { NetworkError } from '../api/errors';
import type { MlBackend } from '../api/models';
import { codeSpan, fencedCodeBlock, inertProse, inlineCode } from '../text/markdown';
import { displayTitle, formatTimestamp } from '../view/presentation';
import { proxyFor, type ProxyChoice, type ProxySettings } from '../net/proxy';
import { isLoopbackHost } from '../net/serverUrl';

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

export interface Diagnosis {
  verdict: string;
  cause: string;
  fixes: string[];
}

/** Hosts that mean "this machine" to whoever calls them (0.0.0.0 too, as a target). */
export const isLocalTarget = (host: string): boolean => isLoopbackHost(host) || host === '0.0.0.0';

/**
 * Where the probe goes: the backend URL's origin and path + `/health`. Query, fragment and user info
 * are dropped, so a hostile URL (`http://host/?x=`) cannot aim the probe at another path or query.
 */
export function probeUrl(backendUrl: string): string {
  try {
    const url = new URL(backendUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname.replace(/\/+$/, '')}/health`;
  } catch {
    /* not a URL: the request fails and the report says so */
  }
  return backendUrl;
}

/** The probe's URL and the proxy it goes through: the same rules as any request from this machine. */
export function probeRoute(backendUrl: string, settings: ProxySettings, env: NodeJS.ProcessEnv): { url: string; proxy?: ProxyChoice } {
  const url = probeUrl(backendUrl);
  let proxy: ProxyChoice | undefined;
  try {
    proxy = proxyFor(url, settings, env);
  } catch {
    proxy = undefined;
  }
  return { url, proxy };
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

export function diagnose(backend: MlBackend, labelStudioUrl: string, probe: HealthProbe): Diagnosis {
  const state = backend.state;
  const backendHost = safeHost(backend.url);
  const loopback = isLocalTarget(backendHost);
  const lsLoopback = isLocalTarget(safeHost(labelStudioUrl));
  const portHint = safePort(backend.url);
  const needsAuth = probe.status === 401;

  if (needsAuth) {
    if (backend.auth_method !== 'BASIC_AUTH') {
      return {
        verdict: 'The backend asks for a user name and password, and Label Studio sends none.',
        cause: 'The ML server runs with BASIC_AUTH_USER / BASIC_AUTH_PASS, but the connection in Label Studio has no authentication.',
        fixes: ['Edit the ML backend (Label Studio: Edit ML Backend…) and choose Basic Authentication with the same user and password.'],
      };
    }
    if (state !== 'CO') {
      return {
        verdict: 'The backend asks for a user name and password; the ones stored in Label Studio do not work.',
        cause:
          `Label Studio reports ${codeSpan(lookOfState(state).label)}: the stored basic-auth credentials ` +
          `(user ${codeSpan(backend.basic_auth_user ?? '')}) were refused.`,
        fixes: [
          'Edit the ML backend and type the password again (the stored one cannot be read back).',
          "Check BASIC_AUTH_USER / BASIC_AUTH_PASS in the ML server's environment.",
        ],
      };
    }
    return {
      verdict: "All good: the backend requires basic auth and Label Studio's credentials work.",
      cause: 'This machine got 401 because it sends no credentials, as expected.',
      fixes: [],
    };
  }

  if (probe.healthy) {
    if (state === 'CO')
      return { verdict: 'All good: this machine and Label Studio both reach the backend, and it is set up.', cause: '', fixes: [] };
    if (state === 'ER') {
      return {
        verdict: 'Label Studio reaches the backend, but the model fails to start (/setup fails).',
        cause: 'The /health check passes; the error message below is what /setup (or the last training) failed with.',
        fixes: [
          "Read the error message and the ML server's own log (the traceback is there).",
          'Typical causes: model weights or files missing, a label config the model does not support, LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY not set on the ML server when it downloads task data.',
          'After fixing, refresh: Label Studio re-runs /setup on every read.',
        ],
      };
    }
    if (state === 'DI') {
      if (loopback) {
        return {
          verdict: `This machine reaches the backend at ${codeSpan(backendHost)}, Label Studio does not.`,
          cause:
            `Label Studio calls ${codeSpan(backend.url)} from its own host or container, where ${codeSpan(backendHost)} means itself, ` +
            `not this machine.${lsLoopback ? ' Label Studio is on this machine too, so it most likely runs in Docker.' : ''}`,
          fixes: [
            `If Label Studio runs in Docker: use ${codeSpan(`http://host.docker.internal${portHint}`)} as the backend URL ` +
              '(Docker Desktop; on Linux start Label Studio with --add-host=host.docker.internal:host-gateway).',
            `Or use this machine's address as Label Studio sees it (e.g. ${codeSpan(`http://192.168.1.20${portHint}`)}); ` +
              'the ML server must listen on 0.0.0.0, not only on 127.0.0.1.',
            "Or run both in one docker compose project and use the ML service's name (`http://ml-backend:9090`).",
          ],
        };
      }
      return {
        verdict: 'This machine reaches the backend, Label Studio does not.',
        cause:
          'Something between Label Studio and the backend blocks the call: a firewall, another network (Docker network, VPN), or a host name that resolves differently on the Label Studio host.',
        fixes: [
          `From the Label Studio host (or container), try: ${codeSpan(`curl ${probe.url}`)}`,
          "Open the backend's port in the firewall, or use an address both can reach.",
        ],
      };
    }
    return { verdict: `Both reach the backend; Label Studio reports it as ${codeSpan(lookOfState(state).label)}.`, cause: '', fixes: [] };
  }

  if (probe.status !== undefined) {
    return {
      verdict: `The backend answers /health with status ${probe.status} instead of {"status": "UP"}.`,
      cause: 'The ML server runs but its health check fails (often: the model class raised while loading).',
      fixes: ["Read the ML server's log.", 'Check that the URL points at the ML server itself and not at a proxy or another app.'],
    };
  }

  const why = codeSpan(probe.failure?.message ?? 'no answer');
  if (state === 'CO' || state === 'ER') {
    return {
      verdict: 'Label Studio reaches the backend; this machine does not — which is fine for Label Studio.',
      cause: `The URL names a host that only Label Studio's network knows (for example a Docker service name). From here: ${why}`,
      fixes: state === 'ER' ? ["The backend is reached but /setup fails: read the error message and the ML server's log."] : [],
    };
  }
  return {
    verdict: 'Neither this machine nor Label Studio reaches the backend: it is most likely not running, or not at that address.',
    cause: `From here: ${why}`,
    fixes: [
      `Start the ML server (e.g. \`label-studio-ml start ./my_backend -p ${portHint.slice(1) || '9090'}\`, or \`docker compose up\` in the backend's folder) and check the port.`,
      'Make it listen on 0.0.0.0 if Label Studio runs on another host or in a container.',
      'Check the URL for typos (scheme, host, port, path).',
    ],
  };
}

/**
 * The report, as Markdown that the (untrusted) Markdown preview may render: every server value is an
 * inline code span or a fenced block, and prose that quotes server values is made inert.
 */
export function diagnosisReport(backend: MlBackend, labelStudioUrl: string, probe: HealthProbe, result: Diagnosis): string {
  const lines = [`# Diagnosis of ML backend ${inlineCode(displayTitle(backend))}`, '', `## ${inertProse(result.verdict)}`, ''];
  if (result.cause) lines.push(inertProse(result.cause), '');
  if (result.fixes.length > 0) lines.push('What to do:', '', ...result.fixes.map((f) => `- ${inertProse(f)}`), '');
  lines.push(
    '## What Label Studio reports',
    '',
    `- Server: ${inlineCode(labelStudioUrl)}`,
    `- Backend URL: ${inlineCode(backend.url)}`,
    `- State: ${inertProse(lookOfState(backend.state).label)} (checked ${formatTimestamp(backend.updated_at) ?? 'at an unknown time'})`,
    `- Authentication: ${backend.auth_method === 'BASIC_AUTH' ? `basic auth as ${inlineCode(backend.basic_auth_user ?? '')}` : 'none'}`,
  );
  if (backend.error_message?.trim()) lines.push('- Error message:', '', fencedCodeBlock(backend.error_message.trim()));
  lines.push(
    '',
    '## What this machine sees',
    '',
    `- GET ${inlineCode(probe.url)} (no credentials sent)`,
    probe.status !== undefined
      ? `- Answer: HTTP ${probe.status} in ${probe.ms} ms${probe.modelClass ? `, model class ${inlineCode(probe.modelClass)}` : ''}`
      : `- No answer after ${probe.ms} ms: ${inlineCode(probe.failure?.message ?? 'unknown error')}`,
    '',
    "Label Studio decides a backend's state by calling its /health, then /setup, from the Label Studio server itself.",
    '',
  );
  return lines.join('\n');
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function safePort(url: string): string {
  try {
    const port = new URL(url).port;
    return port ? `:${port}` : '';
  } catch {
    return '';
  }
}
