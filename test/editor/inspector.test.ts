/**
 * The prediction inspector in real VS Code against the fake Label Studio: an image, a text and a
 * brush task. What the webview drew (read from its DOM) equals the answer's regions minus those the
 * checker says Label Studio drops, which are listed instead; the webview's HTML and state hold no
 * token, its CSP allows no network, and a hidden panel comes back without fetching again.
 */
import * as assert from 'node:assert/strict';
import vscode = require('vscode');
import { checkPrediction } from '../../src/core/predictions/check';
import { parseLabelConfig } from '../../src/core/predictions/labelConfig';
import { decodeRle } from '../../src/core/predictions/rle';
import type { InspectorPanel } from '../../src/vscode/inspector/inspectorPanel';
import type { InspectorStrings, RenderedMessage } from '../../src/vscode/inspector/webview/protocol';
import type { TreeNode } from '../../src/core/view/treeNodes';
import { HOSTILE_TITLE } from '../fake/sampleData';
import { runWithAnswers, setServers, usedSecrets, waitFor, withSampleSuite } from './helpers';

const DRAWN_TYPES = new Set(['rectanglelabels', 'rectangle', 'polygonlabels', 'keypointlabels', 'ellipselabels', 'brushlabels', 'labels']);

describe('Prediction inspector', function () {
  this.timeout(60_000);
  const suite = withSampleSuite();
  beforeEach(async () => {
    await setServers([{ url: suite.fakes.ls.url }]);
    await suite.api.tokens.set(suite.fakes.ls.url, suite.fakes.sample.legacyToken);
    await suite.api.controller.reload();
    await suite.api.controller.refreshAll();
    for (const id of Object.values(suite.fakes.sample.backends)) {
      const b = suite.fakes.ls.getBackend(id);
      if (b) b.is_interactive = true;
    }
    suite.fakes.ls.resetRequests();
  });
  afterEach(async () => {
    for (const p of [...suite.api.inspector.panels]) p.panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const url = () => suite.fakes.ls.url;
  const backendNode = (projectId: number, backendId: number): TreeNode => ({
    type: 'backend',
    id: `backend|${url()}|${projectId}|${backendId}`,
    baseUrl: url(),
    projectId,
    backendId,
  });

  /** Runs Show Predictions on a task and waits for the webview's first report. */
  async function inspect(
    projectId: number,
    backendId: number,
    taskId: number,
    context = '',
  ): Promise<{ panel: InspectorPanel; rendered: RenderedMessage }> {
    const before = suite.api.inspector.panels.length;
    await runWithAnswers(suite.api, 'labelStudio.showPredictions', [`Task ${taskId}`, context], backendNode(projectId, backendId));
    const panel = await waitFor(
      'the inspector panel',
      () => suite.api.inspector.panels.length > before && suite.api.inspector.panels[suite.api.inspector.panels.length - 1],
    );
    const rendered = panel.lastRendered ?? (await panel.nextRender());
    return { panel, rendered };
  }

  function checkDrawn(
    panel: InspectorPanel,
    rendered: RenderedMessage,
    answer: { result: Array<{ type: string; to_name: string }> },
    findings: ReturnType<typeof checkPrediction>['findings'],
  ): void {
    const dropped = new Set(findings.filter((f) => f.severity === 'dropped' && f.regionIndex !== undefined).map((f) => f.regionIndex!));
    const objectNames = new Set(panel.page!.versions[0].objects.map((o) => o.name));
    const regions = answer.result.map((r, i) => ({ r, i })).filter(({ r }) => DRAWN_TYPES.has(r.type) && objectNames.has(r.to_name));
    const shouldDraw = regions.filter(({ i }) => !dropped.has(i)).map(({ i }) => `r${i}`);
    assert.deepEqual([...rendered.drawn].sort(), shouldDraw.sort(), "drawn = the answer's regions minus the dropped ones");
    assert.deepEqual([...new Set(rendered.dropped)].sort(), [...dropped].map((i) => `r${i}`).sort(), 'every dropped region is listed');
    for (const d of panel.page!.versions[0].dropped) assert.ok(d.message && d.fix, `${d.pathText} has a reason and a fix`);
  }

  /** The answer Label Studio relayed, as the extension received it (its "Open as JSON" source). */
  async function freshAnswer(panel: InspectorPanel): Promise<{ result: Array<{ type: string; to_name: string }> }> {
    const editor = await suite.api.inspector.openJson(panel, 'fresh');
    assert.ok(editor);
    return JSON.parse(editor.document.getText());
  }

  it('an image task: shapes drawn; every mistake class listed as dropped with its reason; findings as diagnostics', async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const { panel, rendered } = await inspect(projects.streetScenes, backends.yolo, inspector.tasks.streetMistakes);
    assert.equal(panel.panel.viewType, 'labelStudio.predictions');
    assert.equal(panel.panel.title, `Predictions · task ${inspector.tasks.streetMistakes}`);
    const answer = await freshAnswer(panel);
    const config = await parseLabelConfig(suite.fakes.ls.getProject(projects.streetScenes)!.label_config ?? '');
    const { findings } = checkPrediction(config, answer, { imageSizes: { image: inspector.imageSizes[inspector.tasks.streetMistakes] } });
    assert.ok(findings.filter((f) => f.severity === 'dropped').length >= 3, 'the mistakes answer has dropped regions');
    checkDrawn(panel, rendered, answer, findings);
    assert.deepEqual(
      panel.page!.versions[0].objects[0].size,
      inspector.imageSizes[inspector.tasks.streetMistakes],
      'the real image size, read from the fetched PNG',
    );

    // Open as JSON: each finding is a diagnostic on exactly the value it is about.
    const doc = vscode.window.activeTextEditor!.document;
    const diagnostics = suite.api.inspector.answers!.diagnosticsOf(doc.uri);
    assert.equal(diagnostics.length, findings.length);
    const caseFinding = diagnostics.find((d) => /rectanglelabels\[0\]$/.test(String(d.code)) && doc.getText(d.range) === '"car"');
    assert.ok(caseFinding, `a diagnostic on "car": ${diagnostics.map((d) => `${d.code}=${doc.getText(d.range)}`).join(', ')}`);
    assert.equal(caseFinding.severity, vscode.DiagnosticSeverity.Error);
    const pathDiagnostic = diagnostics.find((d) => String(d.code).endsWith('.to_name'));
    assert.equal(pathDiagnostic && doc.getText(pathDiagnostic.range), '"img"');
  });

  it('"the backend now" next to what Label Studio stored, by model version', async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const { panel } = await inspect(projects.streetScenes, backends.yolo, inspector.tasks.streetClean);
    const titles = panel.page!.versions.map((v) => v.title);
    assert.deepEqual(titles, ['The backend now', ...inspector.storedVersions.map((v) => `Stored · ${v}`)]);
    const fresh = panel.page!.versions[0];
    assert.equal(
      fresh.comparedWith,
      `Stored · ${inspector.storedVersions[0]}`,
      'compared with the stored prediction of the same model version',
    );
    assert.ok(fresh.differing > 0, 'the shifted box and the person differ');
    assert.ok(suite.fakes.ls.requests.some((r) => r.path === `/api/predictions/?task=${inspector.tasks.streetClean}`));
  });

  it('a text task: labelled spans drawn on the text, the choice listed, the webview made no request and holds no token', async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const { panel, rendered } = await inspect(projects.productReviews, backends.llmNer, inspector.tasks.reviewClean);
    const answer = await freshAnswer(panel);
    const config = await parseLabelConfig(suite.fakes.ls.getProject(projects.productReviews)!.label_config ?? '');
    const task = suite.fakes.ls.tasks.find((t) => t.id === inspector.tasks.reviewClean)!;
    const { findings } = checkPrediction(config, answer, { texts: { text: String(task.data.text) } });
    checkDrawn(panel, rendered, answer, findings);
    assert.ok(rendered.drawn.length >= 2);
    const text = panel.page!.versions[0].objects[0];
    assert.deepEqual(
      text.answers.map((a) => a.text),
      ['Positive'],
    );
    assert.ok(rendered.names.some((n) => /ORG/.test(n)));

    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'none'/);
    assert.match(csp, /img-src data: blob:(;|$)/);
    assert.match(csp, /script-src 'nonce-[^']+'(;|$)/);
    assert.doesNotMatch(csp, /https?:|\*/, 'no host is allowed for anything');
    assert.deepEqual(panel.panel.webview.options.localResourceRoots, []);
    for (const text of [html, rendered.html, rendered.state]) {
      const leaked = usedSecrets().filter((s) => text.includes(s));
      assert.deepEqual(leaked, [], 'no token in the webview');
      assert.ok(!text.includes(url()), 'no Label Studio URL in the webview');
    }
    assert.doesNotMatch(
      rendered.html,
      /<(img|image|iframe|link|script)[^>]+(src|href)="(https?:|\/\/)/i,
      'nothing in the page points at the network',
    );
  });

  it('a brush task: both masks decoded and painted pixel for pixel', async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const { panel, rendered } = await inspect(projects.satellite, backends.slow, inspector.tasks.satelliteClean);
    const answer = (await freshAnswer(panel)) as unknown as {
      result: Array<{ type: string; to_name: string; original_width: number; original_height: number; value: { rle: number[] } }>;
    };
    const config = await parseLabelConfig(suite.fakes.ls.getProject(projects.satellite)!.label_config ?? '');
    const { findings } = checkPrediction(config, answer, { imageSizes: { image: inspector.imageSizes[inspector.tasks.satelliteClean] } });
    checkDrawn(panel, rendered, answer, findings);
    answer.result.forEach((r, i) => {
      const pixels = decodeRle(r.value.rle, r.original_width, r.original_height);
      let painted = 0;
      for (let k = 3; k < pixels.length; k += 4) if (pixels[k]) painted++;
      assert.ok(painted > 0);
      assert.equal(rendered.masks[`r${i}`], painted, `mask r${i}`);
    });
  });

  it("the webview's fixed words come from the host (the user's language), drawn as text", async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const { panel, rendered } = await inspect(projects.streetScenes, backends.yolo, inspector.tasks.streetMistakes);
    assert.ok(rendered.html.includes('>Open as JSON<'), 'English by default (the tests run in English)');
    assert.ok(panel.panel.webview.html.includes(`<html lang="${vscode.env.language}">`), "the page says the editor's language");
    // Mark every word the host sends: the page drawn again must show only the marked words.
    const marked = Object.fromEntries(
      Object.entries(panel.strings).map(([key, text]) => [key, `⟦${text}⟧`]),
    ) as unknown as InspectorStrings;
    panel.strings = marked;
    const next = panel.nextRender();
    panel.show(panel.page!, {});
    const { html } = await next;
    const regions = panel.page!.versions[0].objects.flatMap((o) => o.regions).length;
    const dropped = panel.page!.versions[0].dropped.length;
    for (const text of [
      '>⟦Open as JSON⟧<',
      `>⟦Regions (${regions})⟧<`,
      `>⟦Dropped by Label Studio (${dropped})⟧<`,
      '>⟦Selected⟧<',
      '>⟦Select a region to see its JSON.⟧<',
      'aria-label="⟦Prediction versions⟧"',
      'aria-label="⟦The task⟧"',
      'aria-label="⟦JSON of the selected region⟧"',
    ])
      assert.ok(html.includes(text), `drawn with the host's words: ${text}`);
    assert.match(html, /class="subtitle">⟦ML backend: [^⟧<]+⟧</, 'the subtitle template filled in the webview');
    for (const english of ['>Open as JSON<', '>Selected<', '>Regions (', '>Dropped by Label Studio (', 'aria-label="The task"'])
      assert.ok(!html.includes(english), `no fixed English word of the webview's own: ${english}`);
  });

  it('a hostile label and backend title show as text; a hidden panel comes back without fetching again', async () => {
    const { projects, backends, inspector } = suite.fakes.sample;
    const hostile = {
      id: 'x',
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 360,
      value: { x: 1, y: 1, width: 10, height: 10, rotation: 0, rectanglelabels: [HOSTILE_TITLE] },
    };
    suite.fakes.ml.updateModel('yolo', {
      predictionsByTask: {
        [inspector.tasks.streetClean]: {
          result: [hostile, { ...hostile, id: 'ok', value: { ...hostile.value, rectanglelabels: ['Car'] } }],
        },
      },
    });
    suite.fakes.ls.getBackend(backends.yolo)!.title = HOSTILE_TITLE;
    await suite.api.controller.refreshProject(url(), projects.streetScenes);
    const { panel, rendered } = await inspect(projects.streetScenes, backends.yolo, inspector.tasks.streetClean);
    assert.deepEqual(rendered.drawn, ['r1']);
    assert.deepEqual([...new Set(rendered.dropped)], ['r0'], 'a label that is not in the config is listed as dropped');
    const escaped = '**bold** &lt;img src=x onerror=alert(1)&gt; [run](command:workbench.action.terminal.new)';
    assert.ok(rendered.html.includes(`ML backend: ${escaped}`), 'the backend title shows as text');
    assert.ok(rendered.html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the label shows as text in the dropped list');
    assert.doesNotMatch(rendered.html, /<img src="?x/i, 'no element was made from server text');

    const requests = suite.fakes.ls.requests.length;
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await waitFor('the panel to be hidden', () => !panel.panel.visible);
    const restored = panel.nextRender();
    panel.panel.reveal();
    const again = await restored;
    assert.equal(panel.readyCount, 2, 'the webview was re-created and asked again');
    assert.deepEqual(again.drawn, rendered.drawn);
    assert.equal(suite.fakes.ls.requests.length, requests, 'nothing fetched again');
  });
});
