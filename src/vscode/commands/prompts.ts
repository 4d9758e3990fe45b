/**
 * The questions commands ask. Commands get this through their constructor so that in-editor
 * tests can answer them; the extension wires `windowPrompts`.
 */
import vscode = require('vscode');
import { forNotification } from '../../core/text/safeText';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A multi-select quick pick; items with `picked` start selected. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  /** A modal confirmation; resolves to the chosen action's title. */
  confirm(message: string, detail: string, ...actions: string[]): Thenable<string | undefined>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
}

/**
 * The real window. Callers already pass every server string through `forNotification`; the
 * messages are passed through it once more here (it is idempotent), so that a string missed at a
 * call site still cannot become a link or a command in a notification.
 */
export const windowPrompts: Prompts = {
  inputBox: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  quickPick: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options }),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true }),
  confirm: (message, detail, ...actions) =>
    vscode.window.showWarningMessage(forNotification(message), { modal: true, detail: forNotification(detail, 2000) }, ...actions),
  info: (message, ...actions) => vscode.window.showInformationMessage(forNotification(message, 1000), ...actions),
  warn: (message, ...actions) => vscode.window.showWarningMessage(forNotification(message, 1000), ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(forNotification(message, 1000), ...actions),
};
