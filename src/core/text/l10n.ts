/**
 * The one way core text is localised. Core never imports `vscode`, so it cannot call `vscode.l10n.t`
 * itself: it calls `t(message, ...args)` here, and the extension installs VS Code's translator at
 * activation (`setTranslator`). Without one (plain Node: unit tests, the bench) the English message is
 * formatted as is. Placeholders are `{0}`, `{1}`, … as in `vscode.l10n.t`.
 *
 * `scripts/l10n.mjs` collects every `l10n.t('…')` and `vscode.l10n.t('…')` call with a literal
 * message into `l10n/bundle.l10n.json`; call `t` through the namespace import
 * (`import * as l10n from '…/text/l10n'`) so the collector finds it, and never with a computed message.
 */
export type L10nArg = string | number | boolean;
export type Translator = (message: string, args: L10nArg[]) => string;

/** Replaces `{n}` by the n-th argument; an index without an argument stays as written. */
export function formatMessage(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

let translator: Translator = formatMessage;

/** Installs the translator (the extension passes VS Code's); `undefined` restores plain English. */
export function setTranslator(next: Translator | undefined): void {
  translator = next ?? formatMessage;
}

/** The message in the user's language, with `{n}` replaced by the arguments. */
export function t(message: string, ...args: L10nArg[]): string {
  return translator(message, args);
}
