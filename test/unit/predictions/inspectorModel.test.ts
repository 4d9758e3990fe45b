import * as assert from 'node:assert/strict';
import { buildPredictionView } from '../../../src/core/predictions/inspectorModel';
import { buildInspectorPage } from '../../../src/core/predictions/inspectorPage';
import { parseLabelConfig } from '../../../src/core/predictions/labelConfig';
import { labelColour, paletteColour, safeColour } from '../../../src/core/predictions/labelColors';
import { spanSegments } from '../../../src/core/predictions/textSpans';
import type { LabelConfig } from '../../../src/core/predictions/types';

const IMAGE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Car" background="#ff0000"/><Label value="Bus" background="url(http://evil.example/x)"/><Label value="Truck"/>
  </RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="Road"/></PolygonLabels>
  <EllipseLabels name="ell" toName="image"><Label value="Sign"/></EllipseLabels>
  <KeyPointLabels name="kp" toName="image"><Label value="Wheel"/></KeyPointLabels>
  <BrushLabels name="brush" toName="image"><Label value="Sky"/></BrushLabels>
  <Choices name="scene" toName="image"><Choice value="Day"/><Choice value="Night"/></Choices>
  <Taxonomy name="tax" toName="image"><Choice value="Vehicle"><Choice value="Car"/></Choice></Taxonomy>
  <Number name="count" toName="image"/>
