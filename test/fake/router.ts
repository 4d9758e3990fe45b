// Django-style URL resolution with Label Studio's CommonMiddlewareAppendSlashWithoutRedirect:
// APPEND_SLASH=False, but a path without a trailing slash that matches nothing is re-dispatched
// internally with a slash appended (no redirect). A path ending with a slash is never retried.
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthOutcome } from './auth';
import { ApiError, type Reply } from './reply';

export interface LsRequest {
  method: string;
  /** The path the route matched (slash appended when the middleware retried). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Capture groups of the route pattern. */
  params: string[];
  /** scheme://host used for absolute links. */
  origin: string;
  auth: AuthOutcome;
}

export type Handler = (req: LsRequest) => Promise<Reply> | Reply;

export interface Route {
  /** Anchored regex on the path, e.g. /^\/api\/ml\/(\d+)$/. */
  pattern: RegExp;
  /** DRF view needing an authenticated user (false: plain Django view or simplejwt view). */
  auth: boolean;
  methods: Partial<Record<string, Handler>>;
  /** Route exists only while this returns true (e.g. Enterprise-only endpoints). */
  when?: () => boolean;
}

export interface Resolved {
  route: Route;
  params: string[];
  path: string;
}

export function resolve(routes: readonly Route[], pathname: string): Resolved | undefined {
  const candidates = pathname.endsWith('/') ? [pathname] : [pathname, `${pathname}/`];
  for (const path of candidates) {
    for (const route of routes) {
      if (route.when && !route.when()) continue;
      const m = route.pattern.exec(path);
      if (m) return { route, params: m.slice(1), path };
    }
  }
  return undefined;
}

/** Request data as DRF parses it: JSON or form-encoded; an empty body is `{}`. */
export function parseData(req: LsRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const text = req.body.toString('utf8');
  if (type === 'application/json' || type === '') {
    try {
      const parsed: unknown = JSON.parse(text);
      // DRF accepts any JSON value; views then read it as a dict.
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch (err) {
      throw new ApiError(400, `JSON parse error - ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v; // QueryDict.get → last value
    return out;
  }
  throw new ApiError(415, `Unsupported media type "${type}" in request.`);
}
