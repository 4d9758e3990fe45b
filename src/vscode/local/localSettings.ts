/** `labelStudio.local.startCommand`, from user settings only (application scope: a workspace must not choose what program runs). */
import vscode = require('vscode');

export function localStartCommand(): string | undefined {
  const inspected = vscode.workspace.getConfiguration('labelStudio').inspect<string>('local.startCommand');
  const value = inspected?.globalValue;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function affectsLocalStartCommand(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('labelStudio.local.startCommand');
}
