/**
 * Read-only editors for text the extension shows: a backend's full error, a test request's answer,
 * a diagnosis. Documents of a content provider cannot be edited or saved over.
 */
import vscode = require('vscode');
import { forDocument } from '../core/text/safeText';

export const READ_ONLY_SCHEME = 'labelstudio';
const KEEP = 50;

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This document is no longer available. Run the command again.';
  }

  /** Opens `content` in a read-only editor titled `name` (e.g. "sentiment-error.log"). */
  async open(name: string, content: string, language?: string): Promise<vscode.TextEditor> {
    const safe = name.replace(/[^\w.-]+/g, '-').replace(/-+(\.\w+)?$/, '$1').replace(/^-+/, '').slice(0, 80) || 'document';
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${safe}`, query: String(++this.counter) });
    // Server text inside: carriage returns, control characters, bidi overrides and zero-width characters are shown, not obeyed.
    this.contents.set(uri.toString(), forDocument(content));
    if (this.contents.size > KEEP) this.contents.delete(this.contents.keys().next().value as string);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }
}
