/**
 * Localisation of core (issue 13). Core text goes through the seam `l10n.t`; here a pseudo translator
 * wraps every message in ⟦…⟧, and the outputs users read (tree rows and hovers, Diagnose verdicts and
 * reports, error explanations, the prediction checker's findings, local backend reports) must be marked
 * everywhere. Server text in the data below is Cyrillic, so any Latin word left after removing the marked
 * parts, code spans and fences is the extension's own text that missed `l10n.t`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatMessage, setTranslator } from '../../src/core/text/l10n';
import { KNOWN_STATE_CODES, lookOfState } from '../../src/core/backends/backendState';
import { backendRow, failureLabel, projectSummary, projectTitle, displayTitle, staleNote } from '../../src/core/view/presentation';
import { describeFilter } from '../../src/core/view/filter';
import { diagnose, diagnosisReport } from '../../src/core/backends/diagnosis';
import type { HealthProbe } from '../../src/core/backends/healthProbe';
import { fullErrorReport } from '../../src/core/reports/fullErrorReport';
import { readBackend, readBackendListReport, readProjectPage, type MlBackend } from '../../src/core/api/models';
import {
  CancelledError,
  DamagedTokenError,
  HttpStatusError,
  NetworkError,
  TokenRejectedError,
  UnexpectedResponseError,
} from '../../src/core/api/errors';
import { errorFromResponse, readJson, redirectError } from '../../src/core/api/responses';
import { describeTokenKind, tokenInputProblem } from '../../src/core/api/token';
import { normaliseServerUrl } from '../../src/core/net/serverUrl';
import { readServerConfigs } from '../../src/core/servers/config';
import { backendUrlProblem, extraParamsProblem, timeoutProblem } from '../../src/core/backends/backendForm';
import { createUndiciTransport } from '../../src/core/net/http';
import { checkPrediction, checkResults } from '../../src/core/predictions/check';
import { parseLabelConfig } from '../../src/core/predictions/labelConfig';
import type { LabelConfig } from '../../src/core/predictions/types';
import { buildInspectorPage } from '../../src/core/predictions/inspectorPage';
import { freezeAction, freezeExplanation, offerModelVersions, shownForBackend } from '../../src/core/predictions/modelVersions';
import { planMedia as planInspectorMedia } from '../../src/core/predictions/media';
import { backendEnvironment } from '../../src/core/local/environment';
import { describeState, nextState } from '../../src/core/local/localState';
import { judgeSetup, slowSetupFix } from '../../src/core/local/setupTiming';
import { planMedia } from '../../src/core/local/mediaPlan';
import { mediaReport } from '../../src/core/local/mediaReport';
import type { MediaOutcome } from '../../src/core/local/mediaProbe';
import { candidateUrls } from '../../src/core/local/reachableUrl';
import { closedPortUrl } from '../fake';

const pseudo = (message: string, args: (string | number | boolean)[]) => `⟦${formatMessage(message, args)}⟧`;

/** The whole text is one marked message (its arguments, marked or server text, sit inside). */
function assertMarked(text: string | undefined, where: string): void {
  assert.ok(text !== undefined && text.startsWith('⟦') && text.endsWith('⟧'), `${where}: not through l10n.t: ${JSON.stringify(text)}`);
}

