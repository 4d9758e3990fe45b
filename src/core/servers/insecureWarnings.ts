/**
 * When a server's connection puts the token at risk, and what to say: http:// to another machine
 * sends the token in clear, and `allowSelfSigned` switches certificate checks off. Each warning has a
 * key, so that it is given once per server and window (ServerSync remembers the keys).
 */
import { hostOf, isLoopback } from '../net/serverUrl';
import * as l10n from '../text/l10n';
import type { ServerConfig } from './config';

export interface InsecureWarning {
  /** Identifies the warning (kind and server): the same key is never given twice. */
  key: string;
  text: string;
}

/** Every warning that applies to a server with a token. */
export function insecureWarnings(config: ServerConfig): InsecureWarning[] {
  const { baseUrl } = config;
  const warnings: InsecureWarning[] = [];
  if (baseUrl.startsWith('http://') && !isLoopback(baseUrl)) {
    warnings.push({
      key: `clear|${baseUrl}`,
      text: l10n.t(
        '{0} uses plain HTTP: the API token travels unencrypted over the network. Use HTTPS if the server offers it.',
        hostOf(baseUrl),
      ),
    });
  }
  if (config.allowSelfSigned && baseUrl.startsWith('https://')) {
    warnings.push({
      key: `tls|${baseUrl}`,
      text: l10n.t(
        'Certificate checks are off for {0} ("allowSelfSigned"): anyone on the network path could pose as the server and read the API token. Prefer "caFile" with the server\'s CA.',
        hostOf(baseUrl),
      ),
    });
  }
  return warnings;
}
