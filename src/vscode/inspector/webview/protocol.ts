/** Messages between the extension host and the inspector's webview (plain data both ways). */
import type { InspectorPage } from '../../../core/predictions/inspectorPage';

/**
 * The webview's fixed words, translated by the host (the webview has no `vscode.l10n`). Templates
 * keep their `{0}`/`{1}` placeholders; the webview fills them and sets the result as text only.
 */
export interface InspectorStrings {
  /** `{0}`: the backend's title. */
  backendSubtitle: string;
  versionsLabel: string;
  /** `{0}`: how many regions differ. */
  differCount: string;
  openJson: string;
  taskLabel: string;
  /** `{0}`: the model version. */
  modelVersion: string;
  noModelVersion: string;
  /** `{0}`: the score. */
  score: string;
  /** `{0}`: how many; `{1}`: the version compared with. */
  regionsDiffer: string;
  /** `{0}`: how many. */
  regions: string;
  noLabel: string;
  differs: string;
  /** `{0}`: how many. */
  dropped: string;
  /** `{0}`: how many. */
  suspicious: string;
  selected: string;
  selectedJsonLabel: string;
  selectHint: string;
  none: string;
  textMissing: string;
  /** `{0}`: how many; `{1}`: the object's tag. */
  regionsNotDrawn: string;
  /** `{0}`: the object's name. */
  answersFor: string;
  /** `{0}`: the object's name. */
  imageAlt: string;
  noImage: string;
  /** `{0}`: the object's name. */
  regionsOn: string;
}

export interface ShowMessage {
  type: 'show';
  page: InspectorPage;
  /** The fixed words to draw the page with, in the user's language. */
  strings: InspectorStrings;
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

export type FromWebview = { type: 'ready' } | { type: 'openJson'; versionKey: string } | RenderedMessage;
