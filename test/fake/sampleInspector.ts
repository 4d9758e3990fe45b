// Tasks with media and predictions for the prediction inspector, added to the sample projects:
// images generated here with known sizes (uploads, a cloud object behind the resolve route, an
// external URL), stored predictions of two model versions, and ML models that answer /predict per
// task — cleanly, or with each mistake class Label Studio drops silently.
import type { FakeLabelStudio } from './fakeLabelStudio';
import type { FakeMlServer } from './fakeMlServer';
import { testPicture } from './png';
import type { FakePrediction, FakeTask } from './records';
import { encodeRle, maskBytes } from './rleEncoder';

export interface InspectorSample {
  tasks: {
    /** Street scene, uploaded 640×360 PNG; the yolo model answers cleanly; two stored versions. */
    streetClean: number;
    /** Street scene, uploaded 800×600 PNG; the yolo model answers with every mistake class. */
    streetMistakes: number;
    /** Street scene behind `/tasks/{id}/resolve/?fileuri=` (s3://…), 640×360. */
    streetCloud: number;
    /** Street scene on an external host (not served offline). */
    streetExternal: number;
    /** Satellite tile 64×48 with a correct brush mask. */
    satelliteClean: number;
    /** Satellite tile 64×48 answered with a transposed (48×64) mask. */
    satelliteMistake: number;
    /** Product reviews: the first task's spans are right, the second's are off. */
    reviewClean: number;
    reviewMistakes: number;
    /** Invoice scan (600×800) with boxes and per-region transcriptions. */
    invoice: number;
  };
  /** Real sizes of the generated images, by task id. */
  imageSizes: Record<number, { width: number; height: number }>;
  /** Model versions of the stored street predictions (newest first). */
  storedVersions: string[];
}

const png = (width: number, height: number, hue: number) => ({ contentType: 'image/png', body: testPicture(width, height, hue) });

function box(
  id: string,
  label: string,
  x: number,
  y: number,
  w: number,
  h: number,
  size: { width: number; height: number },
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    from_name: 'label',
    to_name: 'image',
    type: 'rectanglelabels',
    original_width: size.width,
    original_height: size.height,
    image_rotation: 0,
    score: 0.91,
    value: { x, y, width: w, height: h, rotation: 0, rectanglelabels: [label] },
    ...extra,
  };
}

function streetRegions(size: { width: number; height: number }, shift = 0) {
  const img = { original_width: size.width, original_height: size.height, image_rotation: 0 };
  return [
    box('car-1', 'Car', 12 + shift, 48, 22, 18, size),
    box('car-2', 'Car', 55, 50, 15, 12, size, { score: 0.77 }),
    box('person-1', 'Person', 80, 35, 5, 25, size, { score: 0.64 }),
    {
      id: 'road',
      from_name: 'road',
      to_name: 'image',
      type: 'polygonlabels',
      ...img,
      value: {
        points: [
          [0, 100],
          [35, 62],
          [65, 62],
          [100, 100],
        ],
        closed: true,
        polygonlabels: ['Road'],
      },
    },
    {
      id: 'head-1',
      from_name: 'keypoints',
      to_name: 'image',
      type: 'keypointlabels',
      ...img,
      value: { x: 82.5, y: 37, width: 1, keypointlabels: ['Head'] },
    },
    { id: 'weather', from_name: 'weather', to_name: 'image', type: 'choices', value: { choices: ['Sunny'] } },
  ];
}

/** One region per mistake class (PREDICTIONS.md §3.5, §7), on an 800×600 image. */
export function streetMistakeRegions(): unknown[] {
  const wrongSize = { width: 640, height: 480 };
  const size = { width: 800, height: 600 };
  return [
    box('ok-1', 'Car', 10, 50, 20, 15, size),
    box('case', 'car', 40, 50, 10, 10, size),
    box('pixels', 'Person', 412, 200, 40, 120, size),
    { ...box('from', 'Car', 5, 5, 5, 5, size), from_name: 'bbox' },
    { ...box('to', 'Car', 60, 5, 5, 5, size), to_name: 'img' },
    box('size', 'Car', 70, 60, 10, 10, wrongSize),
    { ...box('score', 'Car', 20, 20, 5, 5, size), score: 'high' },
    box('ok-1', 'Person', 30, 30, 5, 10, size),
    { id: 'weather', from_name: 'weather', to_name: 'image', type: 'choices', value: { choices: ['Sunny', 'Rainy'] } },
    { id: 'odd', from_name: 'label', to_name: 'image', type: 'boundingbox', value: { x: 1, y: 1 } },
  ];
}

function brushRegion(
  size: { width: number; height: number },
  maskSize: { width: number; height: number },
  label: string,
  painted: (x: number, y: number) => boolean,
) {
  return {
    id: `mask-${label.toLowerCase()}`,
    from_name: 'mask',
    to_name: 'image',
    type: 'brushlabels',
    original_width: size.width,
    original_height: size.height,
    image_rotation: 0,
    value: { format: 'rle', rle: encodeRle(maskBytes(maskSize.width, maskSize.height, painted)), brushlabels: [label] },
  };
}

function spans(text: string, labels: [string, string][], offBy = 0) {
  return labels.map(([word, label], i) => {
    const start = text.indexOf(word) + offBy;
    return {
      id: `span-${i}`,
      from_name: 'ner',
      to_name: 'text',
      type: 'labels',
      value: { start, end: start + word.length, text: word, labels: [label] },
    };
  });
}

