/** The `labelStudio.mlBackends` tree for VS Code: core's TreeStructure decides the rows, render.ts draws them. */
import vscode = require('vscode');
import type { ServerRegistry } from '../../core/servers/serverRegistry';
import type { TreeNode } from '../../core/view/treeNodes';
import { TreeStructure, type TreeOptions } from '../../core/view/treeStructure';
import { renderNode } from './render';

export type { TreeOptions } from '../../core/view/treeStructure';

export class BackendsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly structure: TreeStructure;

  constructor(
    private readonly registry: ServerRegistry,
    options: TreeOptions,
  ) {
    this.structure = new TreeStructure(registry, options, (batch) => this.changed.fire(batch.all ? undefined : batch.items));
  }

  get nodes() {
    return this.structure.nodes;
  }

  /** Redraws everything (after a settings change that affects presentation). */
  redraw(): void {
    this.structure.redraw();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    try {
      return renderNode(node, this.registry.entry(node.baseUrl));
    } catch {
      // Like getChildren: never throw into VS Code, whatever the server sent.
      return new vscode.TreeItem(vscode.l10n.t('(this row could not be shown)'));
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    try {
      return this.structure.children(node);
    } catch {
      // A provider must never throw into VS Code; a broken node simply has no children.
      return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.structure.parent(node);
  }

  dispose(): void {
    this.structure.dispose();
    this.changed.dispose();
  }
}
