/**
 * The prediction inspector, loaded on first use: its code (dist/inspector.js with the checker and
 * the page model) stays out of activation. Same surface as PredictionInspector.
 */
import type vscode = require('vscode');
import type { BackendTarget } from '../commands/pickers';
import type { AnswerDocuments } from './answerDocument';
import type { InspectorPanel } from './inspectorPanel';
import type { PredictionInspector } from './predictionInspector';

export class LazyInspector implements vscode.Disposable {
  private loaded?: PredictionInspector;
  private loading?: Promise<PredictionInspector>;
  private disposed = false;

  constructor(private readonly create: () => Promise<PredictionInspector>) {}

  /** Open panels (none before the first one opens). */
  get panels(): readonly InspectorPanel[] {
    return this.loaded?.panels ?? [];
  }

  /** The "Open as JSON" documents; there are none before the inspector first opens. */
  get answers(): AnswerDocuments | undefined {
    return this.loaded?.answers;
  }

  async show(target: BackendTarget, taskId: number, answer: unknown): Promise<InspectorPanel> {
    return (await this.load()).show(target, taskId, answer);
  }

  async openJson(panel: InspectorPanel, versionKey: string): Promise<vscode.TextEditor | undefined> {
    return (await this.load()).openJson(panel, versionKey);
  }

  dispose(): void {
    this.disposed = true;
    this.loaded?.dispose();
  }

  private load(): Promise<PredictionInspector> {
    this.loading ??= this.create().then((inspector) => {
      if (this.disposed) inspector.dispose();
      return (this.loaded = inspector);
    });
    return this.loading;
  }
}
