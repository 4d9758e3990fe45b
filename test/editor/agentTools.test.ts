import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { closedPortUrl, HOSTILE_TITLE } from '../fake';
import { rememberSecret, setServers, withSampleSuite } from './helpers';

const LIST = 'labelStudio_listMlBackends';
const DIAGNOSE = 'labelStudio_diagnoseBackend';
const CHECK = 'labelStudio_checkPredictions';

/** Invokes a tool as the editor's agent would, outside a chat request (no model needed). */
async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

const payloadOf = (text: string) => JSON.parse(text.slice(text.indexOf('\n\n') + 2));

describe("tools for the editor's agent, through vscode.lm.invokeTool", function () {
  this.timeout(60_000);
  const suite = withSampleSuite();
  const url = () => suite.fakes.ls.url;
  beforeEach(async () => {
    await setServers([{ url: url(), name: 'lab' }]);
    await suite.api.tokens.set(url(), suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
  });

  it('both tools are registered with the names and tags of the manifest', () => {
    for (const name of [LIST, DIAGNOSE, CHECK]) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is registered`);
      assert.ok(tool.tags.includes('labelStudio'));
      assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object');
    }
  });

  it('labelStudio_listMlBackends reads a never-opened server and lists its backends; the hostile title is untrusted data', async () => {
    const text = await invoke(LIST, {});
    assert.match(text, /^ML backends of 1 Label Studio server/);
    assert.ok(!text.includes(suite.fakes.sample.legacyToken), 'no token');
    const payload = payloadOf(text);
    const [server] = payload.servers;
    assert.equal(server.status, 'ready');
    const titles = server.projects.flatMap((p: any) => p.backends.map((b: any) => b.untrusted.title));
    assert.ok(titles.includes('yolo-detector') && titles.includes(HOSTILE_TITLE), JSON.stringify(titles));
    const sentiment = server.projects.flatMap((p: any) => p.backends).find((b: any) => b.id === suite.fakes.sample.backends.sentiment);
    assert.equal(sentiment.state, 'ER');
    assert.ok(sentiment.untrusted.error.length > 0, "the error's telling line");
  });

  it("filters by state and text, like the view's filter", async () => {
    const payload = payloadOf(await invoke(LIST, { states: ['Error'], text: 'sentiment' }));
    const ids = payload.servers[0].projects.flatMap((p: any) => p.backends.map((b: any) => b.id));
    assert.deepEqual(ids, [suite.fakes.sample.backends.sentiment]);
  });

  it('bad input is refused with a message the model can act on', async () => {
    await assert.rejects(invoke(LIST, { states: ['Sleeping'] }), /Unknown state "Sleeping"/);
    await assert.rejects(invoke(DIAGNOSE, { backendId: 'yolo' }), /"backendId" must be a positive whole number/);
    await assert.rejects(invoke(DIAGNOSE, { backendId: 987654 }), /No ML backend with id 987654/);
    await assert.rejects(invoke(LIST, { server: 'elsewhere' }), /No configured Label Studio server matches "elsewhere"/);
  });

  it('labelStudio_diagnoseBackend explains a Disconnected backend (the DI verdict and its fixes)', async () => {
    const id = suite.fakes.sample.backends.sam2;
    const payload = payloadOf(await invoke(DIAGNOSE, { backendId: id }));
    assert.equal(payload.backendId, id);
    assert.equal(payload.labelStudioState.code, 'DI');
    assert.equal(payload.probeFromThisMachine.healthy, false);
    assert.match(payload.verdict, /Neither this machine nor Label Studio reaches the backend/);
    assert.ok(payload.fixes.length > 0);
  });

  it('a server that is down: the list says so (no exception), and no backend of it can be diagnosed', async () => {
    const down = await closedPortUrl();
    await setServers([{ url: down, name: 'gone' }]);
    rememberSecret('token-of-a-server-that-is-down');
    await suite.api.tokens.set(down, 'token-of-a-server-that-is-down');
    await suite.api.controller.reload();
    const list = await invoke(LIST, {});
    assert.equal(payloadOf(list).servers[0].status, 'failed: Cannot connect');
    assert.ok(!list.includes('token-of-a-server-that-is-down'));
    await assert.rejects(invoke(DIAGNOSE, { backendId: 1 }), /No ML backend with id 1/);
  });

  it('a server that goes down between list and diagnosis: the diagnosis reports the failure as an answer', async () => {
    await invoke(LIST, {});
    const id = suite.fakes.sample.backends.yolo;
    const fault = suite.fakes.ls.injectFault({ path: new RegExp(`^/api/ml/${id}\\b`), fault: { kind: 'drop' } });
    try {
      const text = await invoke(DIAGNOSE, { backendId: id });
      assert.match(text, /could not finish: Connection dropped|could not finish: Network error/);
      assert.equal(payloadOf(text).failed, true);
      assert.ok(fault.hits > 0);
    } finally {
      fault.remove();
    }
  });

  it('labelStudio_checkPredictions: refused unless interactive; a model answering with mistakes gets dropped findings, a clean answer none', async () => {
    const yolo = suite.fakes.sample.backends.yolo;
    const { streetMistakes, streetClean } = suite.fakes.sample.inspector.tasks;
    // Label Studio sends a test request only to a backend with interactive pre-annotations on.
    const refused = payloadOf(await invoke(CHECK, { backendId: yolo, taskId: streetMistakes }));
    assert.equal(refused.answered, false);
    assert.match(refused.untrusted.backendErrors[0], /interactive preannotations/);
    suite.fakes.ls.getBackend(yolo)!.is_interactive = true;
    try {
      suite.fakes.ls.resetRequests();
      const bad = payloadOf(await invoke(CHECK, { backendId: yolo, taskId: streetMistakes }));
      assert.equal(bad.taskId, streetMistakes);
      assert.equal(bad.answered, true, JSON.stringify(bad));
      assert.ok(bad.findingCounts.dropped > 0 && bad.droppedRegions > 0, JSON.stringify(bad.findingCounts));
      assert.ok(bad.untrusted.findings.every((f: any) => typeof f.problem === 'string' && typeof f.fix === 'string'));
      const clean = payloadOf(await invoke(CHECK, { backendId: yolo, taskId: streetClean }));
      assert.equal(clean.findingCounts.dropped, 0);
      assert.ok(clean.regions > 0);
      const writes = suite.fakes.ls.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/interactive-annotating'));
      assert.deepEqual(
        writes.map((r) => `${r.method} ${r.path}`),
        [],
        'nothing but the test request is sent',
      );
    } finally {
      suite.fakes.ls.getBackend(yolo)!.is_interactive = false;
    }
  });

  it('labelStudio_checkPredictions refuses bad input, and reports a backend that is down as an answer', async () => {
    await assert.rejects(
      invoke(CHECK, { backendId: suite.fakes.sample.backends.yolo, taskId: 'first' }),
      /"taskId" must be a positive whole number/,
    );
    const down = payloadOf(await invoke(CHECK, { backendId: suite.fakes.sample.backends.sam2 }));
    assert.ok(down.failed === true || down.answered === false, JSON.stringify(down));
  });
});
