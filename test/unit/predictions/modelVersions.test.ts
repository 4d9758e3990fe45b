import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBackendList } from '../../../src/core/api/models';
import { freezeAction, freezeExplanation, offerModelVersions, shownForBackend } from '../../../src/core/predictions/modelVersions';
import { readProjectModelVersions } from '../../../src/core/predictions/readers';
import type { ProjectDetail } from '../../../src/core/predictions/types';
import { backendRow } from '../../../src/core/view/presentation';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/label-studio');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const versions = readProjectModelVersions(fixture('project-model-versions-extended.json'));
const project = (model_version: string | null, show = true): ProjectDetail => ({
  id: 3,
  title: 'p',
  label_config: '',
  model_version,
  show_collab_predictions: show,
});
const backends = readBackendList(fixture('ml-backends-list.json')).filter((b) => b.project === 3);

describe('Choose Model Version: which versions to offer', () => {
  it('reads both shapes of the model-versions route', () => {
    assert.deepEqual(
      versions.static.map((s) => [s.model_version, s.count]),
      [
        ['yolo11m-det-2025.10.2', 4998],
        ['yolov8-offline-2025-09', 1],
      ],
    );
    assert.deepEqual(
      versions.live.map((l) => [l.id, l.title, l.state]),
      [
        [1, 'yolo-detector', 'CO'],
        [2, 'sam2-interactive', 'DI'],
      ],
    );
    const plain = readProjectModelVersions(fixture('project-model-versions.json'));
    assert.deepEqual(
      plain.static.map((s) => [s.model_version, s.count]),
      [
        ['yolo11m-det-2025.10.2', 4998],
        ['yolov8-offline-2025-09', 1],
        ['yolo-detector', 0],
      ],
    );
  });

  it('offers live backends first, then stored versions newest first with counts, then clear; marks the current one', () => {
    const offer = offerModelVersions(project('yolo-detector'), versions, backends);
    assert.deepEqual(
      offer.choices.map((c) => [c.kind, c.value, c.count, c.current]),
      [
        ['live', 'yolo-detector', 4998, true],
        ['live', 'sam2-interactive', 0, false],
        ['static', 'yolo11m-det-2025.10.2', 4998, false],
        ['static', 'yolov8-offline-2025-09', 1, false],
        ['clear', '', 0, false],
      ],
    );
    assert.equal(offer.currentText, 'Annotators see live predictions of the backend "yolo-detector".');
    assert.equal(offer.choices[1].backendDown, true);
    assert.match(offer.choices[1].detail, /not connected/);
    assert.match(offer.choices[3].detail, /the 1 prediction tagged/);
  });

  it('a stored version is current when chosen; nothing chosen offers no clear', () => {
    const stored = offerModelVersions(project('yolov8-offline-2025-09'), versions);
    assert.equal(stored.choices.find((c) => c.current)?.kind, 'static');
    assert.equal(stored.currentText, 'Annotators see stored predictions of version "yolov8-offline-2025-09".');
    const none = offerModelVersions(project(''), versions);
    assert.ok(!none.choices.some((c) => c.kind === 'clear' || c.current));
    assert.match(none.currentText, /No model version is chosen/);
  });

  it('a chosen version that matches nothing is listed first as unmatched', () => {
    const offer = offerModelVersions(project('deleted-backend'), versions);
    assert.deepEqual([offer.choices[0].kind, offer.choices[0].value, offer.choices[0].current], ['unmatched', 'deleted-backend', true]);
    assert.match(offer.currentText, /matches nothing/);
  });

  it('a stored tag equal to a backend title is offered once, as the backend (Label Studio reads titles first)', () => {
    const clash = { static: [...versions.static, { model_version: 'yolo-detector', count: 3, latest: null }], live: versions.live };
    assert.equal(offerModelVersions(project(''), clash).choices.filter((c) => c.value === 'yolo-detector').length, 1);
  });

  it('notes when the project hides predictions from annotators', () => {
    assert.match(offerModelVersions(project('', false), versions).note ?? '', /hides predictions/);
    assert.equal(offerModelVersions(project(''), versions).note, undefined);
  });
});

describe("freezing a backend's recorded version", () => {
  it('offers freeze when auto_update is on and unfreeze when off, with the same one-sentence explanation', () => {
    const on = freezeAction({ auto_update: true, model_version: 'v3' });
    assert.deepEqual([on.autoUpdate, on.title], [false, 'Freeze the recorded version (v3)']);
    const off = freezeAction({ auto_update: false, model_version: 'v3' });
    assert.equal(off.autoUpdate, true);
    assert.equal(on.explanation, freezeExplanation());
    assert.equal(freezeExplanation().split('. ').length, 1, 'one sentence');
    assert.match(freezeExplanation(), /cannot bring back an older model/);
  });

  it('the hover says when the version is frozen and what the project shows from this backend', () => {
    const [yolo] = backends;
    assert.equal(shownForBackend(yolo, 'yolo-detector'), 'annotators see its live predictions');
    assert.equal(shownForBackend(yolo, 'yolo11m-det-2025.10.2'), 'annotators see its stored predictions of this version');
    assert.equal(shownForBackend(yolo, 'other'), undefined);
    assert.equal(shownForBackend(yolo, ''), undefined);
    const hover = backendRow({ ...yolo, auto_update: false }, [yolo.id], 'yolo-detector').tooltipMarkdown;
    assert.ok(hover.includes('Model version: yolo11m\\-det\\-2025\\.10\\.2 \\(frozen\\: Label Studio does not update it\\)'), hover);
    assert.match(hover, /Project: annotators see its live predictions/);
    const plain = backendRow(yolo).tooltipMarkdown;
    assert.ok(!/frozen|Project:/.test(plain));
  });
});
