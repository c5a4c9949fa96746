/**
 * What the editor shows from the engine: mismatch diagnostics (message, range, code, related places), their
 * fixes applied to the text and re-analysed, the input's source, and forward()'s value trace.
 *
 * Expected sizes are worked by hand in each fixture's comments (conv: out = in − k + 1; pool 2: out = in // 2).
 */
import { strict as assert } from 'node:assert';
import { analyzeSource, type Diagnostic, type FixData, type ModelReport } from '../../../src/engine/shapes';
import { TORCH, model } from './interp/helpers';

/** Apply a fix's edits (1-based line/column ranges) to the text, last edit first. */
function applyFix(text: string, fix: FixData): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  const edits = fix.edits.map((e) => ({ from: off(e.line, e.column), to: off(e.endLine, e.endColumn), text: e.text })).sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of edits) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function lineText(src: string, line: number): string {
  return src.split('\n')[line - 1];
}

/** The text a diagnostic's range covers. */
function covered(src: string, d: { line: number; column: number; endLine: number; endColumn: number }): string {
  assert.equal(d.line, d.endLine, 'single-line range expected');
  return lineText(src, d.line).slice(d.column - 1, d.endColumn - 1);
}

function only(m: ModelReport, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  const ds = m.diagnostics.filter((d) => d.severity === severity);
  assert.equal(ds.length, 1, `expected one ${severity}: ${JSON.stringify(m.diagnostics.map((d) => d.message))}`);
  return ds[0];
}

// LeNet on 32×32: conv1 5 → 28, pool → 14, conv2 5 → 10, pool → 5: the flatten gives 16·5·5 = 400, not 16·4·4 = 256.
const LENET = `${TORCH}

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

describe('editor: shape diagnostics', () => {
  it('Linear in_features: both sizes, the flatten factors, where the value came from, on the call', () => {
    const m = model(LENET, 'LeNet');
    const d = only(m);
    assert.equal(d.code, 'MLS001');
    assert.equal(d.message, 'Linear expects 256 input features (in_features=256) but gets 400 = 16×5×5 (output of conv2 after pool, line 17)');
    assert.equal(d.line, 19);
    assert.equal(covered(LENET, d), 'self.fc1(x)');
    assert.deepEqual(
      d.related?.map((r) => [r.line, covered(LENET, r), r.message]),
      [
        [17, 'self.pool(F.relu(self.conv2(x)))', '400 = 16×5×5 comes from here: output of conv2 after pool'],
        [12, '16 * 4 * 4', 'in_features=256 is set here (fc1)'],
      ],
    );
  });

  it('quick fixes: the product form, the number, LazyLinear; each applied makes the error go away', () => {
    const d = only(model(LENET, 'LeNet'));
    assert.deepEqual(
      d.fixes?.map((f) => [f.kind, f.title, !!f.preferred]),
      [
        ['set-arg', 'Change in_features to 16 * 5 * 5', true],
        ['set-arg', 'Change in_features to 400', false],
        ['use-lazy', 'Use `nn.LazyLinear` (infers in_features from the input)', false],
      ],
    );
    const fixed = d.fixes!.map((f) => applyFix(LENET, f));
    assert.equal(lineText(fixed[0], 12), '        self.fc1 = nn.Linear(16 * 5 * 5, 120)');
    assert.equal(lineText(fixed[1], 12), '        self.fc1 = nn.Linear(400, 120)');
    assert.equal(lineText(fixed[2], 12), '        self.fc1 = nn.LazyLinear(120)');
    for (const src of fixed) {
      const m = model(src, 'LeNet');
      assert.deepEqual(m.diagnostics.filter((x) => x.severity !== 'info'), [], src);
      assert.deepEqual(m.output, [32, 10]);
      // (1·6·25 + 6) + (6·16·25 + 16) + (400·120 + 120) + (120·10 + 10) = 156 + 2,416 + 48,120 + 1,210 = 51,902,
      // the same for the Lazy layer once it has seen the input.
      assert.equal(m.totalParams, 51902);
    }
  });

  it('Conv in_channels (MLS002), with the channel count as the fix', () => {
    // conv1 gives 16 channels; conv2 was written for 8.
    const src = `${TORCH}
