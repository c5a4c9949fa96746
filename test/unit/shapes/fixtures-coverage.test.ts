/**
 * The fixture set itself: enough files, every PyTorch layer of issue 3 §2 exercised (as recorded by real
 * PyTorch's hooks), expectations in step with the fixtures, and the torchvision totals equal to the spec's.
 * These run without the engine.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  TORCH_EXPECTED,
  TORCH_FIXTURES,
  declaredModels,
  listFixtureFiles,
  listTorchExpectations,
} from './fixtures-support';

/** Issue 3 §2, PyTorch part, layer by layer (activations = torch.nn.modules.activation.__all__ of 1.13). */
const SPEC_LAYERS: Record<string, string[]> = {
  'Linear and friends': ['Linear', 'Bilinear', 'Identity'],
  Convolutions: ['Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d'],
  Pooling: [
    'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d',
    'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d',
    'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d', 'LPPool1d', 'LPPool2d',
  ],
  Normalization: [
    'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'LayerNorm', 'GroupNorm',
    'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'LocalResponseNorm',
  ],
  Dropout: ['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout'],
  'Shape ops': ['Flatten', 'Unflatten'],
  Embeddings: ['Embedding', 'EmbeddingBag'],
  Recurrent: ['RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell'],
  'Attention and transformers': [
    'MultiheadAttention', 'TransformerEncoderLayer', 'TransformerDecoderLayer',
    'TransformerEncoder', 'TransformerDecoder', 'Transformer',
  ],
  Activations: [
    'Threshold', 'ReLU', 'RReLU', 'Hardtanh', 'ReLU6', 'Sigmoid', 'Hardsigmoid', 'Tanh', 'SiLU', 'Mish',
    'Hardswish', 'ELU', 'CELU', 'SELU', 'GLU', 'GELU', 'Hardshrink', 'LeakyReLU', 'LogSigmoid', 'Softplus',
    'Softshrink', 'PReLU', 'Softsign', 'Tanhshrink', 'Softmin', 'Softmax', 'Softmax2d', 'LogSoftmax',
  ],
  'Resampling and padding': [
    'Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d', 'PixelShuffle', 'PixelUnshuffle', 'ChannelShuffle',
    'ZeroPad2d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d', 'ReplicationPad2d',
    'ReplicationPad3d', 'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d',
  ],
};

/**
 * torchvision's published cost per 224×224 image ("GFLOPS" in its model docs; they count multiply-accumulates),
 * to two decimals. An outside check that the generator applies the MAC convention the way the field does.
 */
const TORCHVISION_GMACS: Record<string, number> = {
  'resnet18.py': 1.81,
  'resnet50.py': 4.09,
  'vgg16.py': 15.47,
  'alexnet.py': 0.71,
  'mobilenet_v2.py': 0.3,
};

/** The spec's torchvision totals (issue 3 §5). */
const SPEC_TORCHVISION: Record<string, number> = {
  'resnet18.py': 11_689_512,
  'resnet50.py': 25_557_032,
  'vgg16.py': 138_357_544,
  'alexnet.py': 61_100_840,
  'mobilenet_v2.py': 3_504_872,
};

const expectations = listTorchExpectations();
const typesByFixture = new Map<string, Set<string>>();
for (const exp of expectations) {
  const types = new Set<string>();
  for (const m of exp.models) for (const call of m.modules) types.add(call.type);
  typesByFixture.set(exp.fixture, types);
}

function coverageTable(): Array<{ layer: string; fixtures: string[] }> {
  const text = fs.readFileSync(path.join(TORCH_FIXTURES, 'COVERAGE.md'), 'utf8');
  const head = text.split('## Recurrent')[0];
  const rows: Array<{ layer: string; fixtures: string[] }> = [];
  for (const line of head.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | Group | Layer | Fixtures |
    if (cells.length !== 5 || cells[2] === 'Layer' || cells[2].startsWith('---')) continue;
    rows.push({ layer: cells[2], fixtures: cells[3].split(',').map((f) => f.trim()) });
  }
  return rows;
}

