/**
 * The colour of a label in the inspector: the config's `background` where it is a plain colour,
 * else a stable colour from a palette chosen by the label's text (the same label, the same colour).
 */
import type { LabelConfig } from './types';

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#469990', '#9a6324', '#800000', '#808000'];
const UNLABELLED = '#9e9e9e';

/** `#rgb`, `#rrggbb`, `#rrggbbaa`, a colour name, or `rgb()/rgba()/hsl()` with numbers only: nothing that could load or run anything. */
const SAFE_COLOUR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|(rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\))$/i;

export function safeColour(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && SAFE_COLOUR.test(v) ? v : undefined;
}

export function paletteColour(label: string): string {
  let hash = 0;
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

/** Colour of `label` in control `fromName`; an empty label is drawn grey. */
export function labelColour(config: LabelConfig, fromName: string, label: string | undefined): string {
  if (!label) return UNLABELLED;
  const control = config.controls.find((c) => c.name === fromName);
  const configured = control?.labels.find((l) => l.alias === label || l.value === label)?.background;
  return safeColour(configured) ?? paletteColour(label);
}
