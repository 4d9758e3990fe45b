/** The one place commands are registered: every id of COMMAND_IDS, with its handler from the table. */
import vscode = require('vscode');
import { COMMAND_IDS, type CommandTable } from './contributions';

export function registerCommandTable(table: CommandTable): vscode.Disposable[] {
  return COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, table[id]));
}
