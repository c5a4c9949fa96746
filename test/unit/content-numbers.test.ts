/**
 * Every number stated by the training, autograd, tensor and LLM concept cards, checked against an oracle:
 * values recorded from real PyTorch 1.13 by scripts/cards/card_numbers.py (test/fixtures/card-numbers.json),
 * and, for shapes, ML Lens's own shape engine as well. Each check names a passage that must be in the card
 * and the number in it; the passage must be there and the number must equal the oracle's value at the
 * precision the card shows it.
 */
import * as assert from 'node:assert/strict';
import type { ConceptCard } from '../../src/engine/content/types';
import { broadcastDims } from '../../src/engine/shapes/dims';
import { analyzeSource } from '../../src/engine/shapes/index';
import { readJson, realContent } from '../helpers/content';

const fixture = readJson<{ torch: string; values: Record<string, unknown> }>('test/fixtures/card-numbers.json');

/** A fixture value by key; `key:path` reaches into lists and objects (`cosine.lr:50`, `sgd.w:1`). */
function oracle(ref: string): unknown {
  const [key, ...path] = ref.split(':');
  assert.ok(key in fixture.values, `no recorded value ${key}`);
  let v: unknown = fixture.values[key];
  for (const p of path) v = (v as Record<string, unknown>)[p];
  assert.notEqual(v, undefined, `no recorded value ${ref}`);
  return v;
}

function cardText(id: string): string {
  const card = realContent().bodies[id] as ConceptCard | undefined;
  assert.ok(card && card.kind === 'concept', `no concept card ${id}`);
  return [card.simple, card.full, card.example, card.formula ?? '', card.formulaText ?? '', ...(card.notes ?? []).map((n) => n.body)].join('\n');
}

/** "4,816,896" → 4816896, "-0.4161" → -0.4161, "8." → 8, "6.10e-5" → 6.1e-5 (± half a unit of the last digit shown). */
function parseShown(shown: string): { value: number; halfUnit: number } {
  const clean = shown.replace(/,/g, '').replace(/−/g, '-').replace(/\.$/, '');
  assert.match(clean, /^-?\d+(\.\d+)?(e-?\d+)?$/, `"${shown}" is not a plain number`);
  const exp = /e(-?\d+)$/.exec(clean);
  const decimals = (/\.(\d+)/.exec(clean.replace(/e-?\d+$/, ''))?.[1].length ?? 0) - (exp ? Number(exp[1]) : 0);
  return { value: Number(clean), halfUnit: 0.5 * 10 ** -decimals };
}

interface NumberCheck {
  /** A passage of the card, verbatim. */
  readonly quote: string;
  /** The number as the passage shows it (must occur in the quote). */
  readonly shown: string;
  /** Fixture key (see oracle()). */
  readonly key: string;
  /** The card states value / scale (e.g. bytes in GiB). */
  readonly scale?: number;
}

