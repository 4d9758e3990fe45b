/**
 * "Diagnose Backend": compares what Label Studio reports about a backend with what this machine
 * sees when it calls the backend's /health (healthProbe.ts), and names the likely cause and the fix.
 * The most common case: Label Studio (often in Docker) cannot reach a model the developer can reach
 * on localhost. The report writes the verdict up with what each side sees.
 */
import type { MlBackend } from '../api/models';
import { isLoopbackHost } from '../net/serverUrl';
import * as l10n from '../text/l10n';
import { codeSpan, fencedCodeBlock, inertProse, inlineCode } from '../text/markdown';
import { displayTitle, formatTimestamp } from '../view/presentation';
import { lookOfState } from './backendState';
import type { HealthProbe } from './healthProbe';

export interface Diagnosis {
  verdict: string;
  cause: string;
  fixes: string[];
}

/** Hosts that mean "this machine" to whoever calls them (0.0.0.0 too, as a target). */
export const isLocalTarget = (host: string): boolean => isLoopbackHost(host) || host === '0.0.0.0';

/** The verdict from the backend's state in Label Studio and the probe from here: basic auth first, then who reaches it. */
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
        verdict: l10n.t('The backend asks for a user name and password, and Label Studio sends none.'),
        cause: l10n.t(
          'The ML server runs with BASIC_AUTH_USER / BASIC_AUTH_PASS, but the connection in Label Studio has no authentication.',
        ),
        fixes: [
          l10n.t('Edit the ML backend (Label Studio: Edit ML Backend…) and choose Basic Authentication with the same user and password.'),
        ],
      };
    }
    if (state !== 'CO') {
      return {
        verdict: l10n.t('The backend asks for a user name and password; the ones stored in Label Studio do not work.'),
        cause: l10n.t(
          'Label Studio reports {0}: the stored basic-auth credentials (user {1}) were refused.',
          codeSpan(lookOfState(state).label),
          codeSpan(backend.basic_auth_user ?? ''),
        ),
        fixes: [
          l10n.t('Edit the ML backend and type the password again (the stored one cannot be read back).'),
          l10n.t("Check BASIC_AUTH_USER / BASIC_AUTH_PASS in the ML server's environment."),
        ],
      };
    }
    return {
      verdict: l10n.t("All good: the backend requires basic auth and Label Studio's credentials work."),
      cause: l10n.t('This machine got 401 because it sends no credentials, as expected.'),
      fixes: [],
    };
  }

  if (probe.healthy) {
    if (state === 'CO')
      return { verdict: l10n.t('All good: this machine and Label Studio both reach the backend, and it is set up.'), cause: '', fixes: [] };
    if (state === 'ER') {
      return {
        verdict: l10n.t('Label Studio reaches the backend, but the model fails to start (/setup fails).'),
        cause: l10n.t('The /health check passes; the error message below is what /setup (or the last training) failed with.'),
        fixes: [
          l10n.t("Read the error message and the ML server's own log (the traceback is there)."),
          l10n.t(
            'Typical causes: model weights or files missing, a label config the model does not support, LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY not set on the ML server when it downloads task data.',
          ),
          l10n.t('After fixing, refresh: Label Studio re-runs /setup on every read.'),
        ],
      };
    }
    if (state === 'DI') {
      if (loopback) {
        const url = codeSpan(backend.url);
        const host = codeSpan(backendHost);
        return {
          verdict: l10n.t('This machine reaches the backend at {0}, Label Studio does not.', host),
          cause: lsLoopback
            ? l10n.t(
                'Label Studio calls {0} from its own host or container, where {1} means itself, not this machine. Label Studio is on this machine too, so it most likely runs in Docker.',
                url,
                host,
              )
            : l10n.t('Label Studio calls {0} from its own host or container, where {1} means itself, not this machine.', url, host),
          fixes: [
            l10n.t(
              'If Label Studio runs in Docker: use {0} as the backend URL (Docker Desktop; on Linux start Label Studio with --add-host=host.docker.internal:host-gateway).',
              codeSpan(`http://host.docker.internal${portHint}`),
            ),
            l10n.t(
              "Or use this machine's address as Label Studio sees it (e.g. {0}); the ML server must listen on 0.0.0.0, not only on 127.0.0.1.",
              codeSpan(`http://192.168.1.20${portHint}`),
            ),
            l10n.t("Or run both in one docker compose project and use the ML service's name (`http://ml-backend:9090`)."),
          ],
        };
      }
      return {
        verdict: l10n.t('This machine reaches the backend, Label Studio does not.'),
        cause: l10n.t(
          'Something between Label Studio and the backend blocks the call: a firewall, another network (Docker network, VPN), or a host name that resolves differently on the Label Studio host.',
        ),
        fixes: [
          l10n.t('From the Label Studio host (or container), try: {0}', codeSpan(`curl ${probe.url}`)),
          l10n.t("Open the backend's port in the firewall, or use an address both can reach."),
        ],
      };
    }
    return {
      verdict: l10n.t('Both reach the backend; Label Studio reports it as {0}.', codeSpan(lookOfState(state).label)),
      cause: '',
      fixes: [],
    };
  }

  if (probe.status !== undefined) {
    return {
      verdict: l10n.t('The backend answers /health with status {0} instead of {"status": "UP"}.', probe.status),
      cause: l10n.t('The ML server runs but its health check fails (often: the model class raised while loading).'),
      fixes: [
        l10n.t("Read the ML server's log."),
        l10n.t('Check that the URL points at the ML server itself and not at a proxy or another app.'),
      ],
    };
  }

  const why = codeSpan(probe.failure?.message ?? l10n.t('no answer'));
  if (state === 'CO' || state === 'ER') {
    return {
      verdict: l10n.t('Label Studio reaches the backend; this machine does not — which is fine for Label Studio.'),
      cause: l10n.t("The URL names a host that only Label Studio's network knows (for example a Docker service name). From here: {0}", why),
      fixes: state === 'ER' ? [l10n.t("The backend is reached but /setup fails: read the error message and the ML server's log.")] : [],
    };
  }
  return {
    verdict: l10n.t('Neither this machine nor Label Studio reaches the backend: it is most likely not running, or not at that address.'),
    cause: l10n.t('From here: {0}', why),
    fixes: [
      l10n.t(
        "Start the ML server (e.g. `label-studio-ml start ./my_backend -p {0}`, or `docker compose up` in the backend's folder) and check the port.",
        portHint.slice(1) || '9090',
      ),
      l10n.t('Make it listen on 0.0.0.0 if Label Studio runs on another host or in a container.'),
      l10n.t('Check the URL for typos (scheme, host, port, path).'),
    ],
  };
}

