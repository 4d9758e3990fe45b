import * as assert from 'node:assert/strict';
import type { LabelStudioClient } from '../../src/core/api/client';
import { HttpStatusError, NetworkError, TokenRejectedError } from '../../src/core/api/errors';
import type { MlBackend } from '../../src/core/api/models';
import { ServerModel } from '../../src/core/servers/serverModel';
import type { ServerEntry } from '../../src/core/servers/serverRegistry';
import * as l10n from '../../src/core/text/l10n';
import { NodeCache, type MessageKind } from '../../src/core/view/treeNodes';
import { rowOf } from '../../src/core/view/treeRows';

const URL_A = 'http://ls.example.com';

function backend(id: number, project: number, state: string, title = `model-${id}`): MlBackend {
  return { id, project, state, title, url: `http://ml:${9000 + id}`, error_message: null } as MlBackend;
}

/** A server entry with a model filled by hand; `token` gives it a client of that kind. */
function entry(options: { token?: 'legacy' | 'personal-access'; name?: string } = { token: 'legacy' }): ServerEntry {
  const client = options.token ? ({ tokenKind: options.token } as unknown as LabelStudioClient) : undefined;
  return { config: { baseUrl: URL_A, name: options.name }, model: new ServerModel(), client };
}

const nodes = new NodeCache();
const serverRowOf = (e: ServerEntry) => rowOf(nodes.server(URL_A), e);
const projectRowOf = (e: ServerEntry, id: number) => rowOf(nodes.project(URL_A, id), e);
const messageRowOf = (e: ServerEntry, kind: MessageKind, projectId?: number) => rowOf(nodes.message(URL_A, kind, projectId), e);

