/** Greys out the labels of projects that have no ML backend. */
import vscode = require('vscode');
import { EMPTY_PROJECT_SCHEME } from './render';

export class EmptyProjectDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== EMPTY_PROJECT_SCHEME) return undefined;
    return { color: new vscode.ThemeColor('disabledForeground'), tooltip: vscode.l10n.t('No ML backends') };
  }
}
