/** Hovers on ordinary training-loop code, in the real extension host: optimizers, instance calls, autograd. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, hoverAt, openDocument, textIn } from './helpers';

const TRAIN = `import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        x = self.fc(x)
        return x.view(x.size(0), -1)


model = Net()
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)
criterion = nn.CrossEntropyLoss()
loader = DataLoader(TensorDataset(torch.randn(64, 16), torch.randint(0, 4, (64,))), batch_size=8)
model.to("cpu")
for epoch in range(3):
    model.train()
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    sched.step()
    model.eval()
    with torch.no_grad():
        flat = torch.cat([xb, xb]).view(-1)
mystery = make_thing()
mystery.step()
`;

const KERAS = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, callbacks=[keras.callbacks.EarlyStopping(patience=2)])
`;

describe('hovers on training-loop code', () => {
  let doc: vscode.TextDocument | undefined;
  // A fresh document whenever the previous one is gone or was changed (an earlier suite's pending edit
  // of the active editor must not land in ours).
  beforeEach(async () => {
    await api();
    for (let attempt = 0; attempt < 5 && (!doc || doc.isClosed || doc.getText() !== TRAIN); attempt++) {
      doc = await openDocument('python', TRAIN);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let a late edit from an earlier suite land
    }
    assert.equal(doc?.getText(), TRAIN, 'the training file is open and unchanged');
  });
  after(closeAllEditors);

  const cases: Array<[string, number, string, string, string?]> = [
    // [needle, occurrence, hover title, text the hover covers, a line the hover must contain]
    ['AdamW', 0, 'optim.AdamW', 'torch.optim.AdamW', 'weight_decay=0.01'],
    ['CosineAnnealingLR', 0, 'lr_scheduler.CosineAnnealingLR', 'torch.optim.lr_scheduler.CosineAnnealingLR'],
    ['opt.step', 0, 'optim.Optimizer.step', 'step', '`opt` is a `torch.optim.AdamW`'],
    ['opt.zero_grad', 0, 'optim.Optimizer.zero_grad', 'zero_grad'],
    ['loss.backward', 0, 'Tensor.backward / torch.autograd.backward', 'backward'],
    ['torch.no_grad', 0, 'torch.no_grad / torch.autograd.no_grad', 'torch.no_grad'],
    ['DataLoader(', 0, 'data.DataLoader', 'DataLoader', 'batch_size=1'],
    ['x.view', 0, 'Tensor.view / Tensor.view_as', 'view'],
    ['.view(-1)', 0, 'Tensor.view / Tensor.view_as', 'view'],
    ['torch.cat', 0, 'torch.cat / torch.concat / torch.concatenate', 'torch.cat'],
    ['model.eval()', 0, 'nn.Module.eval', 'eval', '`model` is a `Net (torch.nn.Module)`'],
    ['model.parameters', 0, 'nn.Module.parameters / nn.Module.named_parameters', 'parameters'],
    ['model.to("cpu")', 0, 'nn.Module.to / cpu / cuda / …', 'to'],
    ['sched.step()', 0, 'lr_scheduler.LRScheduler / lr_scheduler.LRScheduler.step', 'step'],
  ];
  for (const [needle, nth, title, covered, line] of cases) {
    it(`${needle} → ${title}`, async () => {
      // hoverAt aims at the middle of the needle: each needle is chosen so that the middle is on the method.
      const hover = await hoverAt(doc!, needle, nth);
      assert.ok(hover, `no hover on ${needle}`);
      assert.ok(hover.markdown.startsWith(`**${title}**`), hover.markdown.slice(0, 160));
      assert.equal(textIn(doc!, hover.range), covered);
      if (line) assert.ok(hover.markdown.includes(line), `${line} in ${hover.markdown}`);
    });
  }

  it('no guessing: a variable of unknown type gives no hover', async () => {
    assert.equal(await hoverAt(doc!, 'mystery.step()'), undefined);
  });
});

describe('hovers on Keras training code', () => {
  after(closeAllEditors);

  it('model.compile, model.fit and EarlyStopping reach their cards', async () => {
    await api();
    const doc = await openDocument('python', KERAS);
    for (const [needle, title] of [['model.compile', 'keras.Model.compile'], ['model.fit(x, y', 'keras.Model.fit'], ['EarlyStopping', 'keras.callbacks.EarlyStopping']]) {
      const hover = await hoverAt(doc, needle);
      assert.ok(hover?.markdown.startsWith(`**${title}**`), `${needle}: ${hover?.markdown.slice(0, 120)}`);
    }
    const stop = (await hoverAt(doc, 'EarlyStopping'))!;
    assert.ok(stop.markdown.includes('restore_best_weights=False'), stop.markdown);
  });
});
