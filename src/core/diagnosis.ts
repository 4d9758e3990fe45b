/**
 * "Diagnose Backend": compares what Label Studio reports about a backend with what this machine
 * sees when it calls the backend's /health, and names the likely cause and the fix. The most common
 * case: Label Studio (often in Docker) cannot reach a model the developer can reach on localhost.
 */
import { lookOfState } from './backendState';
import type { NetworkReason } from './errors';
import type { HttpTransport } from './http';
import { NetworkError } from './errors';
import type { MlBackend } from './models';
import { displayTitle, formatTimestamp } from './presentation';

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

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;

/** Whether a host name means "this machine" to whoever resolves it (inside a container: the container). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** `GET {url}/health` from this machine, without any credential (the Label Studio token never goes there). */
export async function probeHealth(backendUrl: string, transport: HttpTransport, timeoutMs = 5000, now: () => number = Date.now): Promise<HealthProbe> {
  const url = `${backendUrl.replace(/\/+$/, '')}/health`;
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
    const failure = e instanceof NetworkError ? { reason: e.reason, message: e.message } : { reason: 'other' as const, message: e instanceof Error ? e.message : String(e) };
    return { url, ms: now() - started, healthy: false, failure };
  }
}

export function diagnose(backend: MlBackend, labelStudioUrl: string, probe: HealthProbe): Diagnosis {
  const state = backend.state;
  const backendHost = safeHost(backend.url);
  const loopback = LOOPBACK.test(backendHost);
  const lsLoopback = LOOPBACK.test(safeHost(labelStudioUrl));
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
        cause: `Label Studio reports ${lookOfState(state).label}: the stored basic-auth credentials (user "${backend.basic_auth_user ?? ''}") were refused.`,
        fixes: ['Edit the ML backend and type the password again (the stored one cannot be read back).', 'Check BASIC_AUTH_USER / BASIC_AUTH_PASS in the ML server\'s environment.'],
      };
    }
    return { verdict: 'All good: the backend requires basic auth and Label Studio\'s credentials work.', cause: 'This machine got 401 because it sends no credentials, as expected.', fixes: [] };
  }

  if (probe.healthy) {
    if (state === 'CO') return { verdict: 'All good: this machine and Label Studio both reach the backend, and it is set up.', cause: '', fixes: [] };
    if (state === 'ER') {
      return {
        verdict: 'Label Studio reaches the backend, but the model fails to start (/setup fails).',
        cause: 'The /health check passes; the error message below is what /setup (or the last training) failed with.',
        fixes: [
          'Read the error message and the ML server\'s own log (the traceback is there).',
          'Typical causes: model weights or files missing, a label config the model does not support, LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY not set on the ML server when it downloads task data.',
          'After fixing, refresh: Label Studio re-runs /setup on every read.',
        ],
      };
    }
    if (state === 'DI') {
      if (loopback) {
        return {
          verdict: `This machine reaches the backend at ${backendHost}, Label Studio does not.`,
          cause: `Label Studio calls ${backend.url} from its own host or container, where "${backendHost}" means itself, not this machine.${lsLoopback ? ' Label Studio is on this machine too, so it most likely runs in Docker.' : ''}`,
          fixes: [
            `If Label Studio runs in Docker: use http://host.docker.internal${portHint} as the backend URL (Docker Desktop; on Linux start Label Studio with --add-host=host.docker.internal:host-gateway).`,
            `Or use this machine's address as Label Studio sees it (e.g. http://192.168.1.20${portHint}); the ML server must listen on 0.0.0.0, not only on 127.0.0.1.`,
            'Or run both in one docker compose project and use the ML service\'s name (http://ml-backend:9090).',
          ],
        };
      }
      return {
        verdict: 'This machine reaches the backend, Label Studio does not.',
        cause: 'Something between Label Studio and the backend blocks the call: a firewall, another network (Docker network, VPN), or a host name that resolves differently on the Label Studio host.',
        fixes: [
          `From the Label Studio host (or container), try: curl ${probe.url}`,
          'Open the backend\'s port in the firewall, or use an address both can reach.',
        ],
      };
    }
    return { verdict: `Both reach the backend; Label Studio reports it as ${lookOfState(state).label}.`, cause: '', fixes: [] };
  }

  if (probe.status !== undefined) {
    return {
      verdict: `The backend answers /health with status ${probe.status} instead of {"status": "UP"}.`,
      cause: 'The ML server runs but its health check fails (often: the model class raised while loading).',
      fixes: ['Read the ML server\'s log.', 'Check that the URL points at the ML server itself and not at a proxy or another app.'],
    };
  }

  const why = probe.failure?.message ?? 'no answer';
  if (state === 'CO' || state === 'ER') {
    return {
      verdict: 'Label Studio reaches the backend; this machine does not — which is fine for Label Studio.',
      cause: `The URL names a host that only Label Studio's network knows (for example a Docker service name). From here: ${why}`,
      fixes: state === 'ER' ? ['The backend is reached but /setup fails: read the error message and the ML server\'s log.'] : [],
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

/** The report shown in a read-only editor (plain text; nothing in it is rendered). */
export function diagnosisReport(backend: MlBackend, labelStudioUrl: string, probe: HealthProbe, result: Diagnosis): string {
  const lines = [
    `# Diagnosis of ML backend "${displayTitle(backend)}"`,
    '',
    `## ${result.verdict}`,
    '',
  ];
  if (result.cause) lines.push(result.cause, '');
  if (result.fixes.length > 0) lines.push('What to do:', '', ...result.fixes.map((f) => `- ${f}`), '');
  lines.push(
    '## What Label Studio reports',
    '',
    `- Server: ${labelStudioUrl}`,
    `- Backend URL: ${backend.url}`,
    `- State: ${lookOfState(backend.state).label} (checked ${formatTimestamp(backend.updated_at) ?? 'at an unknown time'})`,
    `- Authentication: ${backend.auth_method === 'BASIC_AUTH' ? `basic auth as "${backend.basic_auth_user ?? ''}"` : 'none'}`,
  );
  if (backend.error_message?.trim()) lines.push('- Error message:', '', '```text', backend.error_message.trim(), '```');
  lines.push(
    '',
    '## What this machine sees',
    '',
    `- GET ${probe.url} (no credentials sent)`,
    probe.status !== undefined ? `- Answer: HTTP ${probe.status} in ${probe.ms} ms${probe.modelClass ? `, model class ${probe.modelClass}` : ''}` : `- No answer after ${probe.ms} ms: ${probe.failure?.message ?? 'unknown error'}`,
    '',
    'Label Studio decides a backend\'s state by calling its /health, then /setup, from the Label Studio server itself.',
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
