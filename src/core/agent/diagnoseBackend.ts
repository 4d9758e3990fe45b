/**
 * `labelStudio_diagnoseBackend`: reads a backend afresh (Label Studio re-checks it), probes its
 * /health from this machine, and answers with the verdict of the Diagnose Backend command.
 */
import { KNOWN_STATE_CODES, lookOfState, STATE_NAMES } from '../backends/backendState';
import type { LabelStudioClient } from '../api/client';
import { diagnose, type Diagnosis } from '../backends/diagnosis';
import { probeHealth, type HealthProbe } from '../backends/healthProbe';
import type { HttpTransport } from '../net/http';
import type { MlBackend } from '../api/models';
import { readId, readInputObject, readOptionalString } from './serverChoice';
import { serverText, toolText } from './toolOutput';

export interface DiagnoseRequest {
  backendId: number;
  server?: string;
}

export interface DiagnosisRun {
  /** The backend as Label Studio reports it now. */
  backend: MlBackend;
  probe: HealthProbe;
  diagnosis: Diagnosis;
}

export function readDiagnoseRequest(raw: unknown): DiagnoseRequest {
  const input = readInputObject(raw);
  return { backendId: readId(input.backendId, 'backendId'), server: readOptionalString(input.server, 'server') };
}

/**
 * A fresh read of the backend (which makes Label Studio check it now) and a /health probe from this
 * machine, at the same time; then the verdict. Used by the command and by the agent's tool.
 */
export async function runDiagnosis(
  client: LabelStudioClient,
  known: MlBackend,
  labelStudioUrl: string,
  probeTransportFor: (backendUrl: string) => HttpTransport,
): Promise<DiagnosisRun> {
  // The probe's transport follows the proxy rules for the backend's own URL, and lives for one probe.
  const transport = probeTransportFor(known.url);
  try {
    const [backend, probe] = await Promise.all([client.getBackend(known.id), probeHealth(known.url, transport)]);
    return { backend, probe, diagnosis: diagnose(backend, labelStudioUrl, probe) };
  } finally {
    void transport.close();
  }
}

/**
 * The tool's answer. The verdict, cause and fixes are the extension's words, but they quote server
 * values (the backend URL, the basic-auth user, the probe's failure): those quotes are replaced by
 * references such as ‹untrusted.backendUrl›, and the values themselves go under `untrusted`.
 */
export function diagnosisText(labelStudioUrl: string, run: DiagnosisRun, secrets: readonly string[] = []): string {
  const { backend, probe, diagnosis } = run;
  const untrusted = {
    title: serverText(backend.title, 200),
    backendUrl: serverText(backend.url, 500),
    healthUrl: serverText(probe.url, 520),
    basicAuthUser: serverText(backend.basic_auth_user, 200),
    errorMessage: serverText(backend.error_message),
    probeFailure: serverText(probe.failure?.message, 500),
    modelClass: serverText(probe.modelClass, 200),
    ...(KNOWN_STATE_CODES.includes(backend.state) ? {} : { state: serverText(backend.state, 40) }),
  };
  const quotes: Array<[string, string]> = [
    [probe.url, '‹untrusted.healthUrl›'],
    [backend.url, '‹untrusted.backendUrl›'],
    [probe.failure?.message ?? '', '‹untrusted.probeFailure›'],
    [`"${backend.basic_auth_user ?? ''}"`, '‹untrusted.basicAuthUser›'],
  ];
  // The verdict is in the user's language (the Diagnose command's words); its unknown-state label quotes the server's code.
  if (!KNOWN_STATE_CODES.includes(backend.state)) quotes.push([lookOfState(backend.state).label, 'Unknown state (‹untrusted.state›)']);
  const own = (text: string) => withQuotesReplaced(text, quotes);
  const known = KNOWN_STATE_CODES.includes(backend.state);
  const payload = {
    backendId: backend.id,
    projectId: backend.project,
    server: labelStudioUrl,
    labelStudioState: known ? { code: backend.state, label: STATE_NAMES[backend.state] } : { code: 'unknown', label: 'Unknown' },
    authentication: backend.auth_method === 'BASIC_AUTH' ? 'basic auth' : 'none',
    probeFromThisMachine: {
      healthy: probe.healthy,
      httpStatus: probe.status ?? null,
      milliseconds: probe.ms,
      failureKind: probe.failure?.reason ?? null,
    },
    verdict: own(diagnosis.verdict),
    cause: own(diagnosis.cause),
    fixes: diagnosis.fixes.map(own),
    untrusted,
  };
  const preamble =
    'Diagnosis of one Label Studio ML backend: what Label Studio reports about it, what a GET of its /health from this ' +
    'machine (without credentials) saw, and the likely cause with fixes. Quotes of server values in "verdict", "cause" and "fixes" are ' +
    'shown as ‹untrusted.name› and the values are under "untrusted".';
  return toolText(preamble, payload, secrets);
}

/** Replaces each non-trivial quoted server value with its reference (longest first). */
function withQuotesReplaced(text: string, quotes: Array<[string, string]>): string {
  return quotes
    .filter(([value]) => value.replace(/"/g, '').trim().length > 0)
    .sort((a, b) => b[0].length - a[0].length)
    .reduce((t, [value, ref]) => t.split(value).join(ref), text);
}
