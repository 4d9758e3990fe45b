/**
 * Server strings (titles, error messages, model answers, task data) are untrusted. Each function
 * here prepares such a string for ONE surface of VS Code, so that it shows as the text it is and
 * can never become a link, a command, an icon, markup or a line of its own there:
 *
 * - notifications, progress titles and quick-input prompts/validation messages parse
 *   `[label](https://…|command:…|file:…)` into live links (VS Code's `parseLinkedText`): the
 *   `](` that joins label and target is broken and URL schemes are defused (`https(:)//…`);
 * - quick-pick items, quick-input prompts and the status bar render `$(name)` as an icon: escaped;
 * - every one-line surface and the log get line breaks and control characters flattened, so a
 *   server string can neither spread over lines nor forge a log line;
 * - bidirectional overrides and zero-width characters (visual spoofing) are shown as `‹U+202E›`.
 */

/** Longest server text a single-line surface gets (a megabyte title must not become a megabyte toast). */
export const MAX_SURFACE_CHARS = 500;
const MAX_LABEL_CHARS = 200;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the directional
 * marks (U+200E/F, U+061C) and zero-width or invisible characters (U+200B–200D, U+2060–2064,
 * U+FEFF, U+180E, U+00AD).
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Line breaks of every kind, as VS Code, terminals or log readers may split on them. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** C0 and C1 control characters and DEL (tab included: flattened on one-line surfaces). */
// eslint-disable-next-line no-control-regex -- matching control characters is this file's job
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;
/** `scheme://` (any scheme) and the schemes that act without `//`. Case-insensitive, as VS Code matches. */
const SCHEMES = new RegExp(
  [
    '(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}):(?=//)',
    '(?<![a-z0-9+.-])(command|file|vscode(?:-[a-z]+)?|javascript|vbscript|data|mailto|blob):',
  ].join('|'),
  'gi',
);

/** Bidi controls and invisible characters made visible as `‹U+XXXX›`. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `‹U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`);
}

/** One line: every line break and control character becomes a space; runs of spaces collapse. */
function flatten(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `$(name)` shows as an icon in labels, prompts and the status bar: `\$(` shows as typed. */
function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\(/g, (match, escaped) => (escaped ? match : '\\$('));
}

/** Breaks what `parseLinkedText` (and any linkifier) would turn into a link. */
function defuseLinks(text: string): string {
  return (
    text
      .replace(/\](\s*)\(/g, (_m, space: string) => `]${space || ' '}(`)
      .replace(SCHEMES, (_m, slashed: string | undefined, bare: string | undefined) => `${slashed ?? bare}(:)`)
      // A `://` left without a scheme before it (`"://x"`, a cut URL) is defused too: text joined to it could make one.
      .replace(/:\/\//g, '(:)//')
  );
}

/** A single-line, spoof-free, length-capped form of a server string (the base of every surface). */
function plainLine(text: string, max: number): string {
  return clip(flatten(revealInvisible(String(text ?? ''))), max);
}

/** A server string inside showInformation/Warning/ErrorMessage (the message or a modal's detail). */
export function forNotification(text: string, max = MAX_SURFACE_CHARS): string {
  return defuseLinks(plainLine(text, max));
}

/** A server string in a progress notification's title (rendered like a notification's message). */
export function forProgressTitle(text: string): string {
  return defuseLinks(plainLine(text, MAX_LABEL_CHARS));
}

/** A server string in a quick pick's item label, description or detail, or its title/placeholder. */
export function forQuickPick(text: string, max = MAX_LABEL_CHARS): string {
  return escapeIcons(defuseLinks(plainLine(text, max)));
}

/** A server string in an input box's prompt or validation message (links and icons are rendered there). */
export function forInputBox(text: string): string {
  return escapeIcons(defuseLinks(plainLine(text, MAX_LABEL_CHARS)));
}

/** A server string in the tree view's message line. */
export function forViewMessage(text: string): string {
  return defuseLinks(plainLine(text, MAX_SURFACE_CHARS));
}

/** A server string in a status-bar item's or status-bar message's text (icons render there). */
export function forStatusBar(text: string): string {
  return escapeIcons(plainLine(text, 80));
}

/** A server string in a tree row's label or description (one line; no links or icons render there). */
export function forLabel(text: string, max = MAX_LABEL_CHARS): string {
  return plainLine(text, max);
}

/**
 * A whole log line: one line, whatever the server sent. Line breaks show as `⏎` and other control
 * characters as their Unicode control pictures (`␛` for ESC), so nothing is hidden and no line is forged.
 */
export function forLog(text: string): string {
  return revealInvisible(String(text ?? ''))
    .replace(LINE_BREAKS, ' ⏎ ')
    .replace(CONTROLS, (c) => (c === '\t' ? ' ' : controlPicture(c)));
}

/**
 * A server string in a plain-text document (Show Full Error, a test request's answer): lines are
 * kept (`\n`), carriage returns and other controls shown as control pictures, bidi and zero-width revealed.
 */
export function forDocument(text: string): string {
  return (
    revealInvisible(String(text ?? ''))
      .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
      // eslint-disable-next-line no-control-regex -- matching control characters is this file's job
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, controlPicture)
  );
}

function controlPicture(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `‹U+${code.toString(16).toUpperCase().padStart(4, '0')}›`;
}
