import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LabelConfigError, parseLabelConfig } from '../../../src/core/predictions/labelConfig';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/label-studio');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('parseLabelConfig', () => {
  it('reads every control and object of the catalogue config, in document order', async () => {
    const config = await parseLabelConfig(fixture('prediction-results-catalogue.json').label_config);
    assert.deepEqual(
      config.objects.map((o) => [o.name, o.tag, o.valueKey]),
      [
        ['image', 'Image', 'image'],
        ['text', 'Text', 'text'],
        ['html', 'HyperText', 'html'],
      ],
    );
    assert.deepEqual(
      config.controls.map((c) => [c.name, c.tag, c.toName.join(',')]),
      [
        ['scene', 'Choices', 'image'],
        ['bbox', 'RectangleLabels', 'image'],
        ['poly', 'PolygonLabels', 'image'],
        ['kp', 'KeyPointLabels', 'image'],
        ['ellipse', 'EllipseLabels', 'image'],
        ['brush', 'BrushLabels', 'image'],
        ['bitmask', 'BitmaskLabels', 'image'],
        ['caption', 'TextArea', 'image'],
        ['plate', 'TextArea', 'image'],
        ['count', 'Number', 'image'],
        ['quality', 'Rating', 'image'],
        ['taxonomy', 'Taxonomy', 'image'],
        ['taken', 'DateTime', 'image'],
        ['ner', 'Labels', 'text'],
        ['html_ner', 'HyperTextLabels', 'html'],
      ],
    );
    assert.deepEqual(config.controls[1].labels, [{ value: 'Car' }, { value: 'Person' }]);
    assert.equal(config.controls[8].attrs.perRegion, 'true');
  });

  it('reads Label backgrounds and aliases, the choice attribute and toName lists', async () => {
    const config = await parseLabelConfig(
      `<View><Image name="img" value="$image"/><Image name="img2" value="$other"/>
        <RectangleLabels name="label" toName="img, img2">
          <Label value="Car" background="#FFA39E"/><Label value="Person" alias="P"/>
        </RectangleLabels>
        <Choices name="cls" toName="img" choice="single"><Choice value="A"/><Choice value="B"/></Choices></View>`,
    );
    const [label, cls] = config.controls;
    assert.deepEqual(label.toName, ['img', 'img2']);
    assert.deepEqual(label.labels, [
      { value: 'Car', background: '#FFA39E' },
      { value: 'Person', alias: 'P' },
    ]);
    assert.equal(cls.choice, 'single');
    assert.equal(label.choice, undefined);
  });

  it('finds labels inside wrapper tags and nested Views, and objects inside nested Views', async () => {
    const config = await parseLabelConfig(
      `<View><View style="display:flex"><Header value="Pick"/><View><Text name="t" value="$body"/></View></View>
        <Labels name="ner" toName="t"><View><Label value="PER"/></View><View><Label value="ORG"/></View></Labels>
        <Choices name="c" toName="t"><View><Choice value="yes"/></View><Choice value="no"/></Choices></View>`,
    );
    assert.deepEqual(
      config.objects.map((o) => [o.name, o.valueKey]),
      [['t', 'body']],
    );
    assert.deepEqual(
      config.controls[0].labels.map((l) => l.value),
      ['PER', 'ORG'],
    );
    assert.deepEqual(
      config.controls[1].labels.map((l) => l.value),
      ['yes', 'no'],
    );
  });

  it('reads Taxonomy as a tree of paths', async () => {
    const config = await parseLabelConfig(
      `<View><Text name="t" value="$text"/><Taxonomy name="tax" toName="t">
        <Choice value="Vehicle"><Choice value="Car"><Choice value="Sedan"/></Choice><Choice value="Truck"/></Choice><Choice value="Animal"/>
      </Taxonomy></View>`,
    );
    const tax = config.controls[0];
    assert.deepEqual(tax.taxonomyPaths, [['Vehicle'], ['Vehicle', 'Car'], ['Vehicle', 'Car', 'Sedan'], ['Vehicle', 'Truck'], ['Animal']]);
    assert.deepEqual(
      tax.labels.map((l) => l.value),
      ['Vehicle', 'Car', 'Sedan', 'Truck', 'Animal'],
    );
  });

  it('decodes entities in attribute values and ignores comments', async () => {
    const config = await parseLabelConfig(
      '<View><!-- <Labels name="old" toName="x"/> --><Text name="t" value="$text"/>' +
        '<Labels name="l" toName="t"><Label value="R&amp;D"/></Labels></View>',
    );
    assert.deepEqual(
      config.controls.map((c) => c.name),
      ['l'],
    );
    assert.equal(config.controls[0].labels[0].value, 'R&D');
  });

  it('reads valueList objects and dynamic-label controls', async () => {
    const config = await parseLabelConfig(
      '<View><Image name="imgs" valueList="$images"/><Labels name="l" toName="imgs" value="$labels"/></View>',
    );
    assert.deepEqual(
      config.objects.map((o) => [o.name, o.valueKey]),
      [['imgs', 'images']],
    );
    assert.equal(config.controls[0].attrs.value, '$labels');
  });

  for (const [name, xml, where] of [
    ['an unclosed tag', '<View><Image name="i" value="$image"></View>', /not well-formed XML: .*\d+:\d+/],
    ['an unquoted attribute', '<View><Image name=i value="$image"/></View>', /not well-formed XML/],
    ['two root tags', '<View/><View/>', /not well-formed XML/],
    ['an empty string', '   ', /empty/],
    ['text only', 'hello', /not well-formed XML|no root tag/],
  ] as const) {
    it(`rejects ${name} with a clear LabelConfigError`, async () => {
      await assert.rejects(parseLabelConfig(xml), (e: unknown) => e instanceof LabelConfigError && where.test(e.message));
    });
  }
});
