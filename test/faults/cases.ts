/**
 * The fault matrix, defined once: each case breaks the fake Label Studio (or the network) one way
 * and says what a refresh must end with. test/unit/faultMatrix.test.ts runs every case through the
 * core refresh, test/editor/faultMatrix.test.ts through the real extension.
 */
import { closedPortUrl } from '../fake';
import { startUntrustedTlsServer } from './tlsServer';
import { type Seed, type World } from './world';

export type ErrorKind = 'token-rejected' | 'network' | 'http' | 'unexpected-response';

export type Outcome =
  /** Everything loads: the fault was absorbed (retried, renewed, tolerated). */
  | { level: 'none' }
  /** The server fails as a whole: one row that names it. */
  | { level: 'server'; kind: ErrorKind; message: RegExp }
  /** Only `world.target` fails; the other projects load. */
  | { level: 'project'; kind: ErrorKind; message: RegExp };

export type Expectation = Outcome & {
  /** Most requests every server of the world may receive (no request loop). */
  maxRequests: number | ((w: World) => number);
  /** A log line (or request log entry) that must match: the detail behind the message. */
  log?: RegExp;
  /** Further checks on the world after the refresh (exchange counts, what was loaded). */
  check?(w: World): void;
};

export interface FaultCase {
  name: string;
  token?: 'legacy' | 'pat';
  seed?: Seed;
  setup?(w: World): void | Promise<void>;
  /** Refreshes asked for at once (default 1). */
  triggers?: number;
  /** Calls must time out: runners shorten the client's timeouts to SHORT_TIMEOUT_MS. */
  shortTimeouts?: boolean;
  /** The client's clock (unit matrix only): frozen at the start, or shifted. */
  clientClock?: 'frozen' | { offsetMs: number };
  expect: Expectation;
  /** Why the in-editor matrix does not run this case. */
  editorSkip?: string;
}

export const SHORT_TIMEOUT_MS = 1000;
/** The extension's default `labelStudio.requestConcurrency`, used by the unit matrix too. */
export const CONCURRENCY = 8;

const PROJECTS = /^\/api\/projects\//;
const ml = (w: World) => `/api/ml/?project=${w.target}`;
const plus = (n: number) => (w: World) => w.projectIds.length + n;
const fail = (message: string) => new Error(message);

function projectTitles(w: World): string[] {
  return w.projectIds.map((id) => `Project ${id}`);
}

