/** "Show Full Error": a backend's whole `error_message` in a read-only editor. */
import * as vscode from 'vscode';
import { displayTitle, formatTimestamp } from '../core/presentation';
import { lookOfState } from '../core/backendState';
import type { ServerRegistry } from '../core/serverRegistry';

export const FULL_ERROR_SCHEME = 'labelstudio-error';

export class FullErrorDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly registry: ServerRegistry) {}

  /** Read-only document of the backend's error as it is now in the tree. */
  uriFor(baseUrl: string, backendId: number): vscode.Uri {
    const backend = this.registry.entry(baseUrl)?.model.backend(backendId);
    const name = (backend ? displayTitle(backend) : `backend-${backendId}`).replace(/[^\w.-]+/g, '-').slice(0, 60);
    return vscode.Uri.from({
      scheme: FULL_ERROR_SCHEME,
      path: `/${name}-error.log`,
      query: new URLSearchParams({ server: baseUrl, backend: String(backendId), at: String(Date.now()) }).toString(),
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const params = new URLSearchParams(uri.query);
    const backend = this.registry.entry(params.get('server') ?? '')?.model.backend(Number(params.get('backend')));
    if (!backend) return 'This ML backend is no longer in the tree. Refresh and try again.';
    return [
      `ML backend:  ${displayTitle(backend)} (id ${backend.id}, project ${backend.project})`,
      `URL:         ${backend.url}`,
      `State:       ${lookOfState(backend.state).label}`,
      `Updated:     ${formatTimestamp(backend.updated_at) ?? 'unknown'}`,
      '',
      backend.error_message?.trim() || '(no error message)',
      '',
    ].join('\n');
  }
}
