/**
 * Registers the agent's tools at activation (VS Code needs them then) while their code — the answers
 * built in src/core/agent and the prediction checker — loads on the first call (dist/agent.js).
 */
import vscode = require('vscode');
import type { MlBackendTools } from './mlBackendTools';

export const LIST_TOOL = 'labelStudio_listMlBackends';
export const DIAGNOSE_TOOL = 'labelStudio_diagnoseBackend';
export const CHECK_TOOL = 'labelStudio_checkPredictions';
export type ToolName = typeof LIST_TOOL | typeof DIAGNOSE_TOOL | typeof CHECK_TOOL;

export function registerTools(load: () => Promise<MlBackendTools>): vscode.Disposable[] {
  let tools: Promise<MlBackendTools> | undefined;
  const register = (name: ToolName, message: string) =>
    vscode.lm.registerTool<unknown>(name, {
      prepareInvocation: () => ({ invocationMessage: message }),
      invoke: async (options) => (await (tools ??= load())).invoke(name, options.input),
    });
  return [
    register(LIST_TOOL, vscode.l10n.t('Listing Label Studio ML backends')),
    register(DIAGNOSE_TOOL, vscode.l10n.t('Diagnosing a Label Studio ML backend')),
    // A test request stores nothing in Label Studio (the Send Test Request route): no confirmation.
    register(CHECK_TOOL, vscode.l10n.t('Checking the predictions of a Label Studio ML backend')),
  ];
}
