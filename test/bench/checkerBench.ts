/**
 * The prediction checker (issue 11): a 500-region answer (boxes, polygons, keypoints, choices, text
 * spans, a 1000×1000 brush mask, a few mistakes) checked against its labeling config. Baseline:
 * JSON.parse of the same answer, the least any reader of it pays. Also: parsing the config (cold,
 * with the lazy load of the XML parser, and warm) and decoding the 1000×1000 brush mask.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPrediction } from '../../src/core/predictions/check';
import { parseLabelConfig } from '../../src/core/predictions/labelConfig';
import { decodeRle } from '../../src/core/predictions/rle';
import { encodeRle, maskBytes } from '../fake/rleEncoder';
import { targets } from './summary';

const GOAL_MS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function time(runs: number, fn: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function answerOf500(brushRle: number[]): unknown {
  const img = { original_width: 4000, original_height: 3000, image_rotation: 0 };
  const result: unknown[] = [];
  for (let i = 0; i < 500; i++) {
    const k = i % 10;
    const id = `r${i}`;
    if (i === 0)
      result.push({
        id,
        from_name: 'brush',
        to_name: 'image',
        type: 'brushlabels',
        ...img,
        original_width: 1000,
        original_height: 1000,
        value: { format: 'rle', rle: brushRle, brushlabels: ['Sky'] },
      });
    else if (k < 7)
      result.push({
        id,
        from_name: 'bbox',
        to_name: 'image',
        type: 'rectanglelabels',
        ...img,
        score: 0.5,
        value: { x: i % 90, y: (i * 7) % 90, width: 5, height: 5, rotation: 0, rectanglelabels: [i % 50 === 3 ? 'car' : 'Car'] },
      });
    else if (k === 7)
      result.push({
        id,
        from_name: 'poly',
        to_name: 'image',
        type: 'polygonlabels',
        ...img,
        value: { points: Array.from({ length: 20 }, (_, j) => [j * 4, (j * 13) % 100]), closed: true, polygonlabels: ['Road'] },
      });
    else if (k === 8)
      result.push({
        id,
        from_name: 'kp',
        to_name: 'image',
        type: 'keypointlabels',
        ...img,
        value: { x: 10, y: 20, width: 1, keypointlabels: ['Wheel'] },
      });
    else
      result.push({ id, from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 5, text: 'Alice', labels: ['PER'] } });
  }
  return { model_version: 'bench', score: 0.5, result };
}

export async function runCheckerBench(print: (line: string) => void): Promise<void> {
  print('Prediction checker (issue 11)');
  const catalogue = path.resolve(__dirname, '../../../test/fixtures/label-studio/prediction-results-catalogue.json');
  const xml = (JSON.parse(fs.readFileSync(catalogue, 'utf8')) as { label_config: string }).label_config;
  let t = performance.now();
  const config = await parseLabelConfig(xml);
  const coldParse = performance.now() - t;
  const warm = [];
  for (let i = 0; i < 50; i++) {
    t = performance.now();
    await parseLabelConfig(xml);
    warm.push(performance.now() - t);
  }
  const mask = maskBytes(1000, 1000, (x, y) => (x - 500) ** 2 + (y - 500) ** 2 < 300 ** 2);
  const rle = encodeRle(mask);
  const answer = answerOf500(rle);
  const text = JSON.stringify(answer);
  const ctx = { imageSizes: { image: { width: 4000, height: 3000 } }, texts: { text: 'Alice works at Acme.' } };
  const findings = checkPrediction(config, answer, ctx).findings.length;
  time(50, () => checkPrediction(config, answer, ctx)); // warm-up
  // Each run checks a freshly parsed answer, as the inspector does (parsed outside the timing).
  const copies = Array.from({ length: 200 }, () => JSON.parse(text) as unknown);
  let n = 0;
  const checkOnly = time(copies.length, () => checkPrediction(config, copies[n++], ctx));
  const parses = time(200, () => JSON.parse(text));
  const decodes = time(10, () => decodeRle(rle, 1000, 1000));
  const m = median(checkOnly);
  print(
    `  label config (${config.controls.length} controls): first parse ${coldParse.toFixed(1)} ms (loads saxes), ` +
      `then ${median(warm).toFixed(2)} ms`,
  );
  print(`  500 regions (${(text.length / 1024).toFixed(0)} KB, ${findings} findings):`);
  print(`    check            median ${m.toFixed(2)} ms   p95 ${p95(checkOnly).toFixed(2)} ms   goal ≤ ${GOAL_MS} ms`);
  print(`    baseline         median ${median(parses).toFixed(2)} ms   JSON.parse of the same answer`);
  print(`  brush RLE 1000×1000 (${rle.length} bytes) decode: median ${median(decodes).toFixed(1)} ms`);
  targets.push({
    what: 'prediction check, 500 regions (median)',
    target: `≤ ${GOAL_MS} ms`,
    measured: `${m.toFixed(2)} ms`,
    met: m <= GOAL_MS,
  });
}