# input: [2, 3, 32, 32]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3)
        self.conv2 = nn.Conv2d(8, 32, 3)

    def forward(self, x):
        x = self.conv1(x)
        return self.conv2(x)
`;
    const d = only(model(src, 'Net'));
    assert.equal(d.code, 'MLS002');
    assert.equal(d.message, 'Conv2d expects 8 input channels (in_channels=8) but gets 16 (output of conv1, line 13)');
    assert.equal(covered(src, d), 'self.conv2(x)');
    assert.deepEqual(d.fixes?.map((f) => f.title), ['Change in_channels to 16', 'Use `nn.LazyConv2d` (infers in_channels from the input)']);
    const fixed = applyFix(src, d.fixes![0]);
    assert.equal(lineText(fixed, 10), '        self.conv2 = nn.Conv2d(16, 32, 3)');
    assert.deepEqual(model(fixed, 'Net').diagnostics.filter((x) => x.severity === 'error'), []);
  });

  it('BatchNorm num_features (MLS003) inside an nn.Sequential: on the layer, not on the Sequential call', () => {
    const src = `${TORCH}
# input: [2, 3, 32, 32]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3),
            nn.BatchNorm2d(32),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.features(x)
`;
    const d = only(model(src, 'Net'));
    assert.equal(d.code, 'MLS003');
    assert.equal(d.message, 'BatchNorm2d expects 32 channels (num_features=32) but gets 16 (output of features.0 (Conv2d), line 10)');
    assert.equal(covered(src, d), 'nn.BatchNorm2d(32)');
    const fixed = applyFix(src, d.fixes![0]);
    assert.equal(lineText(fixed, 11), '            nn.BatchNorm2d(16),');
    assert.deepEqual(model(fixed, 'Net').diagnostics.filter((x) => x.severity === 'error'), []);
  });

  it('MultiheadAttention embed_dim and LSTM input_size name both sizes', () => {
    const src = `${TORCH}
# input: [4, 10, 32]
class Att(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(64, 4, batch_first=True)

    def forward(self, x):
        out, _ = self.attn(x, x, x)
        return out

# input: [4, 10, 12]
class Rnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(10, 20, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out
`;
    // kdim and vdim default to embed_dim, so key and value are reported too (as PyTorch would on the next check).
    const a = model(src, 'Att').diagnostics.find((d) => d.code === 'MLS016' && d.message.includes('embed_dim'))!;
    assert.equal(a.message, 'MultiheadAttention expects 64 embedding features (embed_dim=64) but gets 32 (the model input, from the `# input:` comment)');
    assert.equal(covered(src, a), 'self.attn(x, x, x)');
    assert.deepEqual(a.fixes?.map((f) => f.title), ['Change embed_dim to 32']);
    const r = only(model(src, 'Rnn'));
    assert.equal(r.code, 'MLS001');
    assert.equal(r.message, 'LSTM expects 10 input features (input_size=10) but gets 12 (the model input, from the `# input:` comment)');
    assert.equal(covered(src, r), 'self.lstm(x)');
  });

  it('a Linear in nn.Sequential after a conv: "Insert nn.Flatten()" is the fix, and it works', () => {
    // Conv2d(3, 8, 3) on 32×32 → [2, 8, 30, 30]: 8·30·30 = 7,200 once flattened.
    const src = `${TORCH}
model = nn.Sequential(
    nn.Conv2d(3, 8, 3),
    nn.ReLU(),
    nn.Linear(8 * 30 * 30, 10),
)
out = model(torch.randn(2, 3, 32, 32))
`;
    const m = model(src, 'model');
    assert.deepEqual(m.inputSource, { kind: 'call', label: 'call on line 10', line: 10 });
    const d = only(m);
    assert.equal(d.message, 'Linear expects 7200 input features (in_features=7200) but gets 30 (output of 0 (Conv2d), line 6)');
    assert.equal(covered(src, d), 'nn.Linear(8 * 30 * 30, 10)');
    assert.deepEqual(d.fixes?.map((f) => f.title), ['Insert `nn.Flatten()` before this Linear', 'Use `nn.LazyLinear` (infers in_features from the input)']);
    const fixed = applyFix(src, d.fixes![0]);
    assert.equal(fixed.split('\n').slice(7, 10).join('\n'), '    nn.Flatten(),\n    nn.Linear(8 * 30 * 30, 10),\n)');
    const after = model(fixed, 'model');
    assert.deepEqual(after.diagnostics.filter((x) => x.severity === 'error'), []);
    assert.deepEqual(after.output, [2, 10]);
  });

  it('a size that depends on an unknown input size is a warning, with LazyLinear as the fix', () => {
    // No input anywhere: conv1 gives [N, 1, H, W]; fc1's input is 16·((H−4)//2−4)//2·… which may or may not be 256.
    const src = LENET.replace(/\nif __name__[\s\S]*$/, '\n');
    const m = model(src, 'LeNet');
    assert.equal(m.inputSource.kind, 'first-layer');
    assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
    const w = only(m, 'warning');
    assert.equal(w.code, 'MLS001');
    assert.match(w.message, /^Linear expects 256 input features \(in_features=256\) but gets .*H.*W.*, which depends on the input size \(output of conv2 after pool, line 17\); set an input/);
    assert.deepEqual(w.fixes?.map((f) => [f.kind, !!f.preferred]), [['use-lazy', true]]);
  });
});

