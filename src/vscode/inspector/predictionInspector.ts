/**
 * Opens the prediction inspector on a backend's answer for one task: loads the rest through the
 * core (task, stored predictions, labeling config, images), opens a panel, and serves its
 * "Open as JSON". The webview script is read from dist/ when the first panel opens, not at activation.
 */
import * as fs from 'node:fs/promises';
import vscode = require('vscode');
import type { HttpTransport } from '../../core/net/http';
import { loadInspector, type LoadResult } from '../../core/predictions/inspectorLoad';
import { displayTitle } from '../../core/view/presentation';
import { withViewProgress } from '../services/viewProgress';
import type { BackendTarget } from '../commands/pickers';
import type { Settings } from '../services/settings';
import { AnswerDocuments } from './answerDocument';
import { InspectorPanel } from './inspectorPanel';
import { externalMediaTransport, mediaFetchers } from './mediaFetchers';
import type { ReadOnlyDocuments } from '../services/readOnlyDocuments';

export class PredictionInspector implements vscode.Disposable {
  readonly panels: InspectorPanel[] = [];
  readonly answers: AnswerDocuments;
  private script?: Promise<string>;
  private external?: HttpTransport;
  /** The answers behind each panel, for "Open as JSON". */
  private readonly sources = new WeakMap<InspectorPanel, { sources: LoadResult['sources']; target: BackendTarget }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: Settings,
    documents: ReadOnlyDocuments,
  ) {
    this.answers = new AnswerDocuments(documents);
  }

  /** Opens a panel on `answer` (interactive-annotating's `data`) for task `taskId`. */
  async show(target: BackendTarget, taskId: number, answer: unknown): Promise<InspectorPanel> {
    const client = target.entry.client;
    if (!client) throw new Error(vscode.l10n.t('This server has no API token.'));
    const baseUrl = target.entry.config.baseUrl;
    const started = performance.now();
    const fetchers = mediaFetchers(client, () => (this.external ??= externalMediaTransport()));
    const loading = withViewProgress(() =>
      loadInspector(client, fetchers, {
        baseUrl,
        projectId: target.project.id,
        backendTitle: displayTitle(target.backend),
        taskId,
        answer,
        fetchExternalMedia: this.settings.fetchExternalMedia(),
      }),
    );
    // The panel opens while the rest loads: its webview boots meanwhile.
    const panel: InspectorPanel = new InspectorPanel(
      await this.webviewScript(),
      vscode.l10n.t('Predictions · task {0}', taskId),
      (key) => void this.openJson(panel, key),
    );
    let loaded: LoadResult;
    try {
      loaded = await loading;
    } catch (error) {
      panel.panel.dispose();
      throw error;
    }
    panel.loadTimes = { loadMs: performance.now() - started, buildMs: loaded.buildMs };
    this.panels.push(panel);
    panel.panel.onDidDispose(() => this.panels.splice(this.panels.indexOf(panel), 1));
    this.sources.set(panel, { sources: loaded.sources, target });
    panel.show(loaded.page, loaded.images);
    return panel;
  }

  /** The fresh answer (or a stored prediction) as JSON with the findings as diagnostics. */
  async openJson(panel: InspectorPanel, versionKey: string): Promise<vscode.TextEditor | undefined> {
    const source = this.sources.get(panel);
    if (!source) return undefined;
    const version = source.sources[versionKey];
    if (!version) return undefined;
    const name =
      versionKey === 'fresh'
        ? `${displayTitle(source.target.backend)}-task-${panel.page?.taskId ?? ''}.json`
        : `prediction-${versionKey.slice(7)}.json`;
    return this.answers.open(name, version.json, version.findings);
  }

  private webviewScript(): Promise<string> {
    return (this.script ??= fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'inspector.js').fsPath, 'utf8'));
  }

  dispose(): void {
    for (const p of [...this.panels]) p.panel.dispose();
    this.answers.dispose();
    void this.external?.close();
  }
}
