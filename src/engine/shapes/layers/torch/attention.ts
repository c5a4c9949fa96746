/**
 * MultiheadAttention and the nn.Transformer family, built as composite layers whose children carry the names
 * PyTorch 1.13 registers (self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2,
 * multihead_attn, norm3, dropout3, layers.0 …, encoder, decoder). Their forward() follows PyTorch's
 * training-mode (non fast-path) code and calls each child through ctx.callChild, so every child gets a row.
 *
 * MultiheadAttention parameters: in_proj (3E·E, or E·E + E·kdim + E·vdim with separate kdim/vdim) plus 3E
 * bias; bias_k/bias_v (E each) with add_bias_kv; the out_proj child (E·E + E).
 * MACs: Q/K/V/out projections (L·E·E + S·kdim·E + S·vdim·E + L·E·E) plus QKᵀ (L·S'·E) and AV (L·S'·E) per
 * batch element, where S' counts the extra bias_kv / zero-attention positions.
 */
import type { BuildContext, BuiltLayer, FlowValue, ForwardContext, LayerDef, PyArg, Shape } from '../../contract';
import { UNKNOWN } from '../../contract';
import { add, dimEquals, formatDim, mul, type Dim } from '../../dims';
import { bindArgs } from '../binding';
import {
  ArgReader,
  DEVICE_DTYPE,
  NONE,
  UNKNOWN_TENSOR,
  bindForward,
  broadcastShapes,
  describe,
  copyLayer,
  expectDim,
  expectFeature,
  formatShape,
  inputTensor,
  isLayer,
  isTensor,
  makeLayer,
  p,
  tensor,
  torchLayer,
  tuple,
} from '../core';
import { dropoutLayers } from './dropout';
import { linearLayers } from './linear';
import { normLayers } from './norm';

// ---------------------------------------------------------------------------------------------- helpers

function findDef(defs: readonly LayerDef[], name: string): LayerDef {
  const def = defs.find((d) => d.names.includes(`torch.nn.${name}`));
  if (!def) throw new Error(`catalogue is missing torch.nn.${name}`);
  return def;
}

/** Build a catalogue layer from Python-style arguments (used for composite layers' own children). */
function build(def: LayerDef, positional: PyArg[], kwargs: Record<string, PyArg>, ctx: BuildContext): BuiltLayer {
  const bound = bindArgs(def.signature, positional, kwargs, def.names[0].split('.').pop() ?? '');
  for (const m of bound.messages) ctx.report(m);
  return def.build(bound.args, ctx);
}

const LINEAR = () => findDef(linearLayers, 'Linear');
const DROPOUT = () => findDef(dropoutLayers, 'Dropout');
const LAYER_NORM = () => findDef(normLayers, 'LayerNorm');

function first(v: FlowValue): FlowValue {
  return v.kind === 'tuple' ? v.items[0] ?? UNKNOWN_TENSOR : v;
}

function shapeOf(v: FlowValue): Shape | null {
  return v.kind === 'tensor' ? v.shape : null;
}

/** The residual `x + y`, broadcast-checked. */
function residual(x: FlowValue, y: FlowValue, owner: string, ctx: ForwardContext): FlowValue {
  const a = shapeOf(x);
  const b = shapeOf(y);
  if (a === null || b === null) return tensor(a ?? b);
  return tensor(broadcastShapes(a, b, owner, (m) => ctx.report(m)));
}

