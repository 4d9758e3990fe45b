/**
 * The ids this extension contributes in package.json: its view and its commands. No `vscode` import,
 * so the unit tests compare them with the manifest. extension.ts registers exactly COMMAND_IDS.
 */
export const VIEW_ID = 'labelStudio.mlBackends';
export const LOCAL_VIEW_ID = 'labelStudio.localBackends';

/** The Local ML Backends feature's commands (registered at activation, loaded on first use). */
export const LOCAL_COMMAND_IDS = [
  'labelStudio.local.start',
  'labelStudio.local.stop',
  'labelStudio.local.debug',
  'labelStudio.local.connect',
  'labelStudio.local.predict',
  'labelStudio.local.checkMediaAccess',
  'labelStudio.local.writeApiKey',
] as const;

export const COMMAND_IDS = [
  'labelStudio.refresh',
  'labelStudio.refreshServer',
  'labelStudio.refreshProject',
  'labelStudio.addServer',
  'labelStudio.useEnvironmentServer',
  'labelStudio.removeServer',
  'labelStudio.setToken',
  'labelStudio.clearToken',
  'labelStudio.showLog',
  'labelStudio.addBackend',
  'labelStudio.editBackend',
  'labelStudio.removeBackend',
  'labelStudio.startTraining',
  'labelStudio.showModelVersions',
  'labelStudio.sendTestRequest',
  'labelStudio.showPredictions',
  'labelStudio.predictAllTasks',
  'labelStudio.openInBrowser',
  'labelStudio.copyBackendUrl',
  'labelStudio.copyBackendId',
  'labelStudio.showFullError',
  'labelStudio.diagnoseBackend',
  'labelStudio.filter',
  'labelStudio.clearFilter',
  'labelStudio.hideEmptyProjects',
  'labelStudio.showEmptyProjects',
  'labelStudio.openWalkthrough',
  ...LOCAL_COMMAND_IDS,
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Tree commands get the row (and VS Code's selection) as arguments; palette commands get none. */
export type CommandHandler = (a?: unknown, b?: unknown) => unknown;

/** Every command's handler: extension.ts builds it from each command class's `commands()`. */
export type CommandTable = Record<CommandId, CommandHandler>;
