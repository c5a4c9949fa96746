/**
 * Loss modules and functions (torch.nn.*Loss, F.*_loss) plus F.scaled_dot_product_attention (PyTorch 2.x code
 * is common enough to deserve a shape). Losses reduce to a scalar `[]` unless reduction='none', which keeps
 * the element-wise shape — for CrossEntropy/NLL that is the input without its class axis (dim 1, or dim 0
 * when unbatched); for the per-sample margin losses it is the batch axis.
 */
import type { ForwardContext, FunctionDef, LayerDef, ParamSpec, Shape } from '../../contract';
import { add, dimEquals, mul, product } from '../../dims';
import { ArgReader, UNKNOWN_TENSOR, bindForward, broadcastShapes, fn, formatShape, inputTensor, makeLayer, p, tensor, torchLayer } from '../core';

type Kind = 'elementwise' | 'class' | 'sample';

const LEGACY = [p('size_average', null), p('reduce', null)];
const CLASS_ARGS = [p('weight', null), p('size_average', null), p('ignore_index', -100), p('reduce', null), p('reduction', 'mean')];

/** name, module signature (after the legacy args), functional name, functional extra params, kind. */
const LOSSES: Array<[string, ParamSpec[], string, ParamSpec[], Kind]> = [
  ['L1Loss', [...LEGACY, p('reduction', 'mean')], 'l1_loss', [...LEGACY, p('reduction', 'mean')], 'elementwise'],
  ['MSELoss', [...LEGACY, p('reduction', 'mean')], 'mse_loss', [...LEGACY, p('reduction', 'mean')], 'elementwise'],
  ['SmoothL1Loss', [...LEGACY, p('reduction', 'mean'), p('beta', 1.0)], 'smooth_l1_loss', [...LEGACY, p('reduction', 'mean'), p('beta', 1.0)], 'elementwise'],
  ['HuberLoss', [p('reduction', 'mean'), p('delta', 1.0)], 'huber_loss', [p('reduction', 'mean'), p('delta', 1.0)], 'elementwise'],
  ['BCELoss', [p('weight', null), ...LEGACY, p('reduction', 'mean')], 'binary_cross_entropy', [p('weight', null), ...LEGACY, p('reduction', 'mean')], 'elementwise'],
  ['BCEWithLogitsLoss', [p('weight', null), ...LEGACY, p('reduction', 'mean'), p('pos_weight', null)], 'binary_cross_entropy_with_logits', [p('weight', null), ...LEGACY, p('reduction', 'mean'), p('pos_weight', null)], 'elementwise'],
  ['KLDivLoss', [...LEGACY, p('reduction', 'mean'), p('log_target', false)], 'kl_div', [...LEGACY, p('reduction', 'mean'), p('log_target', false)], 'elementwise'],
  ['SoftMarginLoss', [...LEGACY, p('reduction', 'mean')], 'soft_margin_loss', [...LEGACY, p('reduction', 'mean')], 'elementwise'],
  ['HingeEmbeddingLoss', [p('margin', 1.0), ...LEGACY, p('reduction', 'mean')], 'hinge_embedding_loss', [p('margin', 1.0), ...LEGACY, p('reduction', 'mean')], 'elementwise'],
  ['CrossEntropyLoss', [...CLASS_ARGS, p('label_smoothing', 0.0)], 'cross_entropy', [...CLASS_ARGS, p('label_smoothing', 0.0)], 'class'],
  ['NLLLoss', CLASS_ARGS, 'nll_loss', CLASS_ARGS, 'class'],
  ['MultiLabelSoftMarginLoss', [p('weight', null), ...LEGACY, p('reduction', 'mean')], 'multilabel_soft_margin_loss', [p('weight', null), ...LEGACY, p('reduction', 'mean')], 'sample'],
];

function lossShape(kind: Kind, input: Shape | null, target: Shape | null, reduction: string, owner: string, ctx: ForwardContext): Shape | null {
  if (reduction !== 'none') return [];
  if (input === null) return null;
  if (kind === 'class') {
    if (input.length === 0) return null;
    return input.length === 1 ? [] : [input[0], ...input.slice(2)];
  }
  if (kind === 'sample') return input.length > 1 ? [input[0]] : [];
  if (target === null) return input;
  return broadcastShapes(input, target, owner, (m) => ctx.report(m));
}

