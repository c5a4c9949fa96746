/**
 * Evaluating the Python that builds models: constants, arithmetic, loops, comprehensions, helper functions,
 * `_make_layer`, class attributes, containers, parameters, buffers, tying and freezing.
 *
 * Expected numbers are worked by hand from PyTorch's documented formulas (shown next to each value):
 *   Linear(in, out): in·out + out parameters;  Conv2d(cin, cout, k, bias=False): cin·cout·k·k;
 *   BatchNorm2d(C): 2C parameters, buffers running_mean C + running_var C + num_batches_tracked 1;
 *   LayerNorm(d): 2d;  Embedding(n, d): n·d;  conv output: (H + 2p − k)//s + 1.
 */
import { strict as assert } from 'node:assert';
import { analyzeSource } from '../../../../src/engine/shapes';
import { TORCH, errors, model, paths, row } from './helpers';

describe('shapes/interp: evaluating model-building code', () => {
  it('module-level constants, arithmetic and constructor defaults', () => {
    const src = `${TORCH}
HIDDEN = 2 * 64
RATIO = 4

# input: [8, 32]
class MLP(nn.Module):
    def __init__(self, d_in=32, n_classes=10):
        super().__init__()
        self.fc1 = nn.Linear(d_in, HIDDEN)
        self.fc2 = nn.Linear(HIDDEN, RATIO * HIDDEN // 2)
        self.out = nn.Linear(256, n_classes)

    def forward(self, x):
        return self.out(F.relu(self.fc2(F.relu(self.fc1(x)))))
`;
    const m = model(src, 'MLP');
    // fc1 32·128+128 = 4224; fc2 128·256+256 = 33024; out 256·10+10 = 2570
    assert.equal(row(m, 'fc1').params, 4224);
    assert.equal(row(m, 'fc2').params, 33024);
    assert.equal(m.totalParams, 4224 + 33024 + 2570);
    assert.deepEqual(m.output, [8, 10]);
    // MACs: 8 rows · (32·128 + 128·256 + 256·10) = 8 · 39424
    assert.equal(m.macs, 315392);
    assert.deepEqual(errors(m), []);
  });

  it('comprehensions, loops, ModuleList/ModuleDict paths in named_modules order', () => {
    const src = `${TORCH}
# input: [4, 16]
class Stack(nn.Module):
    def __init__(self, widths=(16, 32, 64)):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:])])
        self.extra = nn.ModuleList()
        for i in range(2):
            self.extra.append(nn.Linear(64, 64))
        self.norms = nn.ModuleDict({"pre": nn.LayerNorm(16), "post": nn.LayerNorm(64)})

    def forward(self, x):
        x = self.norms["pre"](x)
        for layer in self.layers:
            x = F.relu(layer(x))
        for i, layer in enumerate(self.extra):
            x = x + layer(x)
        return self.norms["post"](x)
`;
    const m = model(src, 'Stack');
    // Call order: norms.pre, layers.0, layers.1, extra.0, extra.1, norms.post
    assert.deepEqual(paths(m), ['norms.pre', 'layers.0', 'layers.1', 'extra.0', 'extra.1', 'norms.post']);
    // 16·32+32 = 544; 32·64+64 = 2112; 2 × (64·64+64 = 4160); LayerNorm 2·16 = 32 and 2·64 = 128
    assert.equal(m.totalParams, 544 + 2112 + 4160 * 2 + 32 + 128);
    assert.deepEqual(row(m, 'layers.1').output, [4, 64]);
    assert.deepEqual(m.output, [4, 64]);
  });

  it('torchvision-style _make_layer with a class attribute and a helper function', () => {
    const src = `${TORCH}
def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)

class Block(nn.Module):
    expansion = 2

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv = conv3x3(inplanes, planes * self.expansion, stride)
        self.bn = nn.BatchNorm2d(planes * self.expansion)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(self.bn(self.conv(x)) + identity)

# input: [2, 8, 16, 16]
class Net(nn.Module):
    def __init__(self, layers=[2, 1]):
        super().__init__()
        self.inplanes = 8
        self.stage1 = self._make_layer(Block, 4, layers[0])
        self.stage2 = self._make_layer(Block, 8, layers[1], stride=2)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                nn.BatchNorm2d(planes * block.expansion),
            )
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        return self.stage2(self.stage1(x))
`;
    const m = model(src, 'Net');
    assert.ok(paths(m).includes('stage1.1.conv'));
    assert.ok(paths(m).includes('stage2.0.downsample.0'));
    assert.ok(!paths(m).includes('stage1.0.downsample.0'), 'stage1 needs no downsample (8 == 4·2, stride 1)');
    // stage1.{0,1}: conv 8·8·9 = 576 + bn 16 = 592 each; stage2.0: conv 8·16·9 = 1152 + bn 32 + downsample (8·16 + 32)
    assert.equal(row(m, 'stage1.0').params, 592);
    assert.equal(row(m, 'stage2.0').params, 1152 + 32 + 128 + 32);
    assert.equal(m.totalParams, 592 * 2 + 1344);
    // BN buffers: (8+8+1)·2 + (16+16+1)·2 = 100
    assert.equal(m.buffers, 100);
    // (16 + 2 − 3)//2 + 1 = 8
    assert.deepEqual(m.output, [2, 16, 8, 8]);
    // MACs: stage1 convs 2 × (2·16·16 positions · 576) + stage2 conv 2·8·8·1152 + downsample 2·8·8·128
    assert.equal(m.macs, 2 * 512 * 576 + 128 * 1152 + 128 * 128);
  });

  it('module-level Sequential with OrderedDict names, and a function returning a Sequential', () => {
    const src = `${TORCH}
from collections import OrderedDict

# input: [1, 3, 8, 8]
features = nn.Sequential(OrderedDict([
    ("conv", nn.Conv2d(3, 4, 3)),
    ("act", nn.ReLU()),
    ("pool", nn.MaxPool2d(2)),
]))

# input: [2, 10]
def make_head(n=10):
    return nn.Sequential(nn.Linear(n, 5), nn.Tanh())
`;
    const f = model(src, 'features');
    assert.deepEqual(paths(f), ['conv', 'act', 'pool']);
    // conv: 3·4·9 + 4 = 112 parameters; 8−3+1 = 6, then pool 2 → 3
    assert.equal(f.totalParams, 112);
    assert.deepEqual(f.output, [1, 4, 3, 3]);
    const h = model(src, 'make_head');
    assert.deepEqual(paths(h), ['0', '1']);
    assert.equal(h.totalParams, 55); // 10·5 + 5
    assert.deepEqual(h.output, [2, 5]);
  });

  it('nn.Parameter, register_buffer and weight tying (shared parameters counted once)', () => {
    const src = `${TORCH}
# input: [2, 7] long
class TinyLM(nn.Module):
    def __init__(self, vocab=50, d=16, ctx=7):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.zeros(1, ctx, d))
        self.register_buffer("mask", torch.ones(ctx, ctx))
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tok.weight

    def forward(self, idx):
        x = self.tok(idx) + self.pos[:, : idx.size(1)]
        return self.head(x)
`;
    const m = model(src, 'TinyLM');
    // tok.weight 50·16 = 800 (shared with head.weight), pos 1·7·16 = 112
    assert.equal(m.totalParams, 912);
    assert.equal(m.buffers, 49);
    assert.deepEqual(m.output, [2, 7, 50]);
    assert.deepEqual(errors(m), []);
  });

  it('freezing with requires_grad = False over parameters()', () => {
    const src = `${TORCH}
# input: [3, 4]
class Frozen(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8))
        self.head = nn.Linear(8, 2)
        for p in self.backbone.parameters():
            p.requires_grad = False

    def forward(self, x):
        return self.head(self.backbone(x))
`;
    const m = model(src, 'Frozen');
    // backbone 4·8+8 + 8·8+8 = 112 frozen; head 8·2+2 = 18
    assert.equal(m.totalParams, 130);
    assert.equal(m.trainableParams, 18);
    assert.equal(m.nonTrainableParams, 112);
    assert.equal(row(m, 'backbone').trainable, 0);
  });

  it('copy.deepcopy clones, a shared module is counted once, dataclass configs and *args/**kwargs', () => {
    const src = `${TORCH}
import copy
from dataclasses import dataclass

@dataclass
class Config:
    d: int = 8
    n: int = 3

def clones(module, n):
    return nn.ModuleList([copy.deepcopy(module) for _ in range(n)])

# input: [2, 5, 8]
class Encoder(nn.Module):
    def __init__(self, cfg=Config(n=2), *extra, **opts):
        super().__init__()
        self.blocks = clones(nn.Linear(cfg.d, cfg.d), cfg.n)
        shared = nn.Linear(8, 8)
        self.shared = nn.ModuleList([shared, shared])

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        for s in self.shared:
            x = s(x)
        return x
`;
    const m = model(src, 'Encoder');
    // blocks: 2 distinct copies × (8·8+8 = 72); shared: one module registered twice → once
    assert.equal(m.totalParams, 72 * 3);
    assert.deepEqual(paths(m), ['blocks.0', 'blocks.1', 'shared.0']);
    assert.equal(m.layers.filter((l) => l.path === 'shared.0').length, 2, 'called twice → two rows');
  });

  it('if with evaluable conditions, conditional expressions and f-strings', () => {
    const src = `${TORCH}
# input: [2, 4]
class Cond(nn.Module):
    def __init__(self, use_norm=True, act="gelu"):
        super().__init__()
        self.fc = nn.Linear(4, 6)
        if use_norm:
            self.norm = nn.LayerNorm(6)
        else:
            self.norm = nn.Identity()
        self.act = nn.GELU() if act == "gelu" else nn.ReLU()
        self.tag = f"block_{act}"

    def forward(self, x):
        x = self.fc(x)
        if x.dim() == 2:
            x = x.unsqueeze(1)
        return self.act(self.norm(x))
`;
    const m = model(src, 'Cond');
    assert.deepEqual(m.layers.map((l) => l.type), ['Linear', 'LayerNorm', 'GELU']);
    assert.equal(m.totalParams, 4 * 6 + 6 + 12);
    assert.deepEqual(m.output, [2, 1, 6]);
  });

  it('subclassing nn.Sequential (torchvision ConvBNReLU style)', () => {
    const src = `${TORCH}
class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, stride=1):
        super().__init__(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU6(inplace=True))

# input: [1, 3, 32, 32]
class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(ConvBNReLU(3, 16, 2), ConvBNReLU(16, 32))

    def forward(self, x):
        return self.features(x)
`;
    const m = model(src, 'Stem');
    assert.ok(paths(m).includes('features.0.0'));
    assert.equal(row(m, 'features.0').type, 'ConvBNReLU');
    // 3·16·9 + 32 = 464; 16·32·9 + 64 = 4672; (32 + 2 − 3)//2 + 1 = 16
    assert.equal(m.totalParams, 464 + 4672);
    assert.deepEqual(m.output, [1, 32, 16, 16]);
  });

  it('infers the input from the first layer when nothing declares it', () => {
    const src = `${TORCH}
class NoComment(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)

class Emb(nn.Module):
    def __init__(self):
        super().__init__()
        self.e = nn.Embedding(100, 12)

    def forward(self, x):
        return self.e(x)
`;
    const m = model(src, 'NoComment');
    assert.deepEqual(m.input, [['N', 3, 'H', 'W']]);
    // (H + 2·1 − 3)//2 + 1 = (H − 1)//2 + 1
    assert.deepEqual(m.output, ['N', 8, '(H-1)//2+1', '(W-1)//2+1']);
    const e = model(src, 'Emb');
    assert.deepEqual(e.input, [['N', 'L']]);
    assert.deepEqual(e.output, ['N', 'L', 12]);
  });

  it('the classic tutorial net: helper methods, config objects, view(-1, num_flat_features(x)), module-level instance', () => {
    const src = `${TORCH}
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

class Config:
    hidden_size = 64
    num_labels = 3

class Net(nn.Module):
    def __init__(self, config=Config()):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, config.hidden_size)
        self.fc2 = nn.Linear(config.hidden_size, config.num_labels)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)

    def num_flat_features(self, x):
        size = x.size()[1:]
        num = 1
        for s in size:
            num *= s
        return num

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, self.num_flat_features(x))
        return self.fc2(F.relu(self.fc1(x)))

model = Net().to(device)

if __name__ == "__main__":
    for epoch in range(100000):
        out = model(torch.randn(4, 3, 32, 32))
        print(out.shape)
`;
    const report = analyzeSource(src);
    // \`model = Net().to(device)\` is the same model as the class: reported once; the __main__ block does not run.
    assert.deepEqual(report.models.map((m) => m.name), ['Net']);
    // The input comes from the literal call in the __main__ block (read, not run): [4, 3, 32, 32].
    assert.deepEqual(report.models[0].inputSource, { kind: 'call', label: 'call on line 42', line: 42 });
    assert.deepEqual(report.models[0].output, [4, 3]);
    // With a symbolic input [N, 3, H, W], the -1 of the view is exactly N.
    const m = model(src, 'Net', { inputs: { Net: [['N', 3, 'H', 'W']] } });
    assert.deepEqual(row(m, 'fc1').output, ['N', 64]);
    assert.deepEqual(m.output, ['N', 3]);
    // 456 + 2416 + (400·64 + 64) + (64·3 + 3)
    assert.equal(m.totalParams, 456 + 2416 + 25664 + 195);
    // With a concrete 32×32 input: 32−4 = 28 → 14 → 10 → 5, and 16·5·5 = 400 = fc1.in_features.
    const c = model(src, 'Net', { inputs: { Net: [[4, 3, 32, 32]] } });
    assert.deepEqual(c.output, [4, 3]);
    assert.deepEqual(errors(c), []);
  });

  it('chained comparisons, classmethods, and unknown Sequential entries keep their place', () => {
    const src = `${TORCH}
from .ops import Permute

def round_to(val, divisor, bias=0.9):
    if not 0.0 < bias < 1.0:
        raise ValueError("bias")
    new_val = max(divisor, int(val + divisor / 2) // divisor * divisor)
    return new_val if new_val >= bias * val else new_val + divisor

class Widths:
    @classmethod
    def make(cls, alpha):
        return [round_to(d * alpha, 8) for d in (32, 16)]

# input: [1, 3, 8, 8]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        w = Widths.make(1.0)
        self.stem = nn.Sequential(nn.Conv2d(3, w[0], 1), Permute([0, 2, 3, 1]), nn.LayerNorm(w[0]))
        self.head = nn.Linear(w[0], w[1])

    def forward(self, x):
        return self.head(self.stem(x))
`;
    const m = model(src, 'Net');
    // round_to(32, 8) = max(8, int(36)//8*8) = 32 ≥ 0.9·32 → 32; round_to(16, 8) = 16
    assert.equal(row(m, 'stem.0').params, 3 * 32 + 32);
    assert.equal(row(m, 'head').params, 32 * 16 + 16);
    // Permute cannot be seen: its slot stays (stem.1) with an unknown output, and nothing downstream is
    // reported as a mismatch.
    assert.deepEqual(paths(m).slice(0, 4), ['stem', 'stem.0', 'stem.1', 'stem.2']);
    assert.equal(row(m, 'stem.1').output, null);
    assert.deepEqual(errors(m), []);
  });

  it('takes input shapes from options over the comment', () => {
    const src = `${TORCH}
# input: [1, 3]
class Lin(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x)
`;
    assert.deepEqual(model(src, 'Lin').output, [1, 2]);
    assert.deepEqual(model(src, 'Lin', { inputs: { Lin: [[5, 7, 3]] } }).output, [5, 7, 2]);
  });
});
