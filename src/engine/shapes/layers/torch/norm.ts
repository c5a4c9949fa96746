/**
 * Normalisation layers. Shapes pass through unchanged; what matters is parameters vs buffers:
 * - BatchNorm / InstanceNorm: weight+bias (2C) when affine; running_mean, running_var (C each) and the
 *   one-element num_batches_tracked buffer when track_running_stats. InstanceNorm defaults to affine=False,
 *   track_running_stats=False.
 * - LayerNorm: 2·∏normalized_shape when elementwise_affine. GroupNorm: 2C when affine.
 * All cost 0 MACs by convention.
 */
import type { BuiltLayer, EngineMessage, ForwardContext, FunctionDef, LayerDef, Shape } from '../../contract';
import { dimEquals, formatDim, product, type Dim } from '../../dims';
import {
  ArgReader,
  bindForward,
  DEVICE_DTYPE,
  fn,
  formatShape,
  INPUT_ONLY,
  inputTensor,
  makeLayer,
  p,
  singleInput,
  tensor,
  torchLayer,
  UNKNOWN_TENSOR,
} from '../core';

const NORM_SIG = [p('num_features'), p('eps', 1e-5), p('momentum', 0.1), p('affine', true), p('track_running_stats', true), ...DEVICE_DTYPE];
const INSTANCE_SIG = [p('num_features'), p('eps', 1e-5), p('momentum', 0.1), p('affine', false), p('track_running_stats', false), ...DEVICE_DTYPE];

type Kind = 'batch' | 'instance' | 'sync';

/** Ranks each variant accepts, and the message PyTorch gives otherwise. */
function rankCheck(kind: Kind, n: number, rank: number): string | null {
  if (kind === 'sync') return rank >= 2 ? null : `expected at least 2D input (got ${rank}D input)`;
  const ok = kind === 'batch' ? (n === 1 ? [2, 3] : [n + 2]) : [n + 1, n + 2];
  if (ok.includes(rank)) return null;
  return `expected ${ok.map((r) => `${r}D`).join(' or ')} input (got ${rank}D input)`;
}

function normForward(kind: Kind, n: number, type: string, C: number | null, affine: boolean, track: boolean, shape: Shape | null, ctx: ForwardContext): Shape | null {
  if (shape === null) return null;
  const problem = rankCheck(kind, n, shape.length);
  if (problem) {
    ctx.report({ severity: 'error', message: `${type} ${problem}: input of shape ${formatShape(shape)}` });
    return null;
  }
  // Batch norms read channels at dim 1; instance norms at dim rank − (n + 1), which is 0 for unbatched input.
  const channelDim = kind === 'instance' ? shape.length - (n + 1) : 1;
  const got = shape[channelDim];
  // PyTorch only notices a mismatch when it has per-channel tensors (running stats or affine weights);
  // InstanceNorm without affine only warns.
  const checked = kind === 'instance' ? affine : affine || track;
  if (C !== null && dimEquals(got, C) === false) {
    const message = `${type} expected input with ${C} channels (num_features=${C}), got ${formatDim(got)} channels in input of shape ${formatShape(shape)}`;
    const mismatch = { arg: 'num_features', expected: C, actual: got, shape, axis: channelDim };
    if (checked) ctx.report({ severity: 'error', message, mismatch });
    else if (kind === 'instance') ctx.report({ severity: 'warning', message, mismatch });
  }
  return shape;
}

