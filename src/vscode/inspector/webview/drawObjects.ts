/**
 * Draws one object of the task as an annotator sees it: an image with its regions (SVG shapes over
 * the picture, brush masks as canvases), or a text with labelled spans; classification answers
 * are listed beside it.
 */
import type { ObjectView, RegionView } from '../../../core/predictions/inspectorModel';
import { decodeRle } from '../../../core/predictions/rle';
import { formatMessage as fill } from '../../../core/text/l10n';
import { el, rgbOf, svg } from './dom';
import type { InspectorStrings } from './protocol';

export type Select = (key: string) => void;

const SMALL_IMAGE_WIDTH = 560;

export function drawObject(
  o: ObjectView,
  image: string | undefined,
  problem: string | undefined,
  select: Select,
  words: InspectorStrings,
): HTMLElement {
  const figure = el('figure', { class: 'object', 'data-object': o.name });
  figure.append(el('figcaption', {}, `${o.tag} "${o.name}"`));
  if (problem) figure.append(el('p', { class: 'problem', role: 'note' }, problem));
  if (o.kind === 'image') figure.append(drawImage(o, image, select, words));
  else if (o.kind === 'text') figure.append(drawText(o, select, words));
  else if (o.regions.length) figure.append(el('p', { class: 'note' }, fill(words.regionsNotDrawn, [o.regions.length, o.tag])));
  if (o.answers.length) {
    const list = el('ul', { class: 'answers', 'aria-label': fill(words.answersFor, [o.name]) });
    for (const a of o.answers) {
      const button = el('button', { class: `answer${a.differs ? ' differs' : ''}`, 'data-key': a.key, type: 'button' });
      button.append(el('span', { class: 'control' }, `${a.fromName} (${a.type})`), el('span', { class: 'value' }, a.text));
      if (a.differs) button.append(el('span', { class: 'badge' }, words.differs));
      button.addEventListener('click', () => select(a.key));
      list.append(wrapLi(button));
    }
    figure.append(list);
  }
  return figure;
}

function wrapLi(child: HTMLElement): HTMLLIElement {
  const li = el('li');
  li.append(child);
  return li;
}

function drawImage(o: ObjectView, image: string | undefined, select: Select, words: InspectorStrings): HTMLElement {
  const { width, height } = o.size ?? { width: 100, height: 100 };
  const stage = el('div', { class: 'stage' });
  stage.style.aspectRatio = `${width} / ${height}`;
  // Large images scale down to the panel; small ones (tiles, thumbnails) up to a readable size, pixels kept sharp.
  stage.style.maxWidth = `${Math.max(width, SMALL_IMAGE_WIDTH)}px`;
  if (width < SMALL_IMAGE_WIDTH) stage.classList.add('small');
  if (image) stage.append(el('img', { src: image, alt: fill(words.imageAlt, [o.name]), class: 'picture' }));
  else stage.append(el('div', { class: 'blank', role: 'img', 'aria-label': words.noImage }));
  for (const r of o.regions) if (r.shape.kind === 'brush' || r.shape.kind === 'bitmask') stage.append(drawMask(r, select));
  const layer = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'shapes',
    preserveAspectRatio: 'none',
    role: 'group',
    'aria-label': fill(words.regionsOn, [o.name]),
  });
  for (const r of o.regions) {
    const shape = drawShape(r, width, height);
    if (!shape) continue;
    shape.setAttribute('data-key', r.key);
    shape.setAttribute('class', `region${r.differs ? ' differs' : ''}`);
    shape.setAttribute('role', 'button');
    shape.setAttribute('aria-label', r.accessibleName);
    shape.setAttribute('stroke', r.colour);
    shape.setAttribute('fill', r.colour);
    shape.addEventListener('click', () => select(r.key));
    const title = svg('title');
    title.textContent = r.accessibleName;
    shape.append(title);
    layer.append(shape);
  }
  stage.append(layer);
  return stage;
}

function drawShape(r: RegionView, width: number, height: number): SVGElement | undefined {
  const s = r.shape;
  switch (s.kind) {
    case 'rectangle':
      return svg('rect', {
        x: s.x,
        y: s.y,
        width: Math.max(s.width, 0),
        height: Math.max(s.height, 0),
        transform: `rotate(${s.rotation} ${s.x} ${s.y})`,
      });
    case 'polygon':
      return svg(s.closed ? 'polygon' : 'polyline', { points: s.points.map((p) => p.join(',')).join(' ') });
    case 'ellipse':
      return svg('ellipse', {
        cx: s.cx,
        cy: s.cy,
        rx: Math.max(s.rx, 0),
        ry: Math.max(s.ry, 0),
        transform: `rotate(${s.rotation} ${s.cx} ${s.cy})`,
      });
    case 'keypoint':
      return svg('circle', { cx: s.x, cy: s.y, r: s.radius, class: 'keypoint' });
    case 'brush':
    case 'bitmask':
      // The mask itself is a canvas below; this transparent box makes it selectable and named.
      return svg('rect', { x: 0, y: 0, width, height, class: 'mask-target' });
    default:
      return undefined;
  }
}

function drawMask(r: RegionView, select: Select): HTMLElement {
  if (r.shape.kind === 'bitmask') {
    const img = el('img', { src: r.shape.dataUrl, alt: '', class: 'mask', 'data-mask': r.key });
    img.addEventListener('click', () => select(r.key));
    return img;
  }
  const { width, height, rle } = r.shape as { width: number; height: number; rle: number[] };
  const canvas = el('canvas', { class: 'mask', 'data-mask': r.key, width: String(width), height: String(height) });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  let pixels: Uint8Array;
  try {
    pixels = decodeRle(rle, width, height);
  } catch {
    canvas.setAttribute('data-painted', '0');
    return canvas; // the checker lists why; the rest of the drawing goes on
  }
  const [red, green, blue] = rgbOf(r.colour);
  const data = ctx.createImageData(width, height);
  const out = data.data;
  let painted = 0;
  for (let i = 3; i < out.length && i < pixels.length; i += 4) {
    if (pixels[i] === 0) continue;
    painted++;
    out[i - 3] = red;
    out[i - 2] = green;
    out[i - 1] = blue;
    out[i] = 140;
  }
  ctx.putImageData(data, 0, 0);
  canvas.setAttribute('data-painted', String(painted));
  return canvas;
}

function drawText(o: ObjectView, select: Select, words: InspectorStrings): HTMLElement {
  const text = o.text ?? '';
  const block = el('p', { class: 'text' });
  if (!o.text) block.append(el('span', { class: 'note' }, words.textMissing));
  const byKey = new Map(o.regions.map((r) => [r.key, r]));
  for (const seg of o.segments ?? []) {
    const piece = text.slice(seg.start, seg.end);
    if (seg.regionKeys.length === 0) {
      block.append(document.createTextNode(piece));
      continue;
    }
    const first = byKey.get(seg.regionKeys[0]);
    const mark = el(
      'mark',
      {
        class: `span region${first?.differs ? ' differs' : ''}`,
        'data-key': seg.regionKeys[0],
        role: 'button',
        'aria-label': first?.accessibleName ?? '',
      },
      piece,
    );
    if (first) mark.style.setProperty('--label', first.colour);
    mark.title = seg.regionKeys.map((k) => byKey.get(k)?.labels.join(', ') ?? '').join(' · ');
    mark.addEventListener('click', () => select(seg.regionKeys[0]));
    block.append(mark);
  }
  return block;
}
