// Believable demo content: projects whose ML backends end up in every state (states come from real
// calls to the FakeMlServer, except TR/PR which use `stickyState`), plus hostile strings that a UI
// must render as plain text.
import type { AddBackendInput, AddProjectInput, FakeLabelStudio } from './fakeLabelStudio';
import { closedPortUrl, type FakeMlServer } from './fakeMlServer';
import { isoDaysAgo } from './pythonish';
import { FakeObjectStore } from './fakeObjectStore';
import { seedInspectorData, type InspectorSample } from './sampleInspector';

export interface SampleData {
  legacyToken: string;
  /** A personal access token (refresh JWT) for this fake. */
  pat: string;
  projects: {
    streetScenes: number;
    productReviews: number;
    invoices: number;
    medical: number;
    audio: number;
    satellite: number;
  };
  backends: {
    /** CO */ yolo: number;
    /** DI (closed port), interactive */ sam2: number;
    /** ER (setup fails with a long traceback) */ sentiment: number;
    /** CO through Basic auth */ llmNer: number;
    /** TR (sticky) */ layoutlm: number;
    /** PR (sticky) */ tesseract: number;
    /** CO, empty title: a UI should show its URL */ untitled: number;
    /** DI, hostile title and stale hostile error_message */ hostile: number;
    /** CO but slow to answer its health check */ slow: number;
  };
  /** ML model names registered on the FakeMlServer → backend URL. */
  mlUrls: Record<string, string>;
  /** URL nothing listens on (used by the DI backends). */
  downUrl: string;
  /** Tasks with media and predictions for the prediction inspector. */
  inspector: InspectorSample;
}

export const HOSTILE_TITLE = '**bold** <img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new)';

export const HOSTILE_ERROR =
  'Setup failed: <script>alert("xss")</script>\n' +
  '[Open settings](command:workbench.action.openSettings?%5B%22security%22%5D) | `rm -rf /` | <b>not bold</b>\n' +
  '# Not a heading\n| not | a table |\n![img](https://example.com/pixel.png) &amp; &lt;escaped&gt;';

const SENTIMENT_TRACEBACK =
  'Traceback (most recent call last):\n' +
  '  File "/usr/local/lib/python3.11/site-packages/label_studio_ml/exceptions.py", line 47, in exception_f\n' +
  '    return f(*args, **kwargs)\n' +
  '           ^^^^^^^^^^^^^^^^^^\n' +
  '  File "/usr/local/lib/python3.11/site-packages/label_studio_ml/api.py", line 75, in _setup\n' +
  '    model = MODEL_CLASS(project_id=project_id, label_config=label_config)\n' +
  '            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n' +
  '  File "/app/model.py", line 52, in setup\n' +
  '    self.classifier = build_classifier(self.model_dir, device=self.device)\n' +
  '                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n' +
  '  File "/app/classifier.py", line 118, in build_classifier\n' +
  '    weights = read_checkpoint(os.path.join(model_dir, "pytorch_model.bin"))\n' +
  '              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n' +
  '  File "/app/classifier.py", line 41, in read_checkpoint\n' +
  '    with open(path, "rb") as fh:\n' +
  '         ^^^^^^^^^^^^^^^^\n' +
  "FileNotFoundError: [Errno 2] No such file or directory: '/data/models/sentiment-distilbert/pytorch_model.bin'\n" +
  '\n' +
  'During handling of the above exception, another exception occurred:\n' +
  '\n' +
  'Traceback (most recent call last):\n' +
  '  File "/app/model.py", line 57, in setup\n' +
  '    raise RuntimeError(f"Model weights missing in {self.model_dir}; run training first") from err\n' +
  'RuntimeError: Model weights missing in /data/models/sentiment-distilbert; run training first\n';

const STREET_CONFIG =
  '<View>\n  <Image name="image" value="$image"/>\n  <RectangleLabels name="label" toName="image">\n    <Label value="Car" background="#FFA39E"/>\n' +
  '    <Label value="Person" background="#D4380D"/>\n  </RectangleLabels>\n  <PolygonLabels name="road" toName="image">\n    <Label value="Road" background="#597EF7"/>\n' +
  '    <Label value="Sidewalk" background="#95DE64"/>\n  </PolygonLabels>\n  <KeyPointLabels name="keypoints" toName="image">\n    <Label value="Head" background="#FADB14"/>\n' +
  '  </KeyPointLabels>\n  <Choices name="weather" toName="image" choice="single">\n    <Choice value="Sunny"/>\n    <Choice value="Rainy"/>\n    <Choice value="Night"/>\n' +
  '  </Choices>\n</View>';
