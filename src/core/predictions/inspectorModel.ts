/**
 * The plain-data view model the inspector's webview renders: per object of the labeling config
 * (image, text, …) the regions to draw (label, colour, score, geometry in pixels), the answers of
 * classification controls listed beside it, and the regions Label Studio would drop, with the
 * checker's reasons. Built for the backend's fresh answer and for every stored prediction.
 */
import { isObject } from '../text/json';
import { labelColour } from './labelColors';
import { shapeOf, type ImageSize, type RegionShape } from './regionShapes';
import { spanSegments, type TextSegment } from './textSpans';
import type { Finding, LabelConfig } from './types';
import * as l10n from '../text/l10n';

export interface RegionView {
  /** Stable key inside one prediction: `r<index in result>`. */
  key: string;
  index: number;
  id: string;
  fromName: string;
  toName: string;
  type: string;
  labels: string[];
  colour: string;
  score?: number;
  shape: RegionShape;
  /** What a screen reader says: "Region 3: Car, rectangle, score 0.93". */
  accessibleName: string;
  json: string;
  /** Set when comparing with another version: no equal region there. */
  differs?: boolean;
}

export interface ListedAnswer {
  key: string;
  index: number;
  fromName: string;
  type: string;
  text: string;
  json: string;
  differs?: boolean;
}

export interface ObjectView {
  name: string;
  tag: string;
  kind: 'image' | 'text' | 'other';
  /** Image size in pixels (the real one when known, else the results' original_width/height). */
  size?: ImageSize;
  /** Text objects: the text and its labelled segments. */
  text?: string;
  segments?: TextSegment[];
  regions: RegionView[];
  answers: ListedAnswer[];
}

export interface DroppedView {
  key: string;
  index: number;
  pathText: string;
  message: string;
  fix: string;
  json: string;
}

export interface PredictionView {
  /** `fresh` or `stored-<prediction id>`. */
  key: string;
  title: string;
  modelVersion: string;
  score?: number;
  objects: ObjectView[];
  dropped: DroppedView[];
  suspicious: DroppedView[];
  /** Count of regions (and listed answers) marked as differing from the compared version. */
  differing: number;
  /** Title of the version this one was compared with. */
  comparedWith?: string;
}

export interface PredictionInput {
  key: string;
  title: string;
  modelVersion?: unknown;
  score?: unknown;
  result: unknown;
  findings: Finding[];
}

export interface ModelContext {
  imageSizes?: Record<string, ImageSize>;
  texts?: Record<string, string>;
}

type Json = Record<string, unknown>;
const LABEL_KEYS = (type: string) => [type, 'labels', 'choices'];

export function buildPredictionView(config: LabelConfig, input: PredictionInput, ctx: ModelContext = {}): PredictionView {
  const results = Array.isArray(input.result) ? input.result : [];
  const droppedAt = new Map<number, Finding[]>();
  const whole: Finding[] = [];
  for (const f of input.findings.filter((x) => x.severity === 'dropped')) {
    const index = f.regionIndex;
    if (index === undefined) whole.push(f);
    else droppedAt.set(index, [...(droppedAt.get(index) ?? []), f]);
  }
  const objects = new Map(config.objects.map((o) => [o.name, emptyObject(o.name, o.tag, ctx)]));
  const dropped: DroppedView[] = whole.map((f) => findingView(f, -1, input.result));
  results.forEach((item, index) => {
    const reasons = droppedAt.get(index);
    if (reasons) return dropped.push(...reasons.map((f) => findingView(f, index, item)));
    if (!isObject(item)) return;
    const target = objects.get(String(item.to_name));
    if (!target) return;
    addItem(config, target, item, index, results);
  });
  for (const o of objects.values()) if (o.kind === 'text' && o.text !== undefined) o.segments = spanSegments(o.text, o.regions);
  const suspicious = input.findings.filter((f) => f.severity === 'suspicious').map((f) => findingView(f, f.regionIndex ?? -1, undefined));
  return {
    key: input.key,
    title: input.title,
    modelVersion: typeof input.modelVersion === 'string' ? input.modelVersion : '',
    score: typeof input.score === 'number' ? input.score : undefined,
    objects: [...objects.values()],
    dropped,
    suspicious,
    differing: 0,
  };
}

