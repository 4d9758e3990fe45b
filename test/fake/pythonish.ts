import { randomBytes } from 'node:crypto';

// Small helpers that reproduce how the Python/Django side formats things, so the fake's output
// looks byte-for-byte like a real server's where clients might care.

let lastMicros = 0;

/** Current time as Django serialises DateTimeFields: ISO-8601, UTC, microseconds, `Z`. Strictly increasing. */
export function nowIsoMicro(): string {
  let micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  return isoFromMicros(micros);
}

export function isoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const base = new Date(ms).toISOString(); // 2026-01-14T16:02:11.904Z
  return `${base.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** A fixed moment (ISO with microseconds) `daysAgo` days before now; used for seeded rows. */
export function isoDaysAgo(daysAgo: number): string {
  const micros = Math.floor((Date.now() - daysAgo * 86_400_000) * 1000) + Math.floor(Math.random() * 1000);
  return isoFromMicros(micros);
}

/** Python's `int(dt.timestamp())` for an ISO string. */
export function unixSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** Python's `str(float)` for the few values we print (timeouts): 1 -> "1.0", 0.25 -> "0.25". */
export function pyFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** `urllib.parse.quote_plus`: only letters, digits and `_.-~` stay literal; space becomes `+`. */
export function quotePlus(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * DRF's `replace_query_param` / `remove_query_param`: parse the query, set (or drop) one key, and
 * re-encode with keys **sorted** (that is why real `next` links look like `?include=id%2Ctitle&page=2`).
 */
export function withQueryParam(absoluteUrl: string, key: string, value: string | null): string {
  const q = absoluteUrl.indexOf('?');
  const base = q < 0 ? absoluteUrl : absoluteUrl.slice(0, q);
  const params = new Map<string, string[]>();
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(absoluteUrl.slice(q + 1))) {
      params.set(k, [...(params.get(k) ?? []), v]);
    }
  }
  if (value === null) params.delete(key);
  else params.set(key, [value]);
  const parts: string[] = [];
  for (const k of [...params.keys()].sort()) {
    for (const v of params.get(k)!) parts.push(`${quotePlus(k)}=${quotePlus(v)}`);
  }
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

/** A believable CPython traceback string (what `DEBUG_MODAL_EXCEPTIONS` puts in `exc_info`). */
export function pythonTraceback(frames: Array<[file: string, line: number, func: string]>, lastLine: string): string {
  const body = frames.map(([file, line, func]) => `  File "${file}", line ${line}, in ${func}\n`).join('');
  return `Traceback (most recent call last):\n${body}${lastLine}\n`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
