/**
 * Tree elements are small plain objects; the provider hands out one object per id so that a
 * change event can name exactly the node that changed.
 */

export type MessageKind =
  | 'no-token'
  | 'server-failed'
  | 'loading'
  | 'no-projects'
  | 'project-failed'
  | 'project-loading'
  | 'no-backends'
  | 'no-match'
  | 'malformed-backends';

export type TreeNode =
  | { readonly type: 'server'; readonly id: string; readonly baseUrl: string }
  | { readonly type: 'project'; readonly id: string; readonly baseUrl: string; readonly projectId: number }
  | { readonly type: 'backend'; readonly id: string; readonly baseUrl: string; readonly projectId: number; readonly backendId: number }
  | { readonly type: 'message'; readonly id: string; readonly baseUrl: string; readonly projectId?: number; readonly kind: MessageKind };

export type ServerNode = Extract<TreeNode, { type: 'server' }>;
export type ProjectNode = Extract<TreeNode, { type: 'project' }>;
export type BackendNode = Extract<TreeNode, { type: 'backend' }>;
export type MessageNode = Extract<TreeNode, { type: 'message' }>;

export class NodeCache {
  private readonly nodes = new Map<string, TreeNode>();
  /** Backend nodes by project (`baseUrl|projectId`), so a project's can be pruned without a full scan. */
  private readonly backendsOf = new Map<string, Map<number, BackendNode>>();

  server(baseUrl: string): ServerNode {
    return this.intern({ type: 'server', id: `server|${baseUrl}`, baseUrl });
  }

  project(baseUrl: string, projectId: number): ProjectNode {
    return this.intern({ type: 'project', id: `project|${baseUrl}|${projectId}`, baseUrl, projectId });
  }

  backend(baseUrl: string, projectId: number, backendId: number): BackendNode {
    const key = `${baseUrl}|${projectId}`;
    let ofProject = this.backendsOf.get(key);
    if (!ofProject) this.backendsOf.set(key, (ofProject = new Map()));
    let node = ofProject.get(backendId);
    if (!node)
      ofProject.set(backendId, (node = this.intern({ type: 'backend', id: `backend|${key}|${backendId}`, baseUrl, projectId, backendId })));
    return node;
  }

  message(baseUrl: string, kind: MessageKind, projectId?: number): MessageNode {
    const id = `message|${baseUrl}|${kind}${projectId === undefined ? '' : `|${projectId}`}`;
    return this.intern({ type: 'message', id, baseUrl, projectId, kind });
  }

  /** The node already handed out for `id`, if any. */
  get(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets the nodes of servers that are gone. */
  keepServers(baseUrls: ReadonlySet<string>): void {
    for (const [id, node] of this.nodes) if (!baseUrls.has(node.baseUrl)) this.nodes.delete(id);
    for (const key of this.backendsOf.keys()) if (!baseUrls.has(key.slice(0, key.lastIndexOf('|')))) this.backendsOf.delete(key);
  }

  /** Forgets the nodes of a project's backends that are gone. */
  keepBackends(baseUrl: string, projectId: number, backendIds: ReadonlySet<number>): void {
    const ofProject = this.backendsOf.get(`${baseUrl}|${projectId}`);
    if (!ofProject) return;
    for (const [backendId, node] of ofProject) {
      if (backendIds.has(backendId)) continue;
      ofProject.delete(backendId);
      this.nodes.delete(node.id);
    }
  }

  private intern<T extends TreeNode>(node: T): T {
    const known = this.nodes.get(node.id);
    if (known) return known as T;
    this.nodes.set(node.id, node);
    return node;
  }
}
