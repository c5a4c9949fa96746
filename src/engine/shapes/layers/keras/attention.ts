/**
 * keras.layers.MultiHeadAttention(num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
 * output_shape=None, …), called as layer(query, value, key=None, …, return_attention_scores=False).
 *
 * With H heads, query dim Dq, key dim Dk (defaults to the value's), value dim Dv, head sizes kd = key_dim,
 * vd = value_dim (default key_dim) and output size O (output_shape, default Dq), the EinsumDense weights are:
 *   query Dq·H·kd + H·kd, key Dk·H·kd + H·kd, value Dv·H·vd + H·vd, output H·vd·O + O (biases if use_bias).
 * Output (B, T, O); scores (B, H, T, S).
 * MACs per batch element: T·Dq·H·kd + S·Dk·H·kd + S·Dv·H·vd + T·S·H·kd (QKᵀ) + T·S·H·vd (AV) + T·H·vd·O.
 */
import type { LayerDef } from '../../contract';
import { add, isConcrete, mul, type Dim } from '../../dims';
import { UNKNOWN_TENSOR, formatShape, isTensor, tensor, tuple } from '../core';
import { declare, kerasBuilt, kerasInputs, kerasLayer, p } from './base';

const mha = kerasLayer(
  'MultiHeadAttention',
  [
    p('num_heads'),
    p('key_dim'),
    p('value_dim', null),
    p('dropout', 0.0),
    p('use_bias', true),
    p('output_shape', null),
    p('attention_axes', null),
    ...['kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'].map((n) => p(n, null)),
  ],
  (a) => {
    const H = a.int('num_heads');
    const kd = a.int('key_dim');
    const vd = a.int('value_dim') ?? kd;
    const bias = a.bool('use_bias', true);
    const outArg = a.get('output_shape');
    const outShape = typeof outArg === 'number' ? [outArg] : Array.isArray(outArg) && outArg.every((x) => typeof x === 'number') ? (outArg as number[]) : null;
    return kerasBuilt({
      type: 'MultiHeadAttention',
      a,
      weighted: true,
      attributes: { num_heads: H, key_dim: kd, value_dim: vd },
      forward(args, kwargs, ctx) {
        const pick = (i: number, name: string) => (args[i] !== undefined ? args[i] : kwargs[name]);
        const q = pick(0, 'query');
        const v = pick(1, 'value');
        const k = pick(2, 'key') ?? v;
        const scores = kwargs.return_attention_scores === true;
        const fail = scores ? tuple(UNKNOWN_TENSOR, UNKNOWN_TENSOR) : UNKNOWN_TENSOR;
        if (!isTensor(q) || !isTensor(v) || !isTensor(k) || !q.shape || !v.shape || !k.shape || H === null || kd === null || vd === null) return fail;
        for (const [name, s] of [['query', q.shape], ['value', v.shape], ['key', k.shape]] as const) {
          if (s.length < 3) {
            ctx.report({ severity: 'error', message: `MultiHeadAttention: ${name} should have shape (batch, seq, features), got ${formatShape(s)}` });
            return fail;
          }
        }
        const [B, T] = q.shape;
        const S = v.shape[1];
        const Dq = q.shape[q.shape.length - 1];
        const Dv = v.shape[v.shape.length - 1];
        const Dk = k.shape[k.shape.length - 1];
        if (!isConcrete(Dq) || !isConcrete(Dv) || !isConcrete(Dk)) return fail;
        const O = outShape ? outShape.reduce((x, y) => x * y, 1) : Dq;
        const b = (n: number) => (bias ? n : 0);
        declare(ctx, a, Dq * H * kd + b(H * kd) + Dk * H * kd + b(H * kd) + Dv * H * vd + b(H * vd) + H * vd * O + b(O));
        const TS: Dim = mul(T, S);
        const perItem = [mul(T, Dq * H * kd), mul(S, Dk * H * kd), mul(S, Dv * H * vd), mul(TS, H * kd), mul(TS, H * vd), mul(T, H * vd * O)].reduce((x, y) => add(x, y));
        ctx.addMacs(mul(B, perItem));
        const out = tensor([B, T, ...(outShape ?? [Dq])]);
        return scores ? tuple(out, tensor([B, H, T, S])) : out;
      },
    });
  },
);

/**
 * keras.layers.Attention (dot-product, Luong) and AdditiveAttention (Bahdanau), called on [query, value(, key)]:
 * output (B, Tq, Dv), scores (B, Tq, Tv). Weights: Attention has a scalar `scale` when use_scale=True (plus a
 * scalar concat_score_weight for score_mode='concat'); AdditiveAttention has a `scale` vector of size D when
 * use_scale=True (the default). MACs: Tq·Tv·D for the scores + Tq·Tv·Dv for the weighted sum, per batch item.
 */
function dotAttention(type: 'Attention' | 'AdditiveAttention'): LayerDef {
  const sig = type === 'Attention' ? [p('use_scale', false), p('score_mode', 'dot'), p('dropout', 0.0)] : [p('use_scale', true), p('dropout', 0.0)];
  return kerasLayer(type, sig, (a) =>
    kerasBuilt({
      type,
      a,
      weighted: true,
      forward(args, kwargs, ctx) {
        const list = kerasInputs(args, kwargs);
        const [q, v, k = v] = list;
        const scores = kwargs.return_attention_scores === true;
        const fail = scores ? tuple(UNKNOWN_TENSOR, UNKNOWN_TENSOR) : UNKNOWN_TENSOR;
        if (list.length < 2) {
          ctx.report({ severity: 'error', message: `${type} layer must be called on a list of inputs, namely [query, value] or [query, value, key]. Received ${list.length} input(s)` });
          return fail;
        }
        if (!isTensor(q) || !isTensor(v) || !isTensor(k) || !q.shape || !v.shape || !k.shape || q.shape.length !== 3 || v.shape.length !== 3) return fail;
        const [B, Tq, D] = q.shape;
        const [, Tv, Dv] = v.shape;
        const useScale = a.bool('use_scale', type === 'AdditiveAttention');
        let weights = 0;
        if (type === 'Attention') weights = (useScale ? 1 : 0) + (a.str('score_mode') === 'concat' ? 1 : 0);
        else if (useScale && isConcrete(D)) weights = D;
        declare(ctx, a, weights);
        ctx.addMacs(mul(mul(B, mul(Tq, Tv)), add(D, Dv)));
        const out = tensor([B, Tq, Dv]);
        return scores ? tuple(out, tensor([B, Tq, Tv])) : out;
      },
    }),
  );
}

export const kerasAttentionLayers: LayerDef[] = [mha, dotAttention('Attention'), dotAttention('AdditiveAttention')];
