import * as assert from 'node:assert/strict';
import { imageSizeOf } from '../../../src/core/predictions/imageSize';
import { fetchMedia, MEDIA_MAX_BYTES, planMedia, type MediaAnswer, type MediaFetchers } from '../../../src/core/predictions/media';

const LS = 'http://ls.local:8080';
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAWB2/wQAAAABJRU5ErkJggg==';

/** Records which fetcher got which URL; answers from a table. */
function fetchers(answers: Record<string, MediaAnswer>): MediaFetchers & { calls: string[] } {
  const calls: string[] = [];
  const answer = (key: string) => answers[key] ?? { status: 404, headers: {}, base64: '' };
  return {
    calls,
    labelStudio: async (p) => (calls.push(`ls ${p}`), answer(`ls ${p}`)),
    external: async (u) => (calls.push(`ext ${u}`), answer(`ext ${u}`)),
  };
}
const png = (): MediaAnswer => ({ status: 200, headers: { 'content-type': 'image/png' }, base64: PNG_1x1 });
const redirect = (location: string): MediaAnswer => ({ status: 303, headers: { location }, base64: '' });

describe('task media: which URL, which credential', () => {
  it('paths relative to Label Studio and URLs on its origin go through the client (with the token)', () => {
    assert.deepEqual(planMedia('/data/upload/3/ab-cat.png', LS, true), { kind: 'labelStudio', pathAndQuery: '/data/upload/3/ab-cat.png' });
    assert.deepEqual(planMedia('/tasks/5/resolve/?fileuri=czM6Ly9i', LS, false), { kind: 'labelStudio', pathAndQuery: '/tasks/5/resolve/?fileuri=czM6Ly9i' });
    assert.deepEqual(planMedia(`${LS}/data/local-files/?d=a.png`, LS, false), { kind: 'labelStudio', pathAndQuery: '/data/local-files/?d=a.png' });
    assert.deepEqual(planMedia('/ls/data/upload/x.png', 'https://h.example/ls', false), { kind: 'labelStudio', pathAndQuery: '/data/upload/x.png' });
  });

  it('other hosts are external (no credential), or refused when fetchExternalMedia is off', () => {
    assert.deepEqual(planMedia('https://cdn.example.com/a.jpg', LS, true), { kind: 'external', url: 'https://cdn.example.com/a.jpg' });
    assert.equal(planMedia('https://cdn.example.com/a.jpg', LS, false).kind, 'refused');
    assert.equal(planMedia('http://ls.local:9999/a.png', LS, true).kind, 'external', 'another port is another origin');
    assert.equal(planMedia('//cdn.example.com/a.png', LS, true).kind, 'refused');
  });

  it('refuses unresolved storage URIs, other schemes and data: URLs that are not images', () => {
    assert.match((planMedia('s3://bucket/a.png', LS, true) as { reason: string }).reason, /did not resolve this s3 URI/);
    assert.equal(planMedia('javascript:alert(1)', LS, true).kind, 'refused');
    assert.equal(planMedia('file:///etc/passwd', LS, true).kind, 'refused');
    assert.equal(planMedia('data:text/html;base64,PHNjcmlwdD4=', LS, true).kind, 'refused');
    assert.equal(planMedia(`data:image/png;base64,${PNG_1x1}`, LS, true).kind, 'inline');
  });

  it('a redirect on Label Studio\'s origin is followed with the client; to another origin without any credential', async () => {
    const f = fetchers({
      'ls /tasks/1/resolve/?fileuri=x': redirect('/data/upload/1/a.png'),
      'ls /data/upload/1/a.png': redirect('https://bucket.s3.example.com/a.png?X-Amz-Signature=s'),
      'ext https://bucket.s3.example.com/a.png?X-Amz-Signature=s': png(),
    });
    const got = await fetchMedia(planMedia('/tasks/1/resolve/?fileuri=x', LS, true), f, LS, true);
    assert.equal((got as { dataUrl: string }).dataUrl, `data:image/png;base64,${PNG_1x1}`);
    assert.deepEqual(f.calls, ['ls /tasks/1/resolve/?fileuri=x', 'ls /data/upload/1/a.png', 'ext https://bucket.s3.example.com/a.png?X-Amz-Signature=s']);
  });

  it('with external fetching off, a redirect to another origin is not followed', async () => {
    const f = fetchers({ 'ls /tasks/1/resolve/?fileuri=x': redirect('https://bucket.example.com/a.png') });
    const got = await fetchMedia(planMedia('/tasks/1/resolve/?fileuri=x', LS, false), f, LS, false);
    assert.match((got as { problem: string }).problem, /fetchExternalMedia/);
    assert.deepEqual(f.calls, ['ls /tasks/1/resolve/?fileuri=x']);
  });

  it('an external host redirecting to another origin (e.g. back to Label Studio) is not followed', async () => {
    const f = fetchers({ 'ext https://cdn.example.com/a.png': redirect(`${LS}/api/current-user/whoami`) });
    const got = await fetchMedia(planMedia('https://cdn.example.com/a.png', LS, true), f, LS, true);
    assert.match((got as { problem: string }).problem, /not followed/);
    assert.deepEqual(f.calls, ['ext https://cdn.example.com/a.png']);
  });

  it('stops after three redirects; refuses what is not an image; caps the size with a clear message', async () => {
    const loop = fetchers({ 'ls /a': redirect('/a') });
    assert.match(((await fetchMedia({ kind: 'labelStudio', pathAndQuery: '/a' }, loop, LS, true)) as { problem: string }).problem, /too many/);
    assert.equal(loop.calls.length, 4);
    const html = fetchers({ 'ls /a': { status: 200, headers: { 'content-type': 'text/html' }, base64: 'PGgxPg==' } });
    assert.match(((await fetchMedia({ kind: 'labelStudio', pathAndQuery: '/a' }, html, LS, true)) as { problem: string }).problem, /not an image/);
    const big = fetchers({ 'ls /a': { status: 200, headers: { 'content-type': 'image/png' }, base64: 'A'.repeat(Math.ceil((MEDIA_MAX_BYTES * 4) / 3) + 8) } });
    assert.match(((await fetchMedia({ kind: 'labelStudio', pathAndQuery: '/a' }, big, LS, true)) as { problem: string }).problem, /larger than 8 MB/);
    const missing = fetchers({});
    assert.match(((await fetchMedia({ kind: 'labelStudio', pathAndQuery: '/a' }, missing, LS, true)) as { problem: string }).problem, /HTTP 404/);
  });

  it('reads the pixel size of a PNG data URL', () => {
    assert.deepEqual(imageSizeOf(`data:image/png;base64,${PNG_1x1}`), { width: 1, height: 1 });
    assert.equal(imageSizeOf('data:image/png;base64,AAAA'), undefined);
  });
});
