/**
 * One inspector panel (`labelStudio.predictions`). It opens at once, so the webview boots while the
 * task, predictions and images are fetched; the page is posted when both are ready. The host keeps
 * the page and the images: when the panel is hidden VS Code drops the webview's document, and on
 * restore the script asks again ("ready") and gets the same data — nothing is fetched twice. The
 * webview keeps only its own choices (version, selection) in its state.
 */
import vscode = require('vscode');
import type { InspectorPage } from '../../core/predictions/inspectorPage';
import type { FromWebview, InspectorStrings, RenderedMessage, ShowMessage } from './webview/protocol';
import { inspectorHtml } from './inspectorHtml';
import { inspectorStrings } from './inspectorStrings';

export const PANEL_TYPE = 'labelStudio.predictions';

export class InspectorPanel {
  readonly panel: vscode.WebviewPanel;
  page?: InspectorPage;
  private images: ShowMessage['images'] = {};
  private ready = false;
  private disposed = false;
  /** The webview's last report (tests and the benchmark read it). */
  lastRendered?: RenderedMessage;
  /** Resolved by the next report. */
  private waiting: Array<(m: RenderedMessage) => void> = [];
  /** `ready` messages received: 1 on open, one more per restore after being hidden. */
  readyCount = 0;
  /** performance.now() of the extension host: panel created, first "ready", page first posted, first "rendered". */
  readonly times: { created: number; ready?: number; posted?: number; rendered?: number } = { created: performance.now() };
  /** Set by the opener: fetching the task, predictions, config and media (ms); of that, building the page. */
  loadTimes?: { loadMs: number; buildMs: number };
  /** The webview's fixed words, in the user's language: sent with every page (the webview has no l10n of its own). */
  strings: InspectorStrings = inspectorStrings();

  constructor(
    script: string,
    title: string,
    private readonly openJson: (versionKey: string) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      PANEL_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {
        enableScripts: true,
        // Nothing is loaded from disk or the network: the script is inlined, images are data: URLs.
        localResourceRoots: [],
        enableCommandUris: false,
        retainContextWhenHidden: false,
      },
    );
    this.panel.webview.html = inspectorHtml(script, title, {
      lang: vscode.env.language,
      loading: vscode.l10n.t('Drawing the predictions…'),
    });
    this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m));
    this.panel.onDidDispose(() => (this.disposed = true));
  }

  /** Hands the page to the webview (now, or when its script is ready). */
  show(page: InspectorPage, images: Record<string, string>): void {
    this.page = page;
    // Bytes travel to the webview as an ArrayBuffer (no base64 string to copy and parse).
    this.images = Object.fromEntries(Object.entries(images).map(([name, url]) => [name, bytesOf(url)]));
    if (this.ready) this.post();
  }

  /** Waits for the webview's next "rendered" report. */
  nextRender(): Promise<RenderedMessage> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private post(): void {
    if (!this.page || this.disposed) return;
    this.times.posted ??= performance.now();
    const message: ShowMessage = { type: 'show', page: this.page, strings: this.strings, images: this.images, sentAt: Date.now() };
    void this.panel.webview.postMessage(message);
  }

  private receive(m: FromWebview): void {
    if (m?.type === 'ready') {
      this.readyCount++;
      this.ready = true;
      this.times.ready ??= performance.now();
      this.post();
    } else if (m?.type === 'openJson' && typeof m.versionKey === 'string') {
      this.openJson(m.versionKey);
    } else if (m?.type === 'rendered') {
      this.lastRendered = m;
      this.times.rendered ??= performance.now();
      const waiting = this.waiting;
      this.waiting = [];
      for (const resolve of waiting) resolve(m);
    }
  }
}

function bytesOf(dataUrl: string): { type: string; bytes: Uint8Array } {
  const comma = dataUrl.indexOf(',');
  const type = dataUrl.slice(5, comma).replace(/;base64$/, '');
  const buffer = Buffer.from(dataUrl.slice(comma + 1), 'base64');
  return { type, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length) };
}
