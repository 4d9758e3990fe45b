/**
 * One inspector panel (`labelStudio.predictions`). The host keeps the page and the images: when
 * the panel is hidden VS Code drops the webview's document, and on restore the script asks again
 * ("ready") and gets the same data — nothing is fetched twice. The webview keeps only its own
 * choices (version, selection) in its state.
 */
import * as vscode from 'vscode';
import type { InspectorPage } from '../../core/predictions/inspectorPage';
import type { FromWebview, RenderedMessage, ShowMessage } from './webview/protocol';
import { inspectorHtml } from './inspectorHtml';

export const PANEL_TYPE = 'labelStudio.predictions';

export class InspectorPanel {
  readonly panel: vscode.WebviewPanel;
  /** The webview's last report (tests and the benchmark read it). */
  lastRendered?: RenderedMessage;
  /** Resolved by the next report. */
  private waiting: Array<(m: RenderedMessage) => void> = [];
  private shownAt = 0;
  /** `ready` messages received: 1 on open, one more per restore after being hidden. */
  readyCount = 0;

  constructor(
    script: string,
    readonly page: InspectorPage,
    private readonly images: Record<string, string>,
    private readonly openJson: (versionKey: string) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(PANEL_TYPE, page.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      // Nothing is loaded from disk or the network: the script is inlined, images are data: URLs.
      localResourceRoots: [],
      enableCommandUris: false,
      retainContextWhenHidden: false,
    });
    this.panel.webview.html = inspectorHtml(script, page.title);
    this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m));
  }

  /** Waits for the webview's next "rendered" report. */
  nextRender(): Promise<RenderedMessage> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** When the page was last posted (performance.now() of the extension host). */
  get lastShownAt(): number {
    return this.shownAt;
  }

  private receive(m: FromWebview): void {
    if (m?.type === 'ready') {
      this.readyCount++;
      this.shownAt = performance.now();
      const message: ShowMessage = { type: 'show', page: this.page, images: this.images, sentAt: Date.now() };
      void this.panel.webview.postMessage(message);
    } else if (m?.type === 'openJson' && typeof m.versionKey === 'string') {
      this.openJson(m.versionKey);
    } else if (m?.type === 'rendered') {
      this.lastRendered = m;
      const waiting = this.waiting;
      this.waiting = [];
      for (const resolve of waiting) resolve(m);
    }
  }
}
