/**
 * Embedding (padding_idx), Embedding.from_pretrained (freeze → non-trainable), EmbeddingBag (2-D input, or
 * 1-D input with offsets), F.embedding, F.embedding_bag and F.one_hot. Lookups cost 0 MACs.
 */
import type { EngineMessage, ForwardContext, FunctionDef, LayerDef, Shape } from '../../contract';
import { add, formatDim, sym, type Dim } from '../../dims';
import { ArgReader, UNKNOWN_TENSOR, bindForward, fn, formatShape, inputTensor, isTensor, makeLayer, p, tensor, torchLayer } from '../core';

const EMBEDDING_SIG = [p('num_embeddings'), p('embedding_dim'), p('padding_idx', null), p('max_norm', null), p('norm_type', 2.0), p('scale_grad_by_freq', false), p('sparse', false), p('_weight', null), p('device', null), p('dtype', null)];
const BAG_SIG = [p('num_embeddings'), p('embedding_dim'), p('max_norm', null), p('norm_type', 2.0), p('scale_grad_by_freq', false), p('mode', 'mean'), p('sparse', false), p('_weight', null), p('include_last_offset', false), p('padding_idx', null), p('device', null), p('dtype', null)];
const PRETRAINED_SIG = [p('embeddings'), p('freeze', true), p('padding_idx', null), p('max_norm', null), p('norm_type', 2.0), p('scale_grad_by_freq', false), p('sparse', false)];
const BAG_PRETRAINED_SIG = [p('embeddings'), p('freeze', true), p('max_norm', null), p('norm_type', 2.0), p('scale_grad_by_freq', false), p('mode', 'mean'), p('sparse', false), p('include_last_offset', false), p('padding_idx', null)];

function checkPaddingIdx(a: ArgReader, n: number | null, report: (m: EngineMessage) => void): void {
  const idx = a.int('padding_idx');
  if (idx !== null && n !== null && (idx >= n || idx < -n)) {
    report({ severity: 'error', message: `${a.owner}: padding_idx must be within num_embeddings (padding_idx=${idx}, num_embeddings=${n})`, arg: 'padding_idx' });
  }
}

/** [*] indices → [*, embedding_dim]. */
function lookupShape(shape: Shape | null, dim: Dim | null): Shape | null {
  return shape === null || dim === null ? null : [...shape, dim];
}

function bagShape(shape: Shape | null, offsets: Shape | null | undefined, dim: Dim | null, includeLast: boolean, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null || dim === null) return null;
  if (shape.length === 2) {
    if (offsets) ctx.report({ severity: 'error', message: `${owner}: if input is 2D, then offsets has to be None, got offsets of shape ${formatShape(offsets)}` });
    return [shape[0], dim];
  }
  if (shape.length === 1) {
    if (offsets === undefined) {
      ctx.report({ severity: 'error', message: `${owner}: offsets has to be a 1D Tensor but got None (input of shape ${formatShape(shape)} is 1D)` });
      return null;
    }
    if (offsets === null) return null;
    if (offsets.length !== 1) {
      ctx.report({ severity: 'error', message: `${owner}: offsets has to be a 1D Tensor, got offsets of shape ${formatShape(offsets)}` });
      return null;
    }
    return [includeLast ? add(offsets[0], -1) : offsets[0], dim];
  }
  ctx.report({ severity: 'error', message: `${owner}: input has to be 1D or 2D Tensor, but got Tensor of dimension ${shape.length} (shape ${formatShape(shape)})` });
  return null;
}

function embeddingLayer(n: number | null, d: number | null, trainable: boolean, a: ArgReader) {
  const count = n !== null && d !== null ? n * d : 0;
  return makeLayer({
    type: 'Embedding',
    parameters: trainable ? { trainable: count, nonTrainable: 0 } : { trainable: 0, nonTrainable: count },
    attributes: { num_embeddings: n, embedding_dim: d, padding_idx: a.get('padding_idx'), weight: n !== null && d !== null ? tensor([n, d]) : UNKNOWN_TENSOR },
    forward(args, kwargs, ctx) {
      const f = bindForward([p('input')], args, kwargs, 'Embedding', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? lookupShape(x.shape, d) : null);
    },
  });
}