const REVIEWS_CONFIG =
  '<View>\n  <Text name="text" value="$text"/>\n  <Choices name="sentiment" toName="text" choice="single">\n    <Choice value="Positive"/>\n    <Choice value="Negative"/>\n    <Choice value="Neutral"/>\n  </Choices>\n  <Labels name="ner" toName="text">\n    <Label value="PERSON"/>\n    <Label value="ORG"/>\n    <Label value="LOC"/>\n  </Labels>\n</View>';
const OCR_CONFIG =
  '<View>\n  <Image name="image" value="$ocr"/>\n  <Rectangle name="bbox" toName="image" strokeWidth="3"/>\n  <TextArea name="transcription" toName="image" editable="true" perRegion="true" required="true" maxSubmissions="1" rows="5" placeholder="Recognized Text" displayMode="region-list"/>\n</View>';
const MEDICAL_CONFIG =
  '<View>\n  <Text name="text" value="$text"/>\n  <Labels name="pii" toName="text">\n    <Label value="NAME"/>\n    <Label value="DATE"/>\n    <Label value="MRN"/>\n  </Labels>\n</View>';
const AUDIO_CONFIG =
  '<View>\n  <Audio name="audio" value="$audio"/>\n  <Labels name="speaker" toName="audio">\n    <Label value="Speaker 1"/>\n    <Label value="Speaker 2"/>\n  </Labels>\n</View>';
const SATELLITE_CONFIG =
  '<View>\n  <Image name="image" value="$image"/>\n  <BrushLabels name="mask" toName="image">\n    <Label value="Building"/>\n    <Label value="Road"/>\n    <Label value="Water"/>\n  </BrushLabels>\n</View>';

