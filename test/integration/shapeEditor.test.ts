/**
 * Shapes where the code is, in the real extension host: Problems entries with quick fixes, inlay hints,
 * CodeLens and tensor hovers, on Python files and a notebook with the model across cells. Expected numbers are
 * worked by hand (conv: out = in − k + 1; pool 2: out = in // 2).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, openDocument, positionOf, waitFor } from './helpers';

// LeNet on 32×32: 32 → conv 5 → 28 → pool → 14 → conv 5 → 10 → pool → 5: fc1 receives 16·5·5 = 400, not 256.
const BROKEN = `import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


if __name__ == "__main__":
    model = LeNet()
    print(model(torch.randn(32, 1, 32, 32)).shape)
`;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ML Lens');
}

async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(() => (ours(uri).length === count ? ours(uri) : undefined), 15000, `${count} ML Lens diagnostics on ${uri.toString()}`);
}

function labelOf(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

async function hints(doc: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  return waitFor(async () => {
    const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range);
    return h && h.length ? h : undefined;
  }, 15000, 'inlay hints');
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return waitFor(async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ml = (l ?? []).filter((x) => x.command?.command === 'mlLens.openShapes');
    return ml.length ? ml : undefined;
  }, 15000, 'code lenses');
}

async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n---\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

async function example(name: string): Promise<vscode.TextDocument> {
  const extension = vscode.extensions.all.find((e) => e.id.endsWith('.ml-lens'))!;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(extension.extensionUri, 'examples', name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('shapes in the editor: diagnostics, quick fixes, hints, lenses, tensor hovers', () => {
  before(async () => {
    await api();
  });
  afterEach(closeAllEditors);

  it('a shape mismatch is a Problems entry on the call, with code, both sizes and where the value came from', async () => {
    const doc = await openDocument('python', BROKEN);
    const [d] = await diagnosticsOf(doc.uri, 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.code, 'MLS001');
    assert.equal(d.message, 'Linear expects 256 input features (in_features=256) but gets 400 = 16×5×5 (output of conv2 after pool, line 17)');
    assert.equal(doc.getText(d.range), 'self.fc1(x)');
    assert.deepEqual(
      d.relatedInformation?.map((r) => [r.location.range.start.line + 1, doc.getText(r.location.range)]),
      [
        [17, 'self.pool(F.relu(self.conv2(x)))'],
        [12, '16 * 4 * 4'],
      ],
    );
  });

  it('the quick fix rewrites in_features, and the Problems entry goes away', async () => {
    const doc = await openDocument('python', BROKEN);
    const [d] = await diagnosticsOf(doc.uri, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Change in_features to 16 * 5 * 5'), JSON.stringify(titles));
    assert.ok(titles.includes('Change in_features to 400'), JSON.stringify(titles));
    assert.ok(titles.includes('Use `nn.LazyLinear` (infers in_features from the input)'), JSON.stringify(titles));
    assert.ok(titles.includes('Ignore MLS001 on this line'), JSON.stringify(titles));
    const fix = actions.find((a) => a.title === 'Change in_features to 16 * 5 * 5')!;
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(doc.lineAt(11).text, '        self.fc1 = nn.Linear(16 * 5 * 5, 120)');
    await diagnosticsOf(doc.uri, 0);
    // The fixes are offered on the wrong argument too (where there is no squiggle).
    const doc2 = await openDocument('python', BROKEN);
    await diagnosticsOf(doc2.uri, 1);
    const onArg = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc2.uri, new vscode.Range(positionOf(doc2, '16 * 4 * 4'), positionOf(doc2, '16 * 4 * 4')));
    assert.ok(onArg.some((a) => a.title === 'Change in_features to 400'), JSON.stringify(onArg.map((a) => a.title)));
  });

  it('# mllens: ignore[MLS001] on the line silences it; mlLens.diagnostics.enabled = false clears all', async () => {
    const silenced = await openDocument('python', BROKEN.replace('x = F.relu(self.fc1(x))', 'x = F.relu(self.fc1(x))  # mllens: ignore[MLS001]'));
    const doc = await openDocument('python', BROKEN);
    await diagnosticsOf(doc.uri, 1);
    assert.equal(ours(silenced.uri).length, 0);
    const config = vscode.workspace.getConfiguration('mlLens');
    try {
      await config.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
      await diagnosticsOf(doc.uri, 0);
    } finally {
      await config.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsOf(doc.uri, 1);
  });

  it('diagnostics are cleared when the file closes', async () => {
    const doc = await openDocument('python', BROKEN);
    await diagnosticsOf(doc.uri, 1);
    // Revert and close: the untitled document is disposed, which is what "the file closes" means to VS Code.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => (doc.isClosed ? true : undefined), 15000, 'the document to close');
    assert.equal(ours(doc.uri).length, 0);
  });

  it('inlay hints on the example CNN: output shape and params after constructions, shapes after assignments', async () => {
    const doc = await example('cnn_pytorch.py');
    const all = await hints(doc);
    const on = (needle: string) => {
      const line = positionOf(doc, needle).line;
      return all.filter((h) => h.position.line === line).map(labelOf);
    };
    // Conv2d(3, 32, 3, padding=1) on [8, 3, 32, 32]: [8, 32, 32, 32]; 32·3·9 + 32 = 896 parameters.
    assert.deepEqual(on('nn.Conv2d(3, width'), [' → [8, 32, 32, 32] · 896 params']);
    // Linear(64, 10): 64·10 + 10 = 650 parameters.
    assert.deepEqual(on('self.head = nn.Linear'), [' → [8, 10] · 650 params']);
    // forward: x = torch.flatten(x, 1) → [8, 64].
    assert.deepEqual(on('x = torch.flatten'), [': [8, 64]']);
    const tip = all.find((h) => labelOf(h) === ': [8, 64]')!.tooltip as vscode.MarkdownString;
    assert.match(tip.value, /torch\.flatten/);
  });

  it('CodeLens above each model: params, MACs, and a click opens the shape calculator on it', async () => {
    const doc = await example('cnn_pytorch.py');
    const [lens] = await lenses(doc.uri);
    // Totals (README): 20,234 parameters, 44,831,744 MACs.
    assert.equal(lens.command?.title, '20,234 params · 44.8M MACs · Open shape calculator');
    assert.deepEqual(lens.command?.arguments, [doc.uri.toString(), 'SmallCNN']);
    assert.equal(lens.range.start.line, positionOf(doc, 'class SmallCNN').line);
  });

  it('tensor hovers: a variable in forward and a layer call show their shapes', async () => {
    const doc = await openDocument('python', BROKEN);
    await (await api()).engine.report(doc);
    // `x` read by torch.flatten on line 18: the value of line 17, [32, 16, 5, 5].
    const line18 = doc.lineAt(17).text;
    const use = new vscode.Position(17, line18.indexOf('(x') + 1);
    assert.match(await hoverText(doc, use), /`x`: `\[32, 16, 5, 5\]` · float32 · from `pool \(MaxPool2d\)` \(line 17\)/);
    const conv2 = positionOf(doc, 'self.conv2(x)');
    assert.match(await hoverText(doc, conv2), /\*\*`conv2`\*\* \(Conv2d\): `\[32, 6, 14, 14\]` → `\[32, 16, 10, 10\]`/);
    // The layer's own card hover carries its problem.
    const linear = await hoverText(doc, positionOf(doc, 'nn.Linear(16'));
    assert.match(linear, /Error MLS001:\*\* Linear expects 256 input features/);
  });

  it('a notebook: model in one cell, call in a later cell; problems, hints and lenses land in the right cells', async () => {
    const cells = [
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch\nimport torch.nn as nn', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# The model', 'markdown'),
      new vscode.NotebookCellData(
        vscode.NotebookCellKind.Code,
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.fc = nn.Linear(8 * 28 * 28, 10)\n\n    def forward(self, x):\n        x = self.conv(x).flatten(1)\n        return self.fc(x)',
        'python',
      ),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'model = Net()\nout = model(torch.randn(8, 3, 32, 32))', 'python'),
    ];
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells));
    await vscode.window.showNotebookDocument(nb);
    const modelCell = nb.cellAt(2).document;
    // 32 − 3 + 1 = 30: the flatten gives 8·30·30 = 7,200 features, not 8·28·28 = 6,272.
    const [d] = await diagnosticsOf(modelCell.uri, 1);
    assert.equal(d.message, 'Linear expects 6272 input features (in_features=6272) but gets 7200 = 8×30×30 (output of conv, line 8)');
    assert.equal(modelCell.getText(d.range), 'self.fc(x)');
    const [lens] = await lenses(modelCell.uri);
    assert.match(lens.command!.title, /^\d[\d,]* params \(partial\) · .* MACs · Open shape calculator$/);
    const h = await hints(modelCell);
    assert.ok(h.some((x) => labelOf(x) === ': [8, 7200]'), JSON.stringify(h.map(labelOf)));
    // The fix edits the model's cell.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', modelCell.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change in_features to 8 * 30 * 30')!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(modelCell.lineAt(4).text, '        self.fc = nn.Linear(8 * 30 * 30, 10)');
    await diagnosticsOf(modelCell.uri, 0);
  });

  it('In This File follows a notebook: the cards of all its cells, not the previous file', async () => {
    const { inThisFile } = await api();
    await openDocument('markdown', 'Notes on batch normalization.\n');
    await waitFor(async () => ((await inThisFile.getChildren()).some((n) => n.kind === 'card') ? true : undefined), 5000, 'the Markdown file in the view');
    const nb = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch.nn as nn\nact = nn.GELU()', 'python'),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'GELU avoids vanishing gradients.', 'markdown'),
      ]),
    );
    await vscode.window.showNotebookDocument(nb);
    const titles = await waitFor(async () => {
      const nodes = await inThisFile.getChildren();
      const t = nodes.filter((n) => n.kind === 'card').map((n) => (n.kind === 'card' ? `${n.title} ×${n.hits.length}` : ''));
      return t.includes('GELU ×2') ? t : undefined;
    }, 5000, 'the notebook cards');
    assert.ok(!titles.some((t) => t.startsWith('Batch Normalization')), JSON.stringify(titles));
    const gelu = (await inThisFile.getChildren()).find((n) => n.kind === 'card' && n.title === 'GELU')!;
    const occurrences = await inThisFile.getChildren(gelu);
    assert.deepEqual(occurrences.map((o) => inThisFile.getTreeItem(o).description), ['cell 1, line 2', 'cell 2, line 1']);
  });

  it('an input set in the shape calculator is the input of the hints and Problems too', async () => {
    const doc = await openDocument('python', BROKEN);
    await diagnosticsOf(doc.uri, 1);
    const { calculator } = await api();
    await vscode.commands.executeCommand('mlLens.openShapes', doc.uri.toString(), 'LeNet');
    try {
      // 28×28 instead of the call's 32×32: 28 → 24 → 12 → 8 → 4, so fc1 receives 16·4·4 = 256 = in_features.
      await calculator.receive({ type: 'setInputs', uri: doc.uri.toString(), model: 'LeNet', settings: { inputs: [{ shape: '2, 1, 28, 28', dtype: 'float32' }], ctorArgs: '' } });
      await diagnosticsOf(doc.uri, 0);
      const h = await waitFor(async () => {
        const all = await hints(doc);
        return all.some((x) => labelOf(x) === ': [2, 256]') ? all : undefined;
      }, 15000, 'hints with the calculator input');
      assert.ok(h.some((x) => labelOf(x) === ' → [2, 6, 24, 24] · 156 params'), JSON.stringify(h.map(labelOf)));
    } finally {
      await calculator.receive({ type: 'resetInputs', uri: doc.uri.toString(), model: 'LeNet' });
    }
    await diagnosticsOf(doc.uri, 1);
  });
});

