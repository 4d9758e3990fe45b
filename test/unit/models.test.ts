import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UnexpectedResponseError } from '../../src/core/api/errors';
import { readBackend, readBackendList, readProjectPage } from '../../src/core/api/models';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('reading answers', () => {
  it('reads the backend list fixture field by field', () => {
    const raw = fixture('ml-backends-list.json');
    const list = readBackendList(raw);
    assert.equal(list.length, raw.length);
    const first = list[0];
    assert.deepEqual(
      {
        id: first.id,
        project: first.project,
        state: first.state,
        title: first.title,
        url: first.url,
        model_version: first.model_version,
        auth_method: first.auth_method,
      },
      {
        id: 1,
        project: 3,
        state: 'CO',
        title: 'yolo-detector',
        url: 'http://ml-yolo:9090',
        model_version: 'yolo11m-det-2025.10.2',
        auth_method: 'NONE',
      },
    );
    assert.equal(first.timeout, 100);
    assert.equal(first.error_message, null);
  });

  it('tolerates wrong shapes: numbers as strings, nulls, missing fields, junk rows', () => {
    const list = readBackendList([
      { id: '7', project: '3', state: null, url: null, title: 12, timeout: '30.5', is_interactive: 'true' },
      { title: 'no id' },
      'junk',
      null,
    ]);
    assert.equal(list.length, 1);
    assert.deepEqual(
      {
        id: list[0].id,
        project: list[0].project,
        state: list[0].state,
        url: list[0].url,
        title: list[0].title,
        timeout: list[0].timeout,
        is_interactive: list[0].is_interactive,
      },
      { id: 7, project: 3, state: '', url: '', title: '12', timeout: 30.5, is_interactive: true },
    );
  });

  it('an object where a list belongs is an UnexpectedResponseError, not a crash', () => {
    assert.throws(() => readBackendList({ results: [] }), UnexpectedResponseError);
    assert.throws(() => readBackend({ title: 'x' }), UnexpectedResponseError);
  });

  it('reads a project page and tells whether another page follows', () => {
    const page = readProjectPage(fixture('projects-page-1-include-id-title.json'));
    assert.deepEqual(
      page.results.map((p) => p.id),
      [7, 12, 3],
    );
    assert.equal(page.count, 5);
    assert.equal(page.hasNext, true);
    assert.equal(readProjectPage({ count: 0, next: null, results: [] }).hasNext, false);
    assert.throws(() => readProjectPage([]), UnexpectedResponseError);
    assert.deepEqual(readProjectPage({ results: [{ id: 4 }, { title: 'no id' }] }).results, [{ id: 4, title: 'Project 4' }]);
  });
});
