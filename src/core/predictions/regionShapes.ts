/**
 * Geometry of a result item in pixels of its image, as Label Studio draws it: percent values ×
 * image size. Rectangles rotate around their top-left corner; ellipses are centred on x,y.
 */

export type RegionShape =
  | { kind: 'rectangle'; x: number; y: number; width: number; height: number; rotation: number }
  | { kind: 'polygon'; points: Array<[number, number]>; closed: boolean }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; rotation: number }
  | { kind: 'keypoint'; x: number; y: number; radius: number }
  | { kind: 'brush'; width: number; height: number; rle: number[] }
  | { kind: 'bitmask'; dataUrl: string }
  | { kind: 'span'; start: number; end: number };

export interface ImageSize {
  width: number;
  height: number;
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A PNG data URL and nothing else (the webview shows it as an <img>; CSP allows data: images only). */
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

/** The shape of one result item, or undefined when it has no geometry (choices, textarea, …) or its numbers are missing. */
export function shapeOf(type: string, value: Json, image: ImageSize, brushSize?: ImageSize): RegionShape | undefined {
  const px = (v: unknown) => ((num(v) ?? NaN) / 100) * image.width;
  const py = (v: unknown) => ((num(v) ?? NaN) / 100) * image.height;
  const ok = (...xs: number[]) => xs.every(Number.isFinite);
  switch (type) {
    case 'rectangle':
    case 'rectanglelabels': {
      const s = { kind: 'rectangle' as const, x: px(value.x), y: py(value.y), width: px(value.width), height: py(value.height), rotation: num(value.rotation) ?? 0 };
      return ok(s.x, s.y, s.width, s.height) ? s : undefined;
    }
    case 'polygon':
    case 'polygonlabels': {
      if (!Array.isArray(value.points)) return undefined;
      const points = value.points.map((p) => (Array.isArray(p) ? ([px(p[0]), py(p[1])] as [number, number]) : ([NaN, NaN] as [number, number])));
      return points.length && points.every((p) => ok(...p)) ? { kind: 'polygon', points, closed: value.closed !== false } : undefined;
    }
    case 'ellipse':
    case 'ellipselabels': {
      const s = { kind: 'ellipse' as const, cx: px(value.x), cy: py(value.y), rx: px(value.radiusX), ry: py(value.radiusY), rotation: num(value.rotation) ?? 0 };
      return ok(s.cx, s.cy, s.rx, s.ry) ? s : undefined;
    }
    case 'keypoint':
    case 'keypointlabels': {
      const x = px(value.x);
      const y = py(value.y);
      const width = num(value.width);
      // The editor's point size is `width` % of the image width; keep it visible on large images.
      const radius = Math.max(width !== undefined ? (width / 100) * image.width : 0, Math.max(image.width, image.height) / 200, 3);
      return ok(x, y) ? { kind: 'keypoint', x, y, radius } : undefined;
    }
    case 'brush':
    case 'brushlabels': {
      const rle = value.rle;
      if (value.format !== 'rle' || !Array.isArray(rle) || !rle.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
      const size = brushSize ?? image;
      return { kind: 'brush', width: size.width, height: size.height, rle: rle as number[] };
    }
    case 'bitmask':
    case 'bitmasklabels':
      return typeof value.imageDataURL === 'string' && PNG_DATA_URL.test(value.imageDataURL) ? { kind: 'bitmask', dataUrl: value.imageDataURL } : undefined;
    case 'labels':
    case 'hypertextlabels': {
      const start = num(value.start);
      const end = num(value.end);
      return start !== undefined && end !== undefined && end >= start ? { kind: 'span', start, end } : undefined;
    }
    default:
      return undefined;
  }
}
