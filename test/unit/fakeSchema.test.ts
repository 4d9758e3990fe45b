// Validates the fake's real HTTP responses against the published OpenAPI component schemas
// (test/fixtures/openapi/, extracted verbatim; see ORIGIN.md there).
//
// How Community responses are compared with a schema generated from Label Studio Enterprise:
//  - Project: every `required` field is returned by Community 1.22, but `state` is declared as a
//    non-nullable string while Community returns null (the FSM feature flags are off by default).
//    So the Project schema is used with `state` made nullable; nothing else is relaxed.
//  - Project property `annotator_evaluation_enabled` is Enterprise-only (optional in the schema);
//    Community does not return it. Every other property must be present, and no unknown key.
//  - MLBackend and TokenRefreshResponse are used unchanged.
//  - OpenAPI 3.0 `nullable` is honoured (Ajv's keyword; for a `nullable` without `type`, e.g. next to
//    an `allOf`, the schema is rewritten to `anyOf: [schema, {type: null}]`). readOnly/writeOnly are
//    annotations. Formats: `date-time` and `email` are checked with simple patterns, `double` accepts
//    any number (no ajv-formats dependency).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { FakeLabelStudio } from '../fake/fakeLabelStudio';
import { FakeMlServer } from '../fake/fakeMlServer';
import { rawRequest } from '../fake/rawHttp';
import { seedSampleData, type SampleData } from '../fake/sampleData';

type Schema = Record<string, unknown>;

const SCHEMA_DIR = path.resolve(__dirname, '../../../test/fixtures/openapi');
const ENTERPRISE_ONLY_PROJECT_PROPERTIES = ['annotator_evaluation_enabled'];

function loadSchemas(): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    out[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Schema;
  }
  return out;
}

/** `nullable: true` without `type` → anyOf with null (Ajv only supports nullable next to `type`). */
function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (!node || typeof node !== 'object') return node;
  const copy: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewriteNullable(v)]));
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _drop, ...rest } = copy;
    void _drop;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return copy;
}

function makeAjv(schemas: Record<string, Schema>): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addSchema(rewriteNullable({ $id: 'openapi', components: { schemas } }) as Schema);
  return ajv;
}