</View>`;

const TEXT_CONFIG = `<View><Text name="text" value="$text"/><Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels></View>`;

const size = { original_width: 400, original_height: 200 };
const rect = (id: string, label: string, x = 10, extra: Record<string, unknown> = {}) => ({
  id, from_name: 'label', to_name: 'image', type: 'rectanglelabels', ...size, score: 0.9,
  value: { x, y: 20, width: 50, height: 25, rotation: 30, rectanglelabels: [label] }, ...extra,
});

describe('inspector view model', () => {
  let image: LabelConfig;
  let text: LabelConfig;
  before(async () => {
    image = await parseLabelConfig(IMAGE_CONFIG);
    text = await parseLabelConfig(TEXT_CONFIG);
  });

  it('draws rectangles in pixels of the real image size, with rotation, label, colour and score', () => {
    const view = buildPredictionView(image, { key: 'fresh', title: 't', result: [rect('a', 'Car')], findings: [] }, { imageSizes: { image: { width: 800, height: 400 } } });
    const [region] = view.objects[0].regions;
    assert.deepEqual(region.shape, { kind: 'rectangle', x: 80, y: 80, width: 400, height: 100, rotation: 30 });
    assert.equal(region.colour, '#ff0000');
    assert.equal(region.score, 0.9);
    assert.equal(region.accessibleName, 'Region 0: Car, rectangle, score 0.90');
  });

  it('falls back to original_width/height when the image size is unknown', () => {
    const view = buildPredictionView(image, { key: 'fresh', title: 't', result: [rect('a', 'Truck')], findings: [] });
    assert.deepEqual(view.objects[0].size, { width: 400, height: 200 });
    assert.equal(view.objects[0].regions[0].shape.kind, 'rectangle');
  });

  it('never uses a config colour that could load anything; other labels get a stable palette colour', () => {
    assert.equal(safeColour('url(http://evil.example/x)'), undefined);
    assert.equal(safeColour('red; background: url(x)'), undefined);
    assert.equal(safeColour('rgba(10, 20, 30, 0.5)'), 'rgba(10, 20, 30, 0.5)');
    assert.equal(labelColour(image, 'label', 'Bus'), paletteColour('Bus'));
    assert.equal(labelColour(image, 'label', 'Truck'), labelColour(image, 'label', 'Truck'));
    assert.notEqual(labelColour(image, 'label', ''), labelColour(image, 'label', 'Truck'));
  });

  it('draws polygons, ellipses (centred), keypoints and brush masks (at the RLE\'s own size)', () => {
    const result = [
      { id: 'p', from_name: 'poly', to_name: 'image', type: 'polygonlabels', ...size, value: { points: [[0, 0], [50, 100], [100, 0]], closed: true, polygonlabels: ['Road'] } },
      { id: 'e', from_name: 'ell', to_name: 'image', type: 'ellipselabels', ...size, value: { x: 50, y: 50, radiusX: 10, radiusY: 20, rotation: 0, ellipselabels: ['Sign'] } },
      { id: 'k', from_name: 'kp', to_name: 'image', type: 'keypointlabels', ...size, value: { x: 25, y: 25, width: 1, keypointlabels: ['Wheel'] } },
      { id: 'b', from_name: 'brush', to_name: 'image', type: 'brushlabels', original_width: 10, original_height: 5, value: { format: 'rle', rle: [0, 0, 0, 200], brushlabels: ['Sky'] } },
    ];
    const view = buildPredictionView(image, { key: 'fresh', title: 't', result, findings: [] }, { imageSizes: { image: { width: 400, height: 200 } } });
    const shapes = view.objects[0].regions.map((r) => r.shape);
    assert.deepEqual(shapes[0], { kind: 'polygon', points: [[0, 0], [200, 200], [400, 0]], closed: true });
    assert.deepEqual(shapes[1], { kind: 'ellipse', cx: 200, cy: 100, rx: 40, ry: 40, rotation: 0 });
    assert.equal(shapes[2].kind, 'keypoint');
    assert.deepEqual(shapes[3], { kind: 'brush', width: 10, height: 5, rle: [0, 0, 0, 200] });
  });

  it('lists choices, taxonomy and numbers beside the object instead of drawing them', () => {
    const result = [
      { id: 'c', from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['Day'] } },
      { id: 't', from_name: 'tax', to_name: 'image', type: 'taxonomy', value: { taxonomy: [['Vehicle', 'Car']] } },
      { id: 'n', from_name: 'count', to_name: 'image', type: 'number', value: { number: 3 } },
    ];
    const view = buildPredictionView(image, { key: 'fresh', title: 't', result, findings: [] });
    assert.deepEqual(view.objects[0].answers.map((a) => a.text), ['Day', 'Vehicle › Car', '3']);
    assert.equal(view.objects[0].regions.length, 0);
  });

  it('does not draw a dropped region but lists it with the checker\'s reason and fix', () => {
    const result = [rect('a', 'Car'), { ...rect('b', 'Car'), from_name: 'lable' }];
    const page = buildInspectorPage({ taskId: 7, backendTitle: 'yolo', config: image, answer: { result }, stored: [], ctx: {} });
    const fresh = page.versions[0];
    assert.deepEqual(fresh.objects[0].regions.map((r) => r.key), ['r0']);
    assert.deepEqual(fresh.dropped.map((d) => d.key), ['r1']);
    assert.match(fresh.dropped[0].pathText, /result\[1\]\.from_name/);
    assert.ok(fresh.dropped[0].fix.length > 0);
    assert.equal(page.title, 'Predictions · task 7');
  });

  it('labelled text spans become segments of the text', () => {
    const result = [
      { id: 's1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 5, text: 'Alice', labels: ['PER'] } },
      { id: 's2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 15, end: 19, text: 'Acme', labels: ['ORG'] } },
    ];
    const view = buildPredictionView(text, { key: 'fresh', title: 't', result, findings: [] }, { texts: { text: 'Alice works at Acme.' } });
    const o = view.objects[0];
    assert.equal(o.kind, 'text');
    assert.deepEqual(o.segments?.map((s) => [o.text?.slice(s.start, s.end), s.regionKeys]), [['Alice', ['r0']], [' works at ', []], ['Acme', ['r1']], ['.', []]]);
  });

  it('overlapping spans cut the text where either starts or ends', () => {
    const segs = spanSegments('abcdef', [
      { key: 'a', shape: { kind: 'span', start: 0, end: 4 } },
      { key: 'b', shape: { kind: 'span', start: 2, end: 6 } },
    ]);
    assert.deepEqual(segs.map((s) => [s.start, s.end, s.regionKeys.join('')]), [[0, 2, 'a'], [2, 4, 'ab'], [4, 6, 'b']]);
  });

  it('"the backend now" versus stored: per model version, differing regions marked on both sides', () => {
    const stored = [
      { id: 50001, model_version: 'v1', score: 0.5, created_at: '2026-01-01T00:00:00Z', task: 7, result: [rect('a', 'Car'), rect('gone', 'Truck', 60)] },
    ];
    const page = buildInspectorPage({ taskId: 7, backendTitle: 'yolo', config: image, answer: { model_version: 'v1', result: [rect('a', 'Car'), rect('new', 'Bus', 30)] }, stored, ctx: {} });
    const [fresh, old] = page.versions;
    assert.deepEqual(fresh.objects[0].regions.map((r) => r.differs), [false, true]);
    assert.deepEqual(old.objects[0].regions.map((r) => r.differs), [false, true]);
    assert.equal(fresh.differing, 1);
    assert.equal(old.title, 'Stored · v1');
    assert.equal(fresh.comparedWith, 'Stored · v1');
  });
});
