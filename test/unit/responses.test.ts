import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpStatusError, UnexpectedResponseError } from '../../src/core/api/errors';
import type { HttpResponse } from '../../src/core/net/http';
import { detailOf, errorFromResponse, readJson, stripHtml } from '../../src/core/api/responses';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/label-studio');
const body = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const res = (status: number, text: string, type = 'application/json'): HttpResponse => ({
  status,
  headers: { 'content-type': type },
  body: text,
});

describe('reading error answers', () => {
  it('takes the envelope detail', () => {
    const e = errorFromResponse(res(404, body('error-404.json')), 'ls:8080') as HttpStatusError;
    assert.ok(e instanceof HttpStatusError);
    assert.equal(e.status, 404);
    assert.equal(e.serverDetail, 'No MLBackend matches the given query.');
    assert.equal(e.message, 'Label Studio at ls:8080 answered 404: No MLBackend matches the given query.');
  });

  it('joins field errors and strips the HTML link Label Studio puts in validation messages', () => {
    const field = errorFromResponse(res(400, body('error-400-field.json')), 'h') as HttpStatusError;
    assert.equal(field.serverDetail, 'url: This field is required.; project: Invalid pk "999" - object does not exist.');
    assert.deepEqual(Object.keys(field.fieldErrors), ['url', 'project']);
    const nonField = errorFromResponse(res(400, body('error-400-validation.json')), 'h') as HttpStatusError;
    assert.match(nonField.serverDetail, /^Can't connect to ML backend http:\/\/localhost:9090, health check failed/);
    assert.doesNotMatch(nonField.serverDetail, /<a|href/);
    assert.match(nonField.serverDetail, /Learn more about/);
  });

  it('keeps the traceback of a 500 for the log, not the message', () => {
    const e = errorFromResponse(res(500, body('error-500-patch-without-url.json')), 'h') as HttpStatusError;
    assert.match(e.message, /missing 1 required positional argument: 'url'/);
    assert.doesNotMatch(e.message, /Traceback/);
    assert.match(e.detail ?? '', /^Traceback/);
  });

  it('reads non-envelope bodies: {"error"}, {"errors": [...]}, plain text', () => {
    assert.match(detailOf(JSON.parse(body('ml-versions-error.json'))) ?? '', /^HTTPConnectionPool/);
    assert.equal(
      detailOf(JSON.parse(body('interactive-annotating-errors.json'))),
      'Model is not set to be used for interactive preannotations',
    );
    const plain = errorFromResponse(res(502, 'Bad Gateway', 'text/plain'), 'h') as HttpStatusError;
    assert.equal(plain.serverDetail, 'Bad Gateway');
    assert.equal((errorFromResponse(res(503, '', 'text/plain'), 'h') as HttpStatusError).serverDetail, 'Service unavailable');
  });

  it('recognises HTML pages (Django 404, login pages) by type or by content', () => {
    const e = errorFromResponse(res(404, '<!DOCTYPE html><html><title>Not Found</title></html>', 'text/html'), 'ls.example.com');
    assert.ok(e instanceof UnexpectedResponseError);
    assert.equal(e.message, 'ls.example.com answered with an HTML page (status 404): is this the Label Studio URL?');
    assert.throws(
      () => readJson(res(200, '  <html><body>Login</body></html>', 'application/octet-stream'), 'h'),
      /HTML page \(status 200\)/,
    );
  });

  it('invalid or truncated JSON is a readable error; an empty body reads as undefined', () => {
    assert.throws(
      () => readJson(res(200, '{"count": 3, "res'), 'h'),
      (e: unknown) => e instanceof UnexpectedResponseError && /not valid JSON/.test(e.message),
    );
    assert.equal(readJson(res(200, ''), 'h'), undefined);
  });

  it('stripHtml removes tags and decodes the basic entities', () => {
    assert.equal(stripHtml('<a href="x">Learn&nbsp;more</a> &lt;b&gt; &amp;'), 'Learn&nbsp;more <b> &');
  });
});
