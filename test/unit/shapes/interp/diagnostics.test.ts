/**
 * Mismatches come back as diagnostics with source positions and messages naming both shapes; unknown layers
 * and broken code give partial results, never exceptions.
 */
import { strict as assert } from 'node:assert';
import { analyzeSource } from '../../../../src/engine/shapes';
import { TORCH, errors, model, row } from './helpers';

/** 1-based line of the first line containing `needle`. */
const lineOf = (src: string, needle: string) => src.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('shapes/interp: diagnostics', () => {
  it('Linear in_features against the real last dimension, naming where the input came from', () => {
    const src = `${TORCH}
# input: [1, 1, 28, 28]
class Bad(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(100, 10)

    def forward(self, x):
        x = self.pool(self.conv(x))
        x = torch.flatten(x, 1)
        return self.fc(x)
`;
    const m = model(src, 'Bad');
    // conv: 28−5+1 = 24, pool → 12; flatten 16·12·12 = 2304 ≠ 100
    const e = errors(m);
    assert.equal(e.length, 1, JSON.stringify(m.diagnostics));
    assert.match(e[0].message, /2304/);
    assert.match(e[0].message, /100/);
    assert.equal(e[0].line, lineOf(src, 'return self.fc(x)'));
    assert.match(e[0].message, /pool|flatten/, 'says where the input came from');
    assert.deepEqual(row(m, 'conv').output, [1, 16, 24, 24], 'rows before the error are intact');
  });

  it('conv in_channels against the real channel count', () => {
    const src = `${TORCH}
# input: [2, 3, 16, 16]
class BadConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3)
        self.c2 = nn.Conv2d(16, 4, 3)

    def forward(self, x):
        return self.c2(self.c1(x))
`;
    const e = errors(model(src, 'BadConv'));
    assert.equal(e.length, 1);
    assert.match(e[0].message, /16/);
    assert.match(e[0].message, /8/);
    assert.match(e[0].message, /c1/, 'names the producer of the wrong tensor');
  });

  it('cat with mismatched dimensions, residual adds that cannot broadcast, view sizes that do not divide', () => {
    const src = `${TORCH}
# input: [2, 3, 4]
class Ops(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 6)

    def forward(self, x):
        y = self.fc(x)
        c = torch.cat([x, y], dim=1)
        r = x + y
        v = x.view(-1, 5)
        return x
`;
    const m = model(src, 'Ops');
    const e = errors(m);
    const cat = e.find((d) => d.line === lineOf(src, 'torch.cat'));
    const add = e.find((d) => d.line === lineOf(src, 'r = x + y'));
    const view = e.find((d) => d.line === lineOf(src, 'x.view(-1, 5)'));
    // cat along dim 1 needs equal dim 2: 4 vs 6
    assert.ok(cat && /\[2, 3, 4\]/.test(cat.message) && /\[2, 3, 6\]/.test(cat.message), JSON.stringify(e));
    // broadcasting [2, 3, 4] with [2, 3, 6] fails at the last dim
    assert.ok(add && /\[2, 3, 4\]/.test(add.message) && /\[2, 3, 6\]/.test(add.message) && /fc/.test(add.message), JSON.stringify(e));
    // 2·3·4 = 24 elements are not divisible by 5
    assert.ok(view && /24/.test(view.message) && /5/.test(view.message), JSON.stringify(e));
    assert.ok(view.column > 1 && view.endColumn > view.column);
  });

  it('an unknown layer gives an unknown shape and an info note; the analysis goes on', () => {
    const src = `${TORCH}
# input: [2, 8]
class Odd(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 8)
        self.b = nn.FrobnicatorLayer(8)
        self.c = nn.Linear(8, 2)

    def forward(self, x):
        return self.c(self.b(self.a(x)))
`;
    const m = model(src, 'Odd');
    assert.deepEqual(row(m, 'a').output, [2, 8]);
    assert.equal(row(m, 'b').output, null);
    assert.ok(m.diagnostics.some((d) => d.severity === 'info' && /FrobnicatorLayer/.test(d.message)));
    assert.equal(row(m, 'c').params, 18);
  });

  it('half-typed code still yields the models and partial results', () => {
    const src = `${TORCH}
# input: [2, 8]
class Typing(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 16)
        self.b = nn.Linear(16,

    def forward(self, x):
        return self.b(self.a(x))
`;
    const report = analyzeSource(src);
    const m = report.models.find((x) => x.name === 'Typing');
    assert.ok(m, 'the model is still found');
    // The open parenthesis swallows forward(): the layers are listed with their parameters (8·16+16 = 144).
    assert.equal(row(m, 'a').params, 144);
    assert.equal(m.complete, false);
    assert.ok(m.diagnostics.some((d) => /forward/.test(d.message)));
    // Once forward() is back, the shapes flow.
    const fixed = analyzeSource(src.replace('nn.Linear(16,', 'nn.Linear(16, 4)')).models.find((x) => x.name === 'Typing')!;
    assert.deepEqual(row(fixed, 'a').output, [2, 16]);
    assert.deepEqual(fixed.output, [2, 4]);
  });

  it('never throws on hostile input', () => {
    for (const src of ['', '\0\0\0', 'class A(nn.Module', 'def f(:\n  return', ')]}'.repeat(1000), 'x = ' + '('.repeat(5000), 'class M(nn.Module):\n    def forward(self, x):\n        return self(x)\n']) {
      const r = analyzeSource(src);
      assert.ok(Array.isArray(r.models));
    }
  });

  it('recursion in forward stops with a diagnostic instead of hanging', () => {
    const src = `${TORCH}
# input: [2, 3]
class Loop(nn.Module):
    def forward(self, x):
        return self.forward(x)
`;
    const m = model(src, 'Loop');
    assert.ok(m.diagnostics.length > 0);
  });
});
