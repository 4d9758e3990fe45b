// Fault injection for FakeLabelStudio: rules are matched before routing; some faults replace the
// response, others (slow-bytes, truncated-json, reset, delay) let the real handler run (side effects
// included, like a real server whose answer is lost on the way) and then damage its delivery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { djangoNotFoundPage, loginPage, nginxErrorPage } from './htmlPages';
import { pythonTraceback } from './pythonish';
import { errorEnvelope, jsonReply, reasonPhrase, textReply, type Reply } from './reply';

export type Fault =
  /** Any status; default body is what Label Studio (or the proxy in front of it) would send for it. */
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  /** An HTML page where JSON was expected: 200 login page, 404 Django page, or a 302 to the login page. */
  | { kind: 'html'; status: 200 | 404 | 302; body?: string; location?: string; headers?: Record<string, string> }
  /** Content-Type: application/json, but the body does not parse. */
  | { kind: 'invalid-json'; status?: number }
  /** The real response, but the connection ends after half the body (Content-Length promises more). */
  | { kind: 'truncated-json' }
  /** Status (default 200), Content-Type: application/json, zero-length body. */
  | { kind: 'empty-body'; status?: number }
  /** The request is read and never answered (until the client gives up or the fake closes). */
  | { kind: 'hang' }
  /** The real response, sent one byte every `intervalMs`. */
  | { kind: 'slow-bytes'; intervalMs: number }
  /** The real response's headers and part of its body, then a TCP reset. */
  | { kind: 'reset' }
  /** 200 with a valid JSON body of exactly `bytes` bytes (at least 16). */
  | { kind: 'huge-body'; bytes: number }
  /** Wait `ms`, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Run `run` first (e.g. delete the project), then answer normally: a change landing between two calls. */
  | { kind: 'before'; run: () => void | Promise<void> }
  /** Close the connection without sending a byte of the answer. */
  | { kind: 'drop' };

export interface FaultRule {
  method?: string;
  /** A string matches the path exactly (with or without the query); a RegExp is tested on path+query. */
  path?: string | RegExp;
  /** How many matching requests to affect; default: all of them. */
  times?: number;
  fault: Fault;
}

export interface FaultHandle {
  remove(): void;
  /** Number of requests this rule has affected so far. */
  readonly hits: number;
}

interface ActiveRule extends FaultRule {
  hits: number;
}

export class FaultList {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { ...rule, hits: 0 };
    this.rules.push(active);
    const rules = () => this.rules;
    return {
      remove: () => {
        const i = rules().indexOf(active);
        if (i >= 0) rules().splice(i, 1);
      },
      get hits() {
        return active.hits;
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** First matching rule's fault (consuming one of its `times`), or undefined. */
  take(method: string, pathname: string, pathWithQuery: string): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (typeof rule.path === 'string' && rule.path !== pathname && rule.path !== pathWithQuery) continue;
      if (rule.path instanceof RegExp) {
        rule.path.lastIndex = 0;
        if (!rule.path.test(pathWithQuery)) continue;
      }
      rule.hits++;
      if (rule.times !== undefined && rule.hits >= rule.times) this.rules.splice(this.rules.indexOf(rule), 1);
      return rule.fault;
    }
    return undefined;
  }
}

/** Faults that need the real response first. */
export function wrapsRealResponse(f: Fault): f is Extract<Fault, { kind: 'slow-bytes' | 'truncated-json' | 'reset' | 'delay' | 'before' }> {
  return f.kind === 'slow-bytes' || f.kind === 'truncated-json' || f.kind === 'reset' || f.kind === 'delay' || f.kind === 'before';
}

/** The replacement response for faults that do not run the real handler ('hang' returns undefined). */
export function faultReply(f: Fault, req: IncomingMessage, version: string): Reply | undefined {
  switch (f.kind) {
    case 'status':
      return statusFaultReply(f, req, version);
    case 'html': {
      if (f.status === 302) {
        const location = f.location ?? `/user/login/?next=${encodeURIComponent(req.url ?? '/')}`;
        return {
          status: 302,
          headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8', ...f.headers },
          body: Buffer.alloc(0),
        };
      }
      const page = f.body ?? (f.status === 404 ? djangoNotFoundPage() : loginPage());
      return textReply(f.status, page, 'text/html; charset=utf-8', f.headers);
    }
    case 'invalid-json':
      return textReply(f.status ?? 200, '{"count": 1, "results": [{"id": 1, "title": undefined}]}', 'application/json');
    case 'empty-body':
      return { status: f.status ?? 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.alloc(0) };
    case 'huge-body': {
      const n = Math.max(16, Math.floor(f.bytes));
      const prefix = '{"padding": "';
      const suffix = '"}';
      const body = Buffer.alloc(n, 'x');
      body.write(prefix, 0);
      body.write(suffix, n - suffix.length);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
    }
    case 'hang':
    case 'drop':
      return undefined;
    default:
      throw new Error(`fault ${f.kind} wraps the real response`);
  }
}

