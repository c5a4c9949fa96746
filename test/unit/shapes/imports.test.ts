/**
 * Imports across files through the engine API (no file system): `modules` supplies other modules' text,
 * relative imports resolve against the analysed file's package, star imports follow `__all__`, what could
 * not be read is listed in `missingImports`, and a changed imported module changes the result.
 * Parameter counts are worked by hand: Linear(i, o) has i·o + o parameters, Conv2d(c, k, 3) has c·k·9 + k.
 */
import { strict as assert } from 'node:assert';
import { analyzeSource, ShapeAnalyzer } from '../../../src/engine/shapes';
import { absoluteImport } from '../../../src/engine/shapes/eval/modules';

const BLOCKS = `
import torch.nn as nn

__all__ = ["Block"]


class Block(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.fc = nn.Linear(i, o)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x))


class Hidden(nn.Module):
    pass
`;

describe('shapes: imports across files', () => {
  it('resolves relative import names against the importing module', () => {
    assert.equal(absoluteImport('<local>.blocks.Block', { name: 'pkg.models.net', isPackage: false }), 'pkg.models.blocks.Block');
    assert.equal(absoluteImport('<local>.^.ops.misc.X', { name: 'pkg.models.net', isPackage: false }), 'pkg.ops.misc.X');
    assert.equal(absoluteImport('<local>.blocks', { name: 'pkg', isPackage: true }), 'pkg.blocks');
    assert.equal(absoluteImport('<local>.blocks', undefined), 'blocks');
    assert.equal(absoluteImport('torch.nn', undefined), 'torch.nn');
  });

  it('reads a sibling module given in `modules` (from x import Name)', () => {
    const src = `import torch.nn as nn\nfrom blocks import Block\n\n# input: [2, 4]\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b1 = Block(4, 8)\n        self.b2 = Block(8, 3)\n\n    def forward(self, x):\n        return self.b2(self.b1(x))\n`;
    const r = analyzeSource(src, { modules: { blocks: BLOCKS } });
    const m = r.models.find((x) => x.name === 'Net')!;
    assert.equal(m.totalParams, 4 * 8 + 8 + 8 * 3 + 3);
    assert.deepEqual(m.output, [2, 3]);
    assert.equal(m.complete, true);
    assert.deepEqual(m.layers.map((l) => l.path), ['b1', 'b1.fc', 'b1.act', 'b2', 'b2.fc', 'b2.act']);
    // Layers built in the other module say so.
    assert.equal(m.layers[1].file, 'blocks.py');
    assert.equal(r.missingImports, undefined);
  });

  it('relative imports inside a package, and star imports honour __all__', () => {
    const src = `import torch.nn as nn\nfrom .layers import *\nfrom ..common import WIDTH\n\n# input: [1, 4]\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = Block(4, WIDTH)\n\n    def forward(self, x):\n        return self.b(x)\n\n\nhidden = Hidden\n`;
    const r = analyzeSource(src, {
      moduleName: 'proj.models.net',
      modules: { 'proj.models.layers': BLOCKS, 'proj.common': { source: 'WIDTH = 6\n', file: 'proj/common.py' } },
    });
    const m = r.models.find((x) => x.name === 'Net')!;
    assert.equal(m.totalParams, 4 * 6 + 6);
    assert.deepEqual(m.output, [1, 6]);
    // `Hidden` is not in __all__: not imported.
    assert.ok(!r.models.some((x) => x.name === 'hidden'));
  });

  it('lists the project modules it could not read, never library ones, and the model is partial', () => {
    const src = `import torch\nimport numpy as np\nimport torch.nn as nn\nfrom unet_parts import *\nfrom .utils import helper\n\n# input: [1, 3, 8, 8]\nclass UNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.inc = DoubleConv(3, 8)\n\n    def forward(self, x):\n        return self.inc(x)\n`;
    const r = analyzeSource(src, { moduleName: 'app.model' });
    assert.deepEqual(r.missingImports, ['app.utils', 'unet_parts']);
    const m = r.models.find((x) => x.name === 'UNet')!;
    assert.equal(m.complete, false);
  });

  it('a changed imported module changes the result of a ShapeAnalyzer (no stale cache)', () => {
    const src = `import torch.nn as nn\nfrom cfg import WIDTH\n\n# input: [1, 4]\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, WIDTH)\n\n    def forward(self, x):\n        return self.fc(x)\n`;
    const a = new ShapeAnalyzer();
    const r1 = a.update(src, undefined, { modules: { cfg: 'WIDTH = 2\n' } });
    assert.equal(r1.models[0].totalParams, 4 * 2 + 2);
    const r2 = a.analyze({ modules: { cfg: 'WIDTH = 5\n' } });
    assert.equal(r2.models[0].totalParams, 4 * 5 + 5);
    const r3 = a.analyze({ modules: { cfg: 'WIDTH = 2\n' } });
    assert.equal(r3.models[0].totalParams, 10);
  });

  it('a model imported from another file and built by this file (main()) is analysed with those arguments', () => {
    const src = `import argparse\nfrom blocks import Block\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--width", type=int, default=7)\n\n\ndef main():\n    opt = parser.parse_args()\n    model = Block(4, opt.width)\n\n\nif __name__ == "__main__":\n    main()\n`;
    const r = analyzeSource(src, { modules: { blocks: BLOCKS }, inputs: { '*': [[3, 4]] } });
    const m = r.models.find((x) => x.name === 'Block')!;
    assert.ok(m, JSON.stringify(r.diagnostics));
    assert.equal(m.totalParams, 4 * 7 + 7);
    assert.deepEqual(m.output, [3, 7]);
    assert.equal(m.complete, true);
  });

  it('--model with a call expression builds the model with those arguments; without them the model is partial and says how to give them', () => {
    const src = `import torch.nn as nn\n\n# input: [1, 5]\nclass Net(nn.Module):\n    def __init__(self, hidden, classes=2):\n        super().__init__()\n        self.fc1 = nn.Linear(5, hidden)\n        self.fc2 = nn.Linear(hidden, classes)\n\n    def forward(self, x):\n        return self.fc2(self.fc1(x))\n`;
    const ok = analyzeSource(src, { model: 'Net(hidden=10, classes=3)' }).models[0];
    assert.equal(ok.totalParams, 5 * 10 + 10 + 10 * 3 + 3);
    assert.equal(ok.complete, true);
    const viaCalls = analyzeSource(src, { modelCalls: { Net: 'Net(4)' } }).models[0];
    assert.equal(viaCalls.totalParams, 5 * 4 + 4 + 4 * 2 + 2);
    const missing = analyzeSource(src, { model: 'Net' }).models[0];
    assert.equal(missing.complete, false);
    assert.ok(missing.diagnostics.some((d) => /needs constructor arguments \(hidden\)/.test(d.message) && d.code === 'MLS109'), JSON.stringify(missing.diagnostics));
  });
});
