/**
 * Keras SimpleRNN, LSTM, GRU, and the Bidirectional / TimeDistributed wrappers. Input (batch, timesteps, features).
 *
 * Weights with F input features and u units (use_bias=True):
 *   SimpleRNN  F·u + u·u + u
 *   LSTM       4·(F·u + u·u + u)
 *   GRU        3·(F·u + u·u + u), or with reset_after=True (the TF2 default) 3·(F·u + u·u + 2u): two bias vectors.
 * Output: (batch, units), or (batch, timesteps, units) with return_sequences; return_state adds the final
 * state(s) [h] (LSTM: [h, c]). MACs: gates·(F·u + u·u) per timestep per sequence.
 * Bidirectional owns two copies (or the given backward_layer); merge_mode 'concat' doubles the feature axis,
 * 'sum'/'mul'/'ave' keep it, None returns both outputs.
 */
import type { BuiltLayer, FlowValue, ForwardContext, LayerDef, ParamCount, PyArg } from '../../contract';
import { add, isConcrete, mul, type Dim } from '../../dims';
import { UNKNOWN_TENSOR, describe, formatShape, isLayer, tensor, tuple } from '../core';
import { declare, inputShape, kerasBuilt, kerasInputs, kerasLayer, p } from './base';

const GATES: Record<string, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

