import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPrediction, checkResults } from '../../../src/core/predictions/check';
import { parseLabelConfig } from '../../../src/core/predictions/labelConfig';
import type { CheckContext, Finding, LabelConfig } from '../../../src/core/predictions/types';
import { encodeRle } from '../../fake/rleEncoder';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/label-studio');
const catalogue = JSON.parse(fs.readFileSync(path.join(fixtures, 'prediction-results-catalogue.json'), 'utf8'));
const CTX: CheckContext = { imageSizes: { image: { width: 6, height: 4 } }, texts: { text: catalogue.task_data.text } };

type Item = Record<string, any>;
const items: Item[] = catalogue.prediction.result;
const byId = (id: string, n = 0): Item => structuredClone(items.filter((r) => r.id === id)[n]);
const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.pathText}`);

describe('checkResults: valid results of every type give no finding', () => {
  let config: LabelConfig;
  before(async () => (config = await parseLabelConfig(catalogue.label_config)));

  it('the catalogue prediction (every common type) is clean, with and without the context', () => {
    assert.deepEqual(checkResults(config, items, CTX), []);
    assert.deepEqual(checkResults(config, items), []);
  });

  for (const item of items) {
    it(`${item.type} (${item.from_name}) alone is clean`, () => assert.deepEqual(checkResults(config, [item], CTX), []));
  }

  it('an empty result list is clean', () => assert.deepEqual(checkResults(config, [], CTX), []));

  it('a per-region TextArea sharing its box id is one region, not a duplicate', () => {
    assert.deepEqual(checkResults(config, [byId('c02'), byId('c02', 1)], CTX), []);
  });

  it('labels written by alias, rectangles with rotation, a keypoint without width, a relation and unchecked types are clean', async () => {
    const aliased = await parseLabelConfig(
      '<View><Image name="image" value="$image"/>' +
        '<RectangleLabels name="bbox" toName="image"><Label value="Car" alias="C"/></RectangleLabels></View>',
    );
    const box = { ...byId('c02'), value: { ...byId('c02').value, x: 90, width: 30, rotation: 45, rectanglelabels: ['C'] } };
    assert.deepEqual(checkResults(aliased, [box], CTX), []);
    const kp = byId('c04');
    delete kp.value.width;
    const rel = { type: 'relation', from_id: 'c02', to_id: 'c03', direction: 'right' };
    assert.deepEqual(checkResults(config, [byId('c02'), byId('c03'), kp, rel], CTX), []);
  });

  it('a brush mask of the image size encoded by the test is clean', () => {
    const mask = new Uint8Array(6 * 4 * 4).fill(255, 0, 48);
    const brush = { ...byId('c06'), value: { ...byId('c06').value, rle: encodeRle(mask) } };
    assert.deepEqual(checkResults(config, [brush], CTX), []);
  });

  it('dynamic labels (value="$labels" on the control) are not checked against the config', async () => {
    const dynamic = await parseLabelConfig(
      '<View><Text name="text" value="$text"/><Labels name="ner" toName="text" value="$labels"/></View>',
    );
    assert.deepEqual(checkResults(dynamic, [{ ...byId('c13'), value: { ...byId('c13').value, labels: ['Anything'] } }], CTX), []);
  });
});

interface Case {
  name: string;
  make: () => unknown;
  expect: string[];
  /** A piece of the first finding's message and fix. */
  message?: RegExp;
  fix?: RegExp;
}

const CASES: Case[] = [
  {
    name: 'result not a list (an object)',
    make: () => ({ from_name: 'bbox' }),
    expect: ['dropped result'],
    message: /not a list/,
    fix: /"result": \[/,
  },
  { name: 'result is null', make: () => null, expect: ['dropped result'], message: /null/ },
  { name: 'a region that is not an object', make: () => ['oops'], expect: ['dropped result[0]'] },
  {
    name: 'unknown from_name',
    make: () => [{ ...byId('c02'), from_name: 'boxes' }],
    expect: ['dropped result[0].from_name'],
    message: /'boxes' is not a control/,
    fix: /bbox/,
  },
  {
    name: 'from_name and to_name swapped',
    make: () => [{ ...byId('c02'), from_name: 'image', to_name: 'bbox' }],
    expect: ['dropped result[0].from_name', 'dropped result[0].to_name'],
    fix: /swapped/,
  },
  { name: 'missing from_name', make: () => [{ ...byId('c01'), from_name: undefined }], expect: ['dropped result[0].from_name'] },
  {
    name: 'type does not fit the control',
    make: () => [{ ...byId('c02'), type: 'polygonlabels' }],
    expect: ['dropped result[0].type'],
    fix: /"type": "rectanglelabels"/,
  },
  {
    name: 'unknown type',
    make: () => [{ ...byId('c02'), type: 'boundingbox' }],
    expect: ['dropped result[0].type'],
    message: /no result type 'boundingbox'/,
    fix: /"rectanglelabels"/,
  },
  { name: 'missing type', make: () => [{ ...byId('c01'), type: undefined }], expect: ['dropped result[0].type'], fix: /"choices"/ },
  {
    name: "to_name not the control's object",
    make: () => [{ ...byId('c02'), to_name: 'text' }],
    expect: ['dropped result[0].to_name'],
    fix: /"to_name": "image"/,
  },
  { name: 'to_name unknown', make: () => [{ ...byId('c02'), to_name: 'img' }], expect: ['dropped result[0].to_name'] },
  {
    name: 'to_name as a list',
    make: () => [{ ...byId('c02'), to_name: ['image'] }],
    expect: ['dropped result[0].to_name'],
    message: /a list/,
  },
  {
    name: 'label with other capitals',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, rectanglelabels: ['car'] } }],
    expect: ['dropped result[0].value.rectanglelabels[0]'],
    message: /'car' is not a label of 'bbox' \(Car, Person\)/,
    fix: /Use 'Car': labels are case-sensitive/,
  },
  {
    name: 'label with a typo',
    make: () => [{ ...byId('c03'), value: { ...byId('c03').value, polygonlabels: ['Raod'] } }],
    expect: ['dropped result[0].value.polygonlabels[0]'],
    fix: /Use 'Road'/,
  },
  {
    name: 'label unknown, no close match',
    make: () => [{ ...byId('c05'), value: { ...byId('c05').value, ellipselabels: ['Giraffe'] } }],
    expect: ['dropped result[0].value.ellipselabels[0]'],
    fix: /<Label value="Giraffe"\/>/,
  },
  {
    name: 'second label unknown',
    make: () => [{ ...byId('c13'), value: { ...byId('c13').value, labels: ['PER', 'LOC'] } }],
    expect: ['dropped result[0].value.labels[1]'],
  },
  {
    name: 'labels as a string',
    make: () => [{ ...byId('c04'), value: { ...byId('c04').value, keypointlabels: 'Wheel' } }],
    expect: ['dropped result[0].value.keypointlabels'],
    fix: /\["Wheel"\]/,
  },
  {
    name: 'empty label list',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, rectanglelabels: [] } }],
    expect: ['suspicious result[0].value.rectanglelabels'],
  },
  {
    name: 'missing label list',
    make: () => [{ ...byId('c02'), value: { x: 1, y: 1, width: 5, height: 5 } }],
    expect: ['suspicious result[0].value.rectanglelabels'],
  },
  {
    name: 'unknown choice',
    make: () => [{ ...byId('c01'), value: { choices: ['Dusk'] } }],
    expect: ['dropped result[0].value.choices[0]'],
    message: /not a choice/,
  },
  { name: 'choices missing', make: () => [{ ...byId('c01'), value: {} }], expect: ['dropped result[0].value.choices'] },
  {
    name: 'pixels instead of percent',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, x: 412, y: 1, width: 3, height: 2 } }],
    expect: ['dropped result[0].value.x'],
    message: /outside 0–100/,
    fix: /412 \/ 6 × 100/,
  },
  {
    name: 'negative coordinate',
    make: () => [{ ...byId('c05'), value: { ...byId('c05').value, y: -3 } }],
    expect: ['dropped result[0].value.y'],
  },
  {
    name: 'coordinate not a number',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, x: '10' } }],
    expect: ['dropped result[0].value.x'],
  },
  {
    name: 'box running off the edge',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, x: 80, width: 40 } }],
    expect: ['suspicious result[0].value'],
    message: /runs off/,
  },
  {
    name: 'box without area',
    make: () => [{ ...byId('c02'), value: { ...byId('c02').value, width: 0 } }],
    expect: ['suspicious result[0].value'],
    message: /no area/,
  },
  {
    name: 'polygon points in pixels',
    make: () => [
      {
        ...byId('c03'),
        value: {
          ...byId('c03').value,
          points: [
            [0, 0],
            [600, 10],
            [10, 400],
          ],
        },
      },
    ],
    expect: ['dropped result[0].value.points[1]'],
    message: /2 of 3 points/,
  },
  {
    name: 'polygon point malformed',
    make: () => [{ ...byId('c03'), value: { ...byId('c03').value, points: [[0, 0], { x: 1 }, [1, 1]] } }],
    expect: ['dropped result[0].value.points[1]'],
  },
  {
    name: 'polygon of two points',
    make: () => [
      {
        ...byId('c03'),
        value: {
          ...byId('c03').value,
          points: [
            [0, 0],
            [5, 5],
          ],
        },
      },
    ],
    expect: ['suspicious result[0].value.points'],
  },
  {
    name: 'original_width missing',
    make: () => [{ ...byId('c02'), original_width: undefined }],
    expect: ['suspicious result[0].original_width'],
    fix: /"original_width": 6/,
  },
  {
    name: 'original size differs from the image',
    make: () => [{ ...byId('c02'), original_width: 640, original_height: 480 }],
    expect: ['suspicious result[0].original_width'],
    message: /640×480.*6×4/,
  },
  {
    name: 'duplicate region id on one control',
    make: () => [byId('c02'), { ...byId('c02'), value: { ...byId('c02').value, x: 1 } }],
    expect: ['suspicious result[1].id'],
    message: /also used by region 0/,
  },
  {
    name: 'duplicate id across two geometries',
    make: () => [byId('c02'), { ...byId('c03'), id: 'c02' }],
    expect: ['suspicious result[1].id'],
  },
  { name: 'score not a number', make: () => [{ ...byId('c02'), score: '0.9' }], expect: ['suspicious result[0].score'] },
  {
    name: 'brush RLE of another size',
    make: () => [{ ...byId('c06'), value: { ...byId('c06').value, rle: encodeRle(new Uint8Array(4 * 6 * 4 + 8)) } }],
    expect: ['dropped result[0].value.rle'],
    message: /104 values.*6×4.*96/,
  },
  {
    name: 'brush RLE with non-byte items',
    make: () => [{ ...byId('c06'), value: { ...byId('c06').value, rle: [0, 0, 0, 96, 300, 1, 2, 3] } }],
    expect: ['dropped result[0].value.rle'],
    message: /integer 0–255/,
  },
  {
    name: 'brush RLE too short for a header',
    make: () => [{ ...byId('c06'), value: { ...byId('c06').value, rle: [0, 0] } }],
    expect: ['dropped result[0].value.rle'],
  },
  {
    name: 'brush without format',
    make: () => [{ ...byId('c06'), value: { rle: byId('c06').value.rle, brushlabels: ['Sky'] } }],
    expect: ['dropped result[0].value.format'],
  },
  {
    name: 'brush RLE not a list',
    make: () => [{ ...byId('c06'), value: { format: 'rle', rle: 'AAAB', brushlabels: ['Sky'] } }],
    expect: ['dropped result[0].value.rle'],
  },
  {
    name: 'bitmask not a PNG data URL',
    make: () => [{ ...byId('c07'), value: { ...byId('c07').value, imageDataURL: 'https://x/y.png' } }],
    expect: ['dropped result[0].value.imageDataURL'],
  },
  {
    name: 'two choices where choice="single"',
    make: () => [{ ...byId('c13'), from_name: 'sentiment', type: 'choices', value: { choices: ['Positive', 'Negative'] } }],
    expect: ['suspicious result[0].value.choices'],
    message: /allows one choice/,
  },
  {
    name: 'span past the end of the text',
    make: () => [{ ...byId('c13'), value: { start: 15, end: 40, text: 'Acme.', labels: ['ORG'] } }],
    expect: ['dropped result[0].value.end'],
    message: /20 characters/,
  },
  {
    name: 'span text differs from the text',
    make: () => [{ ...byId('c13'), value: { start: 1, end: 6, text: 'Alice', labels: ['PER'] } }],
    expect: ['suspicious result[0].value.text'],
    fix: /is at 0–5/,
  },
  {
    name: 'span with end before start',
    make: () => [{ ...byId('c13'), value: { start: 5, end: 2, labels: ['PER'] } }],
    expect: ['dropped result[0].value'],
  },
  {
    name: 'span offsets missing',
    make: () => [{ ...byId('c13'), value: { text: 'Alice', labels: ['PER'] } }],
    expect: ['dropped result[0].value.start'],
  },
  {
    name: 'HyperText span with XPaths but no offsets',
    make: () => [{ ...byId('c15'), value: { start: '/p[1]', end: '/p[1]', hypertextlabels: ['PER'] } }],
    expect: ['dropped result[0].value'],
  },
  {
    name: 'taxonomy path not in the tree',
    make: () => [{ ...byId('c11'), value: { taxonomy: [['Car']] } }],
    expect: ['dropped result[0].value.taxonomy[0]'],
    fix: /'Vehicle \/ Car'/,
  },
  {
    name: 'taxonomy not a list of paths',
    make: () => [{ ...byId('c11'), value: { taxonomy: ['Vehicle'] } }],
    expect: ['dropped result[0].value.taxonomy'],
  },
  {
    name: 'textarea text as a string',
    make: () => [{ ...byId('c08'), value: { text: 'Two cars' } }],
    expect: ['dropped result[0].value.text'],
    fix: /list of strings/,
  },
  { name: 'number as a string', make: () => [{ ...byId('c09'), value: { number: 'two' } }], expect: ['dropped result[0].value.number'] },
  { name: 'rating missing', make: () => [{ ...byId('c10'), value: {} }], expect: ['dropped result[0].value.rating'] },
  {
    name: 'datetime as a number',
    make: () => [{ ...byId('c12'), value: { datetime: 20251027 } }],
    expect: ['dropped result[0].value.datetime'],
  },
  { name: 'value missing', make: () => [{ ...byId('c01'), value: undefined }], expect: ['dropped result[0].value'] },
  {
    name: 'relation to a missing region',
    make: () => [byId('c02'), { type: 'relation', from_id: 'c02', to_id: 'zz' }],
    expect: ['dropped result[1].to_id'],
  },
];

describe('checkResults: each mistake class', () => {
  let config: LabelConfig;
  before(async () => {
    // The catalogue config plus a single-choice control on the text.
    config = await parseLabelConfig(
      catalogue.label_config.replace(
        '</View>',
        '<Choices name="sentiment" toName="text" choice="single"><Choice value="Positive"/><Choice value="Negative"/></Choices></View>',
      ),
    );
  });

  for (const c of CASES) {
    it(c.name, () => {
      const findings = checkResults(config, c.make(), CTX);
      assert.deepEqual(brief(findings), c.expect, JSON.stringify(findings, null, 1));
      if (c.message) assert.match(findings[0].message, c.message);
      if (c.fix) assert.match(findings[0].fix, c.fix);
      for (const f of findings) {
        assert.ok(f.message.length > 10 && f.fix.length > 5);
        if (typeof f.path[0] === 'number') assert.equal(f.regionIndex, f.path[0]);
      }
    });
  }

  it('server strings in findings are quoted short and without line breaks', () => {
    const long = `Car\n[x](command:evil)${'A'.repeat(500)}`;
    const [f] = checkResults(config, [{ ...byId('c02'), value: { ...byId('c02').value, rectanglelabels: [long] } }], CTX);
    assert.ok(!/\n/.test(f.message + f.fix));
    assert.ok(f.message.length < 300, f.message);
  });

  it('paths point at the item in a longer list', () => {
    const list = [
      byId('c01'),
      byId('c02'),
      byId('c03'),
      { ...byId('c02', 0), id: 'n', value: { ...byId('c02').value, rectanglelabels: ['Truck'] } },
    ];
    const [f] = checkResults(config, list, CTX);
    assert.deepEqual(f.path, [3, 'value', 'rectanglelabels', 0]);
    assert.equal(f.pathText, 'result[3].value.rectanglelabels[0]');
  });
});

describe('checkPrediction: the shapes Label Studio and ML servers answer', () => {
  let config: LabelConfig;
  before(async () => (config = await parseLabelConfig(catalogue.label_config)));
  const bad = () => ({ ...byId('c02'), from_name: 'nope' });

  it('a prediction object: paths start at the object', () => {
    const check = checkPrediction(config, { model_version: 'v', score: 0.5, result: [byId('c01'), bad()] }, CTX);
    assert.deepEqual(check.resultPath, ['result']);
    assert.deepEqual(
      check.findings.map((f) => f.path),
      [['result', 1, 'from_name']],
    );
    assert.equal(check.findings[0].pathText, 'result[1].from_name');
    assert.equal(check.droppedRegions, 1);
    assert.equal(check.result?.length, 2);
  });

  it('the interactive-annotating answer {data: prediction}', () => {
    const check = checkPrediction(config, { data: { result: [bad()] } }, CTX);
    assert.deepEqual(
      check.findings.map((f) => f.path),
      [['data', 'result', 0, 'from_name']],
    );
  });

  it('a bare list of regions, and an ML server answer {results: [prediction]}', () => {
    assert.deepEqual(
      checkPrediction(config, [bad()], CTX).findings.map((f) => f.path),
      [[0, 'from_name']],
    );
    assert.deepEqual(
      checkPrediction(config, { results: [{ result: [bad()] }] }, CTX).findings.map((f) => f.path),
      [['results', 0, 'result', 0, 'from_name']],
    );
    assert.deepEqual(
      checkPrediction(config, [{ result: [bad()] }], CTX).findings.map((f) => f.path),
      [[0, 'result', 0, 'from_name']],
    );
  });

  it('a non-numeric prediction score and a null model_version are reported on the prediction', () => {
    const check = checkPrediction(config, { score: 'high', model_version: null, result: [] });
    assert.deepEqual(
      check.findings.map((f) => [f.severity, f.pathText]),
      [
        ['dropped', 'prediction.score'],
        ['dropped', 'prediction.model_version'],
      ],
    );
  });

  it('an answer without any result list', () => {
    const check = checkPrediction(config, { errors: ['x'] });
    assert.equal(check.result, undefined);
    assert.deepEqual(brief(check.findings), ['dropped prediction']);
  });

  it('result not a list inside a prediction', () => {
    const check = checkPrediction(config, { result: { from_name: 'bbox' } });
    assert.deepEqual(
      check.findings.map((f) => f.path),
      [['result']],
    );
  });

  it('the stored prediction fixture checks clean against the street config', async () => {
    const street = await parseLabelConfig(
      '<View><Image name="image" value="$image"/>' +
        '<RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/></RectangleLabels></View>',
    );
    const stored = JSON.parse(fs.readFileSync(path.join(fixtures, 'predictions-list.json'), 'utf8'));
    for (const p of stored)
      assert.deepEqual(checkPrediction(street, p, { imageSizes: { image: { width: 1920, height: 1080 } } }).findings, []);
  });
});