function statusFaultReply(f: Extract<Fault, { kind: 'status' }>, req: IncomingMessage, version: string): Reply {
  const reason = reasonPhrase(f.status);
  const extraHeaders: Record<string, string> = {};
  if (f.status === 429 || f.status === 503) extraHeaders['Retry-After'] = '30';
  if (f.status === 401) extraHeaders['WWW-Authenticate'] = 'Token';
  const headers = { ...extraHeaders, ...f.headers };
  if (f.body !== undefined) {
    if (typeof f.body === 'object') return jsonReply(f.status, f.body, headers);
    const type = f.body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
    return textReply(f.status, f.body, headers['Content-Type'] ?? type, headers);
  }
  if (f.status === 502 || f.status === 503 || f.status === 504) {
    // What a reverse proxy in front of Label Studio returns when the app is down or slow.
    return textReply(f.status, nginxErrorPage(f.status, reason), 'text/html', headers);
  }
  if (f.status === 500) {
    const detail = 'database is locked';
    const tb = pythonTraceback(
      [
        ['/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py', 105, '_execute'],
        ['/usr/local/lib/python3.12/site-packages/django/db/backends/sqlite3/base.py', 354, 'execute'],
      ],
      `django.db.utils.OperationalError: ${detail}`,
    );
    return jsonReply(500, errorEnvelope(500, detail, version, { excInfo: tb }), headers);
  }
  const details: Record<number, string> = {
    400: 'Bad Request',
    401: 'Authentication credentials were not provided.',
    403: 'You do not have permission to perform this action.',
    404: 'Not found.',
    405: `Method "${req.method}" not allowed.`,
    409: 'Conflict',
    429: `Request was throttled. Expected available in ${headers['Retry-After'] ?? '30'} seconds.`,
  };
  return jsonReply(f.status, errorEnvelope(f.status, details[f.status] ?? reason, version), headers);
}

function rawHead(reply: Reply, contentLength: number): string {
  const lines = [`HTTP/1.1 ${reply.status} ${reasonPhrase(reply.status)}`, `Date: ${new Date().toUTCString()}`];
  for (const [k, v] of Object.entries(reply.headers)) {
    if (k.toLowerCase() !== 'content-length') lines.push(`${k}: ${v}`);
  }
  lines.push(`Content-Length: ${contentLength}`, 'Connection: close', '', '');
  return lines.join('\r\n');
}

/** Delivers `reply` damaged by `fault`; resolves when done (or when the socket is gone). */
export function deliverDamaged(
  fault: Extract<Fault, { kind: 'slow-bytes' | 'truncated-json' | 'reset' }>,
  reply: Reply,
  res: ServerResponse,
  timers: Set<NodeJS.Timeout>,
): Promise<void> {
  const socket = res.socket;
  if (!socket || socket.destroyed) return Promise.resolve();
  if (fault.kind === 'slow-bytes') {
    return new Promise((resolve) => {
      const bytes = Buffer.concat([Buffer.from(rawHead(reply, reply.body.length)), reply.body]);
      let i = 0;
      const tick = () => {
        if (socket.destroyed || i >= bytes.length) {
          if (!socket.destroyed) socket.end();
          resolve();
          return;
        }
        socket.write(bytes.subarray(i, i + 1));
        i++;
        const t = setTimeout(() => {
          timers.delete(t);
          tick();
        }, fault.intervalMs);
        timers.add(t);
      };
      socket.once('close', () => resolve());
      tick();
    });
  }
  // Body of at least 2 bytes so that half of it is a real, partial JSON text.
  const body = reply.body.length >= 2 ? reply.body : Buffer.from('{"detail": "partial"}');
  const half = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  const head = rawHead(
    reply.body.length >= 2 ? reply : { ...reply, headers: { ...reply.headers, 'Content-Type': 'application/json' } },
    body.length,
  );
  return new Promise((resolve) => {
    socket.write(Buffer.concat([Buffer.from(head), half]), () => {
      if (fault.kind === 'truncated-json') {
        socket.end();
        resolve();
        return;
      }
      // Deferred: called from inside the write callback, the reset degrades to a normal close.
      setTimeout(() => {
        if (!socket.destroyed) socket.resetAndDestroy();
        resolve();
      }, 0);
    });
  });
}
