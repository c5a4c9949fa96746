/**
 * Numbers in cards are checked by the engine: every statement below quotes a card verbatim (the test fails if
 * the card no longer says it) and recomputes the number with ML Lens's own engine — the activation module,
 * the shape engine (output shapes, parameter counts, receptive fields, matmul shapes for attention scores)
 * and the initialisation module — failing on any disagreement at the precision the card states.
 *
 * What is not covered, and why, is listed in docs/card-numbers.md; the last test prints the per-card count
 * of numeric lines no statement covers, so the gap stays visible.
 */
import * as assert from 'node:assert/strict';
import { activation, type ActivationId } from '../../src/engine/activations';
import { kaimingBound, kaimingStd, xavierBound, xavierStd } from '../../src/engine/init';
import { analyzeSource } from '../../src/engine/shapes';
import type { Card } from '../../src/engine/content/types';
import { readJson as realJson, realContent } from '../helpers/content';
import * as initModule from '../../src/engine/init';

function card(id: string): Card {
  const c = realContent().bodies[id];
  assert.ok(c, `no card ${id}`);
  return c;
}

function texts(c: Card): string[] {
  return c.kind === 'concept'
    ? [c.simple, c.full, c.example, ...(c.notes ?? []).map((n) => n.body)]
    : [c.summary, c.shape, c.params].filter((t): t is string => t !== undefined);
}

/** The card says exactly this (whitespace-insensitive). */
function quote(id: string, text: string): void {
  const squash = (s: string) => s.replace(/\s+/g, ' ');
  assert.ok(texts(card(id)).some((t) => squash(t).includes(squash(text))), `card ${id} no longer says: ${text}`);
}

