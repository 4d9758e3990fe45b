/**
 * Read-only editors for text the extension shows: a backend's full error, a test request's answer,
 * a diagnosis. Documents of a content provider cannot be edited or saved over.
 */
import vscode = require('vscode');
import { forDocument } from '../../core/text/safeText';

export const READ_ONLY_SCHEME = 'labelstudio';
/** How reports open: rendered in the Markdown preview (default) or as Markdown source text. */
export type ReportView = 'preview' | 'text';
const KEEP = 50;

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? vscode.l10n.t('This document is no longer available. Run the command again.');
  }

  constructor(private readonly reportView: () => ReportView = () => 'preview') {}

  /** Opens `content` in a read-only editor titled `name` (e.g. "sentiment-error.log"). */
  async open(name: string, content: string, language?: string): Promise<vscode.TextEditor> {
    const doc = await this.document(name, content, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /**
   * Opens a Markdown report (built so that server text in it renders inert) in VS Code's Markdown
   * preview, which runs no scripts; its "Open Source" button, or the setting
   * `labelStudio.reports.openAs: "text"`, gives the text instead.
   */
  async openReport(name: string, markdown: string): Promise<void> {
    const doc = await this.document(name, markdown, 'markdown');
    if (this.reportView() === 'text') {
      await vscode.window.showTextDocument(doc, { preview: true });
      return;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    } catch {
      // The built-in Markdown extension is disabled: the text is still readable.
      await vscode.window.showTextDocument(doc, { preview: true });
    }
  }

  private async document(name: string, content: string, language?: string): Promise<vscode.TextDocument> {
    const safe =
      name
        .replace(/[^\w.-]+/g, '-')
        .replace(/-+(\.\w+)?$/, '$1')
        .replace(/^-+/, '')
        .slice(0, 80) || 'document';
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${safe}`, query: String(++this.counter) });
    // Server text inside: carriage returns, control characters, bidi overrides and zero-width characters are shown, not obeyed.
    this.contents.set(uri.toString(), forDocument(content));
    if (this.contents.size > KEEP) this.contents.delete(this.contents.keys().next().value as string);
    const doc = await vscode.workspace.openTextDocument(uri);
    return language ? vscode.languages.setTextDocumentLanguage(doc, language) : doc;
  }
}