const COMMON = ['kernel_initializer', 'recurrent_initializer', 'bias_initializer', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint'].map((n) => p(n, null));
const FLAGS = [p('dropout', 0.0), p('recurrent_dropout', 0.0), p('return_sequences', false), p('return_state', false), p('go_backwards', false), p('stateful', false), p('unroll', false), p('time_major', false)];

function rnnLayer(type: 'SimpleRNN' | 'LSTM' | 'GRU'): LayerDef {
  const head = type === 'SimpleRNN' ? [p('units'), p('activation', 'tanh'), p('use_bias', true)] : [p('units'), p('activation', 'tanh'), p('recurrent_activation', 'sigmoid'), p('use_bias', true)];
  const tail = type === 'LSTM' ? [p('unit_forget_bias', true)] : type === 'GRU' ? [p('reset_after', true)] : [];
  return kerasLayer(type, [...head, ...COMMON, ...tail, ...FLAGS], (a) => {
    const units = a.int('units');
    const bias = a.bool('use_bias', true);
    const seq = a.bool('return_sequences', false);
    const state = a.bool('return_state', false);
    const resetAfter = type === 'GRU' && a.bool('reset_after', true);
    const G = GATES[type];
    return kerasBuilt({
      type,
      a,
      weighted: true,
      attributes: { units, return_sequences: seq, return_state: state },
      forward(args, kwargs, ctx) {
        const shape = inputShape(type, args, kwargs, ctx, { exact: 3 });
        const fail = state ? tuple(UNKNOWN_TENSOR, ...new Array<FlowValue>(type === 'LSTM' ? 2 : 1).fill(UNKNOWN_TENSOR)) : UNKNOWN_TENSOR;
        if (shape === null || units === null) return fail;
        const [N, T, F] = shape;
        if (!isConcrete(F)) {
          ctx.report({ severity: 'error', message: `${type}: the last dimension of the input (features) should be defined, got input of shape ${formatShape(shape)}` });
          return fail;
        }
        const biasCount = bias ? G * units * (resetAfter ? 2 : 1) : 0;
        declare(ctx, a, G * (F * units + units * units) + biasCount);
        ctx.addMacs(mul(mul(N, T), G * (F * units + units * units)));
        const out = tensor(seq ? [N, T, units] : [N, units]);
        if (!state) return out;
        const h = tensor([N, units]);
        return type === 'LSTM' ? tuple(out, h, tensor([N, units])) : tuple(out, h);
      },
    });
  });
}

/** Run a wrapped layer's forward, collecting what it declares instead of passing it up. */
function runInner(layer: BuiltLayer, args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext, macScale: Dim = 1): { out: FlowValue; params: ParamCount } {
  let params: ParamCount = layer.parameters ?? { trainable: 0, nonTrainable: 0 };
  const inner: ForwardContext = {
    callChild: (name, a, k) => ctx.callChild(name, a, k),
    addMacs: (m) => ctx.addMacs(mul(m, macScale)),
    declareParameters: (count) => {
      params = count;
    },
    report: (m) => ctx.report(m),
  };
  return { out: layer.forward(args, kwargs, inner), params };
}

function lastDim(v: FlowValue): Dim | null {
  return v.kind === 'tensor' && v.shape && v.shape.length ? v.shape[v.shape.length - 1] : null;
}

const bidirectional = kerasLayer('Bidirectional', [p('layer'), p('merge_mode', 'concat'), p('weights', null), p('backward_layer', null)], (a, bctx) => {
  const layer = a.get('layer');
  const backward = a.get('backward_layer');
  const mode = a.get('merge_mode');
  if (!isLayer(layer)) bctx.report({ severity: 'error', message: `Bidirectional: please initialize \`Bidirectional\` layer with a \`tf.keras.layers.Layer\` instance, got ${describe(layer)}` });
  if (typeof mode === 'string' && !['concat', 'sum', 'mul', 'ave'].includes(mode)) {
    bctx.report({ severity: 'error', message: `Bidirectional: invalid merge mode '${mode}'; merge mode should be one of {"sum", "mul", "ave", "concat", None}` });
  }
  return kerasBuilt({
    type: 'Bidirectional',
    a,
    weighted: true,
    forward(args, kwargs, ctx) {
      if (!isLayer(layer)) return UNKNOWN_TENSOR;
      const fw = runInner(layer, args, kwargs, ctx);
      const bw = runInner(isLayer(backward) ? backward : layer, args, kwargs, ctx);
      declare(ctx, a, fw.params.trainable + bw.params.trainable, fw.params.nonTrainable + bw.params.nonTrainable);
      const outsOf = (v: FlowValue): FlowValue[] => (v.kind === 'tuple' ? [...v.items] : [v]);
      const [fwOut, ...fwStates] = outsOf(fw.out);
      const [bwOut, ...bwStates] = outsOf(bw.out);
      let merged: FlowValue[];
      if (mode === null) merged = [fwOut, bwOut];
      else if (mode === 'concat' && fwOut.kind === 'tensor' && fwOut.shape) {
        const b = lastDim(bwOut);
        merged = [tensor(b === null ? null : [...fwOut.shape.slice(0, -1), add(fwOut.shape[fwOut.shape.length - 1], b)])];
      } else merged = [fwOut];
      const all = [...merged, ...fwStates, ...bwStates];
      return all.length === 1 ? all[0] : tuple(...all);
    },
  });
});

const timeDistributed = kerasLayer('TimeDistributed', [p('layer')], (a, bctx) => {
  const layer = a.get('layer');
  if (!isLayer(layer)) bctx.report({ severity: 'error', message: `TimeDistributed: please initialize \`TimeDistributed\` layer with a \`tf.keras.layers.Layer\` instance, got ${describe(layer)}` });
  return kerasBuilt({
    type: 'TimeDistributed',
    a,
    weighted: true,
    forward(args, kwargs, ctx) {
      const shape = inputShape('TimeDistributed', args, kwargs, ctx, { min: 3 });
      if (!isLayer(layer) || shape === null) return UNKNOWN_TENSOR;
      const [N, T, ...rest] = shape;
      const { out, params } = runInner(layer, [tensor([N, ...rest])], {}, ctx, T);
      declare(ctx, a, params.trainable, params.nonTrainable);
      const inner = kerasInputs([out], {})[0];
      if (!inner || inner.kind !== 'tensor' || !inner.shape) return UNKNOWN_TENSOR;
      return tensor([inner.shape[0], T, ...inner.shape.slice(1)]);
    },
  });
});

export const kerasRecurrentLayers: LayerDef[] = [rnnLayer('SimpleRNN'), rnnLayer('LSTM'), rnnLayer('GRU'), bidirectional, timeDistributed];