/** Numbers in a line of text ("−0.16", "1,792", "1.9×10⁻⁷" is not parsed: use explicit values there). */
function numbers(line: string): number[] {
  return [...line.replace(/−/g, '-').matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

function decimals(written: string): number {
  const m = /\.(\d+)/.exec(written);
  return m ? m[1].length : 0;
}

/** `value` rounds to `claimed` at the claimed number of decimals. */
function agrees(value: number, claimedText: string, what: string): void {
  const claimed = Number(claimedText.replace(/−/g, '-').replace(/,/g, ''));
  const tolerance = 0.5 * 10 ** -decimals(claimedText) + 1e-12;
  assert.ok(Math.abs(value - claimed) <= tolerance, `${what}: the engine gives ${value}, the card says ${claimedText}`);
}

/** An "Input: … / Output: …" table row: f(input) rounds to each output. */
function table(id: string, inputLine: string, outputLine: string, f: (x: number) => number, label: string): void {
  quote(id, inputLine);
  quote(id, outputLine);
  const xs = numbers(inputLine);
  const ys = outputLine.replace(/−/g, '-').match(/-?\d[\d,]*(?:\.\d+)?/g) ?? [];
  assert.equal(ys.length, xs.length, `${id}: ${xs.length} inputs, ${ys.length} outputs`);
  xs.forEach((x, i) => agrees(f(x), ys[i], `${label}(${x})`));
}

const act = (id: ActivationId, params: Record<string, number> = {}) => (x: number) => activation(id).f(x, params);
const grad = (id: ActivationId, params: Record<string, number> = {}) => (x: number) => activation(id).df(x, params);

/** The argmin of f on [lo, hi] (fine grid, then refined). */
function argmin(f: (x: number) => number, lo: number, hi: number): number {
  let best = lo;
  for (let i = 0; i <= 100_000; i++) {
    const x = lo + ((hi - lo) * i) / 100_000;
    if (f(x) < f(best)) best = x;
  }
  return best;
}

interface Layer {
  output: Array<number | string> | null;
  /** A number, or a symbolic count (a string) the assertions then reject. */
  params: number | string | null;
}

/** One PyTorch layer through the shape engine: `code` is the constructor, `input` the input shape. */
function layer(code: string, input: Array<number | string>, call = 'self.layer(x)'): Layer {
  const source = ['import torch', 'import torch.nn as nn', '', `# input: [${input.join(', ')}]`, 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()', `        self.layer = ${code}`, '', '    def forward(self, x):', `        return ${call}`, ''].join('\n');
  const report = analyzeSource(source);
  const model = report.models.find((m) => m.name === 'M');
  assert.ok(model, `the engine found no model in ${code}`);
  assert.ok(model.complete, `the engine's result for ${code} is partial`);
  const row = model.layers.find((r) => r.path === 'layer');
  return { output: model.output as Array<number | string> | null, params: row?.params ?? null };
}

/** A stack of layers (nn.Sequential) through the engine: output shape, parameters, receptive field. */
function stack(layers: string[], input: number[]) {
  const source = ['import torch.nn as nn', '', `# input: [${input.join(', ')}]`, `model = nn.Sequential(${layers.join(', ')})`, ''].join('\n');
  const model = analyzeSource(source).models[0];
  assert.ok(model?.complete, `the engine's result for ${layers.join(', ')} is partial`);
  return model;
}

/** The shape of torch.matmul(a, b) as the engine infers it. */
function matmulShape(a: number[], b: number[]): number[] {
  const source = ['import torch', 'import torch.nn as nn', '', `# input: [${a.join(', ')}], [${b.join(', ')}]`, 'class M(nn.Module):', '    def forward(self, q, k):', '        return torch.matmul(q, k)', ''].join('\n');
  const model = analyzeSource(source).models[0];
  assert.ok(model?.output, 'the engine inferred no matmul shape');
  return model.output as number[];
}

const product = (shape: Array<number | string> | null) => (shape as number[]).reduce((a, b) => a * b, 1);

interface Statement {
  readonly card: string;
  readonly kind: 'activation value' | 'parameter count' | 'output size' | 'receptive field' | 'init bound/std' | 'attention op count';
  readonly says: string;
  readonly check: () => void;
}

const STATEMENTS: Statement[] = [
  // Activation values (src/engine/activations.ts, itself checked against PyTorch to 1e-9).
  { card: 'gelu', kind: 'activation value', says: 'GELU table −3 … 3 (both exact and tanh round to it)', check: () => {
    table('gelu', 'Input:  -3     -1     0     1     3', 'Output: -0.004 -0.16  0   0.84  2.996', act('gelu'), 'GELU');
    table('gelu', 'Input:  -3     -1     0     1     3', 'Output: -0.004 -0.16  0   0.84  2.996', act('gelu_tanh'), 'GELU(tanh)');
  } },
  { card: 'gelu', kind: 'activation value', says: 'GELU(−3) = −0.0040 exact vs −0.0036 approximate; GELU(3) = 2.9960 vs 2.9964', check: () => {
    quote('gelu', 'GELU(−3) = −0.0040 exact vs −0.0036 approximate; GELU(3) = 2.9960 vs 2.9964');
    agrees(act('gelu')(-3), '-0.0040', 'GELU(-3)');
    agrees(act('gelu_tanh')(-3), '-0.0036', 'GELU_tanh(-3)');
    agrees(act('gelu')(3), '2.9960', 'GELU(3)');
    agrees(act('gelu_tanh')(3), '2.9964', 'GELU_tanh(3)');
  } },
  { card: 'gelu', kind: 'activation value', says: 'minimum about −0.17 near x ≈ −0.75', check: () => {
    quote('gelu', 'its minimum is about −0.17, near $x \\approx -0.75$');
    const x = argmin(act('gelu'), -3, 0);
    agrees(act('gelu')(x), '-0.17', 'min GELU');
    agrees(x, '-0.75', 'argmin GELU');
  } },
  { card: 'leaky-relu', kind: 'activation value', says: 'LeakyReLU(α = 0.01) table −100 … 100, gradient 0.01', check: () => {
    table('leaky-relu', 'Input:  -100   -10    0    10   100', 'Output:  -1   -0.1    0    10   100', act('leaky_relu', { negative_slope: 0.01 }), 'LeakyReLU');
    quote('leaky-relu', 'gradient is 0.01 for negatives');
    agrees(grad('leaky_relu', { negative_slope: 0.01 })(-5), '0.01', "LeakyReLU'(-5)");
  } },
  { card: 'relu', kind: 'activation value', says: 'ReLU table −5 … 5', check: () => table('relu', 'Input:  -5   -2    0    2    5', 'Output:  0    0    0    2    5', act('relu'), 'ReLU') },
  { card: 'sigmoid', kind: 'activation value', says: 'sigmoid values and slopes at −4 … 4', check: () => {
    table('sigmoid', 'Input:   -4     -2     0     2      4', 'Output:  0.018  0.119  0.5   0.881  0.982', act('sigmoid'), 'σ');
    table('sigmoid', 'Input:   -4     -2     0     2      4', 'Slope:   0.018  0.105  0.25  0.105  0.018', grad('sigmoid'), "σ'");
  } },
  { card: 'sigmoid', kind: 'activation value', says: 'σ(2) = 0.881; σ(15.5) ≈ 0.9999998 with slope ≈ 1.9×10⁻⁷', check: () => {
    quote('sigmoid', 'σ(2) = 1/(1 + e⁻²) = 1/1.135 = 0.881');
    agrees(act('sigmoid')(2), '0.881', 'σ(2)');
    quote('sigmoid', 'σ ≈ 0.9999998, slope ≈ 1.9×10⁻⁷');
    agrees(act('sigmoid')(15.5), '0.9999998', 'σ(15.5)');
    agrees(grad('sigmoid')(15.5) * 1e7, '1.9', "σ'(15.5)·10⁷");
  } },
  { card: 'sigmoid', kind: 'activation value', says: 'torch.sigmoid([-2, 0, 2]) = [0.1192, 0.5000, 0.8808]', check: () => {
    quote('sigmoid', '# tensor([0.1192, 0.5000, 0.8808])');
    [[-2, '0.1192'], [0, '0.5000'], [2, '0.8808']].forEach(([x, y]) => agrees(act('sigmoid')(x as number), y as string, `σ(${x})`));
  } },
  { card: 'artificial-neuron', kind: 'activation value', says: 'σ(15.5) ≈ 0.9999998', check: () => {
    quote('artificial-neuron', 'σ(15.5) ≈ 0.9999998');
    agrees(act('sigmoid')(15.5), '0.9999998', 'σ(15.5)');
  } },
  { card: 'swish', kind: 'activation value', says: 'Swish (β = 1) table −4 … 4; Swish(±2)', check: () => {
    table('swish', 'Input:  -4    -2     0     2     4', 'Output: -0.07 -0.24  0   1.76  3.93', act('silu', { beta: 1 }), 'Swish');
    quote('swish', 'Swish(2) = 2 × 0.88 = 1.76');
    agrees(act('sigmoid')(2), '0.88', 'σ(2)');
    agrees(act('sigmoid')(-2), '0.12', 'σ(-2)');
  } },
  { card: 'swish', kind: 'activation value', says: 'minimum ≈ −0.278 at x ≈ −1.278', check: () => {
    quote('swish', 'minimum ≈ −0.278 at x ≈ −1.278');
    const x = argmin(act('silu'), -4, 0);
    agrees(act('silu')(x), '-0.278', 'min SiLU');
    agrees(x, '-1.278', 'argmin SiLU');
  } },
  { card: 'tanh', kind: 'activation value', says: 'tanh table −3 … 3; tanh′(±3) ≈ 0.0099', check: () => {
    table('tanh', 'Input:  -3     -1     0     1     3', 'Output: -0.995 -0.76  0   0.76  0.995', act('tanh'), 'tanh');
    quote('tanh', 'only 1 − 0.99505² ≈ 0.0099 at x = ±3');
    agrees(act('tanh')(3), '0.99505', 'tanh(3)');
    agrees(grad('tanh')(3), '0.0099', "tanh'(3)");
    agrees(grad('tanh')(-3), '0.0099', "tanh'(-3)");
    agrees(grad('tanh')(0), '1', "tanh'(0)");
  } },

  // Parameter counts (the shape engine's layer catalogue).
  { card: 'convolution', kind: 'parameter count', says: 'nn.Conv2d(3, 64, 3) → 1,792', check: () => {
    quote('convolution', '`nn.Conv2d(3, 64, 3)` → 64·3·3·3 + 64 = 1,792');
    assert.equal(layer('nn.Conv2d(3, 64, 3)', [1, 3, 32, 32]).params, 1792);
  } },
  { card: 'cnn', kind: 'parameter count', says: 'Conv1 1,792 and Dense 25,089,000 parameters', check: () => {
    quote('cnn', '`nn.Conv2d(3, 64, 3, padding=1)`: 64·3·3·3 + 64 = 1,792 parameters');
    assert.equal(layer('nn.Conv2d(3, 64, 3, padding=1)', [1, 3, 224, 224]).params, 1792);
    quote('cnn', '`nn.Linear(25088, 1000)`: 25,088·1,000 + 1,000 = 25,089,000 parameters');
    assert.equal(layer('nn.Linear(25088, 1000)', [1, 25088]).params, 25_089_000);
  } },
  { card: 'dense-layer', kind: 'parameter count', says: '3×2 weights + 2 biases = 8; 100×64 + 64 = 6,464', check: () => {
    quote('dense-layer', 'Parameters: 3×2 weights + 2 biases = 8');
    assert.equal(layer('nn.Linear(3, 2)', [1, 3]).params, 8);
    quote('dense-layer', '`nn.Linear(100, 64)` has the same 6,464 parameters');
    assert.equal(layer('nn.Linear(100, 64)', [1, 100]).params, 6464);
    quote('dense-layer', '100×50 = 5000 connections');
    assert.equal(layer('nn.Linear(100, 50, bias=False)', [1, 100]).params, 5000);
  } },
  { card: 'affine-layer', kind: 'parameter count', says: 'Linear(150528, 1000) has 150,529,000; Conv2d(3, 64, 3) has 1,792', check: () => {
    quote('affine-layer', '# 150529000 = 150,528·1000 + 1000');
    assert.equal(layer('nn.Linear(224 * 224 * 3, 1000)', [1, 150528]).params, 150_529_000);
    quote('affine-layer', '# 1792 = 64·3·3·3 + 64');
    assert.equal(layer('nn.Conv2d(3, 64, kernel_size=3)', [1, 3, 32, 32]).params, 1792);
  } },
  { card: 'parameters-vs-hyperparameters', kind: 'parameter count', says: 'Conv2d(3, 16, 3, 1, 1): 448 at stride 1 and 2; Linear(4096, 4096): 16,781,312', check: () => {
    quote('parameters-vs-hyperparameters', '# 448 = 16·3·3·3 weights + 16 biases');
    assert.equal(layer('nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)', [1, 3, 32, 32]).params, 448);
    assert.equal(layer('nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)', [1, 3, 32, 32]).params, 448);
    quote('parameters-vs-hyperparameters', 'one `nn.Linear(4096, 4096)` holds 4096·4096 + 4096 = 16,781,312 parameters');
    assert.equal(layer('nn.Linear(4096, 4096)', [1, 4096]).params, 16_781_312);
  } },
  { card: 'dilation', kind: 'parameter count', says: 'dilated 3×3 conv: 10 parameters; a real 5×5: 26', check: () => {
    quote('dilation', 'with only 9 weights (+1 bias = 10 parameters; a real 5×5 kernel has 25 + 1 = 26)');
    assert.equal(layer('nn.Conv2d(1, 1, kernel_size=3, dilation=2)', [1, 1, 7, 7]).params, 10);
    assert.equal(layer('nn.Conv2d(1, 1, kernel_size=5)', [1, 1, 7, 7]).params, 26);
  } },
  { card: 'transposed-convolution', kind: 'parameter count', says: 'ConvTranspose2d(16, 8, 2, stride=2): 520', check: () => {
    quote('transposed-convolution', '# 520 = 16·8·2·2 + 8');
    assert.equal(layer('nn.ConvTranspose2d(16, 8, kernel_size=2, stride=2)', [1, 16, 14, 14]).params, 520);
  } },
  { card: 'batch-normalization', kind: 'parameter count', says: 'BatchNorm2d(64): 128', check: () => {
    quote('batch-normalization', '# 128 = 64 γ + 64 β');
    assert.equal(layer('nn.BatchNorm2d(64)', [8, 64, 16, 16]).params, 128);
  } },
  { card: 'layer-normalization', kind: 'parameter count', says: 'LayerNorm(512): 1,024', check: () => {
    quote('layer-normalization', '# 1024 = 512 γ + 512 β');
    assert.equal(layer('nn.LayerNorm(512)', [1, 10, 512]).params, 1024);
  } },
  { card: 'lstm', kind: 'parameter count', says: 'nn.LSTM(10, 20) = 2,560', check: () => {
    quote('lstm', '`nn.LSTM(10, 20)` = 4 × (20·10 + 20·20 + 20 + 20) = 4 × 640 = 2,560');
    assert.equal(layer('nn.LSTM(10, 20)', [5, 3, 10], 'self.layer(x)[0]').params, 2560);
  } },
  { card: 'gru', kind: 'parameter count', says: 'nn.GRU(10, 20) = 1,920 vs 2,560 for LSTM', check: () => {
    quote('gru', '`nn.GRU(10, 20)` = 3 × (20·10 + 20·20 + 20 + 20) = 1,920, versus 2,560 for `nn.LSTM(10, 20)`');
    assert.equal(layer('nn.GRU(10, 20)', [5, 3, 10], 'self.layer(x)[0]').params, 1920);
  } },
  { card: 'rnn', kind: 'parameter count', says: 'nn.RNN(10, 20): 640', check: () => {
    quote('rnn', '`nn.RNN(10, 20)`: W_x 20·10 + W_h 20·20 + two bias vectors');
    assert.equal(layer('nn.RNN(10, 20)', [5, 3, 10], 'self.layer(x)[0]').params, 640);
  } },
  { card: 'multi-head-attention', kind: 'parameter count', says: 'nn.MultiheadAttention(512, h) = 1,050,624 for h = 1 and h = 8', check: () => {
    quote('multi-head-attention', '4·512² + 4·512 = 1,048,576 + 2,048 = 1,050,624');
    for (const h of [1, 8]) assert.equal(layer(`nn.MultiheadAttention(512, ${h})`, [10, 2, 512], 'self.layer(x, x, x)[0]').params, 1_050_624);
  } },
  { card: 'mlp', kind: 'parameter count', says: '784-256-128-10 MLP: 235,146 parameters', check: () => {
    quote('mlp', 'PyTorch reports 235,146 parameters');
    const model = stack(['nn.Linear(784, 256)', 'nn.ReLU()', 'nn.Linear(256, 128)', 'nn.ReLU()', 'nn.Linear(128, 10)'], [1, 784]);
    assert.equal(model.totalParams, 235_146);
  } },
  { card: 'token-embedding', kind: 'parameter count', says: 'GPT-2 embedding 38,597,376; (4, 16) → (4, 16, 768)', check: () => {
    quote('token-embedding', 'embedding table: 50,257 · 768 = 38,597,376 parameters');
    const emb = layer('nn.Embedding(50257, 768)', [4, 16]);
    assert.equal(emb.params, 38_597_376);
    quote('token-embedding', 'IDs of shape (4, 16) → vectors of shape (4, 16, 768)');
    assert.deepEqual(emb.output, [4, 16, 768]);
    quote('token-embedding', 'untied LM head: another 38,597,376');
    assert.equal(layer('nn.Linear(768, 50257, bias=False)', [4, 16, 768]).params, 38_597_376);
  } },
  { card: 'grouped-query-attention', kind: 'parameter count', says: 'K projection 16,777,216 (MHA) vs 4,194,304 (GQA)', check: () => {
    quote('grouped-query-attention', 'K projection, MHA (32 KV heads):  4096 × 4096 = 16,777,216 weights');
    assert.equal(layer('nn.Linear(4096, 4096, bias=False)', [1, 4096]).params, 16_777_216);
    quote('grouped-query-attention', 'K projection, GQA (8 KV heads):   4096 × 1024 =  4,194,304 weights');
    assert.equal(layer('nn.Linear(4096, 1024, bias=False)', [1, 4096]).params, 4_194_304);
  } },
  { card: 'lora', kind: 'parameter count', says: 'full 16,777,216 vs LoRA r = 8: 65,536 (0.39%)', check: () => {
    quote('lora', 'full fine-tuning: 4096 · 4096       = 16,777,216 trainable weights');
    const full = layer('nn.Linear(4096, 4096, bias=False)', [1, 4096]).params;
    assert.equal(full, 16_777_216);
    quote('lora', 'LoRA:             8 · (4096 + 4096) =     65,536 trainable weights  (0.39%)');
    const lora = stack(['nn.Linear(4096, 8, bias=False)', 'nn.Linear(8, 4096, bias=False)'], [1, 4096]).totalParams;
    assert.equal(lora, 65_536);
    agrees((100 * 65_536) / 16_777_216, '0.39', 'LoRA share %');
  } },

  // Output sizes of convolutions and pools.
  { card: 'stride-padding', kind: 'output size', says: '6×6 input, 3×3 kernel: 4×4, 2×2 at stride 2, 6×6 with padding 1', check: () => {
    quote('stride-padding', 'Output = (6-3)/1 + 1 = 4×4');
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3)', [1, 1, 6, 6]).output, [1, 1, 4, 4]);
    quote('stride-padding', 'Output = ⌊(6-3)/2⌋ + 1 = ⌊1.5⌋ + 1 = 2 → 2×2');
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3, stride=2)', [1, 1, 6, 6]).output, [1, 1, 2, 2]);
    quote('stride-padding', 'Output = (6+2-3)/1 + 1 = 6×6 (same size!)');
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3, padding=1)', [1, 1, 6, 6]).output, [1, 1, 6, 6]);
  } },
  { card: 'stride-padding', kind: 'output size', says: '32×32, 3×3: p1 s1 → 32; p0 s1 → 30; p1 s2 → 16', check: () => {
    quote('stride-padding', '$p = 1, s = 1$ → 32; $p = 0, s = 1$ → 30; $p = 1, s = 2$ → $\\lfloor 31/2 \\rfloor + 1 = 16$');
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3, padding=1)', [1, 1, 32, 32]).output, [1, 1, 32, 32]);
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3)', [1, 1, 32, 32]).output, [1, 1, 30, 30]);
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3, stride=2, padding=1)', [1, 1, 32, 32]).output, [1, 1, 16, 16]);
  } },
  { card: 'affine-layer', kind: 'output size', says: '32×32 input, 3×3 kernel: 32, 30, 16', check: () => {
    quote('affine-layer', '$p=0, s=1$ → $30$; $p=1, s=2$ → $\\lfloor 31/2 \\rfloor + 1 = 16$');
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3, stride=2, padding=1)', [1, 1, 32, 32]).output, [1, 1, 16, 16]);
    assert.deepEqual(layer('nn.Conv2d(1, 1, 3)', [1, 1, 32, 32]).output, [1, 1, 30, 30]);
  } },
  { card: 'parameters-vs-hyperparameters', kind: 'output size', says: 'Conv2d(3, 16, 3, 1, 1) on 32×32 → [1, 16, 32, 32]; stride 2 → 16×16', check: () => {
    quote('parameters-vs-hyperparameters', '# torch.Size([1, 16, 32, 32])');
    assert.deepEqual(layer('nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)', [1, 3, 32, 32]).output, [1, 16, 32, 32]);
    quote('parameters-vs-hyperparameters', 'halves the output (32×32 → 16×16)');
    assert.deepEqual(layer('nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)', [1, 3, 32, 32]).output, [1, 16, 16, 16]);
  } },
  { card: 'dilation', kind: 'output size', says: 'dilation 2 on 7×7 → 3×3; with padding 2 on 32×32 → 32×32', check: () => {
    quote('dilation', '# torch.Size([1, 1, 3, 3]): ⌊(7 − 2·2 − 1)/1⌋ + 1 = 3');
    assert.deepEqual(layer('nn.Conv2d(1, 1, kernel_size=3, dilation=2)', [1, 1, 7, 7]).output, [1, 1, 3, 3]);
    quote('dilation', '# torch.Size([1, 1, 32, 32])');
    assert.deepEqual(layer('nn.Conv2d(1, 1, kernel_size=3, dilation=2, padding=2)', [1, 1, 32, 32]).output, [1, 1, 32, 32]);
  } },
  { card: 'transposed-convolution', kind: 'output size', says: 'ConvTranspose2d ×2 upsample 14 → 28; 1D lengths 4 (stride 1) and 5 (stride 2)', check: () => {
    quote('transposed-convolution', '# torch.Size([1, 8, 28, 28]): (14−1)·2 + 2 = 28');
    assert.deepEqual(layer('nn.ConvTranspose2d(16, 8, kernel_size=2, stride=2)', [1, 16, 14, 14]).output, [1, 8, 28, 28]);
    quote('transposed-convolution', '(length $(2-1)\\cdot1 + 3 = 4$)');
    assert.deepEqual(layer('nn.ConvTranspose1d(1, 1, 3, stride=1)', [1, 1, 2]).output, [1, 1, 4]);
    quote('transposed-convolution', '(length $(2-1)\\cdot2 + 3 = 5$)');
    assert.deepEqual(layer('nn.ConvTranspose1d(1, 1, 3, stride=2)', [1, 1, 2]).output, [1, 1, 5]);
  } },
  { card: 'max-pooling', kind: 'output size', says: '4×4, 2×2 windows, stride 2 → 2 per side', check: () => {
    quote('max-pooling', 'A 4×4 feature map, 2×2 windows, stride 2 (output $\\lfloor (4-2)/2 \\rfloor + 1 = 2$ per side)');
    assert.deepEqual(layer('nn.MaxPool2d(2, stride=2)', [1, 1, 4, 4]).output, [1, 1, 2, 2]);
  } },
  { card: 'average-pooling', kind: 'output size', says: '4×4 → 2×2; AdaptiveAvgPool2d(1) on [8, 512, 7, 7] → [8, 512, 1, 1]', check: () => {
    quote('average-pooling', 'A 4×4 feature map, 2×2 windows, stride 2 (output $\\lfloor (4-2)/2 \\rfloor + 1 = 2$ per side)');
    assert.deepEqual(layer('nn.AvgPool2d(2, stride=2)', [1, 1, 4, 4]).output, [1, 1, 2, 2]);
    quote('average-pooling', '# torch.Size([8, 512, 1, 1])');
    assert.deepEqual(layer('nn.AdaptiveAvgPool2d(1)', [8, 512, 7, 7]).output, [8, 512, 1, 1]);
  } },
  { card: 'feature-map', kind: 'output size', says: 'Conv2d(3, 64, 3, padding=1) on (N, 3, 224, 224) → (N, 64, 224, 224)', check: () => {
    quote('feature-map', 'the output of `nn.Conv2d(3, 64, 3, padding=1)` on a (N, 3, 224, 224) batch is (N, 64, 224, 224)');
    assert.deepEqual(layer('nn.Conv2d(3, 64, 3, padding=1)', ['N', 3, 224, 224]).output, ['N', 64, 224, 224]);
  } },
  { card: 'cnn', kind: 'output size', says: '3×3 "same" convs and 2×2 pools: 224 → 112 → 56 → 28 → 14 → 7; flatten 7×7×512 = 25088', check: () => {
    quote('cnn', '224 → 112 → 56 → 28 → 14 → 7 after five pools');
    const blocks = [[3, 64], [64, 128], [128, 256], [256, 512], [512, 512]].flatMap(([i, o]) => [`nn.Conv2d(${i}, ${o}, 3, padding=1)`, 'nn.ReLU()', 'nn.MaxPool2d(2)']);
    const model = stack([...blocks, 'nn.Flatten()'], [1, 3, 224, 224]);
    const sizes = model.layers.filter((r) => r.type === 'MaxPool2d').map((r) => (r.output as number[])[2]);
    assert.deepEqual(sizes, [112, 56, 28, 14, 7]);
    quote('cnn', 'Flatten: 7×7×512 → 25088');
    assert.deepEqual(model.output, [1, 25088]);
  } },
  { card: 'layer-normalization', kind: 'output size', says: 'LayerNorm keeps (1, 10, 512)', check: () => {
    quote('layer-normalization', 'x = torch.randn(1, 10, 512)');
    assert.deepEqual(layer('nn.LayerNorm(512)', [1, 10, 512]).output, [1, 10, 512]);
  } },

  // Receptive fields (the engine's receptive-field tracker over conv/pool stacks).
  { card: 'receptive-field', kind: 'receptive field', says: 'three 3×3 convs: 7; + 2×2 pool: 8 (jump 2); + 3×3 conv: 12', check: () => {
    quote('receptive-field', 'Layer 3 (3×3 conv): RF = 7×7');
    const conv = 'nn.Conv2d(1, 1, 3, padding=1)';
    assert.equal(stack([conv, conv, conv], [1, 1, 64, 64]).receptiveField?.size, 7);
    quote('receptive-field', '+ 2×2 pooling (stride 2): RF = 7 + (2−1)×1 = 8×8, and the step between neighbouring outputs doubles (1 → 2)');
    const pooled = stack([conv, conv, conv, 'nn.MaxPool2d(2)'], [1, 1, 64, 64]).receptiveField;
    assert.deepEqual(pooled, { size: 8, jump: 2 });
    quote('receptive-field', 'Layer 4 (3×3 conv after the pool): RF = 8 + (3−1)×2 = 12×12');
    assert.equal(stack([conv, conv, conv, 'nn.MaxPool2d(2)', conv], [1, 1, 64, 64]).receptiveField?.size, 12);
  } },
  { card: 'receptive-field', kind: 'receptive field', says: 'two stacked 3×3 convs see 5×5', check: () => {
    quote('receptive-field', 'it effectively sees a $5 \\times 5$ patch of the input');
    assert.equal(stack(['nn.Conv2d(1, 1, 3)', 'nn.Conv2d(1, 1, 3)'], [1, 1, 32, 32]).receptiveField?.size, 5);
  } },
  { card: 'dilation', kind: 'receptive field', says: 'dilations 1, 2, 4, 8: 31 per side; undilated: 9; a dilated 3×3 spans 5', check: () => {
    quote('dilation', 'see $1 + 2\\cdot(1 + 2 + 4 + 8) = 31$ input pixels per side; without dilation the same four layers see only $1 + 4 \\cdot 2 = 9$');
    const dilated = [1, 2, 4, 8].map((d) => `nn.Conv2d(1, 1, 3, padding=${d}, dilation=${d})`);
    assert.equal(stack(dilated, [1, 1, 64, 64]).receptiveField?.size, 31);
    assert.equal(stack([1, 1, 1, 1].map(() => 'nn.Conv2d(1, 1, 3, padding=1)'), [1, 1, 64, 64]).receptiveField?.size, 9);
    quote('dilation', 'A 3×3 kernel with $d = 2$ spans $2 \\cdot (3-1) + 1 = 5$ positions per side');
    assert.equal(stack(['nn.Conv2d(1, 1, 3, dilation=2)'], [1, 1, 32, 32]).receptiveField?.size, 5);
  } },

  // Initialisation (src/engine/init.ts, checked against torch.nn.init).
  { card: 'he-initialization', kind: 'init bound/std', says: '784 inputs, ReLU: std 0.0505, uniform limit 0.0875', check: () => {
    quote('he-initialization', 'std = √(2 / 784) = 0.0505');
    agrees(kaimingStd([256, 784], 'relu'), '0.0505', 'He std');
    quote('he-initialization', 'limit = √(6 / 784) = 0.0875');
    agrees(kaimingBound([256, 784], 'relu'), '0.0875', 'He bound');
  } },
  { card: 'xavier-initialization', kind: 'init bound/std', says: '784 → 256: uniform limit 0.076, std 0.044', check: () => {
    quote('xavier-initialization', 'limit = √(6 / (784 + 256)) = √(6/1040) = 0.076');
    agrees(xavierBound([256, 784]), '0.076', 'Xavier bound');
    quote('xavier-initialization', 'std = √(2 / (784 + 256)) = √(2/1040) = 0.044');
    agrees(xavierStd([256, 784]), '0.044', 'Xavier std');
  } },

  // Attention op counts (score-matrix sizes from the engine's matmul shapes).
  { card: 'self-attention', kind: 'attention op count', says: 'n = 1,000 → 1,000,000 scores; n = 2,000 → 4,000,000', check: () => {
    quote('self-attention', 'For n = 1,000 tokens that is 1,000,000 scores; doubling n to 2,000 quadruples it to 4,000,000');
    assert.equal(product(matmulShape([1, 1000, 64], [1, 64, 1000])), 1_000_000);
    assert.equal(product(matmulShape([1, 2000, 64], [1, 64, 2000])), 4_000_000);
  } },
  { card: 'sparse-attention', kind: 'attention op count', says: 'full attention over 1000 tokens: 1,000,000; local window 128: 128,000', check: () => {
    quote('sparse-attention', '1000 × 1000 = 1,000,000 attention computations');
    assert.equal(product(matmulShape([1000, 64], [64, 1000])), 1_000_000);
    quote('sparse-attention', 'Local window (128 tokens): 1000 × 128 = 128,000');
    assert.equal(product(matmulShape([1000, 64], [64, 128])), 128_000);
  } },
  { card: 'flash-attention', kind: 'attention op count', says: '8192 tokens × 32 heads fp16 scores: 4,294,967,296 bytes', check: () => {
    quote('flash-attention', '8192 · 8192 · 32 heads · 2 bytes = 4,294,967,296 bytes = 4 GiB per layer');
    assert.equal(product(matmulShape([1, 32, 8192, 128], [1, 32, 128, 8192])) * 2, 4_294_967_296);
  } },
];

