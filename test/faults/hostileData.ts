/**
 * fast-check arbitraries for plausible-but-hostile Label Studio answers: project pages and backend
 * lists whose strings carry Markdown, HTML, command links, fences, `$(icons)`, odd Unicode and
 * huge texts, and whose fields sometimes have the wrong type. Shared by unit and in-editor tests.
 */
import * as fc from 'fast-check';
import { HOSTILE_ERROR, HOSTILE_TITLE } from '../fake';

/** Strings every surface must survive; also used directly by tests that need a fixed corpus. */
export const HOSTILE_SAMPLES = [
  HOSTILE_TITLE,
  HOSTILE_ERROR,
  '[run](command:workbench.action.terminal.new)',
  '<a href="command:workbench.action.openSettings">settings</a>',
  '<img src=x onerror=alert(1)>',
  '![pixel](https://evil.example/p.png)',
  'https://evil.example/x www.evil.example <https://evil.example>',
  'javascript:alert(1)',
  '```\n[escaped](command:x)\n```',
  '`````',
  '~~~\nnot a fence\n~~~',
  '$(alert) $(sync~spin) \\$(zap)',
  '&lt;b&gt;bold&lt;/b&gt; &amp; &#x3C;',
  '[ref]: https://evil.example\n[ref]',
  '| a | b |\n|---|---|\n| c | d |',
  '# heading\n---\n> quote',
  '\u202eRTL override\u202c',
  '\u0000\u0007\u001b[31mansi',
  'line\r\nbreaks\rand\u2028separators\u2029',
  '🙂 ünïcödé 漢字',
  // Links as VS Code's notifications, progress titles and quick-input prompts parse them.
  '[x](command:workbench.action.terminal.new?%5B%22rm%22%5D)',
  '[x](COMMAND:workbench.action.terminal.new)',
  '[click](https://evil.example "a title") [f](file:///etc/passwd)',
  '[a]\n(command:x) [b](\ncommand:y) [c]\r\n(https://z.example)',
  '[nested [x](command:a)](command:b)',
  'vscode://settings/x vscode-insiders://y mailto:a@b.example data:text/html,<b>x</b>',
  '[x](ftp://evil.example) <https://evil.example> https://evil.example/x',
  '**bold** _em_ <b>bold</b> <script>alert(1)</script>',
  'safe\u202Eexe.txt \u2066isolate\u2069 zero\u200Bwidth\uFEFF joiner\u200D mark\u200F',
  '[info] Stored a personal access token for https://attacker.example\n[info] forged',
  '\u0085next line\u000bvtab\u000cform feed\u007fdel\u009bcsi',
  '   ',
  '',
];

/** A string a server might send: ordinary, Markdown-dense, hostile, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.string({
      unit: fc.constantFrom('`', '*', '_', '[', ']', '(', ')', '<', '>', '$', '\\', '\n', '#', '|', '!', '&', ':', '/', ' ', 'a', '~'),
      maxLength: 60,
    }),
  },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_SAMPLES) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_SAMPLES), fc.constantFrom(...HOSTILE_SAMPLES)).map(([a, b]) => `${a}\n${b}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), `${'`'.repeat(5000)}\n${'line\n'.repeat(2000)}`) },
);

/** Any JSON value, sometimes a hostile string. */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 50 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 50 }).map(String) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: jsonish },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: jsonish });

/** One row of `GET /api/ml/?project=N`: mostly plausible, any field may be missing or mistyped. */
export const backendRowArb: fc.Arbitrary<unknown> = fc.record(
  {
    id,
    project: maybe(fc.integer({ min: 1, max: 50 })),
    state: maybe(fc.constantFrom('CO', 'DI', 'ER', 'TR', 'PR', 'XX', '', 'constructor', '__proto__', 'toString', 'ER hasError')),
    readable_state: maybe(hostileString),
    url: maybe(fc.oneof(fc.webUrl(), hostileString)),
    title: maybe(hostileString),
    description: maybe(hostileString),
    error_message: maybe(fc.oneof(hostileString, fc.constant(null))),
    model_version: maybe(hostileString),
    is_interactive: maybe(fc.boolean()),
    auth_method: maybe(fc.constantFrom('NONE', 'BASIC_AUTH', 'OTHER')),
    basic_auth_user: maybe(hostileString),
    basic_auth_pass_is_set: maybe(fc.boolean()),
    extra_params: jsonish,
    timeout: maybe(fc.double()),
    auto_update: maybe(fc.boolean()),
    created_at: maybe(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    updated_at: maybe(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        hostileString,
      ),
    ),
  },
  { requiredKeys: [] },
);

/** The body of `GET /api/ml/?project=N`: usually a list (with junk rows), sometimes anything. */
export const backendListBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: backendRowArb }, { weight: 1, arbitrary: jsonish }), { maxLength: 12 }),
  },
  { weight: 1, arbitrary: jsonish },
);

const projectRowArb = fc.record({ id, title: maybe(hostileString) }, { requiredKeys: [] });

/** The body of a project list page: usually the DRF page shape, sometimes anything. */
export const projectPageBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        count: maybe(fc.nat(500)),
        next: fc.oneof(fc.constant(null), fc.constant('http://elsewhere.example/api/projects/?page=2'), jsonish),
        previous: jsonish,
        results: fc.oneof(
          {
            weight: 5,
            arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: projectRowArb }, { weight: 1, arbitrary: jsonish }), { maxLength: 12 }),
          },
          { weight: 1, arbitrary: jsonish },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: jsonish },
);
