/**
 * The editor's view of a shape report (src/providers/editorShapes.ts): Problems entries and suppressions,
 * inlay hints, CodeLens titles, tensor hovers and notebook cell mapping, on real engine reports.
 * Numbers are worked by hand in the comments (LeNet-5: 61,706 parameters, 416,520 MACs — the README's figure).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../src/engine/shapes';
import { cellOfLine, compactCount, concatCells, hintsOf, hoverAt, ignoredCodes, lensesOf, problemsOf, reportForCell } from '../../src/providers/editorShapes';

const TORCH = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

// LeNet-5 on 32×32: conv1 (1·6·25+6 = 156), conv2 (6·16·25+16 = 2,416), fc1 (400·120+120 = 48,120),
// fc2 (120·84+84 = 10,164), fc3 (84·10+10 = 850): 61,706 parameters.
const LENET = `${TORCH}
class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

net = LeNet5()
net(torch.randn(1, 1, 32, 32))
`;

const lines = (src: string) => (n: number) => src.split('\n')[n - 1] ?? '';

describe('editor view of shape reports', () => {
  it('compact counts: 1,792 → 1.8K, 416,520 → 416.5K, 11,689,512 → 11.7M', () => {
    assert.deepEqual([compactCount(1792), compactCount(416520), compactCount(11689512), compactCount(950), compactCount(138357544), compactCount(null)], ['1.8K', '416.5K', '11.7M', '950', '138.4M', '?']);
  });

  it('CodeLens: params with commas, MACs compact, "Open shape calculator"; partial when unsure', () => {
    const lenses = lensesOf(analyzeSource(LENET));
    // MACs: conv1 6·25·28·28 = 117,600; conv2 16·150·10·10 = 240,000; fc 48,000 + 10,080 + 840: 416,520.
    assert.deepEqual(lenses.map((l) => [l.line, l.title, l.model]), [[5, '61,706 params · 416.5K MACs · Open shape calculator', 'LeNet5']]);
    const broken = LENET.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 4 * 4, 120)');
    assert.match(lensesOf(analyzeSource(broken))[0].title, /params \(partial\) · /);
  });

  it('inlay hints: output shape and params after each construction, shape after each forward assignment', () => {
    const hints = hintsOf(analyzeSource(LENET), { shapes: true, params: true, where: 'both' });
    const at = (line: number) => hints.filter((h) => h.line === line).map((h) => h.label);
    assert.deepEqual(at(8), [' → [1, 6, 28, 28] · 156 params']);
    assert.deepEqual(at(9), [' → [1, 6, 14, 14]'], 'a pool has no parameters: shape only');
    assert.deepEqual(at(11), [' → [1, 120] · 48.1K params']);
    assert.deepEqual(at(16), [': [1, 6, 14, 14]']);
    assert.deepEqual(at(18), [': [1, 400]']);
    // The hint sits right after the target name, like a type annotation: `x: [1, 400] = torch.flatten(x, 1)`.
    assert.equal(hints.find((h) => h.line === 18)!.column, 10);
    assert.match(hints.find((h) => h.line === 8)!.tooltip, /from the call on line 24/);
    const initOnly = hintsOf(analyzeSource(LENET), { shapes: true, params: false, where: 'init' });
    assert.ok(initOnly.every((h) => h.kind === 'layer' && !h.label.includes('params')));
    const forwardOnly = hintsOf(analyzeSource(LENET), { shapes: true, params: true, where: 'forward' });
    assert.ok(forwardOnly.length === 5 && forwardOnly.every((h) => h.kind === 'value'));
  });

  it('symbolic input: hints keep the symbols and the tooltip says how to set an input', () => {
    const src = LENET.replace(/\nnet = [\s\S]*$/, '\n');
    const hints = hintsOf(analyzeSource(src), { shapes: true, params: true, where: 'both' });
    const conv1 = hints.find((h) => h.line === 8)!;
    assert.equal(conv1.label, ' → [N, 6, H-4, W-4] · 156 params');
    assert.match(conv1.tooltip, /sizes are symbolic/);
  });

  it('problems: errors and warnings only, once per place, suppressed by # mllens: ignore[CODE] on the line', () => {
    const broken = LENET.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 4 * 4, 120)');
    const problems = problemsOf(analyzeSource(broken), lines(broken));
    assert.deepEqual(problems.map((p) => [p.line, p.code, p.severity]), [[19, 'MLS001', 'error']]);
    assert.equal(problems[0].fixes.length, 3);
    const ignored = broken.replace('x = F.relu(self.fc1(x))', 'x = F.relu(self.fc1(x))  # mllens: ignore[MLS001]');
    assert.deepEqual(problemsOf(analyzeSource(ignored), lines(ignored)), []);
    const otherCode = broken.replace('x = F.relu(self.fc1(x))', 'x = F.relu(self.fc1(x))  # mllens: ignore[MLS002]');
    assert.equal(problemsOf(analyzeSource(otherCode), lines(otherCode)).length, 1);
    assert.deepEqual([...ignoredCodes('x  # mllens: ignore')!], ['*']);
    assert.deepEqual([...ignoredCodes('x  # MLLens: ignore[mls001, MLS003]')!], ['MLS001', 'MLS003']);
    assert.equal(ignoredCodes('x = 1  # nothing'), undefined);
  });

  it('tensor hovers: a variable at a point in forward, a layer call input → output, a wrong argument', () => {
    const broken = LENET.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 4 * 4, 120)');
    const report = analyzeSource(broken);
    const text = lines(broken);
    const calleeEnd = (t: { line: number; column: number; endColumn: number }) => text(t.line).indexOf('(', t.column - 1) + 1;
    const fnStart = () => 15;
    const word = (line: number, w: string, nth = 0) => {
      let col = -1;
      for (let i = 0; i <= nth; i++) col = text(line).indexOf(w, col + 1);
      return { text: w, column: col + 1, endColumn: col + 1 + w.length };
    };
    // `x` used on line 18 (torch.flatten(x, 1)): the value assigned on line 17.
    const use = word(18, 'x', 1);
    assert.match(hoverAt(report, 18, use.column, use, calleeEnd, fnStart)!, /^`x`: `\[1, 16, 5, 5\]` · float32 · from `pool \(MaxPool2d\)` \(line 17\)/);
    // The target on line 18: the flattened value.
    const target = word(18, 'x');
    assert.match(hoverAt(report, 18, target.column, target, calleeEnd, fnStart)!, /^`x`: `\[1, 400\]` · float32 · from `torch\.flatten`/);
    // `self.conv2` in `self.conv2(x)`: that call's input → output.
    const conv2 = text(17).indexOf('self.conv2') + 6;
    assert.match(hoverAt(report, 17, conv2, undefined, calleeEnd, fnStart)!, /^\*\*`conv2`\*\* \\\(Conv2d\\\): `\[1, 6, 14, 14\]` → `\[1, 16, 10, 10\]`  \n\*input \\\[1, 1, 32, 32\\\] \\\(from the call on line 24\\\)\*$/);
    // The constructor argument that is wrong.
    const arg = text(11).indexOf('16 * 4') + 2;
    assert.match(hoverAt(report, 11, arg, undefined, calleeEnd, fnStart)!, /MLS001: Linear expects 256 input features/);
  });

  it('notebooks: cells concatenated, lines mapped back, input from a later cell, messages name the cell', () => {
    const cells = [
      { key: 'c1', text: 'import torch\nimport torch.nn as nn', python: true, index: 1 },
      { key: 'md', text: '# Model', python: false, index: 2 },
      {
        key: 'c3',
        text: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.fc = nn.Linear(8 * 28 * 28, 10)\n\n    def forward(self, x):\n        x = self.conv(x).flatten(1)\n        return self.fc(x)',
        python: true,
        index: 3,
      },
      { key: 'c4', text: '%matplotlib inline\nmodel = Net()\nout = model(torch.randn(8, 3, 32, 32))', python: true, index: 4 },
    ];
    const map = concatCells(cells);
    assert.deepEqual(map.starts, [1, 3, 12]);
    assert.deepEqual(cellOfLine(map, 14), { key: 'c4', line: 3 });
    const report = analyzeSource(map.text);
    // 32 − 3 + 1 = 30: the flatten gives 8·30·30 = 7,200, not 8·28·28 = 6,272.
    assert.deepEqual(report.models[0].input, [[8, 3, 32, 32]]);
    const { report: c3 } = reportForCell(report, map, 'c3');
    const d = c3.models[0].diagnostics.find((x) => x.severity === 'error')!;
    assert.equal(d.line, 9);
    assert.equal(d.message, 'Linear expects 6272 input features (in_features=6272) but gets 7200 = 8×30×30 (output of conv, line 8)');
    assert.deepEqual(d.fixes?.[0].edits.map((e) => [e.line, e.text]), [[5, '8 * 30 * 30']]);
    assert.deepEqual(c3.models[0].inputSource, { kind: 'call', label: 'call on cell 4, line 3', where: 'cell 4, line 3', line: undefined });
    assert.equal(lensesOf(c3)[0].line, 1);
    // The cell that only calls the model has no lens (the model is defined elsewhere) and no hints from Net.
    const { report: c4 } = reportForCell(report, map, 'c4');
    assert.deepEqual(lensesOf(c4), []);
  });

  it('the examples: the notebook analyses clean (25,610 parameters, as PyTorch counts), lenet_mistake.py has its one problem', () => {
    const nb = JSON.parse(readFileSync(join(__dirname, '../../examples/shapes_notebook.ipynb'), 'utf8')) as { cells: Array<{ cell_type: string; source: string[] }> };
    const map = concatCells(nb.cells.map((c, i) => ({ key: `c${i}`, text: c.source.join(''), python: c.cell_type === 'code', index: i + 1 })));
    const report = analyzeSource(map.text);
    const net = report.models.find((m) => m.name === 'TinyNet')!;
    // PyTorch 1.13: sum(p.numel()) = 25,610; TinyNet()(torch.randn(8, 3, 32, 32)).shape = [8, 10].
    assert.equal(net.totalParams, 25610);
    assert.deepEqual(net.output, [8, 10]);
    assert.equal(net.inputSource.kind, 'call');
    assert.deepEqual(problemsOf(report, () => ''), []);
    const lenet = readFileSync(join(__dirname, '../../examples/lenet_mistake.py'), 'utf8');
    // PyTorch: "mat1 and mat2 shapes cannot be multiplied (32x400 and 256x120)".
    const problems = problemsOf(analyzeSource(lenet), lines(lenet));
    assert.deepEqual(problems.map((p) => [p.code, p.message]), [['MLS001', 'Linear expects 256 input features (in_features=256) but gets 400 = 16×5×5 (output of conv2 after pool, line 19)']]);
  });
});

