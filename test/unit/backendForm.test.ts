import * as assert from 'node:assert/strict';
import {
  backendUrlProblem,
  createPayload,
  draftFromBackend,
  emptyDraft,
  extraParamsProblem,
  patchPayload,
  stepForServerError,
  timeoutProblem,
} from '../../src/core/backends/backendForm';
import { readBackend, type MlBackend } from '../../src/core/api/models';

const basic: MlBackend = readBackend({
  id: 5,
  project: 3,
  state: 'CO',
  url: 'http://ml:9090',
  title: 'ner',
  description: 'd',
  error_message: null,
  model_version: 'v1',
  is_interactive: false,
  auth_method: 'BASIC_AUTH',
  basic_auth_user: 'ls',
  basic_auth_pass_is_set: true,
  extra_params: { a: 1 },
  timeout: 100,
  auto_update: true,
  created_at: null,
  updated_at: null,
});

describe('the ML backend form', () => {
  it('checks backend URLs locally: http(s) only, no credentials inside', () => {
    assert.equal(backendUrlProblem('http://localhost:9090'), undefined);
    assert.equal(backendUrlProblem('https://ml.example.com/model/'), undefined);
    assert.match(backendUrlProblem('') ?? '', /Enter the URL/);
    assert.match(backendUrlProblem('localhost:9090') ?? '', /http:\/\/ and https:\/\//);
    assert.match(backendUrlProblem('ftp://x') ?? '', /only http/);
    assert.match(backendUrlProblem('http://u:p@x') ?? '', /authentication step/);
  });

  it('validates extra params as JSON, empty allowed', () => {
    assert.equal(extraParamsProblem(''), undefined);
    assert.equal(extraParamsProblem('{"t": 0.5}'), undefined);
    assert.match(extraParamsProblem('{t: 0.5}') ?? '', /^Not valid JSON/);
  });

  it('builds the create body with project, auth fields only for basic auth, extra params parsed', () => {
    const draft = { ...emptyDraft(), url: ' http://ml:9090 ', title: 'yolo', extraParams: '{"t": 1}' };
    assert.deepEqual(createPayload(draft, 7), {
      url: 'http://ml:9090',
      project: 7,
      is_interactive: false,
      auth_method: 'NONE',
      title: 'yolo',
      extra_params: { t: 1 },
    });
    const withAuth = createPayload({ ...draft, authMethod: 'BASIC_AUTH', basicAuthUser: 'u', basicAuthPass: 'p' }, 7);
    assert.equal(withAuth.basic_auth_user, 'u');
    assert.equal(withAuth.basic_auth_pass, 'p');
  });

  it('an edit that changes nothing sends nothing', () => {
    assert.equal(patchPayload(basic, draftFromBackend(basic)), undefined);
  });

  it('every PATCH carries url and project; basic auth resends the user with an empty password to keep it', () => {
    const draft = { ...draftFromBackend(basic), title: 'renamed' };
    assert.deepEqual(patchPayload(basic, draft), {
      url: 'http://ml:9090',
      project: 3,
      title: 'renamed',
      auth_method: 'BASIC_AUTH',
      basic_auth_user: 'ls',
      basic_auth_pass: '',
    });
    const newPass = patchPayload(basic, { ...draftFromBackend(basic), basicAuthPass: 'n3w' });
    assert.equal(newPass?.basic_auth_pass, 'n3w');
    const none = patchPayload(
      { ...basic, auth_method: 'NONE' },
      { ...draftFromBackend({ ...basic, auth_method: 'NONE' }), isInteractive: true },
    );
    assert.deepEqual(none, { url: 'http://ml:9090', project: 3, is_interactive: true });
  });

  it('description and timeout: prefilled from the backend, sent when typed, changed ones only on an edit', () => {
    assert.deepEqual([draftFromBackend(basic).description, draftFromBackend(basic).timeout], ['d', '100']);
    assert.equal(draftFromBackend({ ...basic, description: null, timeout: null }).timeout, '');
    const draft = { ...emptyDraft(), url: 'http://ml:9090', description: ' Detects cars ', timeout: '42.5' };
    assert.deepEqual(createPayload(draft, 7), {
      url: 'http://ml:9090',
      project: 7,
      is_interactive: false,
      auth_method: 'NONE',
      description: 'Detects cars',
      timeout: 42.5,
    });
    assert.ok(!('timeout' in createPayload({ ...draft, timeout: '' }, 7)), "empty = Label Studio's default");
    const none = { ...basic, auth_method: 'NONE' };
    assert.deepEqual(patchPayload(none, { ...draftFromBackend(none), description: 'new words' }), {
      url: 'http://ml:9090',
      project: 3,
      description: 'new words',
    });
    assert.deepEqual(patchPayload(none, { ...draftFromBackend(none), timeout: '300' }), {
      url: 'http://ml:9090',
      project: 3,
      timeout: 300,
    });
    assert.equal(patchPayload(none, { ...draftFromBackend(none), timeout: '100.0' }), undefined, 'the same number is no change');
    assert.equal(patchPayload(none, { ...draftFromBackend(none), timeout: '' }), undefined, 'an emptied box keeps the stored value');
    assert.deepEqual(patchPayload(none, { ...draftFromBackend(none), description: '' }), {
      url: 'http://ml:9090',
      project: 3,
      description: '',
    });
  });

  it('validates the timeout: empty or a positive number of seconds', () => {
    for (const ok of ['', ' ', '1', '100', '0.5', '3600']) assert.equal(timeoutProblem(ok), undefined, ok);
    for (const bad of ['0', '-5', 'abc', 'NaN', 'Infinity', '10s']) assert.match(timeoutProblem(bad) ?? '', /seconds/, bad);
  });

  it('a server error names the step to correct', () => {
    assert.equal(stepForServerError({ timeout: ['A valid number is required.'] }, 'x'), 'timeout');
    assert.equal(stepForServerError({ description: ['x'] }, 'x'), 'description');
    assert.equal(stepForServerError({ url: ['x'] }, 'x'), 'url');
    assert.equal(stepForServerError({ basic_auth_user: ['x'] }, 'x'), 'auth');
    assert.equal(stepForServerError({ extra_params: ['x'] }, 'x'), 'extraParams');
    assert.equal(
      stepForServerError(
        { non_field_errors: ['x'] },
        'Able to connect to ML Server, but authentication parameters were either not provided or are incorrect.',
      ),
      'auth',
    );
    assert.equal(stepForServerError({ non_field_errors: ['x'] }, "Can't connect to ML backend http://x, health check failed."), 'url');
    assert.equal(stepForServerError({}, 'The provided URL was not valid.'), 'url');
  });
});
