/** The view's own progress bar (a thin line under its title) while `work` runs. */
import vscode = require('vscode');
import { VIEW_ID } from '../commands/contributions';

export function withViewProgress<T>(work: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work));
}
