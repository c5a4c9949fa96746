/**
 * The shape engine inside the editor: hover cards on a layer carry that layer's numbers, and the Shapes view
 * shows the file's models and follows edits. Expected numbers are worked by hand from PyTorch's formulas.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, hoverAt, openDocument, waitFor } from './helpers';

const CNN = `import torch
import torch.nn as nn


# input: [8, 3, 32, 32]
class SmallCNN(nn.Module):
    def __init__(self, num_classes=10, width=32):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, kernel_size=3, padding=1),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, kernel_size=3, padding=1),
            nn.AdaptiveAvgPool2d(1),
        )
        self.head = nn.Linear(2 * width, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.head(torch.flatten(x, 1))
`;

describe('shape engine in the editor', () => {
  afterEach(closeAllEditors);

  it('a hover on a layer shows its input and output shapes, parameters and MACs', async () => {
    const doc = await openDocument('python', CNN);
    // A hover waits only briefly for the engine (a worker thread, started on first use); let it finish once.
    const result = await (await api()).engine.report(doc);
    assert.equal(result?.status, 'ok');
    const conv = await hoverAt(doc, 'nn.Conv2d');
    assert.ok(conv, 'no hover on nn.Conv2d');
    // Conv2d(3, 32, 3, padding=1) on [8, 3, 32, 32]: out 32×32 (32 + 2 - 3 + 1);
    // params 32·3·3·3 + 32 = 896; MACs 8·32·32·32 outputs × 3·3·3 weights each = 7,077,888.
    assert.ok(conv.markdown.includes('**In `SmallCNN`** · `features.0` (Conv2d)'), conv.markdown);
    assert.ok(conv.markdown.includes('`[8, 3, 32, 32]` → `[8, 32, 32, 32]` · 896 parameters · 7,077,888 MACs'), conv.markdown);

    const second = await hoverAt(doc, 'nn.Conv2d', 1);
    // After MaxPool2d(2): [8, 32, 16, 16] → Conv2d(32, 64, 3, padding=1) → [8, 64, 16, 16];
    // params 64·32·9 + 64 = 18,496; MACs 8·64·16·16 × 32·9 = 37,748,736.
    assert.ok(second?.markdown.includes('`[8, 32, 16, 16]` → `[8, 64, 16, 16]` · 18,496 parameters · 37,748,736 MACs'), second?.markdown);

    const head = await hoverAt(doc, 'nn.Linear');
    // Linear(64, 10) on [8, 64]: params 64·10 + 10 = 650; MACs 8·64·10 = 5,120.
    assert.ok(head?.markdown.includes('`[8, 64]` → `[8, 10]` · 650 parameters · 5,120 MACs'), head?.markdown);
  });

  it('mlLens.hover.shapes = false leaves the numbers out', async () => {
    const doc = await openDocument('python', CNN);
    const config = vscode.workspace.getConfiguration('mlLens');
    try {
      await config.update('hover.shapes', false, vscode.ConfigurationTarget.Global);
      const conv = await hoverAt(doc, 'nn.Conv2d');
      assert.ok(conv && !conv.markdown.includes('parameters ·'), conv?.markdown);
    } finally {
      await config.update('hover.shapes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the hover’s Shapes link opens the calculator on that model with the layer’s row highlighted', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    const conv = await waitFor(async () => {
      const h = await hoverAt(doc, 'nn.Conv2d', 1);
      return h?.markdown.includes('parameters ·') ? h : undefined;
    }, 10000, 'a hover with numbers');
    const args = [doc.uri.toString(), 'SmallCNN', 'features.4'];
    assert.ok(conv.markdown.includes(`command:mlLens.openShapes?${encodeURIComponent(JSON.stringify(args))}`), conv.markdown);
    await vscode.commands.executeCommand('mlLens.openShapes', ...args);
    const state = await waitFor(() => (calculator.current.uri === doc.uri.toString() && calculator.current.status === 'ready' && calculator.current.version === doc.version ? calculator.current : undefined), 10000, 'a report');
    const model = state.report!.models.find((m) => m.name === state.model)!;
    assert.equal(model.name, 'SmallCNN');
    assert.equal(state.highlight === null ? undefined : model.layers[state.highlight].path, 'features.4');
  });

  it('the shape calculator shows the file’s models and follows edits', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', CNN);
    await vscode.commands.executeCommand('mlLens.openShapes');
    const state = await waitFor(() => (calculator.current.uri === doc.uri.toString() && calculator.current.status === 'ready' && calculator.current.version === doc.version ? calculator.current : undefined), 10000, 'a report');
    const model = state.report?.models.find((m) => m.name === 'SmallCNN');
    // 896 + 64 (BatchNorm γ, β) + 18,496 + 650 = 20,106
    assert.equal(model?.line, 6);
    assert.equal(model?.totalParams, 20106);

    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('width=32');
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'width=32'.length)), 'width=16'));
    // width 16: 448 + 32 + (32·16·9 + 32 = 4,640) + (32·10 + 10 = 330) = 5,450
    await waitFor(() => (calculator.current.report?.models[0]?.totalParams === 5450 ? true : undefined), 5000, 'the calculator to follow the edit');
  });

  it('a shape mismatch is on the calculator row of the layer, with both shapes', async () => {
    const { calculator } = await api();
    const doc = await openDocument('python', 'import torch.nn as nn\n\n# input: [4, 10]\nclass Bad(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(10, 20)\n        self.b = nn.Linear(30, 5)\n\n    def forward(self, x):\n        return self.b(self.a(x))\n');
    await vscode.commands.executeCommand('mlLens.openShapes');
    const state = await waitFor(() => (calculator.current.uri === doc.uri.toString() && calculator.current.report?.models[0]?.name === 'Bad' ? calculator.current : undefined), 10000, 'the Bad model');
    const error = state.report!.models[0].diagnostics.find((d) => d.severity === 'error');
    assert.equal(error?.line, 11);
    assert.equal(error?.path, 'b', 'the error belongs to the row of self.b');
    assert.match(error!.message, /30.*20/);
  });
});
