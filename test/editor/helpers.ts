/** Shared set-up of the in-editor tests: the extension's test API, settings, fakes and waiting. */
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/vscode/tree/nodes';
import { FakeLabelStudio, FakeMlServer, seedSampleData, type SampleData } from '../fake';
import { ScriptedPrompts, type Answer } from './scriptedPrompts';

export const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';

export async function extensionApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension did not hand out its test API (extension mode is not Test?)');
  return api;
}

export interface Fakes {
  ls: FakeLabelStudio;
  ml: FakeMlServer;
  sample: SampleData;
}

export async function startFakes(): Promise<Fakes> {
  const ml = await FakeMlServer.start();
  const ls = await FakeLabelStudio.start({ healthCheck: { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 1000 } });
  const sample = await seedSampleData(ls, ml);
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

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
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
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}
