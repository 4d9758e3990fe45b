/**
 * Which proxy, if any, a request to a Label Studio server goes through: VS Code's `http.proxy`
 * first, then the usual HTTPS_PROXY / HTTP_PROXY variables, except for hosts in `http.noProxy` /
 * NO_PROXY and for loopback hosts (as browsers do: a proxy that accepted a CONNECT to
 * "localhost" would reach its own machine, not ours). The token is sent inside the tunnel.
 */
import { isLoopbackHost } from './serverUrl';
import * as l10n from '../text/l10n';

export interface ProxySettings {
  /** VS Code's `http.proxy` (empty = not set). */
  proxy?: string;
  /** VS Code's `http.noProxy`. */
  noProxy?: string[];
  /** VS Code's `http.proxyStrictSSL` (default true). */
  strictSSL?: boolean;
}

export interface ProxyChoice {
  url: string;
  /** Where the proxy came from, for the log. */
  source: 'http.proxy' | 'HTTPS_PROXY' | 'HTTP_PROXY';
}

/** The proxy for `targetUrl`, or undefined for a direct connection. */
export function proxyFor(targetUrl: string, settings: ProxySettings, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const target = new URL(targetUrl);
  if (isLoopbackHost(target.hostname)) return undefined;
  const noProxy = [...(settings.noProxy ?? []), ...splitList(envValue(env, 'NO_PROXY'))];
  if (bypasses(target, noProxy)) return undefined;
  if (settings.proxy?.trim()) return { url: withScheme(settings.proxy.trim()), source: 'http.proxy' };
  const https = envValue(env, 'HTTPS_PROXY');
  const http = envValue(env, 'HTTP_PROXY');
  if (target.protocol === 'https:' && https) return { url: withScheme(https), source: 'HTTPS_PROXY' };
  if (http) return { url: withScheme(http), source: 'HTTP_PROXY' };
  return undefined;
}

/** NO_PROXY rules: `*`, a host or domain suffix (`example.com`, `.example.com`), optionally with `:port`, or an IP. */
export function bypasses(target: URL, rules: string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return rules.some((raw) => {
    const rule = raw.trim().toLowerCase();
    if (!rule) return false;
    if (rule === '*') return true;
    const [, ruleHost, rulePort] = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(rule.replace(/^\*?\./, '.')) ?? [];
    if (!ruleHost) return false;
    if (rulePort && rulePort !== port) return false;
    const bare = ruleHost.replace(/^\./, '');
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** A proxy URL without credentials, for logs and messages. */
export function describeProxy(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return l10n.t('a proxy');
  }
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value?.trim() ? value.trim() : undefined;
}

function splitList(value: string | undefined): string[] {
  return value ? value.split(/[,\s]+/).filter(Boolean) : [];
}

function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
}
