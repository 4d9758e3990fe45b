/**
 * Which URL of a task's media the extension host fetches, and with which credential. URLs relative
 * to Label Studio (uploads, local files, the resolve/presign routes) and absolute ones on the
 * server's own origin go through the server's client, with its token. Absolute URLs on other hosts
 * are fetched with no credential at all, and only when `labelStudio.fetchExternalMedia` is on.
 * A redirect from Label Studio to another origin (a presigned storage URL) is an external fetch;
 * a redirect from an external host to yet another origin is not followed. Only images are kept,
 * as `data:` URLs the webview can show without any request of its own.
 */
import * as l10n from '../text/l10n';

export type MediaPlan =
  | { kind: 'labelStudio'; pathAndQuery: string }
  | { kind: 'external'; url: string }
  | { kind: 'inline'; dataUrl: string }
  | { kind: 'refused'; reason: string };

export interface MediaAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  /** The body, base64. */
  base64: string;
}

export interface MediaFetchers {
  /** GET on Label Studio through its client (token attached, same origin only). */
  labelStudio(pathAndQuery: string): Promise<MediaAnswer>;
  /** GET with no credential of any kind. */
  external(url: string): Promise<MediaAnswer>;
}

export type MediaResult = { dataUrl: string } | { problem: string };

export const MEDIA_MAX_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/]+=*$/;
const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

export function planMedia(value: string, baseUrl: string, fetchExternal: boolean): MediaPlan {
  const v = value.trim();
  if (v.startsWith('data:'))
    return IMAGE_DATA_URL.test(v)
      ? { kind: 'inline', dataUrl: v }
      : { kind: 'refused', reason: l10n.t('The task holds a data: URL that is not a base64 image.') };
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (v.startsWith('/') && !v.startsWith('//')) {
    const path = basePath && v.startsWith(`${basePath}/`) ? v.slice(basePath.length) : v;
    return { kind: 'labelStudio', pathAndQuery: path };
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { kind: 'refused', reason: l10n.t("The task's media value is not a URL the inspector can fetch.") };
  }
  if (url.protocol === 's3:' || url.protocol === 'gs:' || url.protocol === 'azure-blob:') {
    return {
      kind: 'refused',
      reason: l10n.t(
        'Label Studio did not resolve this {0} URI (is a cloud storage connected to the project?).',
        url.protocol.slice(0, -1),
      ),
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { kind: 'refused', reason: l10n.t('Media with the scheme {0} is not fetched.', url.protocol) };
  if (url.origin === base.origin) {
    const path = basePath && url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
    return { kind: 'labelStudio', pathAndQuery: path + url.search };
  }
  if (!fetchExternal)
    return {
      kind: 'refused',
      reason: l10n.t(
        'The image is on another host ({0}); fetching media from other hosts is off (setting labelStudio.fetchExternalMedia).',
        url.host,
      ),
    };
  return { kind: 'external', url: url.href };
}

/** Fetches what `planMedia` decided, following at most 3 redirects by the rules above. */
export async function fetchMedia(plan: MediaPlan, fetchers: MediaFetchers, baseUrl: string, fetchExternal: boolean): Promise<MediaResult> {
  if (plan.kind === 'inline') return { dataUrl: plan.dataUrl };
  if (plan.kind === 'refused') return { problem: plan.reason };
  const base = new URL(baseUrl);
  let current = plan;
  let currentUrl = plan.kind === 'labelStudio' ? new URL(base.href.replace(/\/+$/, '') + plan.pathAndQuery) : new URL(plan.url);
  for (let hop = 0; ; hop++) {
    const answer = current.kind === 'labelStudio' ? await fetchers.labelStudio(current.pathAndQuery) : await fetchers.external(current.url);
    if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
      if (hop >= MAX_REDIRECTS) return { problem: l10n.t('The media URL redirected too many times.') };
      const next = new URL(answer.headers.location, currentUrl);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        return { problem: l10n.t('The media URL redirected to an unsupported scheme.') };
      if (current.kind === 'labelStudio' && next.origin === base.origin) {
        current = { kind: 'labelStudio', pathAndQuery: stripBase(next, base) };
      } else if (current.kind === 'external' && next.origin !== currentUrl.origin) {
        return { problem: l10n.t('The image host redirected to another host ({0}); that redirect is not followed.', next.host) };
      } else if (!fetchExternal) {
        return {
          problem: l10n.t(
            'Label Studio redirected the image to another host ({0}); fetching media from other hosts is off (setting labelStudio.fetchExternalMedia).',
            next.host,
          ),
        };
      } else {
        current = { kind: 'external', url: next.href };
      }
      currentUrl = next;
      continue;
    }
    if (answer.status < 200 || answer.status >= 300)
      return { problem: l10n.t('The image could not be fetched (HTTP {0}).', answer.status) };
    const type = (answer.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!IMAGE_TYPE.test(type))
      return {
        problem: l10n.t(
          'The media is not an image the inspector shows (content type "{0}").',
          type.replace(/[^\w/+.-]/g, '').slice(0, 40) || 'none',
        ),
      };
    if (answer.base64.length * 0.75 > MEDIA_MAX_BYTES)
      return {
        problem: l10n.t(
          'The image is larger than {0} MB; it is not shown (regions are drawn on a blank canvas).',
          MEDIA_MAX_BYTES / 1048576,
        ),
      };
    return { dataUrl: `data:${type};base64,${answer.base64}` };
  }
}

function stripBase(url: URL, base: URL): string {
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = basePath && url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  return path + url.search;
}
