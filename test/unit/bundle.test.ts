import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs `script` in a fresh Node process (a clean require cache) and returns its JSON answer. */
function inFreshNode<T>(script: string): T {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as T;
}

describe('production bundle: the HTTP stack is loaded on first use', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-test-'));
    execFileSync(process.execPath, ['esbuild.mjs', '--production', '--metafile', '--outdir', dir], { cwd: ROOT });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('puts undici in dist/undici.js, none of it in dist/extension.js (≤ 100 KB), and stays within 700 KB', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
    };
    const output = (name: string) => Object.entries(meta.outputs).find(([k]) => k.endsWith(`/${name}`))?.[1];
    const main = output('extension.js');
    const stack = output('undici.js');
    assert.ok(main && stack, 'both files are built');
    assert.deepEqual(
      Object.keys(main.inputs).filter((k) => k.includes('node_modules')),
      [],
    );
    assert.ok(Object.keys(stack.inputs).some((k) => k.endsWith('node_modules/undici/index.js')));
    // Issue 10's budget for what loads at activation.
    assert.ok(main.bytes <= 100 * 1024, `extension.js: ${main.bytes} bytes`);
    assert.ok(main.bytes + stack.bytes <= 700 * 1024, `${main.bytes + stack.bytes} bytes`);
  });

  it('loading dist/extension.js does not load dist/undici.js', () => {
    const stub = path.join(dir, 'vscode-stub.js');
    fs.writeFileSync(
      stub,
      `const handler = { get: (t, p) => (p === 'prototype' ? {} : make()), apply: () => make(), construct: () => make() };
       function make() { return new Proxy(function () {}, handler); }
       module.exports = make();`,
    );
    const result = inFreshNode<{ activate: string; loaded: string[] }>(`
      const Module = require('node:module');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        return request === 'vscode' ? ${JSON.stringify(stub)} : resolve.call(this, request, ...rest);
      };
      const ext = require(${JSON.stringify(path.join(dir, 'extension.js'))});
      console.log(JSON.stringify({ activate: typeof ext.activate, loaded: Object.keys(require.cache) }));
    `);
    assert.equal(result.activate, 'function');
    assert.deepEqual(
      result.loaded.filter((k) => /undici|inspector|agent|model|form|diagnose|local|saxes|jsonc|yaml|shared-/.test(k)),
      [],
    );
  });

  it('a feature file (the inspector) reuses the modules of extension.js instead of copies', () => {
    const stub = path.join(dir, 'vscode-stub.js');
    const result = inFreshNode<{ same: boolean; loaded: string[]; shared: number }>(`
      const Module = require('node:module');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        return request === 'vscode' ? ${JSON.stringify(stub)} : resolve.call(this, request, ...rest);
      };
      const ext = require(${JSON.stringify(path.join(dir, 'extension.js'))});
      const feature = require(${JSON.stringify(path.join(dir, 'inspector.js'))});
      const shared = ext.__shared;
      console.log(JSON.stringify({
        same: typeof feature.PredictionInspector === 'function' && require(${JSON.stringify(path.join(dir, 'extension.js'))}) === ext,
        shared: Object.keys(shared).length,
        loaded: Object.keys(require.cache).map((k) => require('node:path').basename(k)),
      }));
    `);
    assert.ok(result.same, 'the feature exports its entry and finds extension.js in the require cache');
    assert.ok(result.shared > 0, 'extension.js exports the modules the feature shares');
    assert.ok(!result.loaded.includes('undici.js'), 'loading the feature does not load the HTTP stack');
  });

  it('no source module is bundled twice (but for tree-shaken parts < 2 KB); the checker is in one shared chunk', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const copies = new Map<string, Array<{ file: string; bytes: number }>>();
    for (const [output, { inputs }] of Object.entries(meta.outputs)) {
      if (output.endsWith('/webview/inspector.js')) continue; // the browser bundle cannot share with Node files
      for (const [input, { bytesInOutput }] of Object.entries(inputs))
        if (input.startsWith('src/'))
          copies.set(input, [...(copies.get(input) ?? []), { file: path.basename(output), bytes: bytesInOutput }]);
    }
    const extra = [...copies.values()]
      .filter((c) => c.length > 1)
      .reduce((sum, c) => sum + c.reduce((s, x) => s + x.bytes, 0) - Math.max(...c.map((x) => x.bytes)), 0);
    assert.ok(extra < 2048, `${extra} bytes of source modules are in more than one file`);
    assert.deepEqual(
      copies.get('src/core/predictions/check.ts')?.map((c) => c.file),
      ['shared-agent-inspector.js'],
      'the prediction checker, once, in the chunk of the inspector and the agent',
    );
    const checkerParts = ['checkRegion', 'checkLabels', 'checkGeometry', 'checkMasks', 'checkSpans', 'checkLinks', 'itemContext'];
    for (const part of checkerParts)
      assert.deepEqual(
        copies.get(`src/core/predictions/${part}.ts`)?.map((c) => c.file),
        ['shared-agent-inspector.js'],
        `${part}.ts, once, in the checker's chunk`,
      );
  });

  it('the shared chunk loads with the first feature that needs it, once, on top of extension.js', () => {
    const stub = path.join(dir, 'vscode-stub.js');
    const result = inFreshNode<{ afterDiagnose: string[]; afterInspector: string[]; afterAgent: string[]; entries: string[] }>(`
      const Module = require('node:module');
      const path = require('node:path');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        return request === 'vscode' ? ${JSON.stringify(stub)} : resolve.call(this, request, ...rest);
      };
      const at = (f) => path.join(${JSON.stringify(dir)}, f);
      const loaded = () => Object.keys(require.cache).filter((k) => k.startsWith(${JSON.stringify(dir)})).map((k) => path.basename(k)).filter((f) => f !== 'vscode-stub.js').sort();
      require(at('extension.js'));
      const diagnose = require(at('diagnose.js'));
      const afterDiagnose = loaded();
      const inspector = require(at('inspector.js'));
      const afterInspector = loaded();
      const agent = require(at('agent.js'));
      const afterAgent = loaded();
      console.log(JSON.stringify({
        afterDiagnose, afterInspector, afterAgent,
        entries: [typeof diagnose.DiagnoseCommand, typeof inspector.PredictionInspector, typeof agent.MlBackendTools],
      }));
    `);
    const diagnosis = 'shared-agent-diagnose-local.js'; // the diagnosis, shared with the agent and the local view
    assert.deepEqual(result.afterDiagnose, ['diagnose.js', 'extension.js', diagnosis], 'Diagnose does not need the checker');
    assert.deepEqual(result.afterInspector, ['diagnose.js', 'extension.js', 'inspector.js', diagnosis, 'shared-agent-inspector.js']);
    assert.deepEqual(result.afterAgent, [
      'agent.js',
      'diagnose.js',
      'extension.js',
      'inspector.js',
      diagnosis,
      'shared-agent-inspector.js',
    ]);
    assert.deepEqual(result.entries, ['function', 'function', 'function']);
  });

  it('dist/undici.js is the public API of undici, what http.ts asks for', () => {
    const result = inFreshNode<{ agent: string; proxyAgent: string; request: string }>(`
      const stack = require(${JSON.stringify(path.join(dir, 'undici.js'))});
      console.log(JSON.stringify({ agent: typeof stack.Agent, proxyAgent: typeof stack.ProxyAgent, request: typeof stack.Agent.prototype.request }));
    `);
    assert.deepEqual(result, { agent: 'function', proxyAgent: 'function', request: 'function' });
  });

  it('sources use undici only through its public entry point', () => {
    const files = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const deep = files.filter((f) => /['"]undici\//.test(fs.readFileSync(path.join(ROOT, 'src', f), 'utf8')));
    assert.deepEqual(deep, []);
  });

  it('createUndiciTransport loads undici at the first request, not before', () => {
    const http = JSON.stringify(path.join(ROOT, 'out/src/core/net/http.js'));
    const result = inFreshNode<{ afterCreate: number; afterSend: number; status: number }>(`
      const { createServer } = require('node:http');
      const { createUndiciTransport } = require(${http});
      const undiciModules = () => Object.keys(require.cache).filter((k) => k.includes('node_modules/undici/')).length;
      const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1024 });
      const afterCreate = undiciModules();
      const server = createServer((req, res) => res.end('{}')).listen(0, '127.0.0.1', async () => {
        const res = await transport.send({ method: 'GET', url: 'http://127.0.0.1:' + server.address().port + '/', headers: {}, timeoutMs: 5000 });
        const afterSend = undiciModules();
        await transport.close();
        server.close();
        console.log(JSON.stringify({ afterCreate, afterSend, status: res.status }));
      });
    `);
    assert.equal(result.afterCreate, 0);
    assert.ok(result.afterSend > 0);
    assert.equal(result.status, 200);
  });

  it('a proxy transport opens a CONNECT tunnel with the public ProxyAgent of undici', () => {
    const http = JSON.stringify(path.join(ROOT, 'out/src/core/net/http.js'));
    const result = inFreshNode<{ status: number; body: string; tunnels: number }>(`
      const { createServer } = require('node:http');
      const net = require('node:net');
      const { createUndiciTransport } = require(${http});
      const target = createServer((req, res) => res.end(req.url)).listen(0, '127.0.0.1', () => {
        let tunnels = 0;
        const proxy = createServer().on('connect', (req, socket, head) => {
          tunnels++;
          const [host, port] = req.url.split(':');
          const upstream = net.connect(Number(port), host, () => {
            socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
            upstream.write(head);
            upstream.pipe(socket);
            socket.pipe(upstream);
          });
        }).listen(0, '127.0.0.1', async () => {
          const transport = createUndiciTransport({ connections: 1, maxBodyBytes: 1024, proxy: { url: 'http://127.0.0.1:' + proxy.address().port } });
          const res = await transport.send({ method: 'GET', url: 'http://127.0.0.1:' + target.address().port + '/api/x', headers: {}, timeoutMs: 5000 });
          await transport.close();
          proxy.close();
          target.close();
          console.log(JSON.stringify({ status: res.status, body: res.body, tunnels }));
        });
      });
    `);
    assert.deepEqual(result, { status: 200, body: '/api/x', tunnels: 1 });
  });
});