function bagLayer(n: number | null, d: number | null, trainable: boolean, a: ArgReader) {
  const count = n !== null && d !== null ? n * d : 0;
  const includeLast = a.bool('include_last_offset', false);
  return makeLayer({
    type: 'EmbeddingBag',
    parameters: trainable ? { trainable: count, nonTrainable: 0 } : { trainable: 0, nonTrainable: count },
    attributes: { num_embeddings: n, embedding_dim: d, mode: a.get('mode'), weight: n !== null && d !== null ? tensor([n, d]) : UNKNOWN_TENSOR },
    forward(args, kwargs, ctx) {
      const f = bindForward([p('input'), p('offsets', null), p('per_sample_weights', null)], args, kwargs, 'EmbeddingBag', ctx);
      const x = inputTensor(f, 'input', ctx);
      const off = f.get('offsets');
      return tensor(x ? bagShape(x.shape, isTensor(off) ? off.shape : off === null ? undefined : null, d, includeLast, 'EmbeddingBag', ctx) : null);
    },
  });
}

function pretrainedSize(a: ArgReader): [number | null, number | null] {
  const w = a.tensorShape('embeddings');
  if (!w || w.length !== 2) return [null, null];
  return [typeof w[0] === 'number' ? w[0] : null, typeof w[1] === 'number' ? w[1] : null];
}

export const embeddingLayers: LayerDef[] = [
  torchLayer('Embedding', EMBEDDING_SIG, (a, bctx) => {
    const n = a.int('num_embeddings');
    checkPaddingIdx(a, n, (m) => bctx.report(m));
    return embeddingLayer(n, a.int('embedding_dim'), true, a);
  }),
  torchLayer('EmbeddingBag', BAG_SIG, (a, bctx) => {
    const n = a.int('num_embeddings');
    checkPaddingIdx(a, n, (m) => bctx.report(m));
    return bagLayer(n, a.int('embedding_dim'), true, a);
  }),
  {
    names: ['torch.nn.Embedding.from_pretrained'],
    signature: PRETRAINED_SIG,
    build: (args, ctx) => {
      const a = new ArgReader(args, (m) => ctx.report(m), 'Embedding.from_pretrained');
      const [n, d] = pretrainedSize(a);
      return embeddingLayer(n, d, !a.bool('freeze', true), a);
    },
  },
  {
    names: ['torch.nn.EmbeddingBag.from_pretrained'],
    signature: BAG_PRETRAINED_SIG,
    build: (args, ctx) => {
      const a = new ArgReader(args, (m) => ctx.report(m), 'EmbeddingBag.from_pretrained');
      const [n, d] = pretrainedSize(a);
      return bagLayer(n, d, !a.bool('freeze', true), a);
    },
  },
];

const F = 'torch.nn.functional.';

export const embeddingFunctions: FunctionDef[] = [
  fn([F + 'embedding'], [p('input'), p('weight'), p('padding_idx', null), p('max_norm', null), p('norm_type', 2.0), p('scale_grad_by_freq', false), p('sparse', false)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const w = a.tensorShape('weight');
    if (w && w.length !== 2) ctx.report({ severity: 'error', message: `embedding: weight has to be a 2D Tensor, got shape ${formatShape(w)}` });
    return tensor(x && w && w.length === 2 ? lookupShape(x.shape, w[1]) : null);
  }),
  fn(
    [F + 'embedding_bag'],
    [p('input'), p('weight'), p('offsets', null), p('max_norm', null), p('norm_type', 2), p('scale_grad_by_freq', false), p('mode', 'mean'), p('sparse', false), p('per_sample_weights', null), p('include_last_offset', false), p('padding_idx', null)],
    (a, ctx) => {
      const x = inputTensor(a, 'input', ctx);
      const w = a.tensorShape('weight');
      const off = a.get('offsets');
      if (!x || !w || w.length !== 2) return UNKNOWN_TENSOR;
      return tensor(bagShape(x.shape, isTensor(off) ? off.shape : off === null ? undefined : null, w[1], a.bool('include_last_offset', false), 'embedding_bag', ctx));
    },
  ),
  fn([F + 'one_hot'], [p('tensor'), p('num_classes', -1)], (a, ctx) => {
    const x = inputTensor(a, 'tensor', ctx);
    if (!x || x.shape === null) return UNKNOWN_TENSOR;
    const k = a.dim('num_classes');
    // num_classes=-1 means max(tensor)+1, which depends on the data: keep it symbolic.
    const classes: Dim = k === null || k === -1 ? sym('num_classes') : k;
    if (typeof classes === 'number' && classes < -1) ctx.report({ severity: 'error', message: `one_hot: num_classes should be -1 or positive, got ${formatDim(classes)}` });
    return tensor([...x.shape, classes]);
  }),
];
