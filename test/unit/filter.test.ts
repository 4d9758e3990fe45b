import * as assert from 'node:assert/strict';
import { describeFilter, isActive, matchesFilter, NO_FILTER } from '../../src/core/view/filter';
import { readBackend } from '../../src/core/api/models';

const b = readBackend({ id: 1, project: 1, state: 'ER', url: 'http://ml-yolo:9090', title: 'YOLO detector', model_version: 'yolo11m' });

describe('the tree filter', () => {
  it('no filter matches everything and is not active', () => {
    assert.equal(isActive(NO_FILTER), false);
    assert.equal(matchesFilter(b, 'p', NO_FILTER), true);
  });

  it('matches by state', () => {
    assert.equal(matchesFilter(b, 'p', { states: ['ER', 'DI'], text: '' }), true);
    assert.equal(matchesFilter(b, 'p', { states: ['CO'], text: '' }), false);
  });

  it('matches text in title, URL, model version or project, ignoring case', () => {
    for (const text of ['yolo', 'ML-YOLO', '11m', 'street'])
      assert.equal(matchesFilter(b, 'Street scenes', { states: [], text }), true, text);
    assert.equal(matchesFilter(b, 'Street scenes', { states: [], text: 'sam2' }), false);
    assert.equal(matchesFilter(b, 'p', { states: ['CO'], text: 'yolo' }), false, 'both conditions must hold');
  });

  it('describes itself in words', () => {
    assert.equal(describeFilter({ states: ['ER', 'DI'], text: ' yolo ' }), 'Error, Disconnected · "yolo"');
  });
});