function check(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors, null, 2)}`);
}

describe('FakeLabelStudio responses vs. the OpenAPI schemas', () => {
  const schemas = loadSchemas();
  let ajv: Ajv;
  let fake: FakeLabelStudio;
  let ml: FakeMlServer;
  let sample: SampleData;
  let headers: Record<string, string>;

  before(async () => {
    // Community project objects: `state` is null there (see the header comment).
    const project = structuredClone(schemas.Project) as { properties: Record<string, Schema> };
    project.properties.state = { ...project.properties.state, nullable: true };
    ajv = makeAjv({ ...schemas, CommunityProject: project as unknown as Schema });
    ml = await FakeMlServer.start();
    fake = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000 } });
    sample = await seedSampleData(fake, ml);
    headers = { Authorization: `Token ${sample.legacyToken}` };
  });
  after(async () => {
    await fake.close();
    await ml.close();
  });

  const validator = (name: string) => ajv.getSchema(`openapi#/components/schemas/${name}`)!;

  it('has the extracted schema files with their $ref closure', () => {
    assert.deepEqual(Object.keys(schemas).sort(), [
      'AuthMethodEnum',
      'ControlTagWeight',
      'MLBackend',
      'Prediction',
      'Project',
      'ProjectSamplingEnum',
      'SkipQueueEnum',
      'StateEnum',
      'TokenRefreshResponse',
      'UserSimple',
    ]);
  });

  it('ML backend list items and a retrieved backend match MLBackend', async () => {
    const validate = validator('MLBackend');
    const properties = Object.keys((schemas.MLBackend as { properties: object }).properties);
    let count = 0;
    for (const id of Object.values(sample.projects)) {
      const r = await rawRequest(`${fake.url}/api/ml/?project=${id}`, { headers });
      for (const b of r.json as Schema[]) {
        check(validate, b, `backend ${String(b.id)}`);
        assert.deepEqual(Object.keys(b).sort(), [...properties].sort(), 'exactly the schema properties');
        count++;
      }
    }
    assert.ok(count >= 9);
    const one = await rawRequest(`${fake.url}/api/ml/${sample.backends.sentiment}`, { headers });
    check(validate, one.json, 'retrieved backend');
  });

  it('rejects a wrong backend (the validator is not vacuous)', () => {
    const validate = validator('MLBackend');
    assert.equal(
      validate({
        id: 1,
        url: 'x',
        project: 1,
        state: 'XX',
        readable_state: 'x',
        basic_auth_pass_is_set: false,
        created_at: 'yesterday',
        updated_at: 'x',
      }),
      false,
    );
    const messages = (validate.errors ?? []).map((e) => e.instancePath);
    assert.ok(messages.includes('/state') && messages.includes('/created_at'));
  });

  it('full project objects (list and detail) match Project (Community variant)', async () => {
    const validate = validator('CommunityProject');
    const properties = Object.keys((schemas.Project as { properties: object }).properties).filter(
      (p) => !ENTERPRISE_ONLY_PROJECT_PROPERTIES.includes(p),
    );
    const list = (await rawRequest(`${fake.url}/api/projects/?page_size=100`, { headers })).json as { results: Schema[] };
    assert.equal(list.results.length, 6);
    for (const p of list.results) {
      check(validate, p, `project ${String(p.id)}`);
      assert.deepEqual(Object.keys(p).sort(), [...properties].sort());
    }
    const detail = await rawRequest(`${fake.url}/api/projects/${sample.projects.invoices}/`, { headers });
    check(validate, detail.json, 'project detail');
    // The unmodified schema fails only because of `state: null`.
    const strict = validator('Project');
    assert.equal(strict(detail.json), false);
    assert.deepEqual(
      (strict.errors ?? []).map((e) => e.instancePath),
      ['/state'],
    );
  });

  it('include=id,title results match the Project property schemas of those fields', async () => {
    const props = (schemas.Project as { properties: Record<string, Schema> }).properties;
    const validate = ajv.compile(
      rewriteNullable({
        type: 'object',
        properties: { id: props.id, title: props.title },
        required: ['id', 'title'],
        additionalProperties: false,
      }) as Schema,
    );
    const page = (await rawRequest(`${fake.url}/api/projects/?include=id,title&page_size=100`, { headers })).json as { results: Schema[] };
    for (const p of page.results) check(validate, p, `project ${String(p.id)} (include=id,title)`);
  });

  it('stored predictions (list, one, and inside a task) match Prediction with exactly its properties', async () => {
    const validate = validator('Prediction');
    const properties = Object.keys((schemas.Prediction as { properties: object }).properties).sort();
    const list = (await rawRequest(`${fake.url}/api/predictions/?project=${sample.projects.streetScenes}`, { headers })).json as Schema[];
    assert.ok(list.length >= 3);
    for (const p of list) {
      check(validate, p, `prediction ${String(p.id)}`);
      assert.deepEqual(Object.keys(p).sort(), properties);
    }
    const one = await rawRequest(`${fake.url}/api/predictions/${String(list[0].id)}/`, { headers });
    check(validate, one.json, 'one prediction');
    const task = (await rawRequest(`${fake.url}/api/tasks/${sample.inspector.tasks.streetClean}/`, { headers })).json as {
      predictions: Schema[];
    };
    for (const p of task.predictions) check(validate, p, 'prediction in a task');
    assert.equal(validate({ ...list[0], result: 'not a list' }), false);
  });

  it('the token refresh response matches TokenRefreshResponse', async () => {
    const r = await rawRequest(`${fake.url}/api/token/refresh/`, { method: 'POST', body: { refresh: sample.pat } });
    check(validator('TokenRefreshResponse'), r.json, 'refresh response');
  });
});
