/**
 * extensionTestsPath of the inspector benchmark (runs inside VS Code's extension host, Test mode).
 * A fake Label Studio in this process serves a 4000×3000 image and a 1000×1000 image; the "answer"
 * holds 500 rectangles on the first and a 1000×1000 brush mask on the second. Opens the inspector
 * BENCH_INSPECTOR_RUNS times (the first is the cold open) and prints `BENCH_INSPECTOR {json}`.
 */
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { InspectorPanel } from '../../../src/vscode/inspector/inspectorPanel';
import { encodeRle, FakeLabelStudio, FakeMlServer, maskBytes, testPicture } from '../../fake';

const EXTENSION_ID = 'label-studio-community.label-studio-ml-backends';

export interface InspectorRun {
  /** show() called → webview's first report (fetching task, predictions, config, media included). */
  openMs: number;
  /** Fetching the task, stored predictions, config and both images through the client. */
  fetchMs: number;
  /** Of fetchMs: checking the answer and building the view model (core). */
  buildMs: number;
  /** Panel created → its script said "ready" (webview boot, while fetching). */
  bootMs: number;
  /** The page's trip from postMessage to the webview's handler. */
  transferMs: number;
  /** Inside the webview: message arrived → first frame painted with the regions (mask decoded). */
  paintMs: number;
  /** Inside the webview: message arrived → the pictures decoded too. */
  imageMs: number;
  /** Answer in hand → first paint with regions: build (core) + transfer + paint. */
  answerToPaintMs: number;
  drawn: number;
  masks: number;
}

export interface InspectorBenchResult {
  vscode: string;
  runs: InspectorRun[];
  imageBytes: number;
  answerBytes: number;
}

const CONFIG = `<View>
  <Image name="street" value="$street"/>
  <RectangleLabels name="label" toName="street"><Label value="Car" background="#FFA39E"/><Label value="Person"/><Label value="Bus"/></RectangleLabels>
  <Image name="tile" value="$tile"/>
  <BrushLabels name="mask" toName="tile"><Label value="Building"/></BrushLabels>
</View>`;

function answer(): unknown {
  const labels = ['Car', 'Person', 'Bus'];
  const result: unknown[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 500; i++) {
    result.push({
      id: `box-${i}`, from_name: 'label', to_name: 'street', type: 'rectanglelabels', original_width: 4000, original_height: 3000, score: rnd(),
      value: { x: rnd() * 90, y: rnd() * 90, width: 2 + rnd() * 8, height: 2 + rnd() * 8, rotation: rnd() < 0.2 ? 15 : 0, rectanglelabels: [labels[i % 3]] },
    });
  }
  const painted = (x: number, y: number) => (x - 500) ** 2 + (y - 500) ** 2 < 300 ** 2 || (y > 800 && x % 50 < 25);
  result.push({
    id: 'mask', from_name: 'mask', to_name: 'tile', type: 'brushlabels', original_width: 1000, original_height: 1000,
    value: { format: 'rle', rle: encodeRle(maskBytes(1000, 1000, painted)), brushlabels: ['Building'] },
  });
  return { model_version: 'bench-1', score: 0.5, result };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_INSPECTOR_RUNS ?? 6);
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api) throw new Error('no TestApi (extension mode is not Test?)');
  await api.ready;

  const ml = await FakeMlServer.start();
  const fake = await FakeLabelStudio.start({ latencyMs: 0 });
  const project = fake.addProject({ title: 'Bench', label_config: CONFIG });
  const backend = fake.addBackend({ project: project.id, url: ml.model('bench', {}), title: 'bench-model', is_interactive: true });
  const street = testPicture(4000, 3000, 1);
  const task = fake.addTask(project.id, {
    street: fake.media.addUpload(project.id, 'street.png', { contentType: 'image/png', body: street }),
    tile: fake.media.addUpload(project.id, 'tile.png', { contentType: 'image/png', body: testPicture(1000, 1000, 3) }),
  });
  const data = answer();
  const token = fake.issuePersonalAccessToken();
  await vscode.workspace.getConfiguration('labelStudio').update('servers', [{ url: fake.url, name: 'bench' }], vscode.ConfigurationTarget.Global);
  await api.tokens.set(fake.url, token);
  await api.controller.reload();
  await api.controller.refreshServer(fake.url);
  const entry = api.registry.entry(fake.url)!;
  await api.controller.refreshProject(fake.url, project.id);
  const target = { entry, project: entry.model.project(project.id)!, backend: entry.model.backend(backend.id)! };
  if (!target.project || !target.backend) throw new Error('the bench project did not load');
  await sleep(Number(process.env.BENCH_SETTLE_MS ?? 2000));

  const results: InspectorRun[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const panel: InspectorPanel = await api.inspector.show(target, task.id, data);
    const rendered = panel.lastRendered ?? (await panel.nextRender());
    const t = panel.times;
    results.push({
      openMs: (t.rendered ?? performance.now()) - t0,
      fetchMs: panel.loadTimes?.loadMs ?? NaN,
      buildMs: panel.loadTimes?.buildMs ?? NaN,
      bootMs: (t.ready ?? NaN) - t.created,
      transferMs: rendered.transferMs,
      paintMs: rendered.paintMs,
      imageMs: rendered.imageMs,
      answerToPaintMs: (panel.loadTimes?.buildMs ?? NaN) + rendered.transferMs + rendered.paintMs,
      drawn: rendered.drawn.length,
      masks: Object.values(rendered.masks).filter((n) => n > 0).length,
    });
    panel.panel.dispose();
    await sleep(300);
  }
  const result: InspectorBenchResult = { vscode: vscode.version, runs: results, imageBytes: street.length, answerBytes: JSON.stringify(data).length };
  console.log(`BENCH_INSPECTOR ${JSON.stringify(result)}`);
  await api.tokens.delete(fake.url);
  await vscode.workspace.getConfiguration('labelStudio').update('servers', [], vscode.ConfigurationTarget.Global);
  await fake.close();
  await ml.close();
}
