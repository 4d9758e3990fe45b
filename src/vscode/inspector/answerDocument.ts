/**
 * "Open as JSON": a prediction as a read-only JSON document, with the checker's findings as
 * diagnostics at the exact range of the value they are about (Problems panel, squiggles).
 * jsonc-parser (pinned) is loaded on first use, from its own bundle file (see esbuild.mjs).
 */
import vscode = require('vscode');
import type { Finding } from '../../core/predictions/types';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';

export class AnswerDocuments implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('labelStudio.predictions');

  constructor(private readonly documents: ReadOnlyDocuments) {}

  async open(name: string, value: unknown, findings: Finding[]): Promise<vscode.TextEditor> {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    const editor = await this.documents.open(name, text, 'json');
    const jsonc = await import('jsonc-parser');
    const root = jsonc.parseTree(text);
    const doc = editor.document;
    const items = findings.map((f) => {
      const node = root && deepestNode(jsonc, root, f.path);
      const range = node
        ? new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length))
        : new vscode.Range(0, 0, 0, 1);
      const d = new vscode.Diagnostic(
        range,
        `${f.message} ${f.fix}`,
        f.severity === 'dropped' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'Label Studio';
      d.code = f.pathText;
      return d;
    });
    this.diagnostics.set(doc.uri, items);
    return editor;
  }

  /** Diagnostics shown for a document (tests). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}

type Jsonc = typeof import('jsonc-parser');
type JsonNode = import('jsonc-parser').Node;

/** The node at `path`, or its deepest existing ancestor (a missing key is reported on its object). */
function deepestNode(jsonc: Jsonc, root: JsonNode, path: (string | number)[]): JsonNode {
  for (let n = path.length; n >= 0; n--) {
    const node = jsonc.findNodeAtLocation(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}
