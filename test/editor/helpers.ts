/** Shared set-up of the in-editor tests: the extension's test API, settings, fakes and waiting. */
import vscode = require('vscode');
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/core/view/treeNodes';
import { FakeLabelStudio, FakeMlServer, seedSampleData, type SampleData } from '../fake';
import { ScriptedPrompts, type Answer } from './scriptedPrompts';

export const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';

export async function extensionApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension did not hand out its test API (extension mode is not Test?)');
  await api.ready;
  rememberTokensStoredBy(api);
  return api;
}

// ---- secrets used by the suite (zz-noTokenLeak.test.ts greps everything for them) ----------------

const secrets = new Set<string>();
const trackedFakes = new Set<FakeLabelStudio>();

/** Registers tokens a test used; the last test of the suite checks that none leaked. */
export function rememberSecret(...tokens: string[]): void {
  for (const t of tokens) if (t.trim()) secrets.add(t.trim());
}

/** Registers a fake whose legacy keys and minted access tokens are secrets too. */
export function trackFake(fake: FakeLabelStudio): FakeLabelStudio {
  trackedFakes.add(fake);
  return fake;
}

/** Every token the suite used so far: remembered ones, and those of every tracked fake. */
export function usedSecrets(): string[] {
  const all = new Set(secrets);
  for (const fake of trackedFakes) for (const t of [...fake.legacyTokens, ...fake.issuedAccessTokens]) all.add(t);
  return [...all];
}

/** Every token stored through the extension's TokenStore (by a test or by Set API Token) is remembered. */
function rememberTokensStoredBy(api: TestApi): void {
  const tokens = api.tokens as TestApi['tokens'] & { remembering?: boolean };
  if (tokens.remembering) return;
  tokens.remembering = true;
  const store = tokens.set.bind(tokens);
  tokens.set = (baseUrl: string, token: string) => {
    rememberSecret(token);
    return store(baseUrl, token);
  };
}

export interface Fakes {
  ls: FakeLabelStudio;
  ml: FakeMlServer;
  sample: SampleData;
}

export async function startFakes(): Promise<Fakes> {
  const ml = await FakeMlServer.start();
  const ls = trackFake(await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 1000 } }));
  const sample = await seedSampleData(ls, ml);
  rememberSecret(sample.legacyToken, sample.pat);
  return { ls, ml, sample };
}

export async function stopFakes(f: Fakes | undefined): Promise<void> {
  await f?.ls.close();
  await f?.ml.close();
}

export async function setServers(servers: Array<{ url: string; name?: string }>): Promise<void> {
  await vscode.workspace.getConfiguration('labelStudio').update('servers', servers, vscode.ConfigurationTarget.Global);
}

/** Forgets every server and token so that each test starts from a fresh install. */
export async function resetExtension(api: TestApi): Promise<void> {
  for (const e of api.registry.entries) await api.tokens.delete(e.config.baseUrl);
  await setServers([]);
  await api.filter.set({ states: [], text: '' });
  api.registry.clientTimeouts = {};
  await api.controller.reload();
  api.setPrompts(undefined);
}

/** Runs a command with the given answers to its questions; returns what it asked. */
export async function runWithAnswers(api: TestApi, command: string, answers: Answer[], ...args: unknown[]): Promise<ScriptedPrompts> {
  const prompts = new ScriptedPrompts(...answers);
  api.setPrompts(prompts);
  try {
    await vscode.commands.executeCommand(command, ...args);
  } finally {
    api.setPrompts(undefined);
  }
  return prompts;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The tree as the user sees it: labels and descriptions, children of the expanded nodes included. */
export async function treeItems(api: TestApi, node?: TreeNode): Promise<Array<{ node: TreeNode; item: vscode.TreeItem }>> {
  const children = await api.tree.getChildren(node);
  return Promise.all(children.map(async (child) => ({ node: child, item: await api.tree.getTreeItem(child) })));
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/**
 * The usual suite set-up: the extension's test API and the seeded fakes for the whole suite, and a
 * fresh extension state (no server, no token, no filter) before each test.
 */
export function withSampleSuite(): { api: TestApi; fakes: Fakes } {
  const suite = {} as { api: TestApi; fakes: Fakes };
  before(async () => {
    suite.api = await extensionApi();
    suite.fakes = await startFakes();
  });
  after(async () => {
    await resetExtension(suite.api);
    await stopFakes(suite.fakes);
  });
  beforeEach(async () => resetExtension(suite.api));
  return suite;
}