function normLayer(kind: Kind, n: number, lazy = false): LayerDef {
  const base = kind === 'batch' ? `BatchNorm${n}d` : kind === 'instance' ? `InstanceNorm${n}d` : 'SyncBatchNorm';
  const type = lazy ? `Lazy${base}` : base;
  const sig = kind === 'instance' ? INSTANCE_SIG : kind === 'sync' ? [...NORM_SIG.slice(0, 5), p('process_group', null), ...DEVICE_DTYPE] : NORM_SIG;
  // The Lazy variants (even LazyInstanceNorm) default to affine=True, track_running_stats=True.
  const lazySig = sig.slice(1).map((s) => (s.name === 'affine' || s.name === 'track_running_stats' ? { ...s, default: true } : s));
  const defaults = lazy || kind !== 'instance';
  return torchLayer(type, lazy ? lazySig : sig, (a): BuiltLayer => {
    const C = lazy ? null : a.int('num_features');
    const affine = a.bool('affine', defaults);
    const track = a.bool('track_running_stats', defaults);
    const counts = (c: number) => ({ params: affine ? 2 * c : 0, buffers: track ? 2 * c + 1 : 0 });
    const known = C !== null ? counts(C) : { params: 0, buffers: 0 };
    return makeLayer({
      type,
      params: known.params,
      parameters: lazy ? null : undefined,
      buffers: known.buffers,
      attributes: {
        num_features: C,
        affine,
        track_running_stats: track,
        weight: affine && C !== null ? tensor([C]) : null,
        bias: affine && C !== null ? tensor([C]) : null,
        running_mean: track && C !== null ? tensor([C]) : null,
        running_var: track && C !== null ? tensor([C]) : null,
      },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        if (!x) return UNKNOWN_TENSOR;
        let channels = C;
        if (lazy && x.shape) {
          const ch = x.shape.length > 1 ? x.shape[kind === 'instance' ? x.shape.length - (n + 1) : 1] : undefined;
          if (typeof ch === 'number') {
            channels = ch;
            const c = counts(ch);
            ctx.declareParameters({ trainable: c.params, nonTrainable: 0 }, c.buffers);
          }
        }
        return tensor(normForward(kind, n, type, channels, affine, track, x.shape, ctx));
      },
    });
  });
}

/** Check that the trailing dims equal normalized_shape (LayerNorm and F.layer_norm). */
function layerNormForward(ns: number[] | null, shape: Shape | null, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null || ns === null) return shape;
  const tail = shape.slice(shape.length - ns.length);
  if (shape.length < ns.length || tail.some((d, i) => dimEquals(d, ns[i]) === false)) {
    ctx.report({
      severity: 'error',
      message: `${owner}: given normalized_shape=${formatShape(ns)}, expected input with shape [*, ${ns.join(', ')}], but got input of shape ${formatShape(shape)}`,
    });
  }
  return shape;
}

const layerNorm = torchLayer('LayerNorm', [p('normalized_shape'), p('eps', 1e-5), p('elementwise_affine', true), ...DEVICE_DTYPE], (a) => {
  const ns = a.intList('normalized_shape');
  const affine = a.bool('elementwise_affine', true);
  const size = ns ? (product(ns) as number) : 0;
  return makeLayer({
    type: 'LayerNorm',
    params: affine ? 2 * size : 0,
    attributes: { normalized_shape: ns, weight: affine && ns ? tensor(ns) : null, bias: affine && ns ? tensor(ns) : null },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'LayerNorm', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? layerNormForward(ns, x.shape, 'LayerNorm', ctx) : null);
    },
  });
});

function groupNormForward(G: number | null, C: Dim | null, shape: Shape | null, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null) return null;
  if (shape.length < 2) {
    ctx.report({ severity: 'error', message: `${owner}: expected at least 2D input (got ${shape.length}D input of shape ${formatShape(shape)})` });
    return null;
  }
  const ch = shape[1];
  if (C !== null && dimEquals(ch, C) === false) {
    ctx.report({ severity: 'error', message: `${owner} expected input with ${formatDim(C)} channels (num_channels=${formatDim(C)}), got ${formatDim(ch)} channels in input of shape ${formatShape(shape)}` });
  } else if (G !== null && typeof ch === 'number' && ch % G !== 0) {
    ctx.report({ severity: 'error', message: `${owner}: expected number of channels in input to be divisible by num_groups=${G}, but got input of shape ${formatShape(shape)}` });
  }
  return shape;
}

const groupNorm = torchLayer('GroupNorm', [p('num_groups'), p('num_channels'), p('eps', 1e-5), p('affine', true), ...DEVICE_DTYPE], (a, bctx) => {
  const G = a.int('num_groups');
  const C = a.int('num_channels');
  const affine = a.bool('affine', true);
  if (G !== null && C !== null && (G <= 0 || C % G !== 0)) {
    bctx.report({ severity: 'error', message: `GroupNorm: num_channels must be divisible by num_groups (num_channels=${C}, num_groups=${G})` });
  }
  return makeLayer({
    type: 'GroupNorm',
    params: affine && C !== null ? 2 * C : 0,
    attributes: { num_groups: G, num_channels: C, weight: affine && C !== null ? tensor([C]) : null, bias: affine && C !== null ? tensor([C]) : null },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'GroupNorm', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? groupNormForward(G, C, x.shape, 'GroupNorm', ctx) : null);
    },
  });
});

