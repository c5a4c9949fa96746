/**
 * Multiply-accumulate counts checked by hand (MACs, not FLOPs).
 *
 * Convention (engine brief, issue 3 §3): one MAC per weight per output position, bias excluded, batch included.
 *   Linear: in·out per output row.  Conv: Cout·(Cin/groups)·∏k per output position.
 *   RNN/LSTM/GRU: gates·(in·h + h·h) per timestep, per layer, per direction, per batch element
 *   (gates = 1 / 4 / 3); with proj_size the recurrent weight is h×proj and the projection adds h·proj.
 *   MultiheadAttention: Q/K/V/out projections + QKᵀ (L·S·E) + AV (L·S·E), per batch element.
 *   Norms, activations, pools, dropout, embeddings: 0.
 * Every expected number below is worked out in the comment next to it; the engine only supplies the answer.
 */
import { strict as assert } from 'assert';
import { findModel, runEngine, type EngineModel } from './fixtures-support';

function analyze(source: string, name: string): EngineModel {
  return findModel(runEngine(source, { fileName: 'macs_case.py' }), name);
}

function rowMacs(model: EngineModel, path: string): unknown {
  const row = (model.layers ?? []).find((r) => r.path === path);
  assert.ok(row, `no row for ${path} (rows: ${(model.layers ?? []).map((r) => r.path).join(', ')})`);
  return row.macs;
}

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n';

