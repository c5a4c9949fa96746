/**
 * Instance calls: what a variable holds, from the file's own assignments, annotations and notebook cells.
 * `opt.step()` after `opt = torch.optim.AdamW(...)` reaches the optimizer's step; where the type is not
 * certain there is no hover at all.
 */
import * as assert from 'node:assert/strict';
import { cellVariables } from '../../src/engine/terms/codeIndex';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import { realVocabulary } from '../helpers/content';

/** The hit at the n-th occurrence of `needle` (at its middle). */
function at(source: string, needle: string, nth = 0, extra: Partial<Parameters<typeof indexDocument>[0]> = {}) {
  let pos = -1;
  for (let i = 0; i <= nth; i++) pos = source.indexOf(needle, pos + 1);
  assert.ok(pos >= 0, `"${needle}" not in source`);
  const index = indexDocument({ text: source, languageId: 'python', ...extra }, realVocabulary());
  // Aim at the middle of the last dotted part: `opt.step` → the `step` a user hovers.
  const last = needle.slice(needle.lastIndexOf('.') + 1);
  return index.at(pos + needle.length - last.length + Math.floor(last.length / 2));
}

const TRAINING = `import torch
import torch.nn as nn
from torch.utils.data import DataLoader

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8, 10)
        self.criterion = nn.CrossEntropyLoss()

    def forward(self, x):
        x = self.conv(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)

    def loss(self, out, y):
        return self.criterion(out, y)

model = Net()
model = model.to("cpu")
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)
criterion = nn.CrossEntropyLoss()
loader = DataLoader(ds, batch_size=64)
for epoch in range(10):
    model.train()
    for xb, yb in loader:
        out = model(xb)
        loss = criterion(out, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    sched.step()
    model.eval()
    with torch.no_grad():
        t = torch.cat([xb, xb], dim=0)
        flat = t.view(t.size(0), -1)
`;

