/** The "Check Media Access" report: a plain-text document (shown read-only, nothing rendered). */
import { displayValue, effective, type BackendEnvironment } from './environment';
import type { MediaOutcome } from './mediaProbe';
import { safeHostname } from './mediaPlan';
import { forLabel } from '../text/safeText';
import * as l10n from '../text/l10n';

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
      ? l10n.t('The backend runs in Docker (compose service "{0}"): localhost there is the container.', input.env.composeService ?? '?')
      : l10n.t('The backend runs on this machine.');
  const lines = [
    `# ${l10n.t('Media access of {0}', oneLine(input.backendLabel))}`,
    '',
    l10n.t('Project: {0} on {1} — the first {2} task(s).', oneLine(input.projectTitle), input.labelStudioUrl, input.tasksChecked),
    where,
    `- ${url ? l10n.t('LABEL_STUDIO_URL: {0} (from {1})', oneLine(url.value), url.source) : l10n.t('LABEL_STUDIO_URL: not set')}`,
    `- ${
      key
        ? l10n.t('LABEL_STUDIO_API_KEY: {0} (from {1})', displayValue('LABEL_STUDIO_API_KEY', key.value), key.source)
        : l10n.t('LABEL_STUDIO_API_KEY: not set')
    }`,
    '',
  ];
  const failing = input.outcomes.filter((o) => !o.ok || o.findings.length > 0);
  if (input.outcomes.length === 0)
    lines.push(
      `## ${l10n.t('No media to check')}`,
      '',
      l10n.t("The tasks' data has no uploaded, local-storage, cloud or http(s) URLs."),
      '',
    );
  else if (failing.length === 0)
    lines.push(
      `## ${l10n.t('All good')}`,
      '',
      l10n.t('Every media file ({0}) can be fetched the way the ML SDK does.', input.outcomes.length),
      '',
    );
  else lines.push(`## ${l10n.t('{0} of {1} media file(s) have a problem', failing.length, input.outcomes.length)}`, '');
  for (const o of input.outcomes) {
    const field = oneLine(o.plan.field, 60);
    const heading =
      o.ok && o.findings.length === 0
        ? l10n.t('Task {0} · {1}: OK', o.plan.taskId, field)
        : o.ok
          ? l10n.t('Task {0} · {1}: reachable from here, with a warning', o.plan.taskId, field)
          : l10n.t('Task {0} · {1}: FAILS', o.plan.taskId, field);
    lines.push(`### ${heading}`, '');
    lines.push(`- ${l10n.t('Value: {0}', oneLine(o.plan.value))}`);
    const urls = o.plan.urls.map((u) => oneLine(u));
    const requests = urls.length ? urls.reduce((first, next) => l10n.t('{0}, then {1}', first, next)) : '—';
    lines.push(
      `- ${
        o.plan.sendsKey
          ? l10n.t(
              'Kind: {0}; the SDK requests: {1} with the key (to {2} only)',
              o.plan.kind,
              requests,
              safeHostname(o.plan.urls[0] ?? '') || 'Label Studio',
            )
          : l10n.t('Kind: {0}; the SDK requests: {1} without credentials', o.plan.kind, requests)
      }`,
    );
    if (o.tried)
      lines.push(
        `- ${
          o.tried.status !== undefined
            ? l10n.t('Tried from this machine: {0} → HTTP {1}', oneLine(o.tried.url), o.tried.status)
            : l10n.t('Tried from this machine: {0} → {1}', oneLine(o.tried.url), oneLine(o.tried.error ?? l10n.t('no answer')))
        }`,
      );
    for (const f of o.findings)
      lines.push(`- ${l10n.t('Problem ({0}): {1}', f.cause, oneLine(f.text, 400))}`, `  ${l10n.t('Fix: {0}', oneLine(f.fix, 400))}`);
    lines.push('');
  }
  lines.push(
    l10n.t("Secrets are masked: the key is read from the backend's files only to run this check, and sent only to LABEL_STUDIO_URL."),
    '',
  );
  return lines.join('\n');
}
