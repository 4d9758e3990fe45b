/**
 * `labelStudio_listMlBackends`: the servers, projects and ML backends the extension knows, with each
 * backend's state and the telling line of its error, optionally filtered by state and text.
 */
import { KNOWN_STATE_CODES, lookOfState, STATE_NAMES } from '../backends/backendState';
import { isActive, matchesFilter, type BackendFilter } from '../view/filter';
import type { MlBackend } from '../api/models';
import { failureLabel } from '../view/presentation';
import type { ProjectState } from '../servers/serverModel';
import { chooseServers, readInputObject, readOptionalString, type ServerSnapshot } from './serverChoice';
import { serverText, shortError, toolText, ToolInputError } from './toolOutput';

export interface ListBackendsRequest {
  filter: BackendFilter;
  server?: string;
}

// The tool's own words are for the language model and stay English (not l10n.t): the state names it is told are the English ones.
const STATE_WORDS = KNOWN_STATE_CODES.map((code) => `${code} (${STATE_NAMES[code]})`).join(', ');

/** Reads `{states?, text?, server?}`; states may be codes (`ER`) or words (`Error`, or the name in the user's language), in any case. */
export function readListRequest(raw: unknown): ListBackendsRequest {
  const input = readInputObject(raw);
  const states = input.states === undefined || input.states === null ? [] : input.states;
  if (!Array.isArray(states) || states.some((s) => typeof s !== 'string')) {
    throw new ToolInputError(`"states" must be a list of state names. Accepted: ${STATE_WORDS}.`);
  }
  const codes = (states as string[]).map((s) => {
    const wanted = s.trim().toLowerCase();
    const code = KNOWN_STATE_CODES.find((c) => [c, STATE_NAMES[c], lookOfState(c).label].some((name) => name.toLowerCase() === wanted));
    if (!code) throw new ToolInputError(`Unknown state "${serverText(s, 40)}". Accepted: ${STATE_WORDS}.`);
    return code;
  });
  return {
    filter: { states: [...new Set(codes)], text: readOptionalString(input.text, 'text') ?? '' },
    server: readOptionalString(input.server, 'server'),
  };
}

/** The servers `request.server` names, or an input error that lists the configured ones. */
export function serversFor<T extends ServerSnapshot>(servers: T[], request: ListBackendsRequest): T[] {
  return chooseServers(servers, request.server);
}

/** The tool's answer. `secrets` (the stored tokens) are masked wherever they might appear. */
export function backendListText(servers: ServerSnapshot[], request: ListBackendsRequest, secrets: readonly string[] = []): string {
  const listed = servers.map((s) => describeServer(s, request.filter));
  const backends = listed.flatMap((s) => s.projects.flatMap((p) => p.backends));
  const byState: Record<string, number> = {};
  for (const b of backends) byState[b.stateLabel] = (byState[b.stateLabel] ?? 0) + 1;
  const preamble =
    servers.length === 0
      ? 'No Label Studio server is configured in VS Code yet (the user can run "Label Studio: Add Server").'
      : `ML backends of ${servers.length} Label Studio server(s), by project${isActive(request.filter) ? ', filtered as asked' : ''}. ` +
        'State codes: CO Connected, DI Disconnected (Label Studio cannot reach the backend), ER Error (reached, but its setup failed), TR Training, PR Predicting. ' +
        'To find out why a backend is Disconnected or in Error, call labelStudio_diagnoseBackend with its id.';
  return toolText(preamble, { filter: request.filter, totals: { backends: backends.length, byState }, servers: listed }, secrets);
}

function describeServer(server: ServerSnapshot, filter: BackendFilter) {
  const base = { url: server.baseUrl, name: server.name ?? null };
  if (!server.hasToken)
    return {
      ...base,
      status: 'no API token (the user can run "Label Studio: Set API Token")',
      projects: [] as ReturnType<typeof describeProject>[],
    };
  if (server.status.kind === 'failed') {
    const error = server.status.error;
    return {
      ...base,
      status: `failed: ${failureLabel(error)}`,
      untrusted: { error: serverText(error.message) },
      projects: [] as ReturnType<typeof describeProject>[],
    };
  }
  const projects = server.projects.map((p) => describeProject(p, filter)).filter((p) => !isActive(filter) || p.backends.length > 0);
  return { ...base, status: server.status.kind === 'ready' ? 'ready' : 'not loaded yet', projects };
}

function describeProject(project: ProjectState, filter: BackendFilter) {
  const all = project.backends ?? [];
  const shown = all.filter((b) => matchesFilter(b, project.title, filter));
  return {
    id: project.id,
    ...(project.error ? { loadError: failureLabel(project.error) } : {}),
    ...(project.backends === undefined && !project.error ? { note: 'backends not loaded yet' } : {}),
    backendCount: all.length,
    untrusted: { title: serverText(project.title, 200), ...(project.error ? { error: serverText(project.error.message) } : {}) },
    backends: shown.map(describeBackend),
  };
}

function describeBackend(backend: MlBackend) {
  const error = shortError(backend.error_message);
  // An unknown state code is the server's own string: it goes with the other untrusted values.
  const known = KNOWN_STATE_CODES.includes(backend.state);
  return {
    id: backend.id,
    state: known ? backend.state : 'unknown',
    stateLabel: known ? STATE_NAMES[backend.state] : 'Unknown',
    untrusted: {
      title: serverText(backend.title, 200),
      url: serverText(backend.url, 500),
      modelVersion: serverText(backend.model_version, 200),
      ...(known ? {} : { state: serverText(backend.state, 40) }),
      ...(error ? { error } : {}),
    },
  };
}
