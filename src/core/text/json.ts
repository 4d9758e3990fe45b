/** Small JSON helpers shared by the readers of server answers, settings and forms. */
import * as l10n from './l10n';

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why `text` is not valid JSON, in words for an input box, or undefined when it parses. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return l10n.t('Not valid JSON: {0}', e instanceof Error ? e.message : String(e));
  }
}