describe('PyTorch fixture set', () => {
  const fixtures = listFixtureFiles(TORCH_FIXTURES);

  it('has at least 40 fixture files', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} fixtures`);
  });

  it('has an expected JSON for every fixture and no stale expected files', () => {
    const expected = fs.readdirSync(TORCH_EXPECTED).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(expected, fixtures.map((f) => f.replace(/\.py$/, '.json')));
  });

  it("expected JSON declares the same models and inputs as each fixture's `# input:` comments", () => {
    for (const exp of expectations) {
      const source = fs.readFileSync(path.join(TORCH_FIXTURES, exp.fixture), 'utf8');
      const declared = declaredModels(source);
      assert.ok(declared.length > 0, `${exp.fixture} declares no model`);
      assert.deepEqual(
        exp.models.map((m) => ({ name: m.name, inputs: m.input, dtypes: m.inputDtypes })),
        declared,
        `${exp.fixture}: expected JSON is out of date; run npm run fixtures:torch`,
      );
    }
  });

  it('records real forward hooks for every model (no empty traces, all outputs known)', () => {
    for (const exp of expectations) {
      for (const m of exp.models) {
        assert.ok(m.modules.length > 0, `${exp.fixture}:${m.name} recorded no module calls`);
        assert.ok(Array.isArray(m.output), `${exp.fixture}:${m.name} has no output shape`);
      }
    }
  });

  it('COVERAGE.md lists every PyTorch layer of issue 3 §2 exactly once', () => {
    const listed = coverageTable().map((r) => r.layer);
    const required = Object.values(SPEC_LAYERS).flat();
    assert.deepEqual([...listed].sort(), [...required].sort());
  });

  for (const [group, layers] of Object.entries(SPEC_LAYERS)) {
    it(`${group}: each layer runs in the fixtures it is listed under`, () => {
      const table = new Map(coverageTable().map((r) => [r.layer, r.fixtures]));
      for (const layer of layers) {
        const files = table.get(layer) ?? [];
        assert.ok(files.length > 0, `${layer}: no fixture listed in COVERAGE.md`);
        for (const f of files) {
          assert.ok(
            typesByFixture.get(f)?.has(layer),
            `${layer}: COVERAGE.md names ${f}, but PyTorch recorded no ${layer} call there`,
          );
        }
      }
    });
  }

  it('covers recurrent, attention and transformer layers in several configurations', () => {
    const count = (type: string) => [...typesByFixture.values()].filter((s) => s.has(type)).length;
    for (const type of ['LSTM', 'GRU', 'MultiheadAttention', 'TransformerEncoderLayer']) {
      assert.ok(count(type) >= 3, `${type} appears in only ${count(type)} fixture(s)`);
    }
    for (const type of ['RNN', 'TransformerDecoderLayer']) {
      assert.ok(count(type) >= 1, `${type} missing`);
    }
  });

  it("generator's MACs for the five architectures agree with torchvision's published per-image GFLOPS", () => {
    for (const [fixture, gmacs] of Object.entries(TORCHVISION_GMACS)) {
      const model = expectations.find((e) => e.fixture === fixture)?.models[0];
      assert.ok(model?.macs !== undefined, `${fixture}: no model MACs recorded`);
      const perImage = model.macs / model.input[0][0] / 1e9;
      assert.equal(Math.round(perImage * 100) / 100, gmacs, `${fixture}: ${perImage} GMACs per image`);
    }
  });

  it("records torchvision's totals for the five full architectures, equal to the spec's numbers", () => {
    const recorded: Record<string, number> = {};
    for (const exp of expectations) if (exp.torchvision) recorded[exp.fixture] = exp.torchvision.totalParams;
    assert.deepEqual(recorded, SPEC_TORCHVISION);
    for (const exp of expectations) {
      if (exp.torchvision) assert.equal(exp.models[0].totalParams, exp.torchvision.totalParams, exp.fixture);
    }
  });
});