describe('editor: one input, with its source', () => {
  const body = `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    def forward(self, x):
        return self.conv(x)
`;
  it('the caller first, then the # input: comment, then a literal call, then the first layer', () => {
    const call = `\nnet = Net()\ny = net(torch.randn(4, 3, 16, 16))\n`;
    const withAll = `${TORCH}\n# input: [1, 3, 8, 8]${body}${call}`;
    assert.deepEqual(model(withAll, 'Net', { inputs: { Net: [[2, 3, 10, 10]] } }).inputSource, { kind: 'option', label: 'set by you' });
    assert.deepEqual(model(withAll, 'Net', { inputs: { Net: [[2, 3, 10, 10]] } }).input, [[2, 3, 10, 10]]);
    assert.deepEqual(model(withAll, 'Net').inputSource, { kind: 'comment', label: '`# input:` comment, line 5', line: 5 });
    assert.deepEqual(model(withAll, 'Net').input, [[1, 3, 8, 8]]);
    const callOnly = `${TORCH}${body}${call}`;
    assert.deepEqual(model(callOnly, 'Net').inputSource, { kind: 'call', label: 'call on line 14', line: 14 });
    assert.deepEqual(model(callOnly, 'Net').input, [[4, 3, 16, 16]]);
    assert.deepEqual(model(`${TORCH}${body}`, 'Net').inputSource, { kind: 'first-layer', label: 'first layer (Conv2d)' });
    assert.deepEqual(model(`${TORCH}${body}`, 'Net').input, [['N', 3, 'H', 'W']]);
  });

  it('literal calls: inside main(), Net()(x), .to(device), randint sizes as long; a non-literal call is ignored', () => {
    const main = `${TORCH}${body}
def main():
    device = "cpu"
    x = torch.randn(batch, 3, 16, 16)
    m = Net().to(device)
    m(x)
    m(torch.rand((2, 3, 20, 20)))
`;
    assert.deepEqual(model(main, 'Net').input, [[2, 3, 20, 20]]);
    assert.deepEqual(model(`${TORCH}${body}\nNet()(torch.zeros(1, 3, 9, 9))\n`, 'Net').input, [[1, 3, 9, 9]]);
    const emb = `${TORCH}
class E(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(100, 8)

    def forward(self, ids):
        return self.emb(ids)

e = E()
e(torch.randint(0, 100, (4, 12)))
`;
    const m = model(emb, 'E');
    assert.deepEqual(m.input, [[4, 12]]);
    assert.deepEqual(m.output, [4, 12, 8]);
  });

  it('the line of a call site follows edits above the model (cached results are re-labelled)', () => {
    const src = `${TORCH}${body}\nNet()(torch.zeros(1, 3, 9, 9))\n`;
    const { ShapeAnalyzer } = require('../../../src/engine/shapes') as typeof import('../../../src/engine/shapes');
    const a = new ShapeAnalyzer();
    const before = a.update(src).models[0].inputSource;
    const after = a.update(`# a comment\n# another\n${src}`).models[0].inputSource;
    assert.equal(after.line, before.line! + 2);
  });
});