/** Only pass keyword arguments that were actually given (non-None). */
function given(kwargs: Record<string, PyArg>): Record<string, PyArg> {
  const out: Record<string, PyArg> = {};
  for (const [k, v] of Object.entries(kwargs)) if (v !== null && v !== undefined && v !== UNKNOWN) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------- MultiheadAttention

const MHA_SIG = [p('embed_dim'), p('num_heads'), p('dropout', 0.0), p('bias', true), p('add_bias_kv', false), p('add_zero_attn', false), p('kdim', null), p('vdim', null), p('batch_first', false), ...DEVICE_DTYPE];
const MHA_FORWARD = [p('query'), p('key'), p('value'), p('key_padding_mask', null), p('need_weights', true), p('attn_mask', null), p('average_attn_weights', true)];

const multiheadAttention = torchLayer('MultiheadAttention', MHA_SIG, (a, bctx) => {
  const E = a.int('embed_dim');
  const heads = a.int('num_heads');
  const kdim = a.int('kdim') ?? E;
  const vdim = a.int('vdim') ?? E;
  const bias = a.bool('bias', true);
  const biasKV = a.bool('add_bias_kv', false);
  const zeroAttn = a.bool('add_zero_attn', false);
  const batchFirst = a.bool('batch_first', false);
  if (E !== null && heads !== null && (heads <= 0 || E % heads !== 0)) {
    bctx.report({ severity: 'error', message: `MultiheadAttention: embed_dim must be divisible by num_heads (embed_dim=${E}, num_heads=${heads})`, arg: 'num_heads' });
  }
  let own = 0;
  if (E !== null && kdim !== null && vdim !== null) {
    own = E * E + E * kdim + E * vdim + (bias ? 3 * E : 0) + (biasKV ? 2 * E : 0);
  }
  const outProj = build(LINEAR(), [E ?? UNKNOWN, E ?? UNKNOWN], { bias }, bctx);
  const children: Array<[string, BuiltLayer]> = [['out_proj', { ...outProj, type: 'NonDynamicallyQuantizableLinear' }]];
  return makeLayer({
    type: 'MultiheadAttention',
    params: own,
    children,
    attributes: { embed_dim: E, num_heads: heads, kdim, vdim, batch_first: batchFirst, head_dim: E !== null && heads ? Math.floor(E / heads) : null },
    forward(args, kwargs, ctx) {
      const f = bindForward(MHA_FORWARD, args, kwargs, 'MultiheadAttention', ctx);
      const q = inputTensor(f, 'query', ctx);
      const k = inputTensor(f, 'key', ctx);
      const v = inputTensor(f, 'value', ctx);
      const needWeights = f.bool('need_weights', true);
      const average = f.bool('average_attn_weights', true);
      const unknown = tuple(UNKNOWN_TENSOR, needWeights ? UNKNOWN_TENSOR : NONE);
      if (!q || !k || !v || q.shape === null || E === null || heads === null) return unknown;
      const qs = q.shape;
      const report = (m: Parameters<ForwardContext['report']>[0]) => ctx.report(m);
      if (qs.length !== 2 && qs.length !== 3) {
        ctx.report({ severity: 'error', message: `MultiheadAttention: query should be unbatched 2D or batched 3D tensor, but received ${qs.length}-D query tensor of shape ${formatShape(qs)}` });
        return unknown;
      }
      const batched = qs.length === 3;
      // Work in PyTorch's internal (L, N, E) layout.
      const seq = (s: Shape): [Dim, Dim | null, Dim] => (!batched ? [s[0], null, s[1]] : batchFirst ? [s[1], s[0], s[2]] : [s[0], s[1], s[2]]);
      const [L, N, qE] = seq(qs);
      expectFeature(qs, qs.length - 1, E, 'embed_dim', () => `MultiheadAttention: was expecting embedding dimension of ${E}, but got ${formatDim(qE)} in query of shape ${formatShape(qs)}`, report);
      let S: Dim | null = null;
      for (const [name, t, dim] of [['key', k, kdim], ['value', v, vdim]] as const) {
        if (t.shape === null || dim === null) continue;
        if (t.shape.length !== qs.length) {
          ctx.report({ severity: 'error', message: `MultiheadAttention: for ${batched ? 'batched (3-D)' : 'unbatched (2-D)'} query, expected ${name} to be ${qs.length}-D, but got a ${t.shape.length}-D tensor of shape ${formatShape(t.shape)}` });
          return unknown;
        }
        const [tS, tN, tE] = seq(t.shape);
        expectDim(tE, dim, () => `MultiheadAttention: expected ${name} embedding dimension ${dim} (${name === 'key' ? 'kdim' : 'vdim'}), got ${formatDim(tE)} in ${name} of shape ${formatShape(t.shape as Shape)}`, report);
        if (N !== null && tN !== null) expectDim(tN, N, () => `MultiheadAttention: ${name} batch size ${formatDim(tN)} does not match query batch size ${formatDim(N)}`, report);
        if (S === null) S = tS;
        else expectDim(tS, S, () => `MultiheadAttention: key and value should have the same sequence length, got ${formatDim(S as Dim)} and ${formatDim(tS)}`, report);
      }
      if (S === null) return unknown;
      const S2 = add(S, (biasKV ? 1 : 0) + (zeroAttn ? 1 : 0));
      // Mask shapes, as F.multi_head_attention_forward checks them (before bias_kv / zero-attention padding).
      const mask = f.get('attn_mask');
      if (isTensor(mask) && mask.shape) {
        const m = mask.shape;
        const want2 = [L, S];
        const want3 = [N === null ? heads : mul(N, heads), L, S];
        const want = m.length === 2 ? want2 : m.length === 3 ? want3 : null;
        if (!want) ctx.report({ severity: 'error', message: `MultiheadAttention: attn_mask's dimension ${m.length} is not supported (expected 2D (L, S) or 3D (N·num_heads, L, S))` });
        else if (m.some((d, i) => dimEquals(d, want[i]) === false)) {
          ctx.report({ severity: 'error', message: `MultiheadAttention: the shape of the ${m.length}D attn_mask is ${formatShape(m)}, but should be ${formatShape(want)}` });
        }
      }
      const kpm = f.get('key_padding_mask');
      if (isTensor(kpm) && kpm.shape) {
        const want = N === null ? [S] : [N, S];
        if (kpm.shape.length !== want.length || kpm.shape.some((d, i) => dimEquals(d, want[i]) === false)) {
          ctx.report({ severity: 'error', message: `MultiheadAttention: expected key_padding_mask of shape ${formatShape(want)}, but got ${formatShape(kpm.shape)}` });
        }
      }
      // MACs per batch element: projections + QKᵀ + AV.
      const perItem = [mul(L, E * E), mul(S, (kdim ?? E) * E), mul(S, (vdim ?? E) * E), mul(mul(L, S2), E), mul(mul(L, S2), E), mul(L, E * E)].reduce((x, y) => add(x, y));
      ctx.addMacs(N === null ? perItem : mul(N, perItem));
      const output = tensor(!batched ? [L, E] : batchFirst ? [N as Dim, L, E] : [L, N as Dim, E]);
      if (!needWeights) return tuple(output, NONE);
      const weights = average ? [L, S2] : [heads, L, S2];
      return tuple(output, tensor(batched ? [N as Dim, ...weights] : weights));
    },
  });
});

// ---------------------------------------------------------------------------------------------- encoder / decoder layers

const LAYER_SIG = [
  p('d_model'),
  p('nhead'),
  p('dim_feedforward', 2048),
  p('dropout', 0.1),
  p('activation', 'relu'),
  p('layer_norm_eps', 1e-5),
  p('batch_first', false),
  p('norm_first', false),
  ...DEVICE_DTYPE,
];

function buildBlockChildren(a: ArgReader, ctx: BuildContext, decoder: boolean): Array<[string, BuiltLayer]> {
  const d = a.get('d_model');
  const ff = a.get('dim_feedforward');
  const dropout = a.get('dropout');
  const eps = a.get('layer_norm_eps');
  const batchFirst = a.get('batch_first');
  const attn = () => build(multiheadAttention, [d, a.get('nhead')], { dropout, batch_first: batchFirst }, ctx);
  const drop = () => build(DROPOUT(), [dropout], {}, ctx);
  const norm = () => build(LAYER_NORM(), [d], { eps }, ctx);
  const children: Array<[string, BuiltLayer]> = [['self_attn', attn()]];
  if (decoder) children.push(['multihead_attn', attn()]);
  children.push(['linear1', build(LINEAR(), [d, ff], {}, ctx)], ['dropout', drop()], ['linear2', build(LINEAR(), [ff, d], {}, ctx)]);
  children.push(['norm1', norm()], ['norm2', norm()]);
  if (decoder) children.push(['norm3', norm()]);
  children.push(['dropout1', drop()], ['dropout2', drop()]);
  if (decoder) children.push(['dropout3', drop()]);
  const act = a.get('activation');
  if (isLayer(act)) children.push(['activation', act]);
  else if (typeof act === 'string' && act !== 'relu' && act !== 'gelu') {
    ctx.report({ severity: 'error', message: `${a.owner}: activation should be relu/gelu, not ${act}`, arg: 'activation' });
  }
  return children;
}

/** linear1 → activation → dropout → linear2 → dropoutN */
function feedForward(x: FlowValue, hasActivationModule: boolean, lastDropout: string, ctx: ForwardContext): FlowValue {
  let y = ctx.callChild('linear1', [x]);
  if (hasActivationModule) y = ctx.callChild('activation', [y]);
  y = ctx.callChild('dropout', [y]);
  y = ctx.callChild('linear2', [y]);
  return ctx.callChild(lastDropout, [y]);
}

function selfAttention(x: FlowValue, mask: PyArg, padding: PyArg, ctx: ForwardContext): FlowValue {
  const out = first(ctx.callChild('self_attn', [x, x, x], given({ attn_mask: mask, key_padding_mask: padding, need_weights: false })));
  return ctx.callChild('dropout1', [out]);
}

function crossAttention(x: FlowValue, memory: FlowValue, mask: PyArg, padding: PyArg, ctx: ForwardContext): FlowValue {
  const out = first(ctx.callChild('multihead_attn', [x, memory, memory], given({ attn_mask: mask, key_padding_mask: padding, need_weights: false })));
  return ctx.callChild('dropout2', [out]);
}

const encoderLayer = torchLayer('TransformerEncoderLayer', LAYER_SIG, (a, bctx) => {
  const children = buildBlockChildren(a, bctx, false);
  const normFirst = a.bool('norm_first', false);
  const hasAct = children.some(([n]) => n === 'activation');
  const type = 'TransformerEncoderLayer';
  return makeLayer({
    type,
    children,
    attributes: { d_model: a.get('d_model'), nhead: a.get('nhead'), dim_feedforward: a.get('dim_feedforward'), norm_first: normFirst, batch_first: a.get('batch_first') },
    forward(args, kwargs, ctx) {
      const f = bindForward([p('src'), p('src_mask', null), p('src_key_padding_mask', null), p('is_causal', false)], args, kwargs, type, ctx);
      const src = inputTensor(f, 'src', ctx);
      let x: FlowValue = tensor(src ? src.shape : null);
      const mask = f.get('src_mask');
      const pad = f.get('src_key_padding_mask');
      if (normFirst) {
        x = residual(x, selfAttention(ctx.callChild('norm1', [x]), mask, pad, ctx), type, ctx);
        x = residual(x, feedForward(ctx.callChild('norm2', [x]), hasAct, 'dropout2', ctx), type, ctx);
      } else {
        x = ctx.callChild('norm1', [residual(x, selfAttention(x, mask, pad, ctx), type, ctx)]);
        x = ctx.callChild('norm2', [residual(x, feedForward(x, hasAct, 'dropout2', ctx), type, ctx)]);
      }
      return x;
    },
  });
});

/**
 * PyTorch 1.13 quirk: TransformerDecoderLayer.__setstate__ sets `self.activation = F.relu` whenever the state
 * has no top-level 'activation' key, which is always the case for a module activation (it lives in
 * `_modules`). So a deep copy (TransformerDecoder's clones) keeps the activation module registered but
 * calls F.relu instead: the module gets no row. `decoderForwardAfterCopy` gives the copies that forward.
 */
const decoderForwardAfterCopy = new WeakMap<BuiltLayer, BuiltLayer['forward']>();

const decoderLayer = torchLayer('TransformerDecoderLayer', LAYER_SIG, (a, bctx) => {
  const children = buildBlockChildren(a, bctx, true);
  const layer = makeLayer({
    type: 'TransformerDecoderLayer',
    children,
    attributes: { d_model: a.get('d_model'), nhead: a.get('nhead'), dim_feedforward: a.get('dim_feedforward'), norm_first: a.bool('norm_first', false), batch_first: a.get('batch_first') },
    forward: decoderForward(a.bool('norm_first', false), children.some(([n]) => n === 'activation')),
  });
  decoderForwardAfterCopy.set(layer, decoderForward(a.bool('norm_first', false), false));
  return layer;
});

function decoderForward(normFirst: boolean, hasAct: boolean): BuiltLayer['forward'] {
  const type = 'TransformerDecoderLayer';
  return (args, kwargs, ctx) => {
    const f = bindForward(
      [p('tgt'), p('memory'), p('tgt_mask', null), p('memory_mask', null), p('tgt_key_padding_mask', null), p('memory_key_padding_mask', null), p('tgt_is_causal', false), p('memory_is_causal', false)],
      args,
      kwargs,
      type,
      ctx,
    );
    const tgt = inputTensor(f, 'tgt', ctx);
    const memV = f.get('memory');
    const memory: FlowValue = isTensor(memV) ? memV : UNKNOWN_TENSOR;
    let x: FlowValue = tensor(tgt ? tgt.shape : null);
    const [tm, mm, tp, mp] = ['tgt_mask', 'memory_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'].map((n) => f.get(n));
    if (normFirst) {
      x = residual(x, selfAttention(ctx.callChild('norm1', [x]), tm, tp, ctx), type, ctx);
      x = residual(x, crossAttention(ctx.callChild('norm2', [x]), memory, mm, mp, ctx), type, ctx);
      x = residual(x, feedForward(ctx.callChild('norm3', [x]), hasAct, 'dropout3', ctx), type, ctx);
    } else {
      x = ctx.callChild('norm1', [residual(x, selfAttention(x, tm, tp, ctx), type, ctx)]);
      x = ctx.callChild('norm2', [residual(x, crossAttention(x, memory, mm, mp, ctx), type, ctx)]);
      x = ctx.callChild('norm3', [residual(x, feedForward(x, hasAct, 'dropout3', ctx), type, ctx)]);
    }
    return x;
  };
}

// ---------------------------------------------------------------------------------------------- stacks

/** A ModuleList holder for the stacked copies (`layers.0`, `layers.1`, …); it is never called itself. */
function moduleList(items: BuiltLayer[]): BuiltLayer {
  return makeLayer({
    type: 'ModuleList',
    children: items.map((l, i) => [String(i), l]),
    forward(_args, _kwargs, ctx) {
      ctx.report({ severity: 'error', message: 'ModuleList is not callable' });
      return UNKNOWN_TENSOR;
    },
  });
}

function stackChildren(a: ArgReader, layerArg: string, ctx: BuildContext, expected: string): { children: Array<[string, BuiltLayer]>; count: number } {
  const layer = a.get(layerArg);
  const count = a.int('num_layers') ?? 0;
  const children: Array<[string, BuiltLayer]> = [];
  if (!isLayer(layer)) {
    if (!a.isUnknown(layerArg)) ctx.report({ severity: 'error', message: `${a.owner}: ${layerArg} must be a module such as nn.${expected}(...), got ${describe(layer)}`, arg: layerArg });
  } else {
    // PyTorch deep-copies the given layer num_layers times (_get_clones).
    const clone = (): BuiltLayer => {
      const copy = copyLayer(layer);
      const afterCopy = decoderForwardAfterCopy.get(layer);
      if (afterCopy) (copy as { forward: BuiltLayer['forward'] }).forward = afterCopy;
      return copy;
    };
    children.push(['layers', moduleList(Array.from({ length: Math.max(0, count) }, clone))]);
  }
  const norm = a.get('norm');
  if (isLayer(norm)) children.push(['norm', norm]);
  return { children, count: children.length ? count : 0 };
}

const transformerEncoder = torchLayer('TransformerEncoder', [p('encoder_layer'), p('num_layers'), p('norm', null), p('enable_nested_tensor', true), p('mask_check', true)], (a, bctx) => {
  const { children, count } = stackChildren(a, 'encoder_layer', bctx, 'TransformerEncoderLayer');
  const hasNorm = children.some(([n]) => n === 'norm');
  return makeLayer({
    type: 'TransformerEncoder',
    children,
    attributes: { num_layers: count },
    forward(args, kwargs, ctx) {
      const f = bindForward([p('src'), p('mask', null), p('src_key_padding_mask', null), p('is_causal', null)], args, kwargs, 'TransformerEncoder', ctx);
      const src = inputTensor(f, 'src', ctx);
      let x: FlowValue = tensor(src ? src.shape : null);
      if (count === 0 && !children.length) return UNKNOWN_TENSOR;
      for (let i = 0; i < count; i++) {
        x = ctx.callChild(`layers.${i}`, [x], given({ src_mask: f.get('mask'), src_key_padding_mask: f.get('src_key_padding_mask') }));
      }
      return hasNorm ? ctx.callChild('norm', [x]) : x;
    },
  });
});

const transformerDecoder = torchLayer('TransformerDecoder', [p('decoder_layer'), p('num_layers'), p('norm', null)], (a, bctx) => {
  const { children, count } = stackChildren(a, 'decoder_layer', bctx, 'TransformerDecoderLayer');
  const hasNorm = children.some(([n]) => n === 'norm');
  return makeLayer({
    type: 'TransformerDecoder',
    children,
    attributes: { num_layers: count },
    forward(args, kwargs, ctx) {
      const f = bindForward(
        [p('tgt'), p('memory'), p('tgt_mask', null), p('memory_mask', null), p('tgt_key_padding_mask', null), p('memory_key_padding_mask', null)],
        args,
        kwargs,
        'TransformerDecoder',
        ctx,
      );
      const tgt = inputTensor(f, 'tgt', ctx);
      const memV = f.get('memory');
      const memory: FlowValue = isTensor(memV) ? memV : UNKNOWN_TENSOR;
      if (count === 0 && !children.length) return UNKNOWN_TENSOR;
      let x: FlowValue = tensor(tgt ? tgt.shape : null);
      const extra = given({
        tgt_mask: f.get('tgt_mask'),
        memory_mask: f.get('memory_mask'),
        tgt_key_padding_mask: f.get('tgt_key_padding_mask'),
        memory_key_padding_mask: f.get('memory_key_padding_mask'),
      });
      for (let i = 0; i < count; i++) x = ctx.callChild(`layers.${i}`, [x, memory], extra);
      return hasNorm ? ctx.callChild('norm', [x]) : x;
    },
  });
});

const transformer = torchLayer(
  'Transformer',
  [
    p('d_model', 512),
    p('nhead', 8),
    p('num_encoder_layers', 6),
    p('num_decoder_layers', 6),
    p('dim_feedforward', 2048),
    p('dropout', 0.1),
    p('activation', 'relu'),
    p('custom_encoder', null),
    p('custom_decoder', null),
    p('layer_norm_eps', 1e-5),
    p('batch_first', false),
    p('norm_first', false),
    ...DEVICE_DTYPE,
  ],
  (a, bctx) => {
    const layerArgs: PyArg[] = [a.get('d_model'), a.get('nhead'), a.get('dim_feedforward'), a.get('dropout'), a.get('activation'), a.get('layer_norm_eps'), a.get('batch_first'), a.get('norm_first')];
    const norm = () => build(LAYER_NORM(), [a.get('d_model')], { eps: a.get('layer_norm_eps') }, bctx);
    const customEncoder = a.get('custom_encoder');
    const customDecoder = a.get('custom_decoder');
    const encoder = isLayer(customEncoder) ? customEncoder : build(transformerEncoder, [build(encoderLayer, layerArgs, {}, bctx), a.get('num_encoder_layers'), norm()], {}, bctx);
    const decoder = isLayer(customDecoder) ? customDecoder : build(transformerDecoder, [build(decoderLayer, layerArgs, {}, bctx), a.get('num_decoder_layers'), norm()], {}, bctx);
    const d = a.int('d_model');
    const batchFirst = a.bool('batch_first', false);
    return makeLayer({
      type: 'Transformer',
      children: [
        ['encoder', encoder],
        ['decoder', decoder],
      ],
      attributes: { d_model: d, nhead: a.get('nhead'), batch_first: batchFirst },
      forward(args, kwargs, ctx) {
        const f = bindForward(
          [p('src'), p('tgt'), p('src_mask', null), p('tgt_mask', null), p('memory_mask', null), p('src_key_padding_mask', null), p('tgt_key_padding_mask', null), p('memory_key_padding_mask', null)],
          args,
          kwargs,
          'Transformer',
          ctx,
        );
        const src = inputTensor(f, 'src', ctx);
        const tgt = inputTensor(f, 'tgt', ctx);
        if (src?.shape && tgt?.shape) {
          const s = src.shape;
          const t = tgt.shape;
          if (s.length === 3 && t.length === 3) {
            const bi = batchFirst ? 0 : 1;
            expectDim(s[bi], t[bi], () => `Transformer: the batch number of src and tgt must be equal, got src of shape ${formatShape(s)} and tgt of shape ${formatShape(t)}`, (m) => ctx.report(m));
          }
          if (d !== null) {
            for (const [name, sh] of [['src', s], ['tgt', t]] as const) {
              if (sh.length === 0) continue;
              expectDim(sh[sh.length - 1], d, () => `Transformer: the feature number of src and tgt must be equal to d_model (${d}), got ${name} of shape ${formatShape(sh)}`, (m) => ctx.report(m));
            }
          }
        }
        const memory = ctx.callChild('encoder', [tensor(src ? src.shape : null)], given({ mask: f.get('src_mask'), src_key_padding_mask: f.get('src_key_padding_mask') }));
        return ctx.callChild(
          'decoder',
          [tensor(tgt ? tgt.shape : null), memory],
          given({ tgt_mask: f.get('tgt_mask'), memory_mask: f.get('memory_mask'), tgt_key_padding_mask: f.get('tgt_key_padding_mask'), memory_key_padding_mask: f.get('memory_key_padding_mask') }),
        );
      },
    });
  },
);

export const attentionLayers: LayerDef[] = [multiheadAttention, encoderLayer, decoderLayer, transformerEncoder, transformerDecoder, transformer];