describe('instance calls', () => {
  it('opt = torch.optim.AdamW(...) → opt.step() and opt.zero_grad() reach the Optimizer methods', () => {
    const step = at(TRAINING, 'opt.step');
    assert.equal(step?.cardId, 'api.torch.optim.Optimizer.step');
    assert.equal(TRAINING.slice(step!.from, step!.to), 'step', 'the hover covers the method name');
    assert.deepEqual(step?.receiver, { name: 'opt', type: 'torch.optim.AdamW' });
    assert.equal(at(TRAINING, 'opt.zero_grad')?.cardId, 'api.torch.optim.Optimizer.zero_grad');
  });

  it('the constructor itself reaches the optimizer card', () => {
    assert.equal(at(TRAINING, 'torch.optim.AdamW')?.cardId, 'api.torch.optim.AdamW');
  });

  it('sched.step() reaches the scheduler base', () => {
    assert.equal(at(TRAINING, 'sched.step')?.cardId, 'api.torch.optim.lr_scheduler.LRScheduler');
  });

  it('model = Net() with class Net(nn.Module) → model.eval(), model.train(), model.parameters(), model.to()', () => {
    assert.equal(at(TRAINING, 'model.eval')?.cardId, 'api.torch.nn.Module.eval');
    assert.equal(at(TRAINING, 'model.train')?.cardId, 'api.torch.nn.Module.train');
    assert.equal(at(TRAINING, 'model.parameters')?.cardId, 'api.torch.nn.Module.parameters');
    assert.equal(at(TRAINING, 'model.to')?.cardId, 'api.torch.nn.Module.to');
    assert.deepEqual(at(TRAINING, 'model.eval')?.receiver, { name: 'model', type: 'Net (torch.nn.Module)' });
  });

  it('loss = criterion(out, y) → loss.backward() reaches autograd', () => {
    assert.equal(at(TRAINING, 'loss.backward')?.cardId, 'api.torch.Tensor.backward');
  });

  it('x.view on a tensor reaches the tensor card (from torch.cat and from a layer call in forward)', () => {
    assert.equal(at(TRAINING, 't.view')?.cardId, 'api.torch.Tensor.view');
    assert.equal(at(TRAINING, 'x.view')?.cardId, 'api.torch.Tensor.view');
    assert.equal(at(TRAINING, 'x.size')?.cardId, 'api.torch.Tensor.size');
  });

  it('with torch.no_grad() and DataLoader reach their cards', () => {
    assert.equal(at(TRAINING, 'torch.no_grad')?.cardId, 'api.torch.no_grad');
    assert.equal(at(TRAINING, 'DataLoader(ds')?.cardId, 'api.torch.utils.data.DataLoader');
  });

  it('a method the class defines itself is the user\'s: no library card', () => {
    const source = TRAINING + 'model.loss(out, yb)\nmodel.forward(xb)\n';
    assert.equal(at(source, 'model.loss')?.cardId, undefined);
    assert.equal(at(source, 'model.forward')?.cardId, undefined);
  });

  it('a parameter annotation gives the type: x: torch.Tensor', () => {
    const source = 'import torch\ndef f(x: torch.Tensor, y):\n    a = x.permute(0, 2, 1)\n    return y.view(3)\n';
    assert.equal(at(source, 'x.permute')?.cardId, 'api.torch.permute');
    assert.equal(at(source, 'y.view'), undefined, 'an unannotated parameter is unknown');
  });

  it('model.fit on a Keras model reaches Model.fit; compile, evaluate, predict, summary too', () => {
    const source = `from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([layers.Dense(10)])
model.compile(optimizer="adam", loss="mse")
history = model.fit(x, y, epochs=3, callbacks=[keras.callbacks.EarlyStopping(patience=2)])
model.evaluate(x, y)
model.predict(x)
model.summary()
inputs = keras.Input(shape=(4,))
fmodel = keras.Model(inputs, layers.Dense(1)(inputs))
fmodel.fit(x, y)
`;
    assert.equal(at(source, 'model.fit')?.cardId, 'api.keras.Model.fit');
    assert.equal(at(source, 'model.compile')?.cardId, 'api.keras.Model.compile');
    assert.equal(at(source, 'model.evaluate')?.cardId, 'api.keras.Model.evaluate');
    assert.equal(at(source, 'model.predict')?.cardId, 'api.keras.Model.predict');
    assert.equal(at(source, 'model.summary')?.cardId, 'api.keras.Model.summary');
    assert.equal(at(source, 'fmodel.fit')?.cardId, 'api.keras.Model.fit');
    assert.equal(at(source, 'EarlyStopping')?.cardId, 'api.keras.callbacks.EarlyStopping');
  });

  it('chains: model.to(device).eval() and torch.zeros(3).view(1, 3)', () => {
    const source = 'import torch\nimport torch.nn as nn\nm = nn.Linear(2, 2)\nm.to("cpu").eval()\ntorch.zeros(3).view(1, 3)\n';
    assert.equal(at(source, 'eval')?.cardId, 'api.torch.nn.Module.eval');
    assert.equal(at(source, 'view')?.cardId, 'api.torch.Tensor.view');
  });

  it('self.attr keeps its type when every assignment in the class agrees', () => {
    const source = `import torch
import torch.nn as nn
class Trainer:
    def __init__(self, model):
        self.opt = torch.optim.SGD(model.parameters(), lr=0.1)
    def step(self):
        self.opt.step()
`;
    const hit = at(source, 'self.opt.step');
    assert.equal(hit?.cardId, 'api.torch.optim.Optimizer.step');
    assert.deepEqual(hit?.receiver, { name: 'self.opt', type: 'torch.optim.SGD' });
    const reassigned = source + '    def reset(self):\n        self.opt = None\n';
    assert.equal(at(reassigned, 'self.opt.step'), undefined, 'an attribute assigned two different things is unknown');
  });

  describe('no guessing', () => {
    it('an unknown type gives no hover', () => {
      const source = 'import torch\nmodel = build_model()\nmodel.eval()\nx = load()\nx.view(3)\n';
      assert.equal(at(source, 'model.eval'), undefined);
      assert.equal(at(source, 'x.view'), undefined);
    });

    it('a name assigned different types on two branches is unknown', () => {
      const source = 'import torch\nif cond:\n    opt = torch.optim.SGD(p, lr=0.1)\nelse:\n    opt = make_opt()\nopt.step()\n';
      assert.equal(at(source, 'opt.step'), undefined);
    });

    it('an assignment on one branch only, after a known one, is unknown', () => {
      const source = 'import torch\nx = torch.zeros(3)\nif cond:\n    x = [1, 2, 3]\nx.view(3)\n';
      assert.equal(at(source, 'x.view'), undefined);
    });

    it('a name assigned only inside an if (maybe never bound) is unknown', () => {
      const source = 'import torch\nif cond:\n    x = torch.zeros(3)\nx.view(3)\n';
      assert.equal(at(source, 'x.view'), undefined);
      const noElse = 'import torch\nif cond:\n    x = torch.zeros(3)\nelif other:\n    x = torch.ones(3)\nx.view(3)\n';
      assert.equal(at(noElse, 'x.view'), undefined, 'if/elif without else may assign nothing');
    });

    it('both branches agreeing keep the type', () => {
      const source = 'import torch\nif cond:\n    x = torch.zeros(3)\nelse:\n    x = torch.ones(3)\nx = x\nx.view(3)\n';
      // `x = x` re-binds from both branches; they agree on torch.Tensor
      assert.equal(at(source, 'x.view')?.cardId, 'api.torch.Tensor.view');
    });

    it('a reassignment later in a loop reaches the next iteration', () => {
      const source = 'import torch\nx = torch.zeros(3)\nfor i in range(3):\n    x.view(3)\n    x = str(i)\n';
      assert.equal(at(source, 'x.view'), undefined);
    });

    it('a loop variable, a tuple unpacking and a user function result are unknown', () => {
      const source = 'import torch\nfor x in xs:\n    x.view(3)\na, b = torch.zeros(2), torch.ones(2)\na.view(2)\ny = f(torch.zeros(3))\ny.view(3)\n';
      assert.equal(at(source, 'x.view'), undefined);
      assert.equal(at(source, 'a.view'), undefined);
      assert.equal(at(source, 'y.view'), undefined);
    });

    it('a comprehension variable is not the outer variable', () => {
      const source = 'import torch\nx = torch.zeros(3)\nys = [x.view(1) for x in items]\n';
      assert.equal(at(source, 'x.view'), undefined);
    });

    it('calling a user module does not guess what forward returns', () => {
      assert.equal(at(TRAINING.replace('loss = criterion(out, yb)', 'loss = model(xb)'), 'loss.backward'), undefined);
    });

    it('a class with several bases is not followed', () => {
      const source = 'import torch.nn as nn\nclass M(nn.Module, Mixin):\n    pass\nm = M()\nm.eval()\n';
      assert.equal(at(source, 'm.eval'), undefined);
    });

    it('a module attribute is not an instance (torch.float32 is no tensor)', () => {
      assert.equal(at('import torch\ntorch.float32.is_floating_point\n', 'is_floating_point'), undefined);
    });
  });

  it('notebook cells: a model made in an earlier cell is followed in a later one', () => {
    const vocabulary = realVocabulary();
    const imports = new Map([['torch', 'torch'], ['nn', 'torch.nn']]);
    const variables = cellVariables('opt = torch.optim.Adam(params)\nx = torch.randn(2, 3)\n', vocabulary, imports);
    assert.equal(variables.get('opt')?.qualified, 'torch.optim.Adam');
    const cell = 'opt.step()\nx.view(6)\n';
    const index = indexDocument({ text: cell, languageId: 'python', inheritedImports: imports, inheritedVariables: variables, notebook: true }, vocabulary);
    assert.equal(index.at(cell.indexOf('step'))?.cardId, 'api.torch.optim.Optimizer.step');
    assert.equal(index.at(cell.indexOf('view'))?.cardId, 'api.torch.Tensor.view');
    // A later cell that rebinds the name wins over the earlier cell.
    const rebound = 'opt = make()\nopt.step()\n';
    const again = indexDocument({ text: rebound, languageId: 'python', inheritedImports: imports, inheritedVariables: variables, notebook: true }, vocabulary);
    assert.equal(again.at(rebound.indexOf('step')), undefined);
  });

  it('half-typed code never throws', () => {
    for (let cut = 0; cut < TRAINING.length; cut += 7) {
      indexDocument({ text: TRAINING.slice(0, cut), languageId: 'python' }, realVocabulary());
    }
  });
});