describe('editor: forward() trace', () => {
  it('each assignment: shape and the op that made it; each module call: input → output', () => {
    const m = model(LENET, 'LeNet');
    const vars = m.trace.filter((t) => t.kind === 'var').map((t) => [t.line, t.name, t.shape, t.op]);
    assert.deepEqual(vars, [
      [17 - 1, 'x', [32, 6, 14, 14], 'pool (MaxPool2d)'],
      [17, 'x', [32, 16, 5, 5], 'pool (MaxPool2d)'],
      [18, 'x', [32, 400], 'torch.flatten'],
      [19, 'x', [32, 120], 'F.relu'],
    ]);
    const conv2 = m.trace.find((t) => t.kind === 'call' && t.name === 'conv2')!;
    assert.equal(covered(LENET, conv2), 'self.conv2(x)');
    assert.deepEqual([conv2.input, conv2.shape], [[[32, 6, 14, 14]], [32, 16, 10, 10]]);
  });

  it('a module called twice has one entry per call site; a block run twice counts its calls', () => {
    const src = `${TORCH}
class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        y = self.conv(x)
        return y + x

# input: [2, 4, 8, 8]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = Block(4)
        self.pool = nn.MaxPool2d(2)
        self.b2 = Block(4)

    def forward(self, x):
        x = self.b1(x)
        x = self.pool(x)
        x = self.b2(x)
        return x
`;
    const m = model(src, 'Net');
    const y = m.trace.find((t) => t.kind === 'var' && t.name === 'y')!;
    assert.equal(y.calls, 2);
    assert.equal(y.varies, true, 'the block saw 8×8 then 4×4');
    assert.deepEqual(y.shape, [2, 4, 8, 8]);
    const calls = m.trace.filter((t) => t.kind === 'call').map((t) => [t.line, t.name, t.input, t.shape]);
    assert.deepEqual(calls, [
      // self.conv(x) inside Block.forward: one entry per module it reached (b1.conv, then b2.conv).
      [11, 'b1.conv', [[2, 4, 8, 8]], [2, 4, 8, 8]],
      [11, 'b2.conv', [[2, 4, 4, 4]], [2, 4, 4, 4]],
      [23, 'b1', [[2, 4, 8, 8]], [2, 4, 8, 8]],
      [24, 'pool', [[2, 4, 8, 8]], [2, 4, 4, 4]],
      [25, 'b2', [[2, 4, 4, 4]], [2, 4, 4, 4]],
    ]);
  });

  it('a Keras functional graph at module level is traced in the file report', () => {
    const src = `from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3)(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;
    const report = analyzeSource(src);
    const vars = (report.trace ?? []).map((t) => [t.line, t.name, t.shape]);
    // Conv2D 3×3 valid: 28 → 26; 26·26·8 = 5,408.
    assert.deepEqual(vars, [
      [4, 'inputs', ['N', 28, 28, 1]],
      [5, 'x', ['N', 26, 26, 8]],
      [6, 'x', ['N', 5408]],
      [7, 'outputs', ['N', 10]],
    ]);
  });
});
