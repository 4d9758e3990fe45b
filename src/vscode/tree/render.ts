/** Turns core's tree rows (plain data, see core/view/treeRows) into VS Code TreeItems. */
import vscode = require('vscode');
import type { ServerEntry } from '../../core/servers/serverRegistry';
import { SHOW_FULL_ERROR_COMMAND } from '../../core/view/presentation';
import type { TreeNode } from '../../core/view/treeNodes';
import type { Collapsible, RowIcon, TreeRow } from '../../core/view/treeRow';
import { rowOf } from '../../core/view/treeRows';

export const EMPTY_PROJECT_SCHEME = 'labelstudio-empty-project';

const COLLAPSIBLE: Record<Collapsible, vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function renderNode(node: TreeNode, entry: ServerEntry | undefined): vscode.TreeItem {
  return treeItem(rowOf(node, entry), node.id);
}

/** Copies a row into a TreeItem (a field the row lacks stays unset). */
export function treeItem(row: TreeRow, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible ?? 'none']);
  item.id = row.anonymous ? undefined : id;
  item.description = row.description;
  item.iconPath = row.icon && themeIcon(row.icon);
  // A resource URI lets the decoration provider grey out the label of projects without backends.
  const empty = row.emptyProjectId;
  item.resourceUri = empty === undefined ? undefined : vscode.Uri.from({ scheme: EMPTY_PROJECT_SCHEME, path: `/${empty}` });
  item.tooltip = row.tooltipMarkdown === undefined ? row.tooltip : untrustedMarkdown(row.tooltipMarkdown);
  item.contextValue = row.contextValue;
  item.accessibilityInformation = row.accessibilityLabel === undefined ? undefined : { label: row.accessibilityLabel };
  item.command = row.command;
  return item;
}

function themeIcon(icon: RowIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

/** Server text is escaped in the source; the only command a hover link may run is "Show Full Error". */
function untrustedMarkdown(source: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(source, false);
  md.isTrusted = { enabledCommands: [SHOW_FULL_ERROR_COMMAND] };
  md.supportHtml = false;
  return md;
}
