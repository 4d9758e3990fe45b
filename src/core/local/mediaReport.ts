/** The "Check Media Access" report: a plain-text document (shown read-only, nothing rendered). */
import { displayValue, effective, type BackendEnvironment } from './environment';
import type { MediaOutcome } from './mediaProbe';
import { safeHostname } from './mediaPlan';
import { forLabel } from '../text/safeText';

export interface MediaReportInput {
  backendLabel: string;
  env: BackendEnvironment;
  labelStudioUrl: string;
  projectTitle: string;
  outcomes: MediaOutcome[];
  tasksChecked: number;
}

/** One line of untrusted text: no line breaks, no control characters, invisible characters shown, bounded. */
export function oneLine(text: string, max = 200): string {
  return forLabel(text, max);
}

export function mediaReport(input: MediaReportInput): string {
  const url = effective(input.env, 'url');
  const key = effective(input.env, 'key');
  const where =
    input.env.mode === 'docker'
      ? `in Docker (compose service "${input.env.composeService ?? '?'}"): localhost there is the container`
      : 'on this machine';
  const lines = [
    `# Media access of ${oneLine(input.backendLabel)}`,
    '',
    `Project: ${oneLine(input.projectTitle)} on ${input.labelStudioUrl} — the first ${input.tasksChecked} task(s).`,
    `The backend runs ${where}.`,
    `- LABEL_STUDIO_URL: ${url ? `${oneLine(url.value)} (from ${url.source})` : 'not set'}`,
    `- LABEL_STUDIO_API_KEY: ${key ? `${displayValue('LABEL_STUDIO_API_KEY', key.value)} (from ${key.source})` : 'not set'}`,
    '',
  ];
  const failing = input.outcomes.filter((o) => !o.ok || o.findings.length > 0);
  if (input.outcomes.length === 0)
    lines.push('## No media to check', '', "The tasks' data has no uploaded, local-storage, cloud or http(s) URLs.", '');
  else if (failing.length === 0)
    lines.push('## All good', '', `Every media file (${input.outcomes.length}) can be fetched the way the ML SDK does.`, '');
  else lines.push(`## ${failing.length} of ${input.outcomes.length} media file(s) have a problem`, '');
  for (const o of input.outcomes) {
    lines.push(
      `### Task ${o.plan.taskId} · ${oneLine(o.plan.field, 60)}: ${o.ok && o.findings.length === 0 ? 'OK' : o.ok ? 'reachable from here, with a warning' : 'FAILS'}`,
      '',
    );
    lines.push(`- Value: ${oneLine(o.plan.value)}`);
    lines.push(
      `- Kind: ${o.plan.kind}; the SDK requests: ${o.plan.urls.map((u) => oneLine(u)).join(', then ') || '—'}${o.plan.sendsKey ? ` with the key (to ${safeHostname(o.plan.urls[0] ?? '') || 'Label Studio'} only)` : ' without credentials'}`,
    );
    if (o.tried)
      lines.push(
        `- Tried from this machine: ${oneLine(o.tried.url)} → ${o.tried.status !== undefined ? `HTTP ${o.tried.status}` : oneLine(o.tried.error ?? 'no answer')}`,
      );
    for (const f of o.findings) lines.push(`- Problem (${f.cause}): ${oneLine(f.text, 400)}`, `  Fix: ${oneLine(f.fix, 400)}`);
    lines.push('');
  }
  lines.push("Secrets are masked: the key is read from the backend's files only to run this check, and sent only to LABEL_STUDIO_URL.", '');
  return lines.join('\n');
}
