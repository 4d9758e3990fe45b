// DRF PageNumberPagination + Django Paginator semantics.
import { withQueryParam } from './pythonish';
import { ApiError } from './reply';

export interface PageOptions {
  defaultSize: number;
  /** DRF `max_page_size`; undefined = no cap. */
  maxSize?: number;
}

export interface Page<T> {
  count: number;
  items: T[];
  number: number;
  numPages: number;
  size: number;
}

/** DRF `_positive_int(strict=True, cutoff=max)`; anything invalid falls back to the default size. */
function pageSize(raw: string | null, opts: PageOptions): number {
  if (raw === null || !/^\s*[+-]?\d+\s*$/.test(raw)) return opts.defaultSize;
  const n = Number(raw.trim());
  if (n <= 0) return opts.defaultSize;
  return opts.maxSize !== undefined ? Math.min(n, opts.maxSize) : n;
}

export function paginate<T>(items: readonly T[], query: URLSearchParams, opts: PageOptions): Page<T> {
  const size = pageSize(query.get('page_size'), opts);
  const numPages = Math.max(1, Math.ceil(items.length / size)); // allow_empty_first_page
  const raw = query.get('page') ?? '1';
  const number = raw === 'last' ? numPages : /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(number) || number < 1 || number > numPages) throw new ApiError(404, 'Invalid page.');
  return { count: items.length, items: items.slice((number - 1) * size, number * size), number, numPages, size };
}

/** `{count, next, previous}` links exactly as DRF builds them from the absolute request URL. */
export function pageLinks(page: Page<unknown>, absoluteUrl: string): { next: string | null; previous: string | null } {
  const next = page.number < page.numPages ? withQueryParam(absoluteUrl, 'page', String(page.number + 1)) : null;
  let previous: string | null = null;
  if (page.number > 1) {
    previous =
      page.number - 1 === 1 ? withQueryParam(absoluteUrl, 'page', null) : withQueryParam(absoluteUrl, 'page', String(page.number - 1));
  }
  return { next, previous };
}
