/**
 * The inspector's HTML: a strict Content-Security-Policy (nothing by default; images only from
 * `data:`/`blob:` that the extension host hands over; the script and the styles by nonce) and
 * the webview script inlined. No server text is in the HTML: the script draws it as text.
 */
import { randomBytes } from 'node:crypto';

export function inspectorCsp(nonce: string): string {
  return [
    "default-src 'none'",
    'img-src data: blob:',
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "font-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** What the page says before the script has drawn, in the user's language. */
export interface HtmlWords {
  /** VS Code's display language (`vscode.env.language`), for `<html lang>`. */
  lang: string;
  loading: string;
}

export function inspectorHtml(script: string, title: string, words: HtmlWords): string {
  const nonce = randomBytes(18).toString('base64');
  const lang = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(words.lang) ? words.lang : 'en';
  // `</script` cannot occur in the bundle's text except inside strings; escape it anyway.
  const safeScript = script.replace(/<\/script/gi, '<\\/script');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${inspectorCsp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="app"><p class="loading">${escapeHtml(words.loading)}</p></div>
<script nonce="${nonce}">${safeScript}</script>
</body>
</html>`;
}

/** Our own (translated) text in the HTML: shown as text, whatever a translation holds. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body {
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  margin: 0;
  padding: 12px 16px;
}
h1 { font-size: 1.3em; margin: 0 0 2px; } h2 { font-size: 1.05em; margin: 14px 0 6px; }
.subtitle, .meta { margin: 2px 0 8px; color: var(--vscode-descriptionForeground); }
button {
  font: inherit;
  color: inherit;
  background: none;
  border: 1px solid transparent;
  border-radius: 3px;
  padding: 2px 6px;
  cursor: pointer;
  text-align: left;
}
button:focus-visible, [tabindex]:focus-visible, .region:focus-visible { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
.tabs button { border-color: var(--vscode-panel-border, #555); }
.tabs button[aria-selected="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.open-json { border-color: var(--vscode-button-border, var(--vscode-panel-border, #555)); }
.badge {
  margin-left: 6px;
  padding: 0 5px;
  border-radius: 8px;
  background: var(--vscode-badge-background);
  color: var(--vscode-badge-foreground);
  font-size: 0.85em;
}
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(240px, 340px); gap: 16px; align-items: start; }
figure { margin: 0 0 16px; } figcaption { color: var(--vscode-descriptionForeground); margin-bottom: 4px; }
.stage { position: relative; width: 100%; background: repeating-conic-gradient(#8882 0 25%, transparent 0 50%) 0 0 / 16px 16px; }
.stage > .picture, .stage > .blank, .stage > .mask, .stage > .shapes { position: absolute; inset: 0; width: 100%; height: 100%; }
.stage > .mask, .stage.small > .picture { image-rendering: pixelated; }
.stage > .mask { pointer-events: none; }
.shapes .region { fill-opacity: 0.12; stroke-width: 2; vector-effect: non-scaling-stroke; cursor: pointer; }
.shapes .region.keypoint { fill-opacity: 0.9; }
.shapes .region.mask-target { fill-opacity: 0; stroke-opacity: 0; pointer-events: none; }
.shapes .region.differs { stroke-dasharray: 6 3; }
.shapes .region.selected { stroke-width: 4; fill-opacity: 0.3; }
.shapes .region.mask-target.selected { stroke-opacity: 1; fill-opacity: 0; }
.stage > .mask.selected { outline: 2px solid var(--vscode-focusBorder); }
.text { white-space: pre-wrap; line-height: 1.9; }
.span {
  background: color-mix(in srgb, var(--label, #888) 35%, transparent);
  color: inherit;
  border-bottom: 2px solid var(--label, #888);
  cursor: pointer;
}
.span.differs { border-bottom-style: dashed; } .span.selected { outline: 2px solid var(--vscode-focusBorder); }
ul { list-style: none; padding: 0; margin: 0; }
.region-list button, .answers button, .dropped-list button, .suspicious-list button {
  width: 100%;
  display: flex;
  gap: 6px;
  align-items: baseline;
  flex-wrap: wrap;
}
.region-list button.selected, .answers button.selected {
  background: var(--vscode-list-activeSelectionBackground);
  color: var(--vscode-list-activeSelectionForeground);
}
.swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; flex: none; }
.kind, .score, .control { color: var(--vscode-descriptionForeground); } .score { margin-left: auto; }
.region-list { max-height: 40vh; overflow: auto; }
.dropped-list code { color: var(--vscode-errorForeground); } .suspicious-list code { color: var(--vscode-editorWarning-foreground); }
.message { flex-basis: 100%; } .fix { flex-basis: 100%; color: var(--vscode-descriptionForeground); }
.problem { color: var(--vscode-editorWarning-foreground); }
.json {
  background: var(--vscode-textCodeBlock-background);
  padding: 8px;
  overflow: auto;
  max-height: 40vh;
  white-space: pre-wrap;
  word-break: break-word;
}
`;