function lrnForward(shape: Shape | null, owner: string, minRank: number, ctx: ForwardContext, exact = false): Shape | null {
  if (shape === null) return null;
  if (exact ? shape.length !== minRank : shape.length < minRank) {
    ctx.report({ severity: 'error', message: `${owner}: expected ${exact ? `${minRank}D` : `${minRank}D or higher dimensionality`} input (got ${shape.length} dimensions: ${formatShape(shape)})` });
    return null;
  }
  return shape;
}

const localResponseNorm = torchLayer('LocalResponseNorm', [p('size'), p('alpha', 1e-4), p('beta', 0.75), p('k', 1.0)], (a) =>
  makeLayer({
    type: 'LocalResponseNorm',
    attributes: { size: a.get('size') },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'LocalResponseNorm', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? lrnForward(x.shape, 'LocalResponseNorm', 3, ctx) : null);
    },
  }),
);

const crossMapLRN = torchLayer('CrossMapLRN2d', [p('size'), p('alpha', 1e-4), p('beta', 0.75), p('k', 1)], (a) =>
  makeLayer({
    type: 'CrossMapLRN2d',
    attributes: { size: a.get('size') },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'CrossMapLRN2d', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? lrnForward(x.shape, 'CrossMapLRN2d', 4, ctx, true) : null);
    },
  }),
);

export const normLayers: LayerDef[] = [
  ...[1, 2, 3].flatMap((n) => [normLayer('batch', n), normLayer('instance', n), normLayer('batch', n, true), normLayer('instance', n, true)]),
  normLayer('sync', 0),
  layerNorm,
  groupNorm,
  localResponseNorm,
  crossMapLRN,
];

// ---------------------------------------------------------------------------------------------- functional

const F = 'torch.nn.functional.';

function passThrough(a: ArgReader, ctx: ForwardContext, check?: (shape: Shape) => string | null) {
  const x = inputTensor(a, 'input', ctx);
  if (!x) return UNKNOWN_TENSOR;
  if (x.shape && check) {
    const problem = check(x.shape);
    if (problem) ctx.report({ severity: 'error', message: problem } as EngineMessage);
  }
  return tensor(x.shape);
}

export const normFunctions: FunctionDef[] = [
  fn([F + 'batch_norm'], [p('input'), p('running_mean'), p('running_var'), p('weight', null), p('bias', null), p('training', false), p('momentum', 0.1), p('eps', 1e-5)], (a, ctx) =>
    passThrough(a, ctx, (s) => {
      const rm = a.tensorShape('running_mean') ?? a.tensorShape('weight');
      if (s.length < 2) return `batch_norm: expected at least 2D input (got ${s.length}D input)`;
      if (rm && rm.length === 1 && dimEquals(rm[0], s[1]) === false) return `batch_norm: running_mean should contain ${formatDim(s[1])} elements not ${formatDim(rm[0])} (input of shape ${formatShape(s)})`;
      return null;
    }),
  ),
  fn([F + 'instance_norm'], [p('input'), p('running_mean', null), p('running_var', null), p('weight', null), p('bias', null), p('use_input_stats', true), p('momentum', 0.1), p('eps', 1e-5)], (a, ctx) => passThrough(a, ctx)),
  fn([F + 'layer_norm', 'torch.layer_norm'], [p('input'), p('normalized_shape'), p('weight', null), p('bias', null), p('eps', 1e-5)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    return tensor(x ? layerNormForward(a.intList('normalized_shape'), x.shape, 'layer_norm', ctx) : null);
  }),
  fn([F + 'group_norm', 'torch.group_norm'], [p('input'), p('num_groups'), p('weight', null), p('bias', null), p('eps', 1e-5)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    return tensor(x ? groupNormForward(a.int('num_groups'), null, x.shape, 'group_norm', ctx) : null);
  }),
  fn([F + 'local_response_norm'], [p('input'), p('size'), p('alpha', 1e-4), p('beta', 0.75), p('k', 1.0)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    return tensor(x ? lrnForward(x.shape, 'local_response_norm', 3, ctx) : null);
  }),
  fn([F + 'normalize'], [p('input'), p('p', 2.0), p('dim', 1), p('eps', 1e-12), p('out', null)], (a, ctx) => passThrough(a, ctx)),
];