describe('Tree rows as plain data (server, project, backend and message rows)', () => {
  afterEach(() => l10n.setTranslator(undefined));

  it('a server row counts projects and problems, and says what it is doing', () => {
    const e = entry({ token: 'legacy', name: 'Lab' });
    e.model.addProjects([
      { id: 1, title: 'one' },
      { id: 2, title: 'two' },
    ]);
    e.model.setBackends(1, [backend(10, 1, 'ER'), backend(11, 1, 'DI'), backend(12, 1, 'CO')]);
    e.model.setStatus({ kind: 'ready' });
    const row = serverRowOf(e);
    assert.deepEqual(row, {
      label: 'Lab',
      collapsible: 'expanded',
      description: '2 projects · 2 need attention',
      icon: { id: 'server' },
      tooltip: `${URL_A}\nSigned in with a legacy API token`,
      contextValue: 'server hasToken',
      accessibilityLabel: 'Label Studio server Lab, 2 projects · 2 need attention',
    });
    e.model.setBackends(1, [backend(10, 1, 'ER')]);
    e.model.keepOnly(new Set([1]));
    e.model.setStatus({ kind: 'loading' });
    assert.equal(serverRowOf(e).description, '1 project · 1 needs attention · refreshing…');
  });

  it('a server row without a token, loading, or failed says so', () => {
    const none = entry({});
    assert.equal(serverRowOf(none).description, 'no API token');
    assert.equal(serverRowOf(none).contextValue, 'server noToken');
    assert.match(serverRowOf(none).tooltip ?? '', /\nNo API token set$/);
    assert.equal(serverRowOf(none).label, 'ls.example.com', 'no name: the host');
    const loading = entry();
    loading.model.setStatus({ kind: 'loading' });
    assert.equal(serverRowOf(loading).description, 'loading…');
    const failed = entry({ token: 'personal-access' });
    failed.model.setStatus({ kind: 'failed', error: new NetworkError('refused', 'connect ECONNREFUSED') });
    assert.equal(serverRowOf(failed).description, 'Cannot connect');
    assert.deepEqual(serverRowOf(failed).icon, { id: 'server-environment', color: 'problemsErrorIcon.foreground' });
    assert.match(serverRowOf(failed).tooltip ?? '', /Signed in with a personal access token/);
  });

  it('project rows: empty ones are greyed, failed and problem ones warn, loading ones say refreshing', () => {
    const e = entry();
    e.model.addProjects([
      { id: 1, title: '' },
      { id: 2, title: 'Reviews\nline two' },
      { id: 3, title: 'Broken' },
    ]);
    assert.equal(projectRowOf(e, 1).description, 'loading…', 'backends not read yet');
    e.model.setBackends(1, []);
    assert.deepEqual(projectRowOf(e, 1), {
      label: 'Project 1',
      collapsible: 'collapsed',
      description: 'no backends',
      icon: { id: 'project', color: 'disabledForeground' },
      emptyProjectId: 1,
      tooltip: 'Project 1\nProject 1 · no backends',
      contextValue: 'project empty',
      accessibilityLabel: 'Project Project 1, no backends',
    });
    e.model.setBackends(2, [backend(20, 2, 'CO'), backend(21, 2, 'ER')]);
    e.model.setProjectLoading(2);
    const two = projectRowOf(e, 2);
    assert.equal(two.label, 'Reviews line two');
    assert.equal(two.description, '2 backends · 1 error · refreshing…');
    assert.deepEqual(two.icon, { id: 'project', color: 'problemsWarningIcon.foreground' });
    assert.equal(two.emptyProjectId, undefined);
    e.model.setProjectError(3, new HttpStatusError(500, 'boom'));
    assert.equal(projectRowOf(e, 3).description, 'failed: Label Studio error 500');
    assert.equal(projectRowOf(e, 3).contextValue, 'project failed');
  });

  it('a backend row shows what the extension is doing to it; a removed one is a placeholder', () => {
    const e = entry();
    e.model.addProjects([{ id: 1, title: 'p' }]);
    e.model.setBackends(1, [backend(10, 1, 'CO', 'yolo')]);
    const row = rowOf(nodes.backend(URL_A, 1, 10), e);
    assert.equal(row.label, 'yolo');
    assert.equal(row.description, 'Connected');
    assert.deepEqual(row.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.match(row.tooltipMarkdown ?? '', /^\*\*yolo\*\* — Connected/);
    e.model.setActivity(1, 10, 'training requested…');
    const busy = rowOf(nodes.backend(URL_A, 1, 10), e);
    assert.equal(busy.description, 'Connected · training requested…');
    assert.deepEqual(busy.icon, { id: 'loading~spin' });
    assert.deepEqual(rowOf(nodes.backend(URL_A, 1, 99), e), { label: '(removed backend)', anonymous: true });
    assert.deepEqual(rowOf(nodes.server(URL_A), undefined), { label: '(removed server)', anonymous: true });
  });

  it('a failed server row offers a new token when the token was rejected, a retry otherwise', () => {
    const e = entry();
    e.model.setStatus({ kind: 'failed', error: new TokenRejectedError('ls.example.com', 'Invalid token.', 'legacy API token') });
    const rejected = messageRowOf(e, 'server-failed');
    assert.equal(rejected.label, 'API token rejected');
    assert.equal(rejected.contextValue, 'message tokenRejected');
    assert.deepEqual(rejected.command, { command: 'labelStudio.setToken', title: 'Set API Token', arguments: [URL_A] });
    assert.match(rejected.tooltip ?? '', /\n\nClick to set a new API token\.$/);
    e.model.setStatus({ kind: 'failed', error: new HttpStatusError(503, 'down\nfor maintenance') });
    const down = messageRowOf(e, 'server-failed');
    assert.equal(down.contextValue, 'message serverFailed');
    assert.deepEqual(down.icon, { id: 'error', color: 'problemsErrorIcon.foreground' });
    assert.deepEqual(down.command, { command: 'labelStudio.refreshServer', title: 'Retry', arguments: [URL_A] });
    assert.doesNotMatch(down.description ?? '', /\n/, 'the description is one line');
  });

  it('empty states say what to click, with the arguments the command needs', () => {
    const e = entry();
    e.model.addProjects([{ id: 4, title: 'p' }]);
    assert.deepEqual(messageRowOf(e, 'no-backends', 4), {
      label: 'No ML backends',
      icon: { id: 'info' },
      contextValue: 'message no-backends',
      description: 'click to add one',
      command: { command: 'labelStudio.addBackend', title: 'Add ML Backend', arguments: [URL_A, 4] },
    });
    assert.deepEqual(messageRowOf(e, 'no-match').command, { command: 'labelStudio.clearFilter', title: 'Clear Filter' });
    assert.equal(messageRowOf(e, 'no-token').label, 'Set API Token…');
    assert.equal(messageRowOf(e, 'loading').label, 'Loading projects…');
    assert.equal(messageRowOf(e, 'project-loading', 4).label, 'Loading backends…');
    assert.equal(messageRowOf(e, 'no-projects').description, 'create one in Label Studio');
  });

  it('unreadable backend items are listed, flattened and clipped', () => {
    const e = entry();
    e.model.addProjects([{ id: 4, title: 'p' }]);
    e.model.setBackends(4, [], ['item 1 has no "id"', 'item 2 [x](command:evil)\nforged']);
    const row = messageRowOf(e, 'malformed-backends', 4);
    assert.equal(row.label, '2 backend items could not be read');
    assert.match(row.tooltip ?? '', /^Label Studio listed items that the extension cannot show:\n- item 1 has no "id"\n- item 2 /);
    assert.equal((row.tooltip ?? '').split('\n').length, 3, 'one line per item');
    e.model.setBackends(4, [], ['only one']);
    assert.equal(messageRowOf(e, 'malformed-backends', 4).label, '1 backend item could not be read');
  });

  it('the texts are the translator’s', () => {
    l10n.setTranslator((message, args) => `«${l10n.formatMessage(message, args)}»`);
    const e = entry();
    e.model.addProjects([{ id: 1, title: 'p' }]);
    e.model.setStatus({ kind: 'ready' });
    assert.equal(serverRowOf(e).description, '«1 project»');
    assert.equal(messageRowOf(e, 'no-projects').label, '«No projects on this server»');
  });
});
