/**
 * The shape calculator's table model: tree, ×N folding, depth, MACs/FLOPs, memory estimates and copies.
 * Expected numbers are worked by hand in the comments; the engine only supplies the rows.
 */
import { strict as assert } from 'assert';
import { analyzeSource, type ModelReport } from '../../../src/engine/shapes';
import {
  DEFAULT_VIEW,
  buildTree,
  costLabel,
  costValue,
  memoryEstimate,
  rowAt,
  tableCsv,
  tableJson,
  tableMarkdown,
  visibleRows,
  type TableView,
} from '../../../src/webviews/shapes/table';

const NET = `import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.conv(x)) + x


# input: [1, 3, 16, 16]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.layer1 = nn.Sequential(Block(8), Block(8), Block(8))
        self.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.head = nn.Linear(8, 10)

    def forward(self, x):
        x = self.layer1(self.stem(x))
        x = x.mean((2, 3))
        for b in self.blocks:
            x = b(x)
        return self.head(x)
`;

function net(): ModelReport {
  const m = analyzeSource(NET).models.find((x) => x.name === 'Net');
  assert.ok(m, 'Net is analysed');
  return m;
}

const view = (v: Partial<TableView> = {}): TableView => ({ ...DEFAULT_VIEW, ...v });
const labels = (model: ModelReport, v: Partial<TableView> = {}) => visibleRows(buildTree(model), view(v)).map((r) => `${'  '.repeat(r.level - 1)}${r.node.label}${r.node.count ? ` ×${r.node.count}` : ''}`);

