/**
 * The inspector's webview script (bundled alone by esbuild, inlined with a nonce). It only draws
 * what the extension host sends: no network request, no HTML from data (textContent only). Its
 * fixed words come from the host too (`strings`, in the user's language).
 */
import type { PredictionView } from '../../../core/predictions/inspectorModel';
import { formatMessage as fill } from '../../../core/text/l10n';
import { el } from './dom';
import { drawObject } from './drawObjects';
import type { FromWebview, InspectorStrings, ShowMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  versionKey?: string;
  selected?: string;
}

const vscode = acquireVsCodeApi();
let current: ShowMessage | undefined;
/** blob: URLs of the current page's images, by object name (revoked when a new page arrives). */
let imageUrls: Record<string, string> = {};
let state: SavedState = vscode.getState() ?? {};

window.addEventListener('message', (event: MessageEvent<ShowMessage>) => {
  if (event.data?.type !== 'show') return;
  const arrived = performance.now();
  current = event.data;
  for (const url of Object.values(imageUrls)) URL.revokeObjectURL(url);
  imageUrls = {};
  for (const [name, image] of Object.entries(current.images ?? {})) {
    if (/^image\/(png|jpeg|gif|webp|bmp|avif)$/.test(image.type))
      imageUrls[name] = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.type }));
  }
  const transferMs = Math.max(0, Date.now() - event.data.sentAt);
  render();
  report(arrived, transferMs);
});

function version(): PredictionView | undefined {
  const versions = current?.page.versions ?? [];
  return versions.find((v) => v.key === state.versionKey) ?? versions[0];
}

function save(next: SavedState): void {
  state = { ...state, ...next };
  vscode.setState(state);
}

function render(): void {
  const page = current?.page;
  const root = document.getElementById('app');
  if (!page || !root) return;
  const shown = version();
  if (!shown || !current) return;
  const words = current.strings;
  document.title = page.title;
  const header = el('header');
  header.append(el('h1', {}, page.title), el('p', { class: 'subtitle' }, fill(words.backendSubtitle, [page.backendTitle])));
  const tabs = el('div', { role: 'tablist', 'aria-label': words.versionsLabel, class: 'tabs' });
  for (const v of page.versions) {
    const count = v.objects.reduce((n, o) => n + o.regions.length + o.answers.length, 0);
    const tab = el(
      'button',
      { role: 'tab', type: 'button', 'aria-selected': String(v.key === shown.key), 'data-version': v.key },
      `${v.title} · ${count}`,
    );
    if (v.differing) tab.append(el('span', { class: 'badge' }, fill(words.differCount, [v.differing])));
    tab.addEventListener('click', () => {
      save({ versionKey: v.key, selected: undefined });
      render();
      report(performance.now());
    });
    tabs.append(tab);
  }
  const openJson = el('button', { type: 'button', class: 'open-json' }, words.openJson);
  openJson.addEventListener('click', () => vscode.postMessage({ type: 'openJson', versionKey: shown.key }));
  header.append(tabs, openJson, el('p', { class: 'meta' }, describe(shown, words)));

  const stage = el('section', { class: 'objects', 'aria-label': words.taskLabel });
  for (const o of shown.objects) stage.append(drawObject(o, imageUrls[o.name], page.mediaProblems[o.name], select, words));
  root.replaceChildren(header, el('main'));
  root.lastElementChild?.append(stage, sidePanel(shown, words));
  if (state.selected) select(state.selected, false);
}

function describe(v: PredictionView, words: InspectorStrings): string {
  const parts = [v.modelVersion ? fill(words.modelVersion, [v.modelVersion]) : words.noModelVersion];
  if (v.score !== undefined) parts.push(fill(words.score, [v.score.toFixed(3)]));
  if (v.comparedWith) parts.push(fill(words.regionsDiffer, [v.differing, v.comparedWith]));
  return parts.join(' · ');
}

