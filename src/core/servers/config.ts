/** The `labelStudio.servers` setting, read defensively: a bad entry is reported, not fatal. */
import { InvalidServerUrlError, hostOf, normaliseServerUrl } from '../net/serverUrl';
import { isObject } from '../text/json';
import * as l10n from '../text/l10n';

export interface ServerConfig {
  /** Normalised base URL: the server's identity everywhere (secrets, tree ids, requests). */
  baseUrl: string;
  name?: string;
  caFile?: string;
  allowSelfSigned?: boolean;
}

export interface ServerConfigResult {
  servers: ServerConfig[];
  problems: string[];
}

export function readServerConfigs(raw: unknown): ServerConfigResult {
  const servers: ServerConfig[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { servers, problems };
  if (!Array.isArray(raw)) return { servers, problems: [l10n.t('labelStudio.servers must be a list of { "url": … } entries.')] };
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const url = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.url === 'string' ? entry.url : undefined;
    if (url === undefined) {
      problems.push(l10n.t('labelStudio.servers[{0}] has no "url".', i));
      return;
    }
    let baseUrl: string;
    try {
      baseUrl = normaliseServerUrl(url);
    } catch (e) {
      problems.push(l10n.t('labelStudio.servers[{0}]: {1}', i, e instanceof InvalidServerUrlError ? e.message : String(e)));
      return;
    }
    if (seen.has(baseUrl)) return;
    seen.add(baseUrl);
    const config: ServerConfig = { baseUrl };
    if (isObject(entry)) {
      if (typeof entry.name === 'string' && entry.name.trim()) config.name = entry.name.trim();
      if (typeof entry.caFile === 'string' && entry.caFile.trim()) config.caFile = entry.caFile.trim();
      if (entry.allowSelfSigned === true) config.allowSelfSigned = true;
    }
    servers.push(config);
  });
  return { servers, problems };
}

/** The label of a server node: its name, else its host. */
export function serverLabel(config: ServerConfig): string {
  return config.name ?? hostOf(config.baseUrl);
}