describe('MACs worked by hand', () => {
  describe('Linear', () => {
    it('2-D input: rows · in · out', () => {
      const m = analyze(
        HEADER +
          '# input: [4, 128]\nclass Fc(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.fc = nn.Linear(128, 64)\n\n    def forward(self, x):\n        return self.fc(x)\n',
        'Fc',
      );
      // 4 rows · 128 · 64 = 4 · 8,192 = 32,768 (bias excluded)
      assert.equal(rowMacs(m, 'fc'), 32_768);
      assert.equal(m.macs, 32_768);
    });

    it('3-D input counts every leading position as a row; bias=False changes nothing', () => {
      const m = analyze(
        HEADER +
          '# input: [2, 10, 128]\nclass Proj(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.a = nn.Linear(128, 64, bias=False)\n        self.b = nn.Linear(64, 8)\n\n' +
          '    def forward(self, x):\n        return self.b(torch.relu(self.a(x)))\n',
        'Proj',
      );
      // a: 2·10 rows · 128 · 64 = 20 · 8,192 = 163,840
      assert.equal(rowMacs(m, 'a'), 163_840);
      // b: 20 rows · 64 · 8 = 20 · 512 = 10,240
      assert.equal(rowMacs(m, 'b'), 10_240);
      // relu is 0: total 163,840 + 10,240 = 174,080
      assert.equal(m.macs, 174_080);
    });
  });

  describe('Conv2d', () => {
    it('plain 3×3 same-padded conv, batch 2', () => {
      const m = analyze(
        HEADER + '# input: [2, 3, 32, 32]\nconv_only = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1))\n',
        'conv_only',
      );
      // output [2, 16, 32, 32]: 2·32·32 = 2,048 positions · (16 · 3 · 3·3 = 432) = 884,736
      assert.equal(rowMacs(m, '0'), 884_736);
      assert.equal(m.macs, 884_736);
    });

    it('grouped, strided and depthwise convs', () => {
      const m = analyze(
        HEADER +
          '# input: [1, 32, 16, 16]\nclass Groups(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.grouped = nn.Conv2d(32, 64, 3, stride=2, padding=1, groups=4)\n' +
          '        self.depthwise = nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False)\n' +
          '        self.pointwise = nn.Conv2d(64, 10, 1)\n\n' +
          '    def forward(self, x):\n        return self.pointwise(self.depthwise(self.grouped(x)))\n',
        'Groups',
      );
      // grouped: out 8×8 = 64 positions · 64 · (32/4 = 8) · 9 = 64 · 4,608 = 294,912
      assert.equal(rowMacs(m, 'grouped'), 294_912);
      // depthwise: 64 positions · 64 · (64/64 = 1) · 9 = 64 · 576 = 36,864
      assert.equal(rowMacs(m, 'depthwise'), 36_864);
      // pointwise: 64 positions · 10 · 64 · 1 = 40,960
      assert.equal(rowMacs(m, 'pointwise'), 40_960);
      // total 294,912 + 36,864 + 40,960 = 372,736
      assert.equal(m.macs, 372_736);
    });
  });

  describe('recurrent layers', () => {
    it('LSTM, time-major, batch 3', () => {
      const m = analyze(
        HEADER +
          '# input: [5, 3, 10]\nclass Rnn(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.lstm = nn.LSTM(10, 20)\n\n    def forward(self, x):\n        out, (h, c) = self.lstm(x)\n' +
          '        return out\n',
        'Rnn',
      );
      // per step per sequence: 4 gates · (10·20 + 20·20) = 4 · 600 = 2,400; × 5 steps × 3 sequences = 36,000
      assert.equal(rowMacs(m, 'lstm'), 36_000);
      assert.equal(m.macs, 36_000);
    });

    it('LSTM, two bidirectional layers, batch_first', () => {
      const m = analyze(
        HEADER +
          '# input: [1, 4, 8]\nclass BiRnn(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.lstm = nn.LSTM(8, 16, num_layers=2, bidirectional=True, batch_first=True)\n\n' +
          '    def forward(self, x):\n        out, _ = self.lstm(x)\n        return out\n',
        'BiRnn',
      );
      // layer 0, per direction: 4 · (8·16 + 16·16) = 4 · 384 = 1,536; two directions: 3,072
      // layer 1 reads 2·16 = 32 features: 4 · (32·16 + 16·16) = 4 · 768 = 3,072; two directions: 6,144
      // per step 3,072 + 6,144 = 9,216; × 4 steps × 1 sequence = 36,864
      assert.equal(rowMacs(m, 'lstm'), 36_864);
    });

    it('LSTM with proj_size: recurrent weight h×proj plus the projection', () => {
      const m = analyze(
        HEADER +
          '# input: [1, 6, 12]\nclass ProjRnn(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.lstm = nn.LSTM(12, 32, proj_size=8, batch_first=True)\n\n' +
          '    def forward(self, x):\n        out, _ = self.lstm(x)\n        return out\n',
        'ProjRnn',
      );
      // weights per step: w_ih 4·32·12 = 1,536; w_hh 4·32·8 = 1,024; w_hr 8·32 = 256 -> 2,816
      // × 6 steps × 1 sequence = 16,896
      assert.equal(rowMacs(m, 'lstm'), 16_896);
    });

    it('GRU (3 gates), batch_first, batch 2', () => {
      const m = analyze(
        HEADER +
          '# input: [2, 5, 10]\nclass G(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.gru = nn.GRU(10, 20, batch_first=True)\n\n    def forward(self, x):\n' +
          '        out, h = self.gru(x)\n        return out\n',
        'G',
      );
      // 3 · (10·20 + 20·20) = 1,800 per step per sequence; × 5 steps × 2 sequences = 18,000
      assert.equal(rowMacs(m, 'gru'), 18_000);
    });
  });

  describe('MultiheadAttention', () => {
    it('self-attention, time-major, batch 2', () => {
      const m = analyze(
        HEADER +
          '# input: [5, 2, 16]\nclass SelfAttn(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
          '        self.attn = nn.MultiheadAttention(16, 4)\n\n    def forward(self, x):\n' +
          '        out, _ = self.attn(x, x, x)\n        return out\n',
        'SelfAttn',
      );
      // per batch element, L = S = 5, E = 16:
      //   Q, K, V, out projections: 4 · (5 · 16 · 16) = 4 · 1,280 = 5,120
      //   QKᵀ: L·S·E = 5·5·16 = 400;  AV: 400
      //   5,120 + 800 = 5,920; × 2 batch elements = 11,840
      assert.equal(rowMacs(m, 'attn'), 11_840);
      assert.equal(m.macs, 11_840);
    });

    it('cross-attention with kdim / vdim, batch_first', () => {
      const m = analyze(
        HEADER +
          '# input: [1, 3, 8], [1, 7, 6], [1, 7, 4]\nclass Cross(nn.Module):\n    def __init__(self):\n' +
          '        super().__init__()\n        self.attn = nn.MultiheadAttention(8, 2, kdim=6, vdim=4, batch_first=True)\n\n' +
          '    def forward(self, q, k, v):\n        out, _ = self.attn(q, k, v)\n        return out\n',
        'Cross',
      );
      // L = 3, S = 7, E = 8:  Q 3·8·8 = 192;  K 7·6·8 = 336;  V 7·4·8 = 224;  out 3·8·8 = 192
      //   QKᵀ 3·7·8 = 168;  AV 3·7·8 = 168;  total 192 + 336 + 224 + 192 + 168 + 168 = 1,280
      assert.equal(rowMacs(m, 'attn'), 1_280);
    });
  });

  it('TransformerEncoderLayer: attention plus the two feed-forward Linears', () => {
    const m = analyze(
      HEADER +
        '# input: [1, 4, 8]\nclass Enc(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
        '        self.layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)\n\n' +
        '    def forward(self, x):\n        return self.layer(x)\n',
      'Enc',
    );
    // self_attn, L = S = 4, E = 8, batch 1: projections 4 · (4·8·8) = 1,024; QKᵀ 4·4·8 = 128; AV 128 -> 1,280
    assert.equal(rowMacs(m, 'layer.self_attn'), 1_280);
    // linear1: 4 rows · 8 · 16 = 512;  linear2: 4 rows · 16 · 8 = 512
    assert.equal(rowMacs(m, 'layer.linear1'), 512);
    assert.equal(rowMacs(m, 'layer.linear2'), 512);
    // norms and dropouts are 0: 1,280 + 512 + 512 = 2,304
    assert.equal(m.macs, 2_304);
  });

  it('Embedding, BatchNorm, pooling and activations add nothing', () => {
    const m = analyze(
      HEADER +
        '# input: [2, 6] long\nclass Bag(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
        '        self.emb = nn.Embedding(100, 12)\n        self.bn = nn.BatchNorm1d(12)\n' +
        '        self.pool = nn.AdaptiveAvgPool1d(1)\n        self.fc = nn.Linear(12, 3)\n\n' +
        '    def forward(self, x):\n        h = self.bn(self.emb(x).transpose(1, 2))\n' +
        '        return self.fc(torch.tanh(self.pool(h).squeeze(-1)))\n',
      'Bag',
    );
    assert.equal(rowMacs(m, 'emb'), 0);
    assert.equal(rowMacs(m, 'bn'), 0);
    assert.equal(rowMacs(m, 'pool'), 0);
    // fc: 2 rows · 12 · 3 = 72, the only multiply-accumulates
    assert.equal(rowMacs(m, 'fc'), 72);
    assert.equal(m.macs, 72);
  });

  it('LeNet-5 from the issue: 416,520 MACs in total', () => {
    const m = analyze(
      HEADER +
        '# input: [1, 1, 28, 28]\nclass LeNet5(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
        '        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)\n        self.conv2 = nn.Conv2d(6, 16, 5)\n' +
        '        self.fc1 = nn.Linear(16 * 5 * 5, 120)\n        self.fc2 = nn.Linear(120, 84)\n' +
        '        self.fc3 = nn.Linear(84, 10)\n\n    def forward(self, x):\n' +
        '        x = F.max_pool2d(F.relu(self.conv1(x)), 2)\n        x = F.max_pool2d(F.relu(self.conv2(x)), 2)\n' +
        '        x = x.view(-1, 16 * 5 * 5)\n        x = F.relu(self.fc1(x))\n        x = F.relu(self.fc2(x))\n' +
        '        return self.fc3(x)\n',
      'LeNet5',
    );
    // conv1: 28·28 = 784 positions · 6 · 1 · 25 = 117,600
    assert.equal(rowMacs(m, 'conv1'), 117_600);
    // conv2: 10·10 = 100 positions · 16 · 6 · 25 = 240,000
    assert.equal(rowMacs(m, 'conv2'), 240_000);
    // fc1 400·120 = 48,000;  fc2 120·84 = 10,080;  fc3 84·10 = 840
    assert.equal(rowMacs(m, 'fc1'), 48_000);
    assert.equal(rowMacs(m, 'fc2'), 10_080);
    assert.equal(rowMacs(m, 'fc3'), 840);
    // 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520; pools and relus add nothing
    assert.equal(m.macs, 416_520);
    assert.equal(m.totalParams, 61_706); // 156 + 2,416 + 48,120 + 10,164 + 850
  });
});
