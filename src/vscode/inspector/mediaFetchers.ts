/**
 * The two ways media reach the extension host: through the server's client (its token, its TLS
 * and proxy settings, same origin only) and through a bare transport with no credential.
 */
import { createUndiciTransport, type HttpTransport } from '../../core/net/http';
import { MEDIA_MAX_BYTES, type MediaFetchers } from '../../core/predictions/media';
import type { LabelStudioClient } from '../../core/api/client';

const MEDIA_TIMEOUT_MS = 30_000;

export function mediaFetchers(client: LabelStudioClient, external: () => HttpTransport): MediaFetchers {
  return {
    async labelStudio(pathAndQuery) {
      const [path, query] = splitQuery(pathAndQuery);
      const res = await client.send(
        'GET',
        path,
        { query, timeoutMs: MEDIA_TIMEOUT_MS, encoding: 'base64' },
        (status) => status >= 300 && status < 400,
      );
      return { status: res.status, headers: res.headers, base64: res.body };
    },
    async external(url) {
      const res = await external().send({
        method: 'GET',
        url,
        headers: { accept: 'image/*' },
        timeoutMs: MEDIA_TIMEOUT_MS,
        encoding: 'base64',
      });
      return { status: res.status, headers: res.headers, base64: res.body };
    },
  };
}

/** A transport for other hosts: no cookies, no credentials, the media size cap. */
export function externalMediaTransport(): HttpTransport {
  return createUndiciTransport({ connections: 2, maxBodyBytes: MEDIA_MAX_BYTES });
}

function splitQuery(pathAndQuery: string): [string, string | undefined] {
  const at = pathAndQuery.indexOf('?');
  return at < 0 ? [pathAndQuery, undefined] : [pathAndQuery.slice(0, at), pathAndQuery.slice(at + 1)];
}