function emptyObject(name: string, tag: string, ctx: ModelContext): ObjectView {
  const kind = tag === 'Image' ? 'image' : tag === 'Text' || tag === 'HyperText' ? 'text' : 'other';
  return { name, tag, kind, size: ctx.imageSizes?.[name], text: kind === 'text' ? ctx.texts?.[name] : undefined, regions: [], answers: [] };
}

function addItem(config: LabelConfig, target: ObjectView, item: Json, index: number, all: unknown[]): void {
  const type = String(item.type ?? '');
  const value = isObject(item.value) ? item.value : {};
  const json = JSON.stringify(item, shortRle, 2);
  const fromName = String(item.from_name ?? '');
  const original = originalSize(item);
  if (target.kind === 'image' && !target.size) target.size = original ?? firstOriginalSize(all, target.name);
  const shape = shapeOf(type, value, target.size ?? { width: 100, height: 100 }, original);
  if (!shape) {
    target.answers.push({ key: `r${index}`, index, fromName, type, text: answerText(type, value), json });
    return;
  }
  const labels =
    LABEL_KEYS(type)
      .map((k) => value[k])
      .find(Array.isArray)
      ?.map(String) ?? [];
  const score = typeof item.score === 'number' ? item.score : undefined;
  const labelText = labels.length ? labels.join(', ') : l10n.t('no label');
  target.regions.push({
    key: `r${index}`,
    index,
    id: String(item.id ?? ''),
    fromName,
    toName: target.name,
    type,
    labels,
    colour: labelColour(config, fromName, labels[0]),
    score,
    shape,
    accessibleName:
      score === undefined
        ? l10n.t('Region {0}: {1}, {2}', index, labelText, shapeName(shape.kind))
        : l10n.t('Region {0}: {1}, {2}, score {3}', index, labelText, shapeName(shape.kind), score.toFixed(2)),
    json,
  });
}

/** The shape's kind in words, for the accessible name (looked up when asked, in the user's language). */
function shapeName(kind: RegionShape['kind']): string {
  switch (kind) {
    case 'rectangle':
      return l10n.t('rectangle');
    case 'polygon':
      return l10n.t('polygon');
    case 'ellipse':
      return l10n.t('ellipse');
    case 'keypoint':
      return l10n.t('keypoint');
    case 'brush':
      return l10n.t('brush');
    case 'bitmask':
      return l10n.t('bitmask');
    case 'span':
      return l10n.t('span');
  }
}

/** A brush's RLE (thousands of numbers) is summarised in the JSON shown beside the drawing. */
function shortRle(key: string, value: unknown): unknown {
  return key === 'rle' && Array.isArray(value) && value.length > 40 ? l10n.t('… {0} RLE bytes (see Open as JSON) …', value.length) : value;
}

function originalSize(item: Json): ImageSize | undefined {
  const { original_width: w, original_height: h } = item;
  return typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { width: w, height: h } : undefined;
}

function firstOriginalSize(all: unknown[], objectName: string): ImageSize | undefined {
  for (const item of all) if (isObject(item) && item.to_name === objectName && originalSize(item)) return originalSize(item);
  return undefined;
}

/** A listed answer as one line: choices joined, a taxonomy's paths with "›", numbers as they are. */
export function answerText(type: string, value: Json): string {
  const v = value[type] ?? (type === 'textarea' ? value.text : undefined);
  if (type === 'taxonomy' && Array.isArray(v))
    return v.map((path) => (Array.isArray(path) ? path.map(String).join(' › ') : String(path))).join('; ');
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (v === undefined) return JSON.stringify(value);
  return String(v);
}

function findingView(f: Finding, index: number, item: unknown): DroppedView {
  return {
    key: index >= 0 ? `r${index}` : `p${f.pathText}`,
    index,
    pathText: f.pathText,
    message: f.message,
    fix: f.fix,
    json: item === undefined ? '' : JSON.stringify(item, null, 2),
  };
}