const GiB = 2 ** 30;
const CHECKS: Record<string, NumberCheck[]> = {
  'gradient-descent': [
    { quote: 'w = 0   - 0.1·(-6)   = 0.6', shown: '0.6', key: 'sgd.w:0' },
    { quote: 'w = 0.6 - 0.1·(-4.8) = 1.08', shown: '1.08', key: 'sgd.w:1' },
    { quote: 'print(w.item())   # 0.6, then 1.08', shown: '1.08', key: 'sgd.w:1' },
    { quote: 'each step closes 20% of the remaining gap', shown: '20', key: 'sgd.gap_closed_percent:0' },
    { quote: 'each step closes 20% of the remaining gap', shown: '20', key: 'sgd.gap_closed_percent:1' },
  ],
  momentum: [
    { quote: 'w = 0   - 0.1·(-6)    = 0.6', shown: '0.6', key: 'momentum.w:0' },
    { quote: 'w = 0.6 - 0.1·(-10.2) = 1.62', shown: '1.62', key: 'momentum.w:1' },
    { quote: 'plain SGD after two steps: 1.08', shown: '1.08', key: 'sgd.w:1' },
  ],
  adam: [
    { quote: 'm₁ = 0.9·0 + 0.1·0.5      = 0.05', shown: '0.05', key: 'adam.m1' },
    { quote: 'm̂₁ = 0.05 / (1 - 0.9)     = 0.5', shown: '0.5', key: 'adam.mhat1' },
    { quote: 'v₁ = 0.999·0 + 0.001·0.25 = 0.00025', shown: '0.00025', key: 'adam.v1' },
    { quote: 'v̂₁ = 0.00025 / (1 - 0.999) = 0.25', shown: '0.25', key: 'adam.vhat1' },
    { quote: 'w₁ ≈ 0.9', shown: '0.9', key: 'adam.w1' },
    { quote: 'without bias correction: 0.05 / √0.00025 ≈ 3.162', shown: '3.162', key: 'adam.uncorrected_ratio' },
    { quote: 'with $g = 500$ it would be 0.1 as well', shown: '0.1', key: 'adam.step_g500' },
    { quote: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08', shown: '0.001', key: 'defaults.Adam:lr' },
    { quote: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08', shown: '0.999', key: 'defaults.Adam:betas:1' },
    { quote: 'lr=0.001, betas=(0.9, 0.999), eps=1e-08', shown: '1e-08', key: 'defaults.Adam:eps' },
  ],
  adamw: [
    { quote: 'the Adam step of ≈ 0.1  →  w ≈ 0.89', shown: '0.89', key: 'adamw.w1' },
    { quote: 'normalized step ≈ 0.1 →  w ≈ 0.9', shown: '0.9', key: 'adam_l2.w1' },
    { quote: 'eps=1e-08, weight_decay=0.01)', shown: '0.01', key: 'defaults.AdamW:weight_decay' },
  ],
  'weight-decay': [
    { quote: 'w ← 2 - 0.1·0.01·2        = 1.998', shown: '1.998', key: 'weight_decay.sgd.w1' },
    { quote: 'w ← 2 - 0.1·0.02           = 1.998', shown: '1.998', key: 'weight_decay.l2.w1' },
  ],
  'learning-rate': [
    { quote: 'η = 0.1:  w = 0.8, 0.64', shown: '0.64', key: 'lr.0.1.w:1' },
    { quote: 'η = 0.1:  w = 0.8', shown: '0.8', key: 'lr.0.1.w:0' },
    { quote: 'η = 1.0:  w = -1, 1', shown: '-1', key: 'lr.1.0.w:0' },
    { quote: 'η = 1.1:  w = -1.2, 1.44', shown: '-1.2', key: 'lr.1.1.w:0' },
    { quote: 'η = 1.1:  w = -1.2, 1.44', shown: '1.44', key: 'lr.1.1.w:1' },
  ],
  'lr-schedule': [
    { quote: 'lr:   0.1    0.0854   0.05    0.0146   0', shown: '0.0854', key: 'cosine.lr:25' },
    { quote: 'lr:   0.1    0.0854   0.05    0.0146   0', shown: '0.05', key: 'cosine.lr:50' },
    { quote: 'lr:   0.1    0.0854   0.05    0.0146   0', shown: '0.0146', key: 'cosine.lr:75' },
    { quote: '0.0146   0', shown: '0', key: 'cosine.lr:100' },
    { quote: 'min(1.0, (s + 1) / 10))`: 0.01, 0.02', shown: '0.01', key: 'warmup.lr:0' },
    { quote: '…, 0.09, 0.1, then 0.1', shown: '0.09', key: 'warmup.lr:8' },
    { quote: '…, 0.09, 0.1, then 0.1', shown: '0.1', key: 'warmup.lr:10' },
  ],
  'gradient-clipping': [
    { quote: 'clipped gradients [0.6, 0.8]', shown: '0.6', key: 'clip.clipped:0' },
    { quote: 'clipped gradients [0.6, 0.8]', shown: '0.8', key: 'clip.clipped:1' },
    { quote: 'clip by value 1 on [3, -4]  →  [1, -1]', shown: '-1', key: 'clip.value:1' },
    { quote: '# returns 5.0 here', shown: '5.0', key: 'clip.total_norm' },
  ],
  'cross-entropy': [
    { quote: 'softmax  = [0.659, 0.242, 0.099]', shown: '0.659', key: 'ce.softmax:0' },
    { quote: 'softmax  = [0.659, 0.242, 0.099]', shown: '0.242', key: 'ce.softmax:1' },
    { quote: 'softmax  = [0.659, 0.242, 0.099]', shown: '0.099', key: 'ce.softmax:2' },
    { quote: 'loss     = -ln 0.659 = 0.417', shown: '0.417', key: 'ce.loss' },
    { quote: '-ln 0.099 = 2.317', shown: '2.317', key: 'ce.loss_class2' },
    { quote: 'ln 1000 = 6.908', shown: '6.908', key: 'ce.uniform_1000' },
    { quote: 'F.cross_entropy(logits, torch.tensor([0]))   # tensor(0.4170)', shown: '0.4170', key: 'ce.loss' },
    { quote: '`ignore_index=-100` skips padding tokens', shown: '-100', key: 'defaults.CrossEntropyLoss:ignore_index' },
  ],
  'loss-function': [
    { quote: 'loss = -ln 0.7 = 0.357', shown: '0.357', key: 'ce.neg_log_0.7' },
    { quote: 'loss = -ln 0.1 = 2.303', shown: '2.303', key: 'ce.neg_log_0.1' },
  ],
  'label-smoothing': [
    { quote: 'smoothed target:  [0.9333, 0.0333, 0.0333]', shown: '0.9333', key: 'label_smoothing.targets:0' },
    { quote: 'smoothed target:  [0.9333, 0.0333, 0.0333]', shown: '0.0333', key: 'label_smoothing.targets:1' },
    { quote: '0.417 without smoothing, 0.514 with ε = 0.1', shown: '0.514', key: 'label_smoothing.loss' },
    { quote: '0.417 without smoothing', shown: '0.417', key: 'ce.loss' },
    { quote: 'label_smoothing=0.1)   # tensor(0.5137)', shown: '0.5137', key: 'label_smoothing.loss_from_targets' },
  ],
  'mse-mae': [
    { quote: 'MSE = (0.25 + 0.25 + 0.01) / 3 = 0.17', shown: '0.17', key: 'mse' },
    { quote: 'MAE = (0.5 + 0.5 + 0.1) / 3    = 0.3667', shown: '0.3667', key: 'mae' },
    { quote: 'MSE = 25.1275', shown: '25.1275', key: 'mse.outlier' },
    { quote: '(the outlier is 99.5% of it)', shown: '99.5', key: 'mse.outlier_share', scale: 0.01 },
    { quote: 'MAE = 2.775', shown: '2.775', key: 'mae.outlier' },
  ],
  'bce-with-logits': [
    { quote: '$\\sigma(2) = 0.881$', shown: '0.881', key: 'bce.sigmoid2' },
    { quote: 'target 1:  -ln 0.881       = 0.127', shown: '0.127', key: 'bce.pos' },
    { quote: 'target 0:  -ln (1 - 0.881) = 2.127', shown: '2.127', key: 'bce.neg' },
    { quote: 'BCEWithLogitsLoss:      200', shown: '200', key: 'bce.logits_stable' },
    { quote: 'sigmoid, then BCELoss:  100', shown: '100', key: 'bce.sigmoid_then_bce' },
  ],
  logits: [
    { quote: 'softmax $[0.659, 0.242, 0.099]$', shown: '0.242', key: 'logits.softmax_shifted:1' },
    { quote: '$\\sigma(2) = 0.881$', shown: '0.881', key: 'bce.sigmoid2' },
    { quote: '$\\log(0.881/0.119) = 2.0$', shown: '2.0', key: 'logits.logodds_0.881' },
  ],
  perplexity: [
    { quote: 'mean cross-entropy 0.417  →  perplexity e^0.417 = 1.517', shown: '1.517', key: 'perplexity.ce_0.417' },
    { quote: 'loss ln 50257 = 10.825', shown: '10.825', key: 'ce.uniform_50257' },
    { quote: '→ perplexity 50,257', shown: '50,257', key: 'perplexity.uniform_50257' },
  ],
  'epoch-batch-iteration': [
    { quote: 'iterations per epoch = ⌈50000 / 64⌉ = 782', shown: '782', key: 'epoch.batches' },
    { quote: 'a last batch of 16', shown: '16', key: 'epoch.last_batch' },
    { quote: 'with drop_last=True:   781', shown: '781', key: 'epoch.batches_drop_last' },
    { quote: 'print(len(loader))   # 782', shown: '782', key: 'epoch.batches' },
  ],
  'train-eval-mode': [
    { quote: '0.9·0 + 0.1·5 = 0.5', shown: '0.5', key: 'mode.bn_running_mean' },
    { quote: '`running_mean`/`running_var` with momentum 0.1', shown: '0.1', key: 'defaults.BatchNorm1d:momentum' },
    { quote: '0.9·1 + 0.1·2 = 1.1', shown: '1.1', key: 'mode.bn_running_var' },
    { quote: 'tensor([1., 1., 1., 1.]) — identity', shown: '1.', key: 'mode.dropout_eval:0' },
  ],
  'data-loading': [
    { quote: '16 batches: 15 of 64 and a last one of 40', shown: '16', key: 'loader.batches' },
    { quote: '16 batches: 15 of 64 and a last one of 40', shown: '40', key: 'loader.last_batch' },
  ],
  'data-augmentation': [
    { quote: '# random 8%–100% of the area, aspect 3/4–4/3', shown: '8', key: 'defaults.RandomResizedCrop:scale:0', scale: 0.01 },
    { quote: '# p = 0.5', shown: '0.5', key: 'defaults.RandomHorizontalFlip:p' },
  ],
  'train-val-test-split': [{ quote: 'print(len(train), len(val), len(test))   # 800 100 100', shown: '800', key: 'split.sizes:0' }],
  regularization: [
    { quote: 'L2: 0.01 · (1 + 4 + 9) = 0.14', shown: '0.14', key: 'reg.l2' },
    { quote: 'L1: 0.01 · (1 + 2 + 3) = 0.06', shown: '0.06', key: 'reg.l1' },
  ],
  'requires-grad': [{ quote: 'print(x.grad)                               # tensor(8.)', shown: '8.', key: 'autograd.grad' }],
  'grad-attribute': [
    { quote: '(x ** 2).backward(); print(x.grad)   # tensor(6.)', shown: '6.', key: 'grad.first' },
    { quote: '# tensor(12.)  — 6 + 6, accumulated', shown: '12.', key: 'grad.accumulated' },
  ],
  detach: [
    { quote: 'print(x.grad)                       # tensor(3.)', shown: '3.', key: 'detach.grad' },
    { quote: 'so $dz/dx = 3$', shown: '3', key: 'detach.grad' },
  ],
  'tensor-shape': [
    { quote: '# 32·3·224·224 = 4,816,896', shown: '4,816,896', key: 'shape.numel' },
    { quote: '# 19,267,584 bytes', shown: '19,267,584', key: 'shape.bytes_fp32' },
    { quote: '≈ 18.4 MiB in float32', shown: '18.4', key: 'shape.bytes_fp32', scale: 2 ** 20 },
  ],
  'view-reshape': [{ quote: 'u.reshape(6)                     # tensor([0, 3, 1, 4, 2, 5])', shown: '3', key: 'view.reshape:1' }],
  einsum: [{ quote: '# tensor(5.) trace', shown: '5.', key: 'einsum.trace' }],
  rmsnorm: [
    { quote: '= √7.5 = 2.7386', shown: '2.7386', key: 'rmsnorm.rms' },
    { quote: 'RMSNorm(x)   = [0.3651, 0.7303, 1.0954, 1.4606]', shown: '0.3651', key: 'rmsnorm.y:0' },
    { quote: 'RMSNorm(x)   = [0.3651, 0.7303, 1.0954, 1.4606]', shown: '0.7303', key: 'rmsnorm.y:1' },
    { quote: 'RMSNorm(x)   = [0.3651, 0.7303, 1.0954, 1.4606]', shown: '1.0954', key: 'rmsnorm.y:2' },
    { quote: 'RMSNorm(x)   = [0.3651, 0.7303, 1.0954, 1.4606]', shown: '1.4606', key: 'rmsnorm.y:3' },
    { quote: 'LayerNorm(x) = [-1.3416, -0.4472, 0.4472, 1.3416]', shown: '-1.3416', key: 'rmsnorm.layernorm_y:0' },
    { quote: 'LayerNorm(x) = [-1.3416, -0.4472, 0.4472, 1.3416]', shown: '-0.4472', key: 'rmsnorm.layernorm_y:1' },
  ],
  rope: [
    { quote: '$\\theta_1 = 10000^{-1/2} = 0.01$', shown: '0.01', key: 'rope.theta:1' },
    { quote: 'position m = 2: angles 2 rad and 0.02 rad', shown: '0.02', key: 'rope.angles_m2:1' },
    { quote: '(cos 2, sin 2) = (-0.4161, 0.9093)', shown: '-0.4161', key: 'rope.rotated_10:0' },
    { quote: '(cos 2, sin 2) = (-0.4161, 0.9093)', shown: '0.9093', key: 'rope.rotated_10:1' },
    { quote: 'score 8.7036', shown: '8.7036', key: 'rope.dot_5_3' },
    { quote: 'the same 8.7036 at positions 12 and 10', shown: '8.7036', key: 'rope.dot_12_10' },
  ],
  swiglu: [
    { quote: '3 · 4096 · 11008 = 135,266,304', shown: '135,266,304', key: 'swiglu.params' },
    { quote: '2 · 4096 · 16384 = 134,217,728', shown: '134,217,728', key: 'ffn.params_4d' },
    { quote: '$\\tfrac23 \\cdot 4 \\cdot 4096 = 10922.7$', shown: '10922.7', key: 'swiglu.two_thirds_4d' },
  ],
  'grouped-query-attention': [
    { quote: '4096 × 4096 = 16,777,216 weights', shown: '16,777,216', key: 'gqa.kv_proj_mha' },
    { quote: '4096 × 1024 =  4,194,304 weights', shown: '4,194,304', key: 'gqa.kv_proj_gqa8' },
    { quote: '80 layers, 8 KV heads → 1.25 GiB', shown: '1.25', key: 'kv.llama2_70b_4096', scale: GiB },
    { quote: 'with 64 KV heads (MHA): 10 GiB', shown: '10', key: 'kv.llama2_70b_mha_4096', scale: GiB },
  ],
  'kv-cache': [
    { quote: '2 · 32 · 32 · 128 · 2 bytes = 524,288 bytes', shown: '524,288', key: 'kv.per_token_7b' },
    { quote: '= 512 KiB', shown: '512', key: 'kv.per_token_7b', scale: 1024 },
    { quote: '4,096 tokens:         2,147,483,648 bytes', shown: '2,147,483,648', key: 'kv.llama2_7b_4096' },
    { quote: '2,147,483,648 bytes = 2 GiB per sequence', shown: '2', key: 'kv.llama2_7b_4096', scale: GiB },
    { quote: 'GQA with 8 KV heads), 4,096 tokens: 1.25 GiB', shown: '1.25', key: 'kv.llama2_70b_4096', scale: GiB },
  ],
  'flash-attention': [
    { quote: '8192 · 8192 · 32 heads · 2 bytes = 4,294,967,296 bytes', shown: '4,294,967,296', key: 'flash.scores_bytes' },
    { quote: '= 4 GiB per layer', shown: '4', key: 'flash.scores_bytes', scale: GiB },
  ],
  lora: [
    { quote: 'full fine-tuning: 4096 · 4096       = 16,777,216', shown: '16,777,216', key: 'lora.full' },
    { quote: 'LoRA:             8 · (4096 + 4096) =     65,536', shown: '65,536', key: 'lora.trainable' },
    { quote: 'trainable weights  (0.39%)', shown: '0.39', key: 'lora.percent' },
  ],
  'mixed-precision': [
    { quote: 'fp32     3.40e38     1.18e-38          1.19e-7', shown: '3.40e38', key: 'finfo.fp32:max' },
    { quote: 'fp32     3.40e38     1.18e-38          1.19e-7', shown: '1.18e-38', key: 'finfo.fp32:tiny' },
    { quote: 'fp32     3.40e38     1.18e-38          1.19e-7', shown: '1.19e-7', key: 'finfo.fp32:eps' },
    { quote: 'fp16     65504       6.10e-5           0.000977', shown: '65504', key: 'finfo.fp16:max' },
    { quote: 'fp16     65504       6.10e-5           0.000977', shown: '6.10e-5', key: 'finfo.fp16:tiny' },
    { quote: 'fp16     65504       6.10e-5           0.000977', shown: '0.000977', key: 'finfo.fp16:eps' },
    { quote: 'bf16     3.39e38     1.18e-38          0.0078125', shown: '3.39e38', key: 'finfo.bf16:max' },
    { quote: 'bf16     3.39e38     1.18e-38          0.0078125', shown: '1.18e-38', key: 'finfo.bf16:tiny' },
    { quote: 'bf16     3.39e38     1.18e-38          0.0078125', shown: '0.0078125', key: 'finfo.bf16:eps' },
    { quote: 'largest value 65504, smallest normal about 6.1e-5', shown: '6.1e-5', key: 'finfo.fp16:tiny' },
    { quote: 'machine epsilon 0.0078 vs 0.00098 for fp16', shown: '0.0078', key: 'finfo.bf16:eps' },
    { quote: 'machine epsilon 0.0078 vs 0.00098 for fp16', shown: '0.00098', key: 'finfo.fp16:eps' },
    { quote: 'fp16(1e-8) = 0', shown: '0', key: 'fp16.underflow' },
    { quote: 'bf16(1 + 2^-8) = 1', shown: '1', key: 'bf16.one_plus' },
    { quote: 'starts at $S = 65536$', shown: '65536', key: 'defaults.GradScaler:init_scale' },
    { quote: '×0.5 on overflow', shown: '0.5', key: 'defaults.GradScaler:backoff_factor' },
    { quote: '×2 after 2000 good steps', shown: '2000', key: 'defaults.GradScaler:growth_interval' },
    { quote: '×2 after 2000 good steps', shown: '2', key: 'defaults.GradScaler:growth_factor' },
  ],
  'token-embedding': [
    { quote: 'embedding table: 50,257 · 768 = 38,597,376 parameters', shown: '38,597,376', key: 'embedding.gpt2_params' },
    { quote: 'IDs of shape (4, 16) → vectors of shape (4, 16, 768)', shown: '768', key: 'embedding.lookup_shape:2' },
    { quote: 'untied LM head: another 38,597,376; tied: 0 extra', shown: '38,597,376', key: 'embedding.tied_params' },
  ],
};

/** Values the fixture records as exact checks of a statement rather than as a displayed number. */
const CLAIMS: Array<{ card: string; quote: string; holds: () => boolean }> = [
  { card: 'gradient-accumulation', quote: 'equals the batch-32 gradient to within 1e-12', holds: () => (oracle('accumulation.max_abs_diff') as number) < 1e-12 },
  { card: 'gradient-checkpointing', quote: 'equals the plain one exactly (difference 0)', holds: () => oracle('checkpoint.max_abs_diff') === 0 },
  { card: 'mixed-precision', quote: 'fp16(70000) = inf', holds: () => oracle('fp16.overflow') === 'inf' },
  { card: 'view-reshape', quote: 'u.is_contiguous()                # False', holds: () => oracle('view.t_contiguous') === false },
  { card: 'view-reshape', quote: 'RuntimeError: view size is not compatible with input tensor\'s size and stride', holds: () => String(oracle('view.error')).startsWith("view size is not compatible with input tensor's size and stride") },
  { card: 'broadcasting', quote: 'RuntimeError: The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1', holds: () => oracle('broadcast.error') === 'The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1' },
  { card: 'no-grad-inference-mode', quote: 'print(logits.requires_grad)    # False', holds: () => oracle('no_grad.requires_grad') === false },
  { card: 'mixed-precision', quote: 'bf16(1 + 2^-8) = 1', holds: () => oracle('bf16.one_plus') === 1 },
];

describe('card numbers equal real PyTorch', () => {
  it(`the fixture was recorded from real PyTorch (${fixture.torch})`, () => {
    assert.match(fixture.torch, /^\d+\.\d+/);
    assert.ok(Object.keys(fixture.values).length > 100);
  });

  for (const [id, checks] of Object.entries(CHECKS)) {
    it(`${id}: ${checks.length} number(s)`, () => {
      const text = cardText(id);
      for (const c of checks) {
        assert.ok(text.includes(c.quote), `${id} no longer says "${c.quote}"`);
        assert.ok(c.quote.includes(c.shown), `"${c.shown}" is not in "${c.quote}"`);
        const { value, halfUnit } = parseShown(c.shown);
        const truth = Number(oracle(c.key)) / (c.scale ?? 1);
        assert.ok(Number.isFinite(truth), `${c.key} is not a number`);
        assert.ok(Math.abs(truth - value) <= halfUnit * 1.0000001, `${id}: "${c.shown}" in "${c.quote}", but PyTorch gives ${truth} (${c.key})`);
      }
    });
  }

  for (const claim of CLAIMS) {
    it(`${claim.card}: "${claim.quote.slice(0, 60)}"`, () => {
      assert.ok(cardText(claim.card).includes(claim.quote), `${claim.card} no longer says "${claim.quote}"`);
      assert.ok(claim.holds(), `PyTorch contradicts "${claim.quote}"`);
    });
  }
});

/** The tensor cards' shapes, from the shape engine (the same code that answers hovers on model code). */
function engineShape(expr: string, inputs: string): unknown {
  const src = `import torch\nimport torch.nn as nn\n\n# input: ${inputs}\nclass M(nn.Module):\n    def forward(self, x, y=None):\n        return ${expr}\n`;
  const report = analyzeSource(src, {});
  return report.models[0]?.output;
}

describe('tensor-card shapes equal the shape engine and real PyTorch', () => {
  const cases: Array<{ card: string; quote: string; engine: () => unknown; key: string }> = [
    { card: 'broadcasting', quote: '(3, 1)        + (1, 4)     → (3, 4)', engine: () => shapeOf(broadcastDims([3, 1], [1, 4])), key: 'broadcast.a' },
    { card: 'broadcasting', quote: '(8, 1, 6, 1)  + (7, 1, 5)  → (8, 7, 6, 5)', engine: () => shapeOf(broadcastDims([8, 1, 6, 1], [7, 1, 5])), key: 'broadcast.b' },
    { card: 'broadcasting', quote: '(32, 3, 224, 224) * (3, 1, 1) → (32, 3, 224, 224)', engine: () => shapeOf(broadcastDims([32, 3, 224, 224], [3, 1, 1])), key: 'broadcast.c' },
    { card: 'permute-transpose', quote: 'x.permute(0, 3, 1, 2).shape            # torch.Size([8, 3, 32, 32])', engine: () => engineShape('x.permute(0, 3, 1, 2)', '[8, 32, 32, 3]'), key: 'permute.shape' },
    { card: 'permute-transpose', quote: 'q.transpose(1, 2).shape                # torch.Size([2, 8, 10, 64])', engine: () => engineShape('x.transpose(1, 2)', '[2, 10, 8, 64]'), key: 'transpose.shape' },
    { card: 'concatenate-stack', quote: 'torch.cat([a, b], dim=0).shape          # torch.Size([6, 3])', engine: () => engineShape('torch.cat([x, torch.zeros(4, 3)], dim=0)', '[2, 3]'), key: 'cat.shape' },
    { card: 'concatenate-stack', quote: 'torch.stack([a, a, a]).shape            # torch.Size([3, 2, 3])', engine: () => engineShape('torch.stack([x, x, x])', '[2, 3]'), key: 'stack.shape0' },
    { card: 'concatenate-stack', quote: 'torch.stack([a, a, a], dim=1).shape     # torch.Size([2, 3, 3])', engine: () => engineShape('torch.stack([x, x, x], dim=1)', '[2, 3]'), key: 'stack.shape1' },
    { card: 'einsum', quote: 'torch.zeros(2, 4, 5)).shape  # (2, 3, 5)', engine: () => engineShape('torch.einsum("bij,bjk->bik", x, torch.zeros(2, 4, 5))', '[2, 3, 4]'), key: 'einsum.bmm' },
    { card: 'einsum', quote: 'torch.einsum("bhqd,bhkd->bhqk", q, k).shape   # (2, 8, 10, 12)', engine: () => engineShape('torch.einsum("bhqd,bhkd->bhqk", x, torch.zeros(2, 8, 12, 64))', '[2, 8, 10, 64]'), key: 'einsum.scores' },
  ];
  for (const c of cases) {
    it(`${c.card}: ${c.quote.replace(/\s+/g, ' ').slice(0, 70)}`, () => {
      assert.ok(cardText(c.card).includes(c.quote), `${c.card} no longer says "${c.quote}"`);
      const stated = lastShape(c.quote);
      assert.deepEqual(stated, oracle(c.key), 'the card differs from PyTorch');
      assert.deepEqual(c.engine(), stated, 'the shape engine differs from the card');
    });
  }

  it('tensor-shape: the engine agrees that x[0] of (32, 3, 224, 224) is (3, 224, 224)', () => {
    assert.ok(cardText('tensor-shape').includes('x[0].shape     # torch.Size([3, 224, 224])'));
    assert.deepEqual(engineShape('x[0]', '[32, 3, 224, 224]'), [3, 224, 224]);
  });
});

function shapeOf(r: ReturnType<typeof broadcastDims>): unknown {
  return 'shape' in r ? r.shape : r;
}

/** The last parenthesised or bracketed list of integers in a passage: "… # torch.Size([2, 3, 3])" → [2, 3, 3]. */
function lastShape(quote: string): number[] {
  const lists = Array.from(quote.matchAll(/[([](\d+(?:,\s*\d+)+)[)\]]/g), (m) => m[1].split(',').map((s) => Number(s.trim())));
  assert.ok(lists.length > 0, `no shape in "${quote}"`);
  return lists[lists.length - 1];
}