function storePrediction(fake: FakeLabelStudio, task: FakeTask, model_version: string, result: unknown[], daysAgo: number): void {
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const p: FakePrediction = {
    id: fake.db.nextId('prediction'),
    model_version,
    created_ago: `${daysAgo}\u00a0days`,
    score: 0.8,
    result,
    cluster: null,
    neighbors: null,
    mislabeling: 0,
    created_at: at,
    updated_at: at,
    model: null,
    model_run: null,
    task: task.id,
    project: task.project,
  };
  task.predictions.push(p);
  const project = fake.getProject(task.project);
  if (project) project.total_predictions_number++;
}

export interface InspectorSeedInput {
  projects: { streetScenes: number; satellite: number; productReviews: number; invoices: number };
  streetTasks: FakeTask[];
  reviewTasks: FakeTask[];
  invoiceTask: FakeTask;
}

export function seedInspectorData(fake: FakeLabelStudio, ml: FakeMlServer, input: InspectorSeedInput): InspectorSample {
  const { projects } = input;
  const small = { width: 640, height: 360 };
  const large = { width: 800, height: 600 };
  const [streetClean, streetMistakes, streetCloud, streetExternal] = input.streetTasks;
  streetClean.data = { image: fake.media.addUpload(projects.streetScenes, 'frame_000001.png', png(small.width, small.height, 0)) };
  streetMistakes.data = { image: fake.media.addUpload(projects.streetScenes, 'frame_000002.png', png(large.width, large.height, 1)) };
  streetCloud.data = {
    image: fake.media.addCloudObject('s3://dashcam-frames/2025/10/frame_000003.png', png(small.width, small.height, 2)),
  };

  const tile = { width: 64, height: 48 };
  const satelliteClean = fake.addTask(projects.satellite, {
    image: fake.media.addUpload(projects.satellite, 'tile_17_42.png', png(tile.width, tile.height, 3)),
  });
  const satelliteMistake = fake.addTask(projects.satellite, {
    image: fake.media.addUpload(projects.satellite, 'tile_17_43.png', png(tile.width, tile.height, 1)),
  });
  const invoiceSize = { width: 600, height: 800 };
  input.invoiceTask.data = {
    ocr: fake.media.addUpload(projects.invoices, 'INV-2025-0001.png', png(invoiceSize.width, invoiceSize.height, 0)),
  };

  storePrediction(fake, streetClean, 'yolov8-offline-2025-09', streetRegions(small, -4).slice(0, 2), 40);
  storePrediction(
    fake,
    streetClean,
    'yolo11m-det-2025.10.2',
    streetRegions(small, 1).filter((r) => r.id !== 'person-1'),
    3,
  );
  storePrediction(fake, streetMistakes, 'yolo11m-det-2025.10.2', streetRegions(large), 3);

  const building = (x: number, y: number) => (x - 20) ** 2 + (y - 20) ** 2 < 120;
  const road = (_x: number, y: number) => y >= 34 && y < 40;
  ml.updateModel('yolo', {
    predictionsByTask: {
      [streetClean.id]: { score: 0.84, result: streetRegions(small) },
      [streetMistakes.id]: { score: 0.5, result: streetMistakeRegions() },
      [streetCloud.id]: { score: 0.9, result: streetRegions(small, 3) },
    },
  });
  ml.updateModel('segformer', {
    predictionsByTask: {
      [satelliteClean.id]: { score: 0.88, result: [brushRegion(tile, tile, 'Building', building), brushRegion(tile, tile, 'Road', road)] },
      [satelliteMistake.id]: { score: 0.61, result: [brushRegion(tile, { width: tile.height, height: tile.width }, 'Water', building)] },
    },
  });
  const [reviewClean, reviewMistakes] = input.reviewTasks;
  const text = (t: FakeTask) => String(t.data.text);
  ml.updateModel('llm-ner', {
    predictionsByTask: {
      [reviewClean.id]: {
        score: 0.93,
        result: [
          { id: 'sent', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Positive'] } },
          ...spans(text(reviewClean), [
            ['Acme Corp', 'ORG'],
            ['Berlin', 'LOC'],
          ]),
        ],
      },
      [reviewMistakes.id]: {
        score: 0.41,
        result: [
          { id: 'sent', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['negative'] } },
          ...spans(text(reviewMistakes), [['Lisbon', 'LOC']], 2),
        ],
      },
    },
  });
  const line = (id: string, y: number, words: string) => {
    const img = { original_width: invoiceSize.width, original_height: invoiceSize.height, image_rotation: 0 };
    const geometry = { x: 10, y, width: 60, height: 4, rotation: 0 };
    return [
      { id, from_name: 'bbox', to_name: 'image', type: 'rectangle', ...img, value: geometry },
      { id, from_name: 'transcription', to_name: 'image', type: 'textarea', ...img, value: { ...geometry, text: [words] } },
    ];
  };
  ml.updateModel('easyocr', {
    predictionsByTask: {
      [input.invoiceTask.id]: {
        score: 0.7,
        result: [...line('l1', 8, 'INVOICE INV-2025-0001'), ...line('l2', 20, 'Total due: 1,234.00 EUR')],
      },
    },
  });
  return {
    tasks: {
      streetClean: streetClean.id,
      streetMistakes: streetMistakes.id,
      streetCloud: streetCloud.id,
      streetExternal: streetExternal.id,
      satelliteClean: satelliteClean.id,
      satelliteMistake: satelliteMistake.id,
      reviewClean: reviewClean.id,
      reviewMistakes: reviewMistakes.id,
      invoice: input.invoiceTask.id,
    },
    imageSizes: {
      [streetClean.id]: small,
      [streetMistakes.id]: large,
      [streetCloud.id]: small,
      [satelliteClean.id]: tile,
      [satelliteMistake.id]: tile,
      [input.invoiceTask.id]: invoiceSize,
    },
    storedVersions: ['yolo11m-det-2025.10.2', 'yolov8-offline-2025-09'],
  };
}
