/** The rows of servers, projects and backends: labels, descriptions, hovers, icons and context values. */
import { describeTokenKind } from '../api/token';
import { serverLabel } from '../servers/config';
import type { ServerEntry } from '../servers/serverRegistry';
import * as l10n from '../text/l10n';
import { backendRow, failureLabel, problemCount, projectSummary, projectTitle } from './presentation';
import { placeholderRow, type TreeRow } from './treeRow';

const ERROR_COLOR = 'problemsErrorIcon.foreground';
const WARNING_COLOR = 'problemsWarningIcon.foreground';

export function serverRow(entry: ServerEntry): TreeRow {
  const { status } = entry.model;
  const label = serverLabel(entry.config);
  const description = serverDescription(entry);
  const failed = status.kind === 'failed';
  const signedIn = entry.client ? l10n.t('Signed in with a {0}', describeTokenKind(entry.client.tokenKind)) : l10n.t('No API token set');
  return {
    label,
    collapsible: 'expanded',
    description,
    icon: failed ? { id: 'server-environment', color: ERROR_COLOR } : { id: 'server' },
    tooltip: `${entry.config.baseUrl}\n${signedIn}`,
    contextValue: `server ${entry.client ? 'hasToken' : 'noToken'}`,
    accessibilityLabel: l10n.t('Label Studio server {0}, {1}', label, description),
  };
}

/** `3 projects · 1 needs attention · refreshing…`, or why there is nothing to count. */
function serverDescription(entry: ServerEntry): string {
  const { status } = entry.model;
  const projects = entry.model.projects;
  if (!entry.client) return l10n.t('no API token');
  if (status.kind === 'failed') return failureLabel(status.error);
  if (status.kind === 'loading' && projects.length === 0) return l10n.t('loading…');
  const problems = projects.reduce((n, p) => n + problemCount(p.backends), 0);
  const parts = [projects.length === 1 ? l10n.t('1 project') : l10n.t('{0} projects', projects.length)];
  if (problems) parts.push(problems === 1 ? l10n.t('1 needs attention') : l10n.t('{0} need attention', problems));
  if (status.kind === 'loading') parts.push(l10n.t('refreshing…'));
  return parts.join(' · ');
}

export function projectRow(entry: ServerEntry, projectId: number): TreeRow {
  const project = entry.model.project(projectId);
  const title = projectTitle(project?.title, projectId);
  const empty = !!project?.backends && project.backends.length === 0 && !project.error;
  const summary = project?.error
    ? l10n.t('failed: {0}', failureLabel(project.error))
    : project?.backends
      ? projectSummary(project.backends)
      : l10n.t('loading…');
  const problems = problemCount(project?.backends);
  const color = project?.error || problems ? WARNING_COLOR : empty ? 'disabledForeground' : undefined;
  return {
    label: title,
    collapsible: 'collapsed',
    description: project?.loading && project.backends ? `${summary} · ${l10n.t('refreshing…')}` : summary,
    icon: { id: 'project', color },
    emptyProjectId: empty ? projectId : undefined,
    tooltip: `${title}\n${l10n.t('Project {0} · {1}', projectId, summary)}`,
    contextValue: `project${empty ? ' empty' : ''}${project?.error ? ' failed' : ''}`,
    accessibilityLabel: l10n.t('Project {0}, {1}', title, summary),
  };
}

/** A backend's row (see presentation's backendRow), with what the extension is doing to it right now. */
export function backendTreeRow(entry: ServerEntry, projectId: number, backendId: number): TreeRow {
  const backend = entry.model.project(projectId)?.backends?.find((b) => b.id === backendId);
  if (!backend) return placeholderRow(l10n.t('(removed backend)'));
  const row = backendRow(backend, [entry.config.baseUrl, backend.id]);
  const activity = entry.model.activity(backend.id);
  return {
    label: row.label,
    description: activity ? `${row.description} · ${activity}` : row.description,
    icon: activity ? { id: 'loading~spin' } : { id: row.state.icon, color: row.state.color },
    contextValue: row.contextValue,
    accessibilityLabel: row.accessibilityLabel,
    tooltipMarkdown: row.tooltipMarkdown,
  };
}