function checkClassTarget(input: Shape | null, target: Shape | null, owner: string, ctx: ForwardContext): void {
  if (!input || !target || input.length < 2) return;
  // Class-index targets drop the class axis; probability targets match the input exactly.
  const expected = [input[0], ...input.slice(2)];
  const sameAsInput = target.length === input.length;
  const reference = sameAsInput ? input : expected;
  if ((!sameAsInput && target.length !== expected.length) || target.some((d, i) => dimEquals(d, reference[i]) === false)) {
    ctx.report({ severity: 'error', message: `${owner}: expected target of shape ${formatShape(expected)} (class indices) or ${formatShape(input)} (probabilities), got ${formatShape(target)}` });
  }
}

function lossLayer(name: string, sig: ParamSpec[], kind: Kind): LayerDef {
  return torchLayer(name, sig, (a) => {
    const reduction = a.str('reduction') ?? 'mean';
    return makeLayer({
      type: name,
      forward(args, kwargs, ctx) {
        const f = bindForward([p('input'), p('target')], args, kwargs, name, ctx);
        const x = inputTensor(f, 'input', ctx);
        const t = inputTensor(f, 'target', ctx);
        if (!x) return UNKNOWN_TENSOR;
        if (kind === 'class') checkClassTarget(x.shape, t?.shape ?? null, name, ctx);
        return tensor(lossShape(kind, x.shape, t?.shape ?? null, reduction, name, ctx));
      },
    });
  });
}

function lossFunction(name: string, extra: ParamSpec[], kind: Kind): FunctionDef {
  return fn([`torch.nn.functional.${name}`], [p('input'), p('target'), ...extra], (a: ArgReader, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const t = inputTensor(a, 'target', ctx);
    if (!x) return UNKNOWN_TENSOR;
    if (kind === 'class') checkClassTarget(x.shape, t?.shape ?? null, name, ctx);
    return tensor(lossShape(kind, x.shape, t?.shape ?? null, a.str('reduction') ?? 'mean', name, ctx));
  });
}

export const lossLayers: LayerDef[] = LOSSES.map(([name, sig, , , kind]) => lossLayer(name, sig, kind));

/** softmax(QKᵀ/√E)V: (…, L, E), (…, S, E), (…, S, Ev) → (…, L, Ev); MACs L·S·E + L·S·Ev per batch item. */
const sdpa = fn(
  ['torch.nn.functional.scaled_dot_product_attention'],
  [p('query'), p('key'), p('value'), p('attn_mask', null), p('dropout_p', 0.0), p('is_causal', false), { name: 'scale', default: null, kwOnly: true }],
  (a, ctx) => {
    const q = inputTensor(a, 'query', ctx);
    const k = inputTensor(a, 'key', ctx);
    const v = inputTensor(a, 'value', ctx);
    if (!q?.shape || !k?.shape || !v?.shape) return UNKNOWN_TENSOR;
    if (q.shape.length < 2 || k.shape.length < 2 || v.shape.length < 2) {
      ctx.report({ severity: 'error', message: `scaled_dot_product_attention: query, key and value need at least 2 dimensions, got ${formatShape(q.shape)}, ${formatShape(k.shape)}, ${formatShape(v.shape)}` });
      return UNKNOWN_TENSOR;
    }
    const [L, E] = q.shape.slice(-2);
    const [S, Ek] = k.shape.slice(-2);
    const Ev = v.shape[v.shape.length - 1];
    const report = (m: Parameters<ForwardContext['report']>[0]) => ctx.report(m);
    if (broadcastShapes([E], [Ek], 'scaled_dot_product_attention (query/key embedding)', report) === null) return UNKNOWN_TENSOR;
    const batch = broadcastShapes(q.shape.slice(0, -2), k.shape.slice(0, -2), 'scaled_dot_product_attention', report);
    if (!batch) return UNKNOWN_TENSOR;
    ctx.addMacs(mul(product(batch), mul(mul(L, S), add(E, Ev))));
    return tensor([...batch, L, Ev]);
  },
);

export const lossFunctions: FunctionDef[] = [...LOSSES.map(([, , fname, extra, kind]) => lossFunction(fname, extra, kind)), sdpa];
