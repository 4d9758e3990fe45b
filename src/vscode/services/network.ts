/**
 * How the extension reaches each server: VS Code's proxy settings (`http.proxy`, `http.noProxy`,
 * `http.proxyStrictSSL`) and HTTPS_PROXY / NO_PROXY, and the server's own `caFile` /
 * `allowSelfSigned` from `labelStudio.servers`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import vscode = require('vscode');
import type { ServerConfig } from '../../core/servers/config';
import { createUndiciTransport, DEFAULT_MAX_BODY_BYTES, type HttpTransport } from '../../core/net/http';
import { probeRoute } from '../../core/backends/probeRoute';
import { proxyFor, type ProxyChoice, type ProxySettings } from '../../core/net/proxy';

function vscodeProxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy') || undefined,
    noProxy: http.get<string[]>('noProxy') ?? [],
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
  };
}

export function proxyForServer(config: ServerConfig, env: NodeJS.ProcessEnv = process.env): ProxyChoice | undefined {
  return proxyFor(config.baseUrl, vscodeProxySettings(), env);
}

/** Changes to these settings rebuild every server's connection. */
export function affectsNetwork(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy') || e.affectsConfiguration('http.proxyStrictSSL');
}

export function transportFor(config: ServerConfig, connections: number, env: NodeJS.ProcessEnv = process.env): HttpTransport {
  const proxy = proxyForServer(config, env);
  return createUndiciTransport({
    connections,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    proxy: proxy && { url: proxy.url, strictSSL: vscodeProxySettings().strictSSL },
    // Read when the first request leaves: a missing file shows as that server's error row.
    tls: () => ({
      ca: config.caFile ? fs.readFileSync(expandHome(config.caFile), 'utf8') : undefined,
      rejectUnauthorized: config.allowSelfSigned ? false : undefined,
    }),
  });
}

/** A transport for the Diagnose probe of one backend URL: no credentials, no TLS exceptions, the usual proxy rules. */
export function probeTransportFor(backendUrl: string, env: NodeJS.ProcessEnv = process.env): HttpTransport {
  const settings = vscodeProxySettings();
  const { proxy } = probeRoute(backendUrl, settings, env);
  const through = proxy && { url: proxy.url, strictSSL: settings.strictSSL };
  return createUndiciTransport({ connections: 1, maxBodyBytes: 1 << 20, proxy: through });
}

function expandHome(file: string): string {
  return file.startsWith('~/') ? `${os.homedir()}${file.slice(1)}` : file;
}
