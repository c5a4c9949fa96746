/**
 * The shape calculator panel in a real VS Code host: the command opens a webview tab, the webview's messages
 * reach the extension and the extension's reach the webview, a row's reveal selects the right source range,
 * edits refresh the table, and the panel follows the active editor without stale data.
 * Expected numbers are worked by hand from PyTorch's formulas in the comments.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DocumentState } from '../../src/webviews/shapes/messages';
import { api, closeAllEditors, openDocument, waitFor } from './helpers';

const CNN = `import torch.nn as nn


# input: [1, 3, 224, 224]
class TinyCNN(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.conv = nn.Conv2d(3, width, 3, stride=2, padding=1)
        self.act = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        x = self.pool(self.act(self.conv(x)))
        return self.head(x.flatten(1))
`;

/** The calculator's state once it shows a finished report for this version of `doc` (untitled URIs are reused). */
async function readyFor(doc: vscode.TextDocument, what = 'a report'): Promise<DocumentState> {
  const { calculator } = await api();
  return waitFor(() => {
    const s = calculator.current;
    return s.uri === doc.uri.toString() && s.status === 'ready' && s.version === doc.version ? s : undefined;
  }, 10000, what);
}

function calculatorTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlLens.shapes'));
}

describe('shape calculator panel', () => {
  afterEach(closeAllEditors);

  it('mlLens.openShapes opens a webview tab named after the file, and the webview answers', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    const ready = new Promise<void>((resolve) => {
      const sub = calculator.host.onDidReceiveMessage((m) => {
        if (m.type === 'ready') {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('mlLens.openShapes');
    const tab = await waitFor(calculatorTab, 10000, 'a calculator webview tab');
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    // The webview rendered and said 'ready' (webview → extension); the extension answered with the report.
    await ready;
    const state = await readyFor(doc);
    assert.equal(tab.label, `Shapes: ${doc.uri.path.split('/').pop()}`);
    const model = state.report?.models.find((m) => m.name === 'TinyCNN');
    assert.ok(model, 'TinyCNN is shown');
    // Conv2d(3, 64, 3, stride=2, padding=1) on [1, 3, 224, 224]: (224 + 2 − 3)//2 + 1 = 112;
    // params 64·3·3·3 + 64 = 1,792.
    const conv = model.layers.find((r) => r.path === 'conv')!;
    assert.deepEqual(conv.output, [1, 64, 112, 112]);
    assert.equal(conv.params, 1792);
    assert.equal(calculator.host.rejectedMessages, 0);
  });

  it('a row reveal selects that layer’s source range in the editor', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes', doc.uri.toString(), 'TinyCNN');
    const state = await readyFor(doc);
    const head = state.report!.models[0].layers.find((r) => r.path === 'head')!;
    // What the webview sends when the `head` row is clicked.
    await calculator.receive({ type: 'reveal', uri: doc.uri.toString(), range: { line: head.line, column: head.column, endLine: head.endLine, endColumn: head.endColumn } });
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document === doc && e.selection.start.line === 10), 5000, 'the head line selected');
    // `self.head = nn.Linear(width, 10)` is line 11 (index 10); the selection is the constructor call.
    assert.equal(doc.getText(editor.selection), 'nn.Linear(width, 10)');
    // Invalid messages are refused, not dispatched.
    const before = calculator.host.rejectedMessages;
    await calculator.receive({ type: 'reveal', uri: doc.uri.toString(), range: { line: 0, column: -1, endLine: 1, endColumn: 1 } });
    await calculator.receive({ type: 'runCommand', command: 'workbench.action.quit' });
    assert.equal(calculator.host.rejectedMessages, before + 2);
  });

  it('an edit refreshes the table; the cursor on a layer highlights its row', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    await readyFor(doc);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc)!;
    const at = doc.getText().indexOf('width=64');
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'width=64'.length)), 'width=16'));
    // width 16: conv 16·27 + 16 = 448; head 16·10 + 10 = 170; total 618.
    const state = await waitFor(() => (calculator.current.report?.models[0]?.totalParams === 618 ? calculator.current : undefined), 5000, 'the table to follow the edit');
    assert.equal(state.version, doc.version);

    const headAt = doc.getText().indexOf('nn.Linear');
    editor.selection = new vscode.Selection(doc.positionAt(headAt + 3), doc.positionAt(headAt + 3));
    const model = state.report!.models[0];
    const index = model.layers.findIndex((r) => r.path === 'head');
    await waitFor(() => (calculator.current.highlight === index ? true : undefined), 5000, 'the head row highlighted');
  });

  it('half-typed code keeps a partial table with the problem, never an empty panel', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    await readyFor(doc);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc)!;
    const at = doc.getText().indexOf('10)\n');
    // `self.head = nn.Linear(width, ` — the user is in the middle of typing the call.
    await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3))));
    const state = await readyFor(doc, 'the half-typed version');
    const model = state.report!.models.find((m) => m.name === 'TinyCNN');
    assert.ok(model, 'the model is still shown');
    assert.ok(model.layers.length >= 3, `rows: ${model.layers.map((r) => r.path).join(', ')}`);
    assert.equal(model.complete, false);
    assert.ok(model.diagnostics.some((d) => d.line === 11), JSON.stringify(model.diagnostics.map((d) => [d.line, d.message])));
  });

  it('follows the active editor and always names the file it shows', async () => {
    const { calculator } = await api();
    const first = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    await readyFor(first, 'the first file');
    const second = await openDocument('python', 'import torch.nn as nn\n\n# input: [2, 8]\nmlp = nn.Sequential(nn.Linear(8, 4), nn.ReLU())\n');
    const state = await readyFor(second, 'the second file');
    assert.deepEqual(state.report?.models.map((m) => m.name), ['mlp']);
    assert.ok(!state.report?.models.some((m) => m.name === 'TinyCNN'), 'no stale model from the other file');
    const prose = await openDocument('markdown', '# notes\n');
    const note = await waitFor(() => (calculator.current.uri === prose.uri.toString() ? calculator.current : undefined), 10000, 'the Markdown file named');
    assert.equal(note.report, null);
    assert.match(note.note, /is not a Python file/);
  });

  it('remembers inputs per file and model, and reports bad ones', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    await readyFor(doc);
    const uri = doc.uri.toString();
    await calculator.receive({ type: 'setInputs', uri, model: 'TinyCNN', settings: { inputs: [{ shape: 'N, 3, 64, 64', dtype: 'float16' }], ctorArgs: '' } });
    // (64 + 2 − 3)//2 + 1 = 32
    const state = await waitFor(() => (JSON.stringify(calculator.current.report?.models[0].layers[0].output) === '["N",64,32,32]' ? calculator.current : undefined), 5000, 'the new input');
    assert.deepEqual(state.settings.TinyCNN.inputs, [{ shape: 'N, 3, 64, 64', dtype: 'float16' }]);
    await calculator.receive({ type: 'setInputs', uri, model: 'TinyCNN', settings: { inputs: [{ shape: '1, 3, banana!', dtype: 'float32' }], ctorArgs: '' } });
    const bad = await waitFor(() => (calculator.current.inputErrors.TinyCNN?.length ? calculator.current : undefined), 5000, 'an input error');
    assert.match(bad.inputErrors.TinyCNN[0], /is not a shape/);
    await calculator.receive({ type: 'resetInputs', uri, model: 'TinyCNN' });
    await waitFor(() => (JSON.stringify(calculator.current.report?.models[0].layers[0].output) === '[1,64,112,112]' ? true : undefined), 5000, 'the file’s own input');
  });

  it('a model whose constructor needs arguments is listed, and analysed once they are given', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', 'import torch.nn as nn\n\n\nclass SuperRes(nn.Module):\n    def __init__(self, upscale_factor):\n        super().__init__()\n        self.conv = nn.Conv2d(1, upscale_factor ** 2, 3, padding=1)\n        self.shuffle = nn.PixelShuffle(upscale_factor)\n\n    def forward(self, x):\n        return self.shuffle(self.conv(x))\n');
    await vscode.commands.executeCommand('mlLens.openShapes');
    const waiting = await readyFor(doc);
    // Nothing in the file builds SuperRes, so it is a model of its own: listed, partial, and saying which
    // constructor arguments it needs (MLS109) — never a total presented as final.
    const listed = waiting.report?.models.find((m) => m.name === 'SuperRes');
    const needs = waiting.report?.needsArguments?.find((n) => n.name === 'SuperRes');
    assert.ok(listed || needs, 'SuperRes is listed');
    if (listed) {
      assert.equal(listed.complete, false);
      assert.ok(listed.diagnostics.some((d) => d.code === 'MLS109' && /upscale_factor/.test(d.message)), JSON.stringify(listed.diagnostics));
    } else assert.deepEqual(needs, { name: 'SuperRes', line: 4, column: 7, params: ['upscale_factor'] });
    assert.equal(waiting.model, 'SuperRes');
    await calculator.receive({ type: 'setInputs', uri: doc.uri.toString(), model: 'SuperRes', settings: { inputs: [{ shape: '1, 1, 32, 32', dtype: 'float32' }], ctorArgs: 'upscale_factor=3' } });
    const built = await waitFor(() => calculator.current.report?.models.find((m) => m.name === 'SuperRes' && m.complete), 5000, 'SuperRes built with upscale_factor=3');
    // Conv2d(1, 9, 3, padding=1): 9·1·9 + 9 = 90 parameters; PixelShuffle(3): [1, 9, 32, 32] → [1, 1, 96, 96].
    assert.equal(built.totalParams, 90);
    assert.deepEqual(built.output, [1, 1, 96, 96]);
  });

  it('copies the table as Markdown, CSV and the CLI’s JSON', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    await readyFor(doc);
    const view = { foldRepeats: true, maxDepth: 8, flops: false, toggled: [] };
    const uri = doc.uri.toString();
    await calculator.receive({ type: 'copy', uri, model: 'TinyCNN', format: 'markdown', view });
    const md = await vscode.env.clipboard.readText();
    assert.match(md, /\| conv \| Conv2d \| \[1, 3, 224, 224\] \| \[1, 64, 112, 112\] \| 1,792 \| /);
    await calculator.receive({ type: 'copy', uri, model: 'TinyCNN', format: 'csv', view: { ...view, flops: true } });
    const csv = await vscode.env.clipboard.readText();
    // FLOPs = 2 × MACs = 2 · (1·64·112·112 outputs · 27) = 43,352,064
    assert.ok(csv.split('\n')[1].startsWith('conv,1,Conv2d,1,'), csv);
    assert.ok(csv.split('\n')[1].endsWith(',1792,1792,0,43352064'), csv);
    await calculator.receive({ type: 'copy', uri, model: 'TinyCNN', format: 'json', view });
    const json = JSON.parse(await vscode.env.clipboard.readText());
    assert.equal(json.models[0].name, 'TinyCNN');
    assert.equal(json.models[0].layers[0].macs, 21676032);
  });
});
