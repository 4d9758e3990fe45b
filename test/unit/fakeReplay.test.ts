/**
 * Label Studio's own request/response tests of its ML API, replayed against the fake. The
 * expectations are data (test/fixtures/label-studio-tests/ml-api.json, with their origin); a stage
 * the fake cannot replay says why in `explained`, one where the fake follows API.md instead says why
 * in `differs` and gives the fake's answer in `fake`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closedPortUrl, FakeLabelStudio, FakeMlServer } from '../fake';

interface Stage {
  request: { method: string; path: string; form?: Record<string, string>; json?: Record<string, unknown> };
  expect: { status: number; json?: Record<string, unknown> };
  save?: Record<string, string>;
  explained?: string;
  differs?: string;
  fake?: { status?: number; json?: Record<string, unknown> };
}

interface Replay {
  mlServers: Record<string, { standsIn: string }>;
  cases: Array<{ name: string; file: string; stages: Stage[] }>;
}

const data = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/label-studio-tests/ml-api.json'), 'utf8'),
) as Replay;
const [ML_UP, ML_DOWN] = Object.keys(data.mlServers);

describe('the fake against Label Studio’s own ML API tests (replayed from data)', function () {
  this.timeout(20_000);
  let ml: FakeMlServer;
  let fake: FakeLabelStudio;
  let hosts: Map<string, string>;

  before(async () => {
    ml = await FakeMlServer.start();
    hosts = new Map([
      [ML_UP, ml.model('label-studio-tests-9090', { modelVersion: 'Fri Feb 19 17:10:44 2021' })],
      [ML_DOWN, await closedPortUrl()],
    ]);
  });
  after(() => ml.close());
  beforeEach(
    async () => (fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 500, readTimeoutMs: 2000, setupTimeoutMs: 2000 } })),
  );
  afterEach(() => fake.close());

  it('every stage is replayed or says why not', () => {
    for (const c of data.cases) {
      for (const s of c.stages)
        assert.ok(!s.explained || !s.differs, `${c.name} ${s.request.method} ${s.request.path}: one reason at most`);
    }
    assert.ok(data.cases.length >= 4);
  });

  for (const c of data.cases) {
    it(`${c.name} (${c.stages.filter((s) => !s.explained).length} of ${c.stages.length} stages replayed)`, async () => {
      const saved = new Map<string, string>();
      const fill = (text: string) => {
        let out = text.replace(/\{(\w+)\}/g, (m, name: string) => saved.get(name) ?? m);
        for (const [from, to] of hosts) out = out.split(from).join(to);
        return out;
      };
      for (const [i, stage] of c.stages.entries()) {
        if (stage.explained) continue;
        const { request } = stage;
        const where = `${c.file} stage ${i + 1}: ${request.method} ${request.path}`;
        const headers: Record<string, string> = { authorization: `Token ${fake.legacyTokens[0]}` };
        let body: string | undefined;
        if (request.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(Object.entries(request.form).map(([k, v]): [string, string] => [k, fill(v)])).toString();
        } else if (request.json) {
          headers['content-type'] = 'application/json';
          body = fill(JSON.stringify(request.json));
        }
        const res = await fetch(fake.url + fill(request.path), { method: request.method, headers, body });
        const text = await res.text();
        const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        const expected = stage.differs ? { ...stage.expect, ...stage.fake } : stage.expect;
        assert.equal(res.status, expected.status, `${where}: status (${text.slice(0, 300)})`);
        for (const [key, value] of Object.entries(expected.json ?? {})) assert.deepEqual(json?.[key], value, `${where}: ${key}`);
        for (const [name, key] of Object.entries(stage.save ?? {})) saved.set(name, String(json?.[key]));
      }
    });
  }
});
