// What of a piece of UI text did not go through l10n, in the pseudo-locale (qps-ploc): there every
// message of the extension is ⟦accented⟧ (scripts/l10n.mjs), so whatever is left after removing the
// marked parts and the text that came from the servers (titles, URLs, error messages) is text the
// extension shows without translating it.

/** `text` with every ⟦…⟧ removed (nested ones too: a message inside another message's argument). */
function withoutMarked(text) {
  let rest = text;
  for (let before; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest;
}

/**
 * Server text, longest first, with each line of a multi-line value on its own: a hover or a row may
 * show one line of an error message. Values shorter than 2 characters are ignored.
 */
export function serverStrings(values) {
  const all = new Set();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const piece of [value, ...value.split('\n')]) if (piece.trim().length >= 2) all.add(piece.trim());
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/**
 * What is left of each line of `text` that still holds words once the marked parts and the server
 * strings are taken out. Digits, punctuation, codicons and single letters are not words.
 */
export function unmarkedLines(text, servers) {
  let rest = withoutMarked(text);
  for (const value of servers) rest = rest.split(value).join(' ');
  return rest
    .split('\n')
    .map((left) => left.replace(/\s+/g, ' ').trim())
    .filter((left) => /\p{L}{2,}/u.test(left));
}
