/** The row of any tree node, from the current state of its server. */
import type { ServerEntry } from '../servers/serverRegistry';
import * as l10n from '../text/l10n';
import { messageRow } from './messageRows';
import { backendTreeRow, projectRow, serverRow } from './serverRows';
import type { TreeNode } from './treeNodes';
import { placeholderRow, type TreeRow } from './treeRow';

export function rowOf(node: TreeNode, entry: ServerEntry | undefined): TreeRow {
  if (!entry) return placeholderRow(l10n.t('(removed server)'));
  switch (node.type) {
    case 'server':
      return serverRow(entry);
    case 'project':
      return projectRow(entry, node.projectId);
    case 'backend':
      return backendTreeRow(entry, node.projectId, node.backendId);
    case 'message':
      return messageRow(node, entry);
  }
}