/**
 * The report, as Markdown that the (untrusted) Markdown preview may render: every server value is an
 * inline code span or a fenced block, and prose that quotes server values is made inert.
 */
export function diagnosisReport(backend: MlBackend, labelStudioUrl: string, probe: HealthProbe, result: Diagnosis): string {
  const lines = [
    `# ${l10n.t('Diagnosis of ML backend {0}', inlineCode(displayTitle(backend)))}`,
    '',
    `## ${inertProse(result.verdict)}`,
    '',
  ];
  if (result.cause) lines.push(inertProse(result.cause), '');
  if (result.fixes.length > 0) lines.push(l10n.t('What to do:'), '', ...result.fixes.map((f) => `- ${inertProse(f)}`), '');
  const checked = formatTimestamp(backend.updated_at);
  const state = inertProse(lookOfState(backend.state).label);
  lines.push(
    `## ${l10n.t('What Label Studio reports')}`,
    '',
    `- ${l10n.t('Server: {0}', inlineCode(labelStudioUrl))}`,
    `- ${l10n.t('Backend URL: {0}', inlineCode(backend.url))}`,
    `- ${checked ? l10n.t('State: {0} (checked {1})', state, checked) : l10n.t('State: {0} (checked at an unknown time)', state)}`,
    `- ${
      backend.auth_method === 'BASIC_AUTH'
        ? l10n.t('Authentication: basic auth as {0}', inlineCode(backend.basic_auth_user ?? ''))
        : l10n.t('Authentication: none')
    }`,
  );
  if (backend.error_message?.trim()) lines.push(`- ${l10n.t('Error message:')}`, '', fencedCodeBlock(backend.error_message.trim()));
  const modelClass = probe.modelClass ? inlineCode(probe.modelClass) : undefined;
  lines.push(
    '',
    `## ${l10n.t('What this machine sees')}`,
    '',
    `- ${l10n.t('GET {0} (no credentials sent)', inlineCode(probe.url))}`,
    `- ${
      probe.status === undefined
        ? l10n.t('No answer after {0} ms: {1}', probe.ms, inlineCode(probe.failure?.message ?? l10n.t('unknown error')))
        : modelClass
          ? l10n.t('Answer: HTTP {0} in {1} ms, model class {2}', probe.status, probe.ms, modelClass)
          : l10n.t('Answer: HTTP {0} in {1} ms', probe.status, probe.ms)
    }`,
    '',
    l10n.t("Label Studio decides a backend's state by calling its /health, then /setup, from the Label Studio server itself."),
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
