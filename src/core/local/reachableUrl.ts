/**
 * The URL Label Studio can reach a local backend at, from where Label Studio runs relative to this
 * machine (what Diagnose explains after the fact): the same machine → localhost; Label Studio in
 * Docker here → host.docker.internal; another host → this machine's address; Label Studio in the
 * backend's own compose project → the ML service's name. Candidates come most likely first;
 * Label Studio's own validation (it calls /health and /setup) decides which one works.
 */
import { isLocalTarget as isLoopbackHost } from '../backends/diagnosis';
import * as l10n from '../text/l10n';
import type { BackendEnvironment } from './environment';

export interface UrlCandidate {
  url: string;
  /** Why this one, in words. */
  why: string;
}

export interface ReachInput {
  labelStudioUrl: string;
  env: BackendEnvironment;
  /** This machine's non-internal addresses (IPv4 first). */
  machineAddresses: string[];
  /** URLs of the server's existing backends: one at host.docker.internal hints that Label Studio runs in Docker. */
  knownBackendUrls?: string[];
}

export const DOCKER_HOST = 'host.docker.internal';

export function candidateUrls(input: ReachInput): UrlCandidate[] {
  const port = input.env.port;
  const lsHost = hostnameOf(input.labelStudioUrl);
  const out: UrlCandidate[] = [];
  if (input.env.labelStudioService && input.env.composeService) {
    const inside = Number(input.env.values.PORT?.value) || 9090;
    out.push({
      url: `http://${input.env.composeService}:${inside}`,
      why: l10n.t("Label Studio runs in the same compose project: the ML service's name"),
    });
  }
  const sameMachine = isLoopbackHost(lsHost) || input.machineAddresses.includes(lsHost);
  if (sameMachine) {
    const local = { url: `http://localhost:${port}`, why: l10n.t('Label Studio runs on this machine') };
    const docker = { url: `http://${DOCKER_HOST}:${port}`, why: l10n.t('Label Studio runs in Docker on this machine') };
    const dockerHint = (input.knownBackendUrls ?? []).some((u) => hostnameOf(u) === DOCKER_HOST);
    out.push(...(dockerHint ? [docker, local] : [local, docker]));
  } else {
    for (const address of input.machineAddresses) {
      const host = address.includes(':') ? `[${address}]` : address;
      out.push({ url: `http://${host}:${port}`, why: l10n.t("Label Studio runs on another host: this machine's address") });
    }
  }
  return dedupe(out);
}

/** Whether a Label Studio backend URL points at the local backend on `port`. */
export function pointsAt(backendUrl: string, env: BackendEnvironment, machineAddresses: string[]): boolean {
  let url: URL;
  try {
    url = new URL(backendUrl);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (env.composeService && host === env.composeService) return port === (Number(env.values.PORT?.value) || 9090);
  if (port !== env.port) return false;
  return isLoopbackHost(url.hostname) || host === DOCKER_HOST || machineAddresses.includes(host);
}

/** Label Studio's validation says it could not reach the URL at all (as opposed to /setup failing there). */
export function looksUnreachable(message: string): boolean {
  return /Can't connect to ML backend|health check failed|Can't resolve hostname/i.test(message);
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

function dedupe(list: UrlCandidate[]): UrlCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.url) && seen.add(c.url));
}