export const FAULT_CASES: FaultCase[] = [
  // ---- credentials ------------------------------------------------------------------------------
  {
    name: 'legacy key unknown to the server (401 Invalid token)',
    setup: (w) => void (w.token = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'),
    expect: {
      level: 'server',
      kind: 'token-rejected',
      message: /rejected the legacy API token: Invalid token\. Set a new token\./,
      maxRequests: 1,
      log: /→ 401|HTTP 401: Invalid token/,
    },
  },
  {
    name: 'legacy keys disabled on the server',
    setup: (w) => void (w.fake.legacyTokensEnabled = false),
    expect: {
      level: 'server',
      kind: 'token-rejected',
      message: /legacy token authentication has been disabled.*Create a personal access token/,
      maxRequests: 1,
    },
  },
  {
    name: 'personal access token revoked (401 from /api/token/refresh/)',
    token: 'pat',
    setup: (w) => w.fake.revokePersonalAccessToken(w.token),
    expect: {
      level: 'server',
      kind: 'token-rejected',
      message: /rejected the personal access token: Token is blacklisted/,
      maxRequests: 1,
      log: /POST \/api\/token\/refresh\/.*HTTP 401/,
    },
  },
  {
    name: 'personal access tokens disabled on the server (Bearer refused after one renewal)',
    token: 'pat',
    setup: (w) => void (w.fake.patEnabled = false),
    expect: {
      level: 'server',
      kind: 'token-rejected',
      message: /rejected the personal access token: Authentication credentials were not provided/,
      maxRequests: 4,
    },
  },
  {
    name: 'access token refused once mid-refresh: renewed once, retried once, carries on',
    token: 'pat',
    setup: (w) => void w.fake.injectFault({ path: ml(w), times: 1, fault: { kind: 'status', status: 401 } }),
    expect: {
      level: 'none',
      maxRequests: plus(4),
      log: /renewing it and retrying once/,
      check: (w) => {
        if (w.fake.tokenExchanges !== 2) throw fail(`expected 2 exchanges, saw ${w.fake.tokenExchanges}`);
      },
    },
  },
  {
    name: 'access token expires on the server mid-refresh while the client clock stands still',
    token: 'pat',
    clientClock: 'frozen',
    setup: (w) => {
      w.fake.accessTokenTtlSeconds = 60;
      // The server's clock jumps past the token's end while it serves the project list.
      w.fake.injectFault({ path: PROJECTS, times: 1, fault: { kind: 'before', run: () => w.fake.advanceClock(61_000) } });
    },
    expect: {
      level: 'none',
      maxRequests: (w) => 3 + 2 * w.projectIds.length,
      check: (w) => {
        if (w.fake.tokenExchanges !== 2) throw fail(`expected 2 exchanges, saw ${w.fake.tokenExchanges}`);
      },
    },
  },
  {
    name: 'short-lived access tokens (20 s) are not exchanged for every request',
    token: 'pat',
    setup: (w) => void (w.fake.accessTokenTtlSeconds = 20),
    expect: {
      level: 'none',
      maxRequests: plus(2),
      check: (w) => {
        if (w.fake.tokenExchanges !== 1) throw fail(`expected 1 exchange, saw ${w.fake.tokenExchanges}`);
      },
    },
  },
  {
    name: 'local clock 10 minutes ahead of the server: one exchange, not one per request',
    token: 'pat',
    clientClock: { offsetMs: 600_000 },
    editorSkip: 'needs a shifted client clock',
    expect: {
      level: 'none',
      maxRequests: plus(2),
      check: (w) => {
        if (w.fake.tokenExchanges !== 1) throw fail(`expected 1 exchange, saw ${w.fake.tokenExchanges}`);
      },
    },
  },
  {
    name: '"User not found" as a plain-text 401',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        fault: { kind: 'status', status: 401, body: 'User not found', headers: { 'Content-Type': 'text/plain' } },
      }),
    expect: { level: 'server', kind: 'token-rejected', message: /rejected the legacy API token: User not found/, maxRequests: 1 },
  },
  {
    name: 'a 401 that echoes the token back: the token is masked',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        fault: { kind: 'status', status: 401, body: { detail: `Invalid token ${w.token} for this organization` } },
      }),
    expect: { level: 'server', kind: 'token-rejected', message: /Invalid token ‹redacted› for this organization/, maxRequests: 1 },
  },
  {
    name: 'a token exchange error that echoes the personal access token: masked',
    token: 'pat',
    setup: (w) =>
      void w.fake.injectFault({
        path: '/api/token/refresh/',
        fault: { kind: 'status', status: 400, body: { refresh: [`${w.token} is not a valid token`] } },
      }),
    expect: { level: 'server', kind: 'http', message: /answered 400: refresh: ‹redacted› is not a valid token/, maxRequests: 1 },
  },
  {
    name: 'token exchange answers 200 without an access token',
    token: 'pat',
    setup: (w) => void w.fake.injectFault({ path: '/api/token/refresh/', fault: { kind: 'status', status: 200, body: { refresh: 'x' } } }),
    expect: {
      level: 'server',
      kind: 'unexpected-response',
      message: /answered the token exchange without an access token/,
      maxRequests: 1,
    },
  },
  {
    name: 'a server without /api/token/refresh/ (Label Studio before 1.17): HTML 404',
    token: 'pat',
    setup: (w) => void w.fake.injectFault({ path: '/api/token/refresh/', fault: { kind: 'html', status: 404 } }),
    expect: { level: 'server', kind: 'unexpected-response', message: /has no \/api\/token\/refresh\/ route.*1\.17/, maxRequests: 1 },
  },
  {
    name: 'token revoked mid-refresh (401 on every /api/ml): the queue stops',
    seed: { projects: 20, backendsPerProject: 0 },
    setup: (w) => void w.fake.injectFault({ path: /^\/api\/ml\//, fault: { kind: 'status', status: 401 } }),
    expect: {
      level: 'server',
      kind: 'token-rejected',
      message: /rejected the legacy API token: Authentication credentials were not provided/,
      maxRequests: 1 + CONCURRENCY,
    },
  },

  // ---- routes and HTML --------------------------------------------------------------------------
  {
    name: "wrong path prefix in the server URL: Django's HTML 404",
    setup: (w) => void (w.baseUrl = `${w.fake.url}/label-studio`),
    expect: {
      level: 'server',
      kind: 'unexpected-response',
      message: /\/label-studio answered with an HTML page \(status 404\): is this the Label Studio URL\?/,
      maxRequests: 1,
    },
  },
  {
    name: 'a login page (HTML, 200) instead of JSON',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'html', status: 200 } }),
    expect: { level: 'server', kind: 'unexpected-response', message: /answered with an HTML page \(status 200\)/, maxRequests: 1 },
  },
  {
    name: 'a redirect (302) to the login page is not followed',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'html', status: 302 } }),
    expect: { level: 'server', kind: 'http', message: /answered 302: redirected to \/user\/login\/.*not followed/, maxRequests: 1 },
  },
  {
    name: 'a redirect (302) to another host: not followed, that host receives nothing',
    setup: async (w) => {
      const other = await w.other();
      w.fake.injectFault({ path: PROJECTS, fault: { kind: 'html', status: 302, location: `${other.url}/api/projects/` } });
    },
    expect: {
      level: 'server',
      kind: 'http',
      message: /answered 302: redirected to 127\.0\.0\.1:\d+\/api\/projects\/.*token was not sent there/,
      maxRequests: 1,
    },
  },
  {
    name: '403 Forbidden (Label Studio envelope)',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 403 } }),
    expect: { level: 'server', kind: 'http', message: /answered 403: You do not have permission to perform this action\./, maxRequests: 1 },
  },
  {
    name: '502 HTML page from a reverse proxy',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 502 } }),
    expect: { level: 'server', kind: 'http', message: /answered 502: Bad gateway \(an HTML error page/, maxRequests: 1 },
  },
  {
    name: "HTML 404 on one project's /api/ml (a proxy that drops a route)",
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'html', status: 404 } }),
    expect: { level: 'project', kind: 'unexpected-response', message: /answered with an HTML page \(status 404\)/, maxRequests: plus(1) },
  },

  // ---- bodies -----------------------------------------------------------------------------------
  {
    name: 'invalid JSON (project list)',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'invalid-json' } }),
    expect: {
      level: 'server',
      kind: 'unexpected-response',
      message: /sent an answer that is not valid JSON/,
      maxRequests: 1,
      log: /not valid JSON.*body starts/,
    },
  },
  {
    name: 'invalid JSON (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'invalid-json' } }),
    expect: { level: 'project', kind: 'unexpected-response', message: /not valid JSON/, maxRequests: plus(1) },
  },
  {
    name: 'truncated JSON every time (project list): retried once, then explained',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'truncated-json' } }),
    expect: { level: 'server', kind: 'network', message: /connection to .* was closed before the answer was complete/, maxRequests: 2 },
  },
  {
    name: 'truncated JSON (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'truncated-json' } }),
    expect: { level: 'project', kind: 'network', message: /closed before the answer was complete/, maxRequests: plus(2) },
  },
  {
    name: 'empty body (project list)',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'empty-body' } }),
    expect: {
      level: 'server',
      kind: 'unexpected-response',
      message: /sent an empty answer where the project list was expected/,
      maxRequests: 1,
    },
  },
  {
    name: 'empty body (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'empty-body' } }),
    expect: {
      level: 'project',
      kind: 'unexpected-response',
      message: /empty answer where the list of ML backends was expected/,
      maxRequests: plus(1),
    },
  },
  {
    name: '500 envelope with exc_info (project list): the message without the traceback, the log with its exception',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 500 } }),
    expect: {
      level: 'server',
      kind: 'http',
      message: /^Label Studio at \S+ answered 500: database is locked$/,
      maxRequests: 1,
      log: /HTTP 500: database is locked \[django\.db\.utils\.OperationalError: database is locked\]/,
    },
  },
  {
    name: '500 envelope with exc_info (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 500 } }),
    expect: { level: 'project', kind: 'http', message: /answered 500: database is locked$/, maxRequests: plus(1) },
  },
  {
    name: '{"error": …} body',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        fault: { kind: 'status', status: 400, body: { error: 'Project list is <b>temporarily</b> unavailable' } },
      }),
    expect: { level: 'server', kind: 'http', message: /answered 400: Project list is temporarily unavailable$/, maxRequests: 1 },
  },
  {
    name: '{"errors": […]} body (one /api/ml)',
    setup: (w) =>
      void w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 400, body: { errors: ['first problem', { code: 7 }] } } }),
    expect: { level: 'project', kind: 'http', message: /answered 400: first problem; \{"code":7\}$/, maxRequests: plus(1) },
  },
  {
    name: 'a 1 MB error detail is clipped',
    setup: (w) =>
      void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 500, body: { detail: `boom ${'x'.repeat(1 << 20)}` } } }),
    expect: { level: 'server', kind: 'http', message: /^Label Studio at \S+ answered 500: boom x{100,400}…$/, maxRequests: 1 },
  },
  {
    name: '10 MB body (project list): refused, not read into memory',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } }),
    expect: { level: 'server', kind: 'network', message: /sent an answer larger than 8 MB; it was not read/, maxRequests: 1 },
  },
  {
    name: '10 MB body (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'huge-body', bytes: 10 * 1024 * 1024 } }),
    expect: { level: 'project', kind: 'network', message: /larger than 8 MB/, maxRequests: plus(1) },
  },

  // ---- the network ------------------------------------------------------------------------------
  {
    name: 'accepts the connection and never answers (project list)',
    shortTimeouts: true,
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'hang' } }),
    expect: {
      level: 'server',
      kind: 'network',
      message: /did not answer within 1 s/,
      maxRequests: 1,
      log: /failed after \d+ ms|timeout after/,
    },
  },
  {
    name: 'accepts the connection and never answers (one /api/ml)',
    shortTimeouts: true,
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'hang' } }),
    expect: { level: 'project', kind: 'network', message: /did not answer within 1 s/, maxRequests: plus(1) },
  },
  {
    name: 'answers slowly, byte by byte, within the timeout',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'slow-bytes', intervalMs: 1 } }),
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'answers byte by byte slower than the timeout',
    shortTimeouts: true,
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'slow-bytes', intervalMs: 50 } }),
    expect: { level: 'server', kind: 'network', message: /did not answer within 1 s/, maxRequests: 1 },
  },
  {
    name: 'connection refused',
    setup: async (w) => void (w.baseUrl = await closedPortUrl()),
    expect: {
      level: 'server',
      kind: 'network',
      message: /Could not connect to 127\.0\.0\.1:\d+: connection refused/,
      maxRequests: 0,
      log: /ECONNREFUSED/,
    },
  },
  {
    name: 'unknown host (DNS failure)',
    setup: (w) => void (w.baseUrl = 'https://no-such-host.invalid'),
    expect: {
      level: 'server',
      kind: 'network',
      message: /Could not find the host no-such-host\.invalid \(DNS lookup failed\)/,
      maxRequests: 0,
      log: /ENOTFOUND|EAI_AGAIN/,
    },
  },
  {
    name: 'connection reset mid-body once: the GET is retried',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, times: 1, fault: { kind: 'reset' } }),
    expect: { level: 'none', maxRequests: plus(2) },
  },
  {
    name: 'connection reset mid-body every time (project list)',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'reset' } }),
    expect: { level: 'server', kind: 'network', message: /closed before the answer was complete/, maxRequests: 2 },
  },
  {
    name: 'connection closed before any answer (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'drop' } }),
    expect: { level: 'project', kind: 'network', message: /closed before the answer was complete/, maxRequests: plus(2) },
  },
  {
    name: 'TLS certificate from an unknown CA: refused before any request is sent',
    setup: async (w) => {
      const tls = await startUntrustedTlsServer();
      w.onClose(() => tls.close());
      w.bystanders.push({ name: 'the TLS server', requests: () => tls.requests });
      w.baseUrl = tls.url;
    },
    expect: {
      level: 'server',
      kind: 'network',
      message: /The TLS certificate of 127\.0\.0\.1:\d+ was not accepted/,
      maxRequests: 0,
      log: /CERT|SELF_SIGNED/,
    },
  },

  // ---- shapes -----------------------------------------------------------------------------------
  {
    name: 'the project list is a bare array',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        fault: { kind: 'status', status: 200, body: w.projectIds.map((id) => ({ id, title: 't' })) },
      }),
    expect: { level: 'server', kind: 'unexpected-response', message: /sent a project list without the "results" list/, maxRequests: 1 },
  },
  {
    name: 'project rows with nulls, junk, ids as strings, missing and odd titles',
    setup: (w) => {
      const [a, b, c] = w.projectIds;
      const results = [
        null,
        'junk',
        7,
        { title: 'no id' },
        { id: String(a), title: null },
        { id: b, title: 42 },
        { id: c, title: ' \n\t ' },
        { id: 1.5, title: 'fraction' },
      ];
      w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 200, body: { count: '3', next: 12, results } } });
    },
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'the backend list is an object, not an array (one /api/ml)',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 200, body: { results: [] } } }),
    expect: {
      level: 'project',
      kind: 'unexpected-response',
      message: /sent something other than a list of ML backends \(a JSON object\)/,
      maxRequests: plus(1),
    },
  },
  {
    name: 'backend rows with missing fields, nulls, numbers as strings and wrong types',
    setup: (w) => {
      const rows = [
        null,
        'junk',
        { title: 'no id' },
        {
          id: '901',
          project: String(w.target),
          state: 'CO',
          url: null,
          title: null,
          timeout: '30.5',
          is_interactive: 'true',
          error_message: 12,
        },
        {
          id: 902,
          state: 2,
          url: 42,
          title: ['array'],
          description: { o: 1 },
          model_version: false,
          auth_method: null,
          extra_params: 'x',
          updated_at: 'not a date',
        },
        { id: 903 },
      ];
      w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 200, body: rows } });
    },
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'unknown and hostile state codes',
    setup: (w) => {
      const states = ['XX', '', null, 42, 'constructor', '__proto__', 'toString', 'ER hasError interactive', 'C\nO'];
      w.fake.injectFault({
        path: ml(w),
        fault: {
          kind: 'status',
          status: 200,
          body: states.map((state, i) => ({ id: 800 + i, project: w.target, state, title: `s${i}`, url: 'http://ml:9090' })),
        },
      });
    },
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'the same backend id twice in one list',
    setup: (w) => {
      const row = { id: 777, project: w.target, state: 'CO', url: 'http://ml:9090', title: 'twice' };
      w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 200, body: [row, { ...row, title: 'again' }] } });
    },
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'a 1 MB error_message in a backend',
    setup: (w) => {
      const error = `Traceback (most recent call last):\n${'  File "x.py", line 1\n'.repeat(50_000)}RuntimeError: huge`;
      w.fake.injectFault({
        path: ml(w),
        fault: {
          kind: 'status',
          status: 200,
          body: [{ id: 778, project: w.target, state: 'ER', url: 'http://ml:9090', title: 'huge', error_message: error }],
        },
      });
    },
    expect: { level: 'none', maxRequests: plus(1) },
  },

  // ---- pagination -------------------------------------------------------------------------------
  {
    name: '`next` loops: every page is the first page',
    setup: (w) => {
      const body = {
        count: 1000,
        next: `${w.fake.url}/api/projects/?page=1`,
        previous: null,
        results: w.projectIds.map((id) => ({ id, title: `Project ${id}` })),
      };
      w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 200, body } });
    },
    expect: { level: 'none', maxRequests: plus(2) },
  },
  {
    name: '`next` points at another host: pages are asked of the configured server only',
    seed: { projects: 150, backendsPerProject: 0 },
    setup: async (w) => void (w.fake.publicOrigin = (await w.other()).url),
    expect: {
      level: 'none',
      maxRequests: plus(2),
      check: (w) => {
        if (!w.fake.requests.some((r) => r.path.includes('page=2'))) throw fail('page 2 was not asked of the configured server');
      },
    },
  },
  {
    name: 'a count that lies (10000) and no next page',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        fault: {
          kind: 'status',
          status: 200,
          body: { count: 10_000, next: null, results: w.projectIds.map((id) => ({ id, title: `Project ${id}` })) },
        },
      }),
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'the same project ids on two pages',
    setup: (w) => {
      const [a, b, c] = projectTitles(w).map((title, i) => ({ id: w.projectIds[i], title }));
      w.fake.injectFault({ path: /page=1$/, fault: { kind: 'status', status: 200, body: { count: 4, next: 'page2', results: [a, b] } } });
      w.fake.injectFault({ path: /page=2$/, fault: { kind: 'status', status: 200, body: { count: 4, next: null, results: [b, c] } } });
    },
    expect: { level: 'none', maxRequests: plus(2) },
  },

  // ---- throttling -------------------------------------------------------------------------------
  {
    name: '429 once with Retry-After: 1, then the answer',
    setup: (w) =>
      void w.fake.injectFault({ path: PROJECTS, times: 1, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } }),
    expect: { level: 'none', maxRequests: plus(2), log: /HTTP 429: waiting 1000 ms/ },
  },
  {
    name: '429 asking to wait an hour: not waited for, explained',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '3600' } } }),
    expect: {
      level: 'server',
      kind: 'http',
      message: /answered 429: Request was throttled.*\(the server asks to wait 3600 s before trying again\)/,
      maxRequests: 1,
    },
  },
  {
    name: '503 with Retry-After every time: two retries, then the error',
    setup: (w) => void w.fake.injectFault({ path: PROJECTS, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' } } }),
    expect: {
      level: 'server',
      kind: 'http',
      message: /answered 503: Service unavailable \(an HTML error page .*\(the server asks to wait 1 s/,
      maxRequests: 3,
    },
  },
  {
    name: '503 once with Retry-After as an HTTP date',
    setup: (w) =>
      void w.fake.injectFault({
        path: PROJECTS,
        times: 1,
        fault: { kind: 'status', status: 503, headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() } },
      }),
    expect: { level: 'none', maxRequests: plus(2) },
  },
  {
    name: '429 on every /api/ml even after waiting (Retry-After: 0): the refresh stops asking',
    seed: { projects: 20, backendsPerProject: 0 },
    setup: (w) =>
      void w.fake.injectFault({ path: /^\/api\/ml\//, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } }),
    expect: { level: 'server', kind: 'http', message: /answered 429: Request was throttled/, maxRequests: 1 + 3 * CONCURRENCY },
  },
  {
    name: '503 with Retry-After on one /api/ml: that project fails, the others load',
    setup: (w) => void w.fake.injectFault({ path: ml(w), fault: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } }),
    expect: { level: 'project', kind: 'http', message: /answered 503: Service unavailable/, maxRequests: plus(3) },
  },

  // ---- timing -----------------------------------------------------------------------------------
  {
    name: '100 refresh triggers at once join one refresh',
    triggers: 100,
    expect: { level: 'none', maxRequests: plus(1) },
  },
  {
    name: 'a project deleted between the project list and its /api/ml call (404)',
    setup: (w) =>
      void w.fake.injectFault({ path: ml(w), times: 1, fault: { kind: 'before', run: () => void w.fake.deleteProject(w.target) } }),
    expect: { level: 'project', kind: 'http', message: /answered 404: No Project matches the given query\./, maxRequests: plus(1) },
  },
];