/** Latin words of a composite text (Markdown, a report) outside marked messages, code spans, fences and link targets. */
function unmarkedWords(text: string): string[] {
  let rest = text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, ' ');
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  rest = rest.replace(/(`+)[\s\S]*?\1/g, ' ').replace(/\]\([^)]*\)/g, ']');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

function assertAllMarked(text: string, where: string): void {
  assert.deepEqual(unmarkedWords(text), [], `${where} has text that is not through l10n.t:\n${text}`);
}

// Server text: Cyrillic (and digits), so it never counts as the extension's own words.
const backend = (over: Partial<MlBackend> & Record<string, unknown> = {}): MlBackend =>
  readBackend({
    id: 7,
    project: 3,
    state: 'CO',
    url: 'http://localhost:9090',
    title: 'Модель',
    description: 'описание',
    auth_method: 'NONE',
    model_version: 'в1',
    updated_at: '2026-01-14T16:02:00Z',
    ...over,
  });

describe('localisation of core: every sentence users read goes through l10n.t', () => {
  before(() => setTranslator(pseudo));
  after(() => setTranslator(undefined));

  it('a message computed from a table is translated when asked, not when its module loaded', () => {
    // Tables that were constants at load time (state labels, reason phrases, the freeze and slow /setup
    // explanations, the checker's "stops loading" tail, the media "external off" reason) are now looked up.
    assert.equal(lookOfState('CO').label, '⟦Connected⟧');
    assert.equal(lookOfState('ER').label, '⟦Error⟧');
    assertMarked(freezeExplanation(), 'freeze explanation');
    assertMarked(slowSetupFix(), 'slow /setup fix');
    const err = errorFromResponse({ status: 404, headers: { 'content-type': 'application/json' }, body: '{}' }, 'ls');
    assert.equal(err.message, '⟦Label Studio at ls answered 404: ⟦Not found⟧⟧');
    const media = planInspectorMedia('http://other.host/a.png', 'http://localhost:8080', false);
    assert.ok(media.kind === 'refused');
    assertMarked(media.reason, 'external media refused');
    setTranslator(undefined);
    try {
      assert.equal(lookOfState('CO').label, 'Connected', 'without a translator: English');
      assert.equal(freezeExplanation().includes('⟦'), false);
    } finally {
      setTranslator(pseudo);
    }
  });

  it('the tree: each backend state, its row, accessibility label and hover; project and filter descriptions', () => {
    for (const code of [...KNOWN_STATE_CODES, 'ZZ', '']) {
      const b = backend({ state: code, error_message: code === 'ER' ? 'Ошибка\nтрассировка' : null, auto_update: code !== 'TR' });
      const row = backendRow(b, [b.id], code === 'CO' ? 'Модель' : 'в1');
      assertMarked(row.description, `description of ${code}`);
      assertMarked(row.accessibilityLabel, `accessibility label of ${code}`);
      assertAllMarked(row.tooltipMarkdown, `hover of ${code}`);
    }
    const basic = backend({
      auth_method: 'BASIC_AUTH',
      basic_auth_user: 'пользователь',
      basic_auth_pass_is_set: true,
      is_interactive: true,
    });
    assertAllMarked(backendRow(basic).tooltipMarkdown, 'hover with basic auth');
    assertMarked(displayTitle({ id: 4, title: '', url: '' }), 'untitled backend');
    assertMarked(projectTitle('', 4), 'untitled project');
    for (const list of [[], [backend()], ['CO', 'ER', 'ER', 'DI', 'TR', 'PR'].map((state) => backend({ state }))]) {
      for (const part of projectSummary(list).split(' · ')) assertMarked(part, `project summary ${list.length}`);
    }
    assertMarked(describeFilter({ states: ['ER', 'DI'], text: 'ёлка' }), 'filter with states and text');
    assertMarked(describeFilter({ states: [], text: 'ёлка' }), 'filter with text');
  });

  it('error explanations: network, HTTP answers, tokens, URLs, settings and form checks', async () => {
    const messages: Array<[string, string | undefined]> = [];
    const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1024 });
    try {
      await transport.send({ method: 'GET', url: `${await closedPortUrl()}/api/ml`, headers: {}, timeoutMs: 2000 });
      assert.fail('a closed port answered');
    } catch (e) {
      assert.ok(e instanceof NetworkError);
      messages.push(['connection refused', e.message]);
    } finally {
      await transport.close();
    }
    const res = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, headers, body });
    const html = { 'content-type': 'text/html' };
    messages.push(
      ['HTML 502 with Retry-After', errorFromResponse(res(502, '<html></html>', { ...html, 'retry-after': '5' }), 'ls').message],
      ['HTML 503 with a date', errorFromResponse(res(503, '<html></html>', { ...html, 'retry-after': 'soon' }), 'ls').message],
      ['HTML 404 page', errorFromResponse(res(404, '<html></html>', html), 'ls').message],
      ['JSON 400 of the server', errorFromResponse(res(400, '{"detail": "плохо"}'), 'ls').message],
      ['plain text 500', errorFromResponse(res(500, 'сломалось'), 'ls').message],
      ['redirect', redirectError('ls', res(302, '', { location: '/user/login/' })).message],
      ['redirect nowhere', redirectError('ls', res(302, '')).message],
      ['token rejected', new TokenRejectedError('ls', 'Invalid token', describeTokenKind('legacy')).message],
      [
        'legacy disabled',
        new TokenRejectedError('ls', 'legacy token authentication has been disabled', describeTokenKind('legacy')).message,
      ],
      ['rejected, no hint', new TokenRejectedError('ls', 'нет', describeTokenKind('access')).message],
      ['damaged token', new DamagedTokenError('ls').message],
      ['HTTP error of a host', new HttpStatusError(500, 'сбой', {}, undefined, 'ls').message],
      ['HTTP error', new HttpStatusError(500, 'сбой').message],
      ['cancelled', new CancelledError().message],
      ['empty token', tokenInputProblem('')],
      ['damaged JWT', tokenInputProblem('eyJhbGciOiJIUzI1NiJ9.broken')],
      ['legacy not ASCII', tokenInputProblem('ключ')],
      ['backend URL empty', backendUrlProblem('')],
      ['backend URL not a URL', backendUrlProblem('localhost')],
      ['backend URL ftp', backendUrlProblem('ftp://x')],
      ['backend URL with user', backendUrlProblem('http://u:p@x')],
      ['timeout', timeoutProblem('soon')],
      ['extra params', extraParamsProblem('{')],
    );
    for (const bad of ['', 'ftp://x', 'http://u:p@x', 'http://x/?q=1', 'http://exa mple.com']) {
      try {
        normaliseServerUrl(bad);
        assert.fail(`${bad} was accepted`);
      } catch (e) {
        messages.push([`server URL ${JSON.stringify(bad)}`, (e as Error).message]);
      }
    }
    for (const raw of [{}, [{ name: 'x' }, { url: 'ftp://x' }]])
      for (const p of readServerConfigs(raw).problems) messages.push(['setting', p]);
    const list = readBackendListReport([{ title: 'без id' }, { id: 'x' }, 5, { id: 1 }, { id: 1 }], 'ls');
    for (const p of list.problems) messages.push(['backend list item', p]);
    for (const [what, read] of [
      ['empty backend list', () => readBackendListReport(undefined)],
      ['backend list not a list', () => readBackendListReport({}, 'ls')],
      ['empty project page', () => readProjectPage(undefined, 'ls')],
      ['project page without results', () => readProjectPage({})],
      ['not JSON', () => readJson(res(200, '{"a":'), 'ls')],
    ] as const) {
      try {
        read();
        assert.fail(`${what}: no error`);
      } catch (e) {
        assert.ok(e instanceof UnexpectedResponseError);
        messages.push([what, e.message]);
      }
    }
    for (const [where, text] of messages) assertMarked(text, where);
    const kinds: Error[] = [
      new TokenRejectedError('ls', 'нет', 'x'),
      new CancelledError(),
      new UnexpectedResponseError('нет'),
      new HttpStatusError(502, 'нет'),
      new HttpStatusError(0, 'нет'),
      new Error('нет'),
      ...(['refused', 'dns', 'timeout', 'tls', 'reset', 'too-large', 'other'] as const).map((r) => new NetworkError(r, 'нет')),
    ];
    for (const e of kinds) assertMarked(failureLabel(e), `failure label of ${e.constructor.name}`);
    assertMarked(staleNote('сервер', Date.now(), new CancelledError()), 'stale note');
  });

  it('Diagnose Backend: every kind of verdict, and the report', () => {
    const ok: HealthProbe = { url: 'http://localhost:9090/health', status: 200, ms: 3, healthy: true, modelClass: 'Модель' };
    const unauthorized: HealthProbe = { url: 'http://localhost:9090/health', status: 401, ms: 1, healthy: false };
    const failing: HealthProbe = { url: 'http://localhost:9090/health', status: 500, ms: 1, healthy: false };
    const down: HealthProbe = { url: 'http://ml:9090/health', ms: 1, healthy: false, failure: { reason: 'refused', message: 'отказ' } };
    const cases: Array<[string, MlBackend, string, HealthProbe]> = [
      ['auth missing', backend(), 'http://ls', unauthorized],
      ['auth refused', backend({ state: 'DI', auth_method: 'BASIC_AUTH', basic_auth_user: 'кто' }), 'http://ls', unauthorized],
      ['auth fine', backend({ auth_method: 'BASIC_AUTH', basic_auth_user: 'кто' }), 'http://ls', unauthorized],
      ['all good', backend(), 'http://ls', ok],
      ['setup fails', backend({ state: 'ER', error_message: 'Ошибка' }), 'http://ls', ok],
      ['Docker case', backend({ state: 'DI' }), 'http://localhost:8080', ok],
      ['loopback, remote Label Studio', backend({ state: 'DI' }), 'https://ls.example.com', ok],
      ['network between', backend({ state: 'DI', url: 'http://ml.internal:9090' }), 'http://ls', ok],
      ['training', backend({ state: 'TR' }), 'http://ls', ok],
      ['health fails', backend(), 'http://ls', failing],
      ['only Label Studio reaches it', backend({ state: 'ER' }), 'http://ls', down],
      ['nobody reaches it', backend({ state: 'DI', url: 'http://ml:9090' }), 'http://ls', down],
      ['unknown state', backend({ state: 'ZZ' }), 'http://ls', ok],
    ];
    for (const [name, b, ls, probe] of cases) {
      const d = diagnose(b, ls, probe);
      assertMarked(d.verdict, `${name}: verdict`);
      if (d.cause) assertMarked(d.cause, `${name}: cause`);
      d.fixes.forEach((f, i) => assertMarked(f, `${name}: fix ${i}`));
      assertAllMarked(diagnosisReport(b, ls, probe, d), `${name}: report`);
    }
    assertAllMarked(fullErrorReport(backend({ state: 'ER', error_message: 'Ошибка' })), 'full error report');
    assertAllMarked(fullErrorReport(backend({ updated_at: null })), 'full error report without an error');
  });

  describe('the prediction checker', () => {
    let config: LabelConfig;
    const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
    const catalogue = JSON.parse(fs.readFileSync(path.join(fixtures, 'prediction-results-catalogue.json'), 'utf8'));
    const items: Record<string, any>[] = catalogue.prediction.result;
    const byId = (id: string, n = 0) => structuredClone(items.filter((r) => r.id === id)[n]);
    const ctx = { imageSizes: { image: { width: 6, height: 4 } }, texts: { text: catalogue.task_data.text } };
    before(async () => (config = await parseLabelConfig(catalogue.label_config)));

    it("every finding's problem and fix are whole marked messages", () => {
      const edit = (id: string, change: (r: Record<string, any>) => void, n = 0) => {
        const r = byId(id, n);
        change(r);
        return r;
      };
      const broken = [
        5,
        { from_name: 'bbox', to_name: 'image', value: {} },
        edit('c02', (r) => (r.type = 'nosuchtype')),
        edit('c02', (r) => (r.from_name = 'nosuch')),
        edit('c02', (r) => ([r.from_name, r.to_name] = [r.to_name, r.from_name])),
        edit('c02', (r) => (r.type = 'polygonlabels')),
        edit('c02', (r) => (r.id = { a: 1 })),
        edit('c02', (r) => (r.score = 'высокий')),
        edit('c02', (r) => (r.value = 3)),
        edit('c02', (r) => (r.value.rectanglelabels = ['car'])),
        edit('c02', (r) => (r.value.rectanglelabels = ['Машина'])),
        edit('c02', (r) => (r.value.rectanglelabels = [])),
        edit('c02', (r) => delete r.value.rectanglelabels),
        edit('c02', (r) => (r.value.rectanglelabels = 'Car')),
        edit('c02', (r) => (r.value.x = 'левый')),
        edit('c02', (r) => Object.assign(r.value, { x: 300, y: 120 })),
        edit('c02', (r) => (r.value.width = 0)),
        edit('c02', (r) => Object.assign(r.value, { x: 90, width: 30 })),
        edit('c02', (r) => delete r.original_width),
        edit('c02', (r) => Object.assign(r, { original_width: 60, original_height: 40 })),
        edit('c02', (r) => (r.to_name = ['image'])),
        edit('c02', (r) => (r.to_name = 'text')),
        edit('c01', (r) => (r.value.choices = ['Day', 'Night'])),
        edit('c01', (r) => delete r.value.choices),
        edit('c03', (r) => (r.value.points = 'нет')),
        edit('c03', (r) => (r.value.points = [[1, 2], ['x']])),
        edit(
          'c03',
          (r) =>
            (r.value.points = [
              [1, 2],
              [200, 300],
            ]),
        ),
        edit('c06', (r) => (r.value.format = 'png')),
        edit('c06', (r) => (r.value.rle = 'нет')),
        edit('c06', (r) => (r.value.rle = [1, 2])),
        edit('c06', (r) => (r.value.rle = [300, 0, 0, 0, 0])),
        edit('c07', (r) => (r.value.imageDataURL = 'нет')),
        edit('c09', (r) => (r.value.number = 'много')),
        edit('c08', (r) => delete r.value.text),
        edit('c11', (r) => (r.value.taxonomy = 'нет')),
        edit('c11', (r) => (r.value.taxonomy = [['Vehicle', 'car']])),
        edit('c13', (r) => (r.value.end = 'конец')),
        edit('c13', (r) => Object.assign(r.value, { start: 5, end: 2 })),
        edit('c13', (r) => (r.value.end = 100000)),
        edit('c13', (r) => (r.value.text = 'другое')),
        edit('c15', (r) => Object.assign(r.value, { start: '/p[1]', end: '/p[1]', startOffset: 'a' })),
        edit('c15', (r) => Object.assign(r.value, { start: null, end: null })),
        { type: 'relation', from_id: 'нет' },
        edit('c04', (r) => (r.id = byId('c02').id)),
      ];
      const findings = checkResults(config, [byId('c02'), ...broken], ctx);
      const answers = [{}, { result: {} }, { result: 'нет' }, { result: [], score: 'высокий', model_version: null }];
      findings.push(...answers.flatMap((a) => checkPrediction(config, a, ctx).findings));
      for (const f of findings) {
        assertMarked(f.message, `finding at ${f.pathText}`);
        assertMarked(f.fix, `fix at ${f.pathText}`);
      }
      // The variety is real: the broken regions reach most of the checker's messages.
      assert.ok(new Set(findings.map((f) => f.message.replace(/\d+/g, ''))).size >= 40, `${findings.length} findings`);
    });

    it("the inspector's view model: version titles and the regions' accessible names", () => {
      const stored = (id: number, version: string) => ({
        id,
        model_version: version,
        score: 0.5,
        result: items,
        created_at: null,
        task: 1,
      });
      const page = buildInspectorPage({
        taskId: 1,
        backendTitle: 'Модель',
        config,
        answer: { result: items, score: 0.9 },
        stored: [stored(1, 'в1'), stored(2, 'в1'), stored(3, '')],
        ctx,
      });
      assertMarked(page.title, 'page title');
      const names = page.versions.flatMap((v) => v.objects.flatMap((o) => o.regions.map((r) => r.accessibleName)));
      assert.ok(names.length > 10, `${names.length} regions`);
      for (const v of page.versions) assertMarked(v.title, `version ${v.key}`);
      for (const name of names) assertMarked(name, 'accessible name');
      // The shape's kind is a translated word too, not the code's id.
      assert.ok(names.some((n) => n.includes('⟦rectangle⟧')));
    });
  });

  it('model versions, and the inspector words around them', () => {
    const offer = offerModelVersions(
      { id: 1, title: 'П', label_config: '<View/>', model_version: 'нет такой', show_collab_predictions: false },
      {
        static: [
          { model_version: 'в1', count: 1, latest: '2026-01-01' },
          { model_version: 'в2', count: 4, latest: '2026-01-02' },
        ],
        live: [
          { id: 1, title: 'живая', model_version: 'в1', state: 'CO' },
          { id: 2, title: 'сломанная', model_version: null, state: 'DI' },
          { id: 3, title: 'без версии', model_version: null, state: 'CO' },
        ],
      },
    );
    for (const c of offer.choices) assertMarked(c.detail, `choice ${c.kind}`);
    assertMarked(offer.currentText, 'current choice');
    assertMarked(offer.note, 'hidden predictions');
    for (const b of [backend(), backend({ auto_update: false }), backend({ model_version: null })]) {
      const action = freezeAction(b);
      assertMarked(action.title, 'freeze title');
      assertMarked(action.explanation, 'freeze explanation');
    }
    assertMarked(shownForBackend(backend(), 'Модель'), 'shown for backend (live)');
    assertMarked(shownForBackend(backend(), 'в1'), 'shown for backend (stored)');
  });

  it('local backends: states, /setup timing, connect candidates, media findings and the media report', () => {
    const states = [
      nextState({ kind: 'stopped' }, { kind: 'exited', code: 2, byUser: false }),
      nextState({ kind: 'starting', startedAt: 0 }, { kind: 'probe', healthy: false, status: 401, at: 1 }),
      nextState({ kind: 'starting', startedAt: 0 }, { kind: 'probe', healthy: false, status: 500, at: 1 }),
      nextState({ kind: 'running', startedAt: 0 }, { kind: 'probe', healthy: false, failure: 'отказ', at: 1e9 }),
      nextState({ kind: 'running', startedAt: 0 }, { kind: 'probe', healthy: false, at: 1e9 }),
    ];
    for (const s of states) assertMarked(s.why, `why ${s.kind}`);
    for (const s of [
      { kind: 'stopped' },
      { kind: 'starting' },
      { kind: 'running' },
      { kind: 'running', modelClass: 'М' },
      { kind: 'failing' },
    ] as const)
      assertMarked(describeState(s), `state ${s.kind}`);
    for (const [ms, status] of [
      [100, 500],
      [5000, 200],
      [2500, 200],
      [100, 200],
    ] as const) {
      const t = judgeSetup(ms, status, 'тело');
      assertMarked(t.summary, `setup ${t.verdict}`);
      if (t.fix) assertMarked(t.fix, `setup fix ${t.verdict}`);
    }
    const python = backendEnvironment({ mode: 'python', dotenv: { PORT: '9090' } });
    const docker = backendEnvironment({
      mode: 'docker',
      dotenv: {},
      compose: { serviceName: 'ml', environment: { LABEL_STUDIO_URL: 'http://localhost:8080' }, ports: [{ host: 9090, container: 9090 }] },
    });
    const candidates = [
      ...candidateUrls({ labelStudioUrl: 'http://localhost:8080', env: python, machineAddresses: [] }),
      ...candidateUrls({ labelStudioUrl: 'http://ls.example.com', env: python, machineAddresses: ['10.0.0.2'] }),
    ];
    for (const c of candidates) assertMarked(c.why, `candidate ${c.url}`);
    const pat = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJl';
    const withPat = backendEnvironment({ mode: 'python', dotenv: { LABEL_STUDIO_URL: 'bad', LABEL_STUDIO_API_KEY: pat } });
    const plans = [
      planMedia(1, 'image', '/data/upload/1/a.png', { env: python, sdk: { kind: 'unknown' }, labelStudioUrl: 'http://localhost:8080' }),
      planMedia(1, 'image', '/data/local-files/?d=a.png', { env: python, sdk: { kind: 'unknown' } }),
      planMedia(1, 'image', '/data/upload/1/a.png', { env: withPat, sdk: { kind: 'too-old', spec: 'label-studio-ml==1.0.9' } }),
      planMedia(1, 'image', '/data/upload/1/a.png', { env: docker, sdk: { kind: 'pinned', spec: 'label-studio-ml==2.0.0' } }),
    ].filter((p) => p !== undefined);
    const findings = plans.flatMap((p) => p.findings);
    assert.ok(findings.length >= 4, `${findings.length} media findings`);
    for (const f of findings) {
      assertMarked(f.text, `media finding ${f.cause}`);
      assertMarked(f.fix, `media fix ${f.cause}`);
    }
    const outcomes: MediaOutcome[] = [
      { plan: plans[0], ok: true, findings: [], tried: { url: 'http://localhost:8080/data/upload/1/a.png', status: 200 } },
      { plan: { ...plans[1], sendsKey: true }, ok: false, findings: plans[1].findings, tried: { url: 'http://x/a', error: 'отказ' } },
      { plan: plans[2], ok: true, findings: plans[2].findings },
    ];
    for (const env of [python, docker]) {
      for (const list of [[], outcomes.slice(0, 1), outcomes]) {
        const report = mediaReport({
          backendLabel: 'мой',
          env,
          labelStudioUrl: 'http://localhost:8080',
          projectTitle: 'П',
          outcomes: list,
          tasksChecked: 2,
        });
        assertAllMarked(report, `media report (${env.mode}, ${list.length} outcomes)`);
      }
    }
  });
});
