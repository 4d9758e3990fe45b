/** Messages between the extension host and the inspector's webview (plain data both ways). */
import type { InspectorPage } from '../../../core/predictions/inspectorPage';

export interface ShowMessage {
  type: 'show';
  page: InspectorPage;
  /** Per object name: the image's bytes (fetched by the host), shown through a blob: URL. */
  images: Record<string, { type: string; bytes: Uint8Array }>;
  /** Sent with the message so the webview can report how long drawing took. */
  sentAt: number;
}

export interface RenderedMessage {
  type: 'rendered';
  versionKey: string;
  /** Keys of the regions drawn on the objects (`r<index>`). */
  drawn: string[];
  /** Keys of the regions listed as dropped. */
  dropped: string[];
  /** Accessible names of the drawn regions, as the DOM holds them. */
  names: string[];
  /** Painted pixels of each brush mask drawn, by region key. */
  masks: Record<string, number>;
  /** The page's trip from the host's postMessage to the webview's handler, ms (Date.now() on both sides). */
  transferMs: number;
  /** Time from the message's arrival to the first frame painted with the regions, ms. */
  paintMs: number;
  /** Time from the message's arrival until the pictures were decoded too, ms. */
  imageMs: number;
  /** The webview's saved state, JSON (tests check it holds no secret). */
  state: string;
  /** The page's HTML after drawing (tests check it holds no secret and no remote URL). */
  html: string;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'openJson'; versionKey: string }
  | RenderedMessage;