describe('shape calculator table', () => {
  it('builds the module tree by path, with a group for a ModuleList forward() calls item by item', () => {
    const tree = buildTree(net());
    assert.deepEqual(
      tree.map((n) => [n.path, n.kind, n.children.map((c) => c.path)]),
      [
        ['stem', 'layer', []],
        ['layer1', 'layer', ['layer1.0', 'layer1.1', 'layer1.2']],
        ['blocks', 'group', ['blocks.0', 'blocks.1']],
        ['head', 'layer', []],
      ],
    );
    const blocks = tree[2];
    // Two Linear(8, 8): 8·8 + 8 = 72 parameters each; on [1, 8]: 1·8·8 = 64 MACs each.
    assert.equal(blocks.params, 144);
    assert.equal(blocks.macs, 128);
    assert.deepEqual(blocks.input, [[1, 8]]);
    assert.deepEqual(blocks.output, [1, 8]);
  });

  it('folds identical numbered blocks into one ×N row with the run’s sums', () => {
    assert.deepEqual(labels(net()), ['stem', 'layer1', '  layer1.0–2 ×3', 'blocks', '  blocks.0–1 ×2', 'head']);
    const rows = visibleRows(buildTree(net()), view());
    const run = rows[2].node;
    // Block(8): Conv2d(8, 8, 3) = 8·8·9 + 8 = 584 parameters; ×3 = 1,752.
    assert.equal(run.params, 1752);
    // Each conv: 1·8·16·16 = 2,048 outputs × 8·9 = 72 weights = 147,456 MACs; ×3 = 442,368.
    assert.equal(run.macs, 442368);
    assert.equal(run.type, 'Block');
    assert.deepEqual(run.output, [1, 8, 16, 16]);
  });

  it('a folded run opens onto its blocks, and folding can be switched off', () => {
    const opened = labels(net(), { toggled: ['×layer1.0'] });
    assert.deepEqual(opened.slice(2, 6), ['  layer1.0–2 ×3', '    layer1.0', '      layer1.0.conv', '      layer1.0.act']);
    const flat = labels(net(), { foldRepeats: false });
    assert.deepEqual(flat.slice(1, 5), ['layer1', '  layer1.0', '    layer1.0.conv', '    layer1.0.act']);
    assert.equal(flat.length, 1 + 1 + 3 * 3 + 1 + 2 + 1);
  });

  it('blocks that differ are not folded', () => {
    const src = NET.replace('nn.Sequential(Block(8), Block(8), Block(8))', 'nn.Sequential(Block(8), nn.Conv2d(8, 8, 1), Block(8))');
    assert.deepEqual(labels(analyzeSource(src).models.find((m) => m.name === 'Net')!, { foldRepeats: true }).slice(1, 5), [
      'layer1',
      '  layer1.0',
      '    layer1.0.conv',
      '    layer1.0.act',
    ]);
  });

  it('the depth control hides deeper paths; collapsing hides children', () => {
    assert.deepEqual(labels(net(), { maxDepth: 1 }), ['stem', 'layer1', 'blocks', 'head']);
    assert.deepEqual(labels(net(), { toggled: ['layer1#0'] }), ['stem', 'layer1', 'blocks', '  blocks.0–1 ×2', 'head']);
    const rows = visibleRows(buildTree(net()), view({ maxDepth: 1 }));
    assert.equal(rows[1].expandable, false, 'nothing below depth 1 is shown, so layer1 has nothing to expand');
  });

  it('the MACs/FLOPs switch doubles every count and names the convention', () => {
    assert.equal(costLabel({ flops: false }), 'MACs');
    assert.equal(costLabel({ flops: true }), 'FLOPs');
    assert.equal(costValue(442368, { flops: true }), 884736);
    assert.equal(costValue(null, { flops: true }), null);
    const md = tableMarkdown('net.py', net(), view({ flops: true }), 'float32');
    assert.match(md, /\| Layer \| Type \| Input \| Output \| Params \| FLOPs \|/);
    assert.match(md, /FLOPs = 2 × MACs/);
  });

  it('training memory with Adam, worked by hand', () => {
    const model = { totalParams: 1000, trainableParams: 800, nonTrainableParams: 200, activationBytes: 40000 } as ModelReport;
    // fp32: weights 1,000·4 = 4,000; gradients 800·4 = 3,200; Adam 2·800·4 = 6,400;
    // saved activations 40,000 B (10,000 elements · 4); total 53,600 B.
    const m32 = memoryEstimate(model, 'float32');
    assert.deepEqual(m32.training, { weights: 4000, gradients: 3200, adam: 6400, savedActivations: 40000, total: 53600 });
    assert.equal(m32.parameters, 4000);
    // fp16 halves everything: 2,000 + 1,600 + 3,200 + 20,000 = 26,800.
    const m16 = memoryEstimate(model, 'float16');
    assert.equal(m16.training.total, 26800);
    assert.equal(m16.activations, 20000);
    // A symbolic batch: 4,096·N bytes at fp32 = 1,024·N elements → fp16 2,048·N; total 6,800 + 2,048·N.
    const sym = memoryEstimate({ ...model, activationBytes: '4096*N' }, 'float16');
    assert.equal(sym.activations, '2048*N');
    assert.equal(sym.training.total, '2048*N+6800');
    // Unknown activations leave the total unknown.
    assert.equal(memoryEstimate({ ...model, activationBytes: null }, 'float32').training.total, null);
  });

  it('rowAt finds the innermost construction site under the cursor', () => {
    const m = net();
    const lines = NET.split('\n');
    const stemLine = lines.findIndex((l) => l.includes('self.stem')) + 1;
    const col = lines[stemLine - 1].indexOf('nn.Conv2d') + 3;
    const i = rowAt(m, stemLine, col);
    assert.equal(i === undefined ? undefined : m.layers[i].path, 'stem');
    assert.equal(rowAt(m, 1, 1), undefined);
  });

  it('copies: Markdown escapes pipes and backticks, CSV defuses formulas, JSON is the CLI contract', () => {
    const hostile: ModelReport = {
      ...net(),
      name: 'Evil|`name`',
      layers: net().layers.map((r, i) => (i === 0 ? { ...r, path: '=HYPERLINK("x")', type: 'A|B' } : r)),
    };
    const md = tableMarkdown('dir/a|b.py', hostile, view(), 'float32');
    assert.ok(md.includes('Evil\\|\\`name\\`'), md.split('\n')[0]);
    assert.ok(md.includes('A\\|B'));
    const csv = tableCsv(hostile, view());
    assert.ok(csv.split('\n')[1].startsWith(`"'=HYPERLINK(""x"")",1,`), csv.split('\n')[1]);
    // Raw numbers in CSV: 3·8·9 + 8 = 224 parameters for the stem; 1·8·16·16 · 27 = 55,296 MACs.
    assert.ok(csv.split('\n')[1].endsWith(',224,224,0,55296'), csv.split('\n')[1]);
    const report = analyzeSource(NET);
    const json = JSON.parse(tableJson(report, net()));
    assert.deepEqual(Object.keys(json), ['file', 'models', 'diagnostics']);
    assert.equal(json.models.length, 1);
    assert.equal(json.models[0].totalParams, 224 + 1752 + 144 + 90);
  });

  it('diagnostics land on the row of the module that was running', () => {
    const src = 'import torch.nn as nn\n\n# input: [4, 10]\nclass Bad(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(10, 20)\n        self.b = nn.Linear(30, 5)\n\n    def forward(self, x):\n        return self.b(self.a(x))\n';
    const tree = buildTree(analyzeSource(src).models[0]);
    assert.equal(tree[0].diagnostics.length, 0);
    assert.equal(tree[1].diagnostics.length, 1);
    assert.match(tree[1].diagnostics[0].message, /in_features=30.*gets 20/);
  });
});