function sidePanel(v: PredictionView, words: InspectorStrings): HTMLElement {
  const aside = el('aside');
  const regions = v.objects.flatMap((o) => o.regions);
  aside.append(el('h2', {}, fill(words.regions, [regions.length])));
  const list = el('ul', { class: 'region-list' });
  for (const r of regions) {
    const button = el('button', { type: 'button', 'data-key': r.key, 'aria-label': r.accessibleName, class: r.differs ? 'differs' : '' });
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = r.colour;
    button.append(swatch, el('span', {}, r.labels.join(', ') || words.noLabel), el('span', { class: 'kind' }, r.shape.kind));
    if (r.score !== undefined) button.append(el('span', { class: 'score' }, r.score.toFixed(2)));
    if (r.differs) button.append(el('span', { class: 'badge' }, words.differs));
    button.addEventListener('click', () => select(r.key));
    const li = el('li');
    li.append(button);
    list.append(li);
  }
  aside.append(list);
  aside.append(findingList(fill(words.dropped, [v.dropped.length]), 'dropped', v.dropped, words));
  if (v.suspicious.length) aside.append(findingList(fill(words.suspicious, [v.suspicious.length]), 'suspicious', v.suspicious, words));
  aside.append(
    el('h2', {}, words.selected),
    el('pre', { class: 'json', id: 'selected-json', tabindex: '0', 'aria-label': words.selectedJsonLabel }, words.selectHint),
  );
  return aside;
}

function findingList(title: string, cls: string, items: PredictionView['dropped'], words: InspectorStrings): HTMLElement {
  const box = el('section', { class: cls });
  box.append(el('h2', {}, title));
  const list = el('ul', { class: `${cls}-list` });
  for (const f of items) {
    const button = el('button', { type: 'button', 'data-finding': f.key, 'aria-label': `${f.pathText}: ${f.message}` });
    button.append(el('code', {}, f.pathText), el('span', { class: 'message' }, f.message), el('span', { class: 'fix' }, f.fix));
    button.addEventListener('click', () => showJson(f.json || f.message));
    const li = el('li');
    li.append(button);
    list.append(li);
  }
  if (!items.length) list.append(el('li', { class: 'none' }, words.none));
  box.append(list);
  return box;
}

/** Selects a region in the drawing and the list at once, and shows its JSON. */
function select(key: string, remember = true): void {
  for (const e of document.querySelectorAll('.selected')) e.classList.remove('selected');
  const v = version();
  const region = v?.objects.flatMap((o) => [...o.regions, ...o.answers]).find((r) => r.key === key);
  if (!region) return;
  for (const e of document.querySelectorAll(`[data-key="${key}"], [data-mask="${key}"]`)) e.classList.add('selected');
  document.querySelector<HTMLElement>(`.region-list [data-key="${key}"]`)?.scrollIntoView({ block: 'nearest' });
  showJson(region.json);
  if (remember) save({ selected: key });
}

function showJson(text: string): void {
  const pre = document.getElementById('selected-json');
  if (pre) pre.textContent = text;
}

/** After the first frame with the regions: when it was painted, then (pictures decoded) the full report. */
function report(arrived: number, transferMs = 0): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const paintMs = performance.now() - arrived;
      const images = [...document.querySelectorAll<HTMLImageElement>('img.picture, img.mask')];
      void Promise.all(images.map((img) => img.decode().catch(() => undefined))).then(() => {
        const regions = [...document.querySelectorAll('.objects [data-key].region')];
        vscode.postMessage({
          type: 'rendered',
          versionKey: version()?.key ?? '',
          drawn: [...new Set(regions.map((e) => e.getAttribute('data-key') ?? ''))],
          dropped: [...document.querySelectorAll('.dropped-list [data-finding]')].map((e) => e.getAttribute('data-finding') ?? ''),
          names: regions.map((e) => e.getAttribute('aria-label') ?? ''),
          masks: Object.fromEntries(
            [...document.querySelectorAll('canvas[data-mask]')].map((c) => [
              c.getAttribute('data-mask') ?? '',
              Number(c.getAttribute('data-painted')),
            ]),
          ),
          transferMs,
          paintMs,
          imageMs: performance.now() - arrived,
          state: JSON.stringify(vscode.getState() ?? {}),
          // Image data (base64) is left out: it is pixels, and megabytes of them.
          html: document.documentElement.outerHTML.replace(/data:image\/[\w+.-]+;base64,[A-Za-z0-9+/=]+/g, 'data:image/…'),
        });
      });
    }),
  );
}

vscode.postMessage({ type: 'ready' });
