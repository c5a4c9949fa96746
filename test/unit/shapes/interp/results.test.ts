/**
 * Totals, receptive field, memory estimates, cancellation and the time budget.
 *
 * Receptive field (size r, jump j), per conv/pool layer with kernel k, stride s, dilation d:
 *   r ← r + (k − 1)·d·j,  j ← j·s   (starting from r = j = 1).
 * Known values: LeNet-5 16 (see below), ResNet-18 435, VGG-16 (after pool5) 212, AlexNet 195.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../../../src/engine/shapes';
import { model } from './helpers';

const FIX = join(__dirname, '..', '..', '..', 'fixtures', 'torch');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

describe('shapes/interp: results', () => {
  it('LeNet-5: receptive field, memory figures', () => {
    const m = model(fixture('lenet5.py'), 'LeNet5');
    // conv1 k5: r 5; pool k2 s2: r 6, j 2; conv2 k5: r 6+4·2 = 14; pool: r 14+1·2 = 16, j 4
    assert.deepEqual(m.receptiveField, { size: 16, jump: 4 });
    assert.equal(m.paramBytes, 61706 * 4);
    // leaf outputs: 6·28·28 + 6·14·14 + 16·10·10 + 16·5·5 + 120 + 84 + 10 = 8094 elements · 4 bytes
    assert.equal(m.activationBytes, 8094 * 4);
  });

  it('receptive fields of the classic architectures', () => {
    assert.deepEqual(model(fixture('resnet18.py'), 'ResNet18').receptiveField, { size: 435, jump: 32 });
    assert.deepEqual(model(fixture('vgg16.py'), 'VGG16').receptiveField, { size: 212, jump: 32 });
    assert.deepEqual(model(fixture('alexnet.py'), 'AlexNet').receptiveField, { size: 195, jump: 32 });
  });

  it('symbolic batch: MACs and activation memory stay symbolic', () => {
    const m = model(fixture('lenet5.py'), 'LeNet5', { inputs: { LeNet5: [['N', 1, 28, 28]] } });
    assert.deepEqual(m.output, ['N', 10]);
    assert.equal(m.macs, '416520*N');
    assert.equal(m.totalParams, 61706);
  });

  it('honours a cancellation signal: stops early with partial results, no exception', () => {
    // Already cancelled: nothing is analysed.
    assert.deepEqual(analyzeSource(fixture('resnet50.py'), { signal: { aborted: true } }).models, []);
    // Cancelled while ResNet-50 is being analysed (the signal is read on every evaluation step, about 1,000
    // times for the whole file): that model comes back partial, marked incomplete.
    let reads = 0;
    const signal = {
      get aborted() {
        return ++reads > 300;
      },
    };
    const r = analyzeSource(fixture('resnet50.py'), { signal });
    const m = r.models.find((x) => x.name === 'ResNet50');
    assert.ok(m, JSON.stringify(r.models.map((x) => x.name)));
    assert.equal(m.complete, false);
    assert.ok(m.diagnostics.some((d) => d.code === 'MLS207' && /stopped: cancelled/.test(d.message)), JSON.stringify(m.diagnostics));
    const full = model(fixture('resnet50.py'), 'ResNet50');
    assert.ok(m.layers.length < full.layers.length, `${m.layers.length} rows vs ${full.layers.length}`);
  });

  it('honours the time budget with a partial result and a warning', () => {
    // A loop that would take far longer than the budget.
    const src = `import torch.nn as nn

# input: [2, 4]
class Slow(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        n = 0
        for i in range(10000):
            for j in range(10000):
                n = n + 1

    def forward(self, x):
        return self.fc(x)
`;
    const t0 = Date.now();
    const r = analyzeSource(src, { timeBudgetMs: 100 });
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `took ${ms} ms`);
    const m = r.models.find((x) => x.name === 'Slow');
    assert.ok(m);
    assert.equal(m.complete, false);
    assert.ok(m.diagnostics.some((d) => d.severity === 'warning' && d.code === 'MLS200' && /time budget of 100 ms/.test(d.message)), JSON.stringify(m.diagnostics));
  });
});
