// A tiny node:http client for tests of the fakes: returns status, headers and the raw body, and
// reports transport failures (reset, truncated body, timeout) as a value instead of throwing.
import * as http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  /** Set when the transport failed (e.g. 'ECONNRESET', 'aborted', 'timeout'); status/body are partial. */
  error?: string;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
  timeoutMs?: number;
}

export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...options.headers };
    let payload: Buffer | undefined;
    if (options.body !== undefined) {
      payload = Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
      if (typeof options.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['Content-Type'] = 'application/json';
      }
    }
    let status = 0;
    let resHeaders: http.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ status, headers: resHeaders, body, text, json, ...(error ? { error } : {}) });
    };
    const req = http.request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      resHeaders = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.complete ? undefined : 'aborted'));
      res.on('aborted', () => finish('aborted'));
      res.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    if (options.timeoutMs) {
      req.setTimeout(options.timeoutMs, () => {
        finish('timeout');
        req.destroy();
      });
    }
    req.end(payload);
  });
}