describe('numbers in cards, recomputed by the engine', () => {
  for (const s of STATEMENTS) it(`${s.card} (${s.kind}): ${s.says}`, s.check);

  it('the init module equals torch.nn.init (fans, gains, uniform bounds)', () => {
    // Oracle: test/fixtures/init-reference.json, from scripts/fixtures/init_reference.py (PyTorch 1.13).
    const ref = realJson<{ gains: Record<string, number>; cases: Array<{ shape: number[]; fan_in: number; fan_out: number; sample_shape: number[]; kaiming_uniform_relu_max_abs: number; xavier_uniform_max_abs: number; samples: number }> }>('test/fixtures/init-reference.json');
    const { fans, gain } = initModule;
    assert.ok(Math.abs(gain('tanh') - ref.gains.tanh) < 1e-15);
    assert.ok(Math.abs(gain('relu') - ref.gains.relu) < 1e-15);
    assert.ok(Math.abs(gain('selu') - ref.gains.selu) < 1e-15);
    assert.ok(Math.abs(gain('leaky_relu', 0.2) - ref.gains['leaky_relu(0.2)']) < 1e-15);
    assert.ok(Math.abs(gain('leaky_relu') - ref.gains['leaky_relu(0.01)']) < 1e-15);
    for (const c of ref.cases) {
      assert.deepEqual(fans(c.shape), { fanIn: c.fan_in, fanOut: c.fan_out });
      // The largest |w| of n uniform draws lies just below the bound (within a few multiples of bound/n).
      for (const [bound, max] of [[kaimingBound(c.sample_shape, 'relu'), c.kaiming_uniform_relu_max_abs], [xavierBound(c.sample_shape), c.xavier_uniform_max_abs]]) {
        assert.ok(max <= bound * (1 + 1e-12), `max ${max} above the bound ${bound} for ${c.sample_shape}`);
        assert.ok((bound - max) / bound < 20 / c.samples, `bound ${bound} too far above max ${max} for ${c.sample_shape}`);
      }
    }
  });

  it('reports the numeric lines of cards that no statement covers (see docs/card-numbers.md)', () => {
    const covered = new Set(STATEMENTS.map((s) => s.card));
    const uncovered: Record<string, number> = {};
    for (const c of Object.values(realContent().bodies)) {
      if (c.kind !== 'concept') continue;
      const lines = texts(c).flatMap((t) => t.split('\n')).filter((l) => /\d\.\d|\d{2,}|= *-?\d/.test(l));
      if (lines.length && !covered.has(c.id)) uncovered[c.id] = lines.length;
    }
    const total = Object.values(uncovered).reduce((a, b) => a + b, 0);
    console.log(`      ${STATEMENTS.length} statements on ${covered.size} cards are recomputed; ${Object.keys(uncovered).length} other cards have ${total} lines with numbers the engine does not compute (training dynamics, tensor values, memory arithmetic; docs/card-numbers.md)`);
    assert.ok(covered.size >= 30);
  });
});

