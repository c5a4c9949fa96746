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
import { declare, kerasBuilt, kerasLayer, p } from './base';

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

export const kerasAttentionLayers: LayerDef[] = [mha];
