/**
 * WorkerEngineClient (the EngineClient the extension uses) against the in-memory vscode fake and a real
 * engine worker thread (the TypeScript entry through tsx): results per document version, the bounded wait,
 * superseded versions, background re-analysis after edits, and everything per document dropped on close.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { nodeEngineWorker } from '../../../src/engine/worker/nodeWorker';
import { SettingsService } from '../../../src/providers/settings';
import { WorkerEngineClient } from '../../../src/providers/workerEngineClient';
import type { EngineReportEvent } from '../../../src/providers/engineClient';
import * as vscode from '../fakes/vscode';

const WORKER = join(__dirname, '..', '..', '..', 'src', 'engine', 'worker', 'main.ts');
const spawn = nodeEngineWorker({ file: WORKER, execArgv: ['--require', require.resolve('tsx/cjs')] });

// Linear(10, 20): 220 parameters; Linear(20, 5): 105; total 325.
const MLP = 'import torch.nn as nn\n\n# input: [4, 10]\nmodel = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))\n';

describe('WorkerEngineClient (fake VS Code, real worker)', function () {
  this.timeout(60_000);
  let settings: SettingsService;
  let client: WorkerEngineClient;
  const events: EngineReportEvent[] = [];

  beforeEach(() => {
    vscode.fake.reset();
    settings = new SettingsService();
    client = new WorkerEngineClient(settings, spawn, () => undefined);
    events.length = 0;
    client.onDidReport((e) => events.push(e));
  });
  afterEach(() => {
    client.dispose();
    settings.dispose();
  });

  const doc = (text: string, name = 'model.py', language = 'python') => new vscode.InMemoryDocument(`file:///w/${name}`, text, language);
  const asDoc = (d: vscode.InMemoryDocument) => d as unknown as import('vscode').TextDocument;

  it('analyses a Python document in the worker, caches it per version and tells listeners', async () => {
    const d = doc(MLP);
    const first = await client.report(asDoc(d));
    assert.equal(first?.status, 'ok');
    assert.equal(first?.report.models[0].totalParams, 325);
    assert.equal(client.latest(d.uri.toString()), first);
    assert.equal(await client.report(asDoc(d)), first, 'the same version is answered from the cache');
    assert.equal(client.stats.completed, 1);
    assert.deepEqual(
      events.map((e) => [e.uri, e.version]),
      [[d.uri.toString(), 1]],
    );
    assert.equal(await client.report(asDoc(doc('# notes', 'notes.md', 'markdown'))), undefined, 'not Python');
  });

  it('a file over mlLens.index.maxFileSizeMB is not sent to the engine', async () => {
    vscode.fake.set('mlLens.index.maxFileSizeMB', 0.1);
    const big = doc(`${MLP}# ${'x'.repeat(120_000)}\n`);
    assert.equal(await client.report(asDoc(big)), undefined);
    assert.equal(client.stats.starts, 0, 'the worker never started');
  });

  it('with a wait, answers undefined when the result is late; the result still lands and is cached', async () => {
    const d = doc(MLP);
    // The worker is not even started yet: nothing can be ready within 1 ms.
    assert.equal(await client.report(asDoc(d), undefined, 1), undefined);
    const landed = await new Promise<EngineReportEvent>((resolve) => client.onDidReport(resolve));
    assert.equal(landed.result.report.models[0].totalParams, 325);
    assert.equal(await client.report(asDoc(d), undefined, 1), landed.result, 'the next hover finds it at once');
  });

  it('an older version requested before a newer one is superseded (undefined); only the newest lands', async () => {
    const d = doc(MLP);
    const older = client.report(asDoc(d));
    d.setText(MLP.replace('nn.Linear(20, 5)', 'nn.Linear(20, 3)'));
    const newer = client.report(asDoc(d));
    const [a, b] = await Promise.all([older, newer]);
    assert.equal(a, undefined);
    // Linear(20, 3): 63; total 220 + 63 = 283.
    assert.equal(b?.report.models[0].totalParams, 283);
    assert.deepEqual(
      events.map((e) => e.version),
      [2],
    );
  });

  it('an edit to a visible Python document is re-analysed in the background', async () => {
    const d = doc(MLP);
    vscode.window.visibleTextEditors = [{ document: d }];
    await client.report(asDoc(d));
    d.setText(MLP.replace('nn.Linear(20, 5)', 'nn.Linear(20, 1)'));
    const landed = new Promise<EngineReportEvent>((resolve) => client.onDidReport(resolve));
    vscode.fake.onDidChangeTextDocument.fire({ document: d, contentChanges: [{}] });
    const e = await landed;
    // Linear(20, 1): 21; total 241.
    assert.equal(e.version, 2);
    assert.equal(e.result.report.models[0].totalParams, 241);
    vscode.window.visibleTextEditors = [];
  });

  it('closing a document drops everything kept for it', async () => {
    const d = doc(MLP);
    await client.report(asDoc(d));
    assert.equal(client.trackedDocuments, 1);
    d.isClosed = true;
    vscode.fake.onDidCloseTextDocument.fire(d);
    assert.equal(client.trackedDocuments, 0);
    assert.equal(client.latest(d.uri.toString()), undefined);
  });
});