export async function seedSampleData(fake: FakeLabelStudio, ml: FakeMlServer): Promise<SampleData> {
  const downUrl = await closedPortUrl();
  const mlUrls = {
    yolo: ml.model('yolo', { modelVersion: 'yolo11m-det-2025.10.2', modelClass: 'YOLO' }),
    sentiment: ml.model('sentiment', {
      setup: 'error',
      setupError: {
        exception: 'RuntimeError',
        message: 'Model weights missing in /data/models/sentiment-distilbert; run training first',
        traceback: SENTIMENT_TRACEBACK,
      },
    }),
    'llm-ner': ml.model('llm-ner', {
      basicAuth: { user: 'ls-ml', pass: 's3cret-pass' },
      modelVersion: 'gpt-4o-mini-2024-07-18',
      modelClass: 'LLMInteractive',
    }),
    easyocr: ml.model('easyocr', { modelVersion: 'easyocr-1.7.1', modelClass: 'EasyOCR' }),
    segformer: ml.model('segformer', { modelVersion: 'segformer-b2-ade-512', healthDelayMs: 250, modelClass: 'SegFormer' }),
  };
  // Long multi-line tracebacks in error_message come from builds that copy the ML server's answer.
  fake.appendMlTraceback = true;

  const p = (title: string, daysAgo: number, extra: Omit<AddProjectInput, 'title'>) =>
    fake.addProject({ ...extra, title, created_at: isoDaysAgo(daysAgo) }).id;
  const projects = {
    streetScenes: p('Street scenes - detection', 60, {
      description: 'Dashcam frames',
      label_config: STREET_CONFIG,
      model_version: 'yolo-detector',
    }),
    productReviews: p('Product reviews - sentiment + NER', 45, {
      description: 'Customer reviews, batch 2025-Q4',
      label_config: REVIEWS_CONFIG,
      expert_instruction: '<p>Label the overall sentiment first, then tag entities.</p>',
      pinned_at: isoDaysAgo(10),
    }),
    invoices: p('Invoices OCR', 30, { label_config: OCR_CONFIG }),
    medical: p('Medical transcripts - PII redaction', 20, { label_config: MEDICAL_CONFIG, description: 'Contains synthetic PHI only' }),
    audio: p('Audio - speaker diarization', 12, { label_config: AUDIO_CONFIG, description: 'No ML backend yet' }),
    satellite: p('Satellite tiles - segmentation', 5, { label_config: SATELLITE_CONFIG }),
  };

  const add = (input: AddBackendInput) => fake.addBackend(input).id;
  const backends = {
    yolo: add({
      project: projects.streetScenes,
      url: mlUrls.yolo,
      title: 'yolo-detector',
      description: 'YOLO11 object detector for vehicles and people',
      model_version: 'yolo11m-det-2025.10.2',
    }),
    sam2: add({
      project: projects.streetScenes,
      url: `${downUrl}/sam2`,
      title: 'sam2-interactive',
      is_interactive: true,
      model_version: 'SAM2-hiera-large',
    }),
    sentiment: add({
      project: projects.productReviews,
      url: mlUrls.sentiment,
      title: 'sentiment-distilbert',
      description: 'DistilBERT fine-tuned on product reviews',
      timeout: 60,
    }),
    llmNer: add({
      project: projects.productReviews,
      url: mlUrls['llm-ner'],
      title: 'llm-ner',
      description: 'LLM-based NER with a prompt template',
      auth_method: 'BASIC_AUTH',
      basic_auth_user: 'ls-ml',
      basic_auth_pass: 's3cret-pass',
      extra_params: { temperature: 0.2, prompt: 'Extract PERSON, ORG and LOC entities from: {text}' },
      auto_update: false,
      model_version: 'gpt-4o-mini-2024-07-18',
    }),
    layoutlm: add({
      project: projects.invoices,
      url: `${downUrl}/layoutlm`,
      title: 'layoutlm-finetune',
      stickyState: 'TR',
      extra_params: { epochs: 3, learning_rate: 5e-5 },
      model_version: 'layoutlmv3-base-ft-0007',
    }),
    tesseract: add({
      project: projects.invoices,
      url: `${downUrl}/tesseract`,
      title: 'ocr-tesseract',
      description: 'Tesseract 5 OCR',
      stickyState: 'PR',
      timeout: 300,
      model_version: 'tesseract-5.3.0',
    }),
    untitled: add({ project: projects.invoices, url: mlUrls.easyocr, title: '', is_interactive: true }),
    hostile: add({
      project: projects.medical,
      url: `${downUrl}/pii`,
      title: HOSTILE_TITLE,
      description: '<i>description</i> with [a link](https://example.com)',
      error_message: HOSTILE_ERROR,
    }),
    slow: add({
      project: projects.satellite,
      url: mlUrls.segformer,
      title: 'segformer-tiles',
      description: 'Answers its health check slowly',
    }),
  };

  const images = [
    'https://data.example.com/dashcam/000123.jpg',
    'https://data.example.com/dashcam/000124.jpg',
    'https://data.example.com/dashcam/000125.jpg',
    'https://data.example.com/dashcam/000126.jpg',
  ];
  const streetTasks = images.map((image) => fake.addTask(projects.streetScenes, { image }));
  const reviewTasks = [];
  for (const text of [
    'Arrived quickly, works as described. Support from Acme Corp in Berlin was great.',
    'Stopped working after two days. Nobody at the Lisbon office answered.',
    'It is fine, I guess. My colleague Maria likes it more than I do.',
    'Terrible packaging, but the product itself is okay.',
    'Best purchase this year!',
  ]) {
    reviewTasks.push(fake.addTask(projects.productReviews, { text }));
  }
  const invoiceTask = fake.addTask(projects.invoices, { ocr: 'https://data.example.com/invoices/INV-2025-0001.png' });
  if (!fake.media.objectStore) fake.media.attachObjectStore(await FakeObjectStore.start());
  const inspector = seedInspectorData(fake, ml, { projects, streetTasks, reviewTasks, invoiceTask });

  if (fake.legacyTokens.length === 0) fake.legacyTokens.push('b0d4f3c1e2a94f6d8c7b5a3e1f0d2c4b6a8e9f01');
  return {
    legacyToken: fake.legacyTokens[0],
    pat: fake.issuePersonalAccessToken(),
    projects,
    backends,
    mlUrls,
    downUrl,
    inspector,
  };
}

export interface ManyProjectsOptions {
  projects: number;
  backendsPerProject: number;
  /** URL of every backend (e.g. a FakeMlServer model URL). */
  mlUrl: string;
}

/** Bulk data for pagination tests and benchmarks: "Project 001"... each with N backends on `mlUrl`. */
export function seedManyProjects(fake: FakeLabelStudio, options: ManyProjectsOptions): { projectIds: number[]; backendIds: number[] } {
  const projectIds: number[] = [];
  const backendIds: number[] = [];
  const width = String(options.projects).length;
  for (let i = 1; i <= options.projects; i++) {
    const project = fake.addProject({ title: `Project ${String(i).padStart(Math.max(3, width), '0')}` });
    projectIds.push(project.id);
    for (let j = 1; j <= options.backendsPerProject; j++) {
      backendIds.push(fake.addBackend({ project: project.id, url: options.mlUrl, title: `model-${i}-${j}` }).id);
    }
  }
  return { projectIds, backendIds };
}
