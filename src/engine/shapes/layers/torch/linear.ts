/**
 * torch.nn.Linear, LazyLinear, Bilinear, Identity and their functional twins.
 * MACs: in·out per output row (bias excluded); Bilinear: out·in1·in2 per row.
 */
import type { EngineMessage, ForwardContext, FunctionDef, LayerDef, Shape } from '../../contract';
import { formatDim, mul, product, type Dim } from '../../dims';
import {
  DEVICE_DTYPE,
  INPUT_ONLY,
  UNKNOWN_TENSOR,
  bindForward,
  expectDim,
  expectFeature,
  fn,
  formatShape,
  inputTensor,
  makeLayer,
  p,
  tensor,
  torchLayer,
} from '../core';

/** Shape rule shared by nn.Linear and F.linear: [..., in] → [..., out]. */
export function linearForward(shape: Shape | null, inF: Dim | null, outF: Dim | null, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null || outF === null) return null;
  if (shape.length === 0) {
    ctx.report({ severity: 'error', message: `${owner} expected an input with at least 1 dimension, got a 0-d tensor` });
    return null;
  }
  const last = shape[shape.length - 1];
  if (inF !== null) {
    expectFeature(
      shape,
      shape.length - 1,
      inF,
      'in_features',
      () =>
        `${owner} expected the last dimension of the input to be ${formatDim(inF)} (in_features=${formatDim(inF)}), got ${formatDim(last)} in input of shape ${formatShape(shape)}`,
      (m) => ctx.report(m),
    );
    ctx.addMacs(mul(product(shape.slice(0, -1)), mul(inF, outF)));
  }
  return [...shape.slice(0, -1), outF];
}

const linear = torchLayer('Linear', [p('in_features'), p('out_features'), p('bias', true), ...DEVICE_DTYPE], (a) => {
  const inF = a.dim('in_features');
  const outF = a.dim('out_features');
  const bias = a.bool('bias', true);
  const count = typeof inF === 'number' && typeof outF === 'number' ? inF * outF + (bias ? outF : 0) : 0;
  return makeLayer({
    type: 'Linear',
    params: count,
    attributes: {
      in_features: inF,
      out_features: outF,
      weight: inF !== null && outF !== null ? tensor([outF, inF]) : UNKNOWN_TENSOR,
      bias: bias && outF !== null ? tensor([outF]) : null,
    },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'Linear', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? linearForward(x.shape, inF, outF, 'Linear', ctx) : null);
    },
  });
});

/** LazyLinear infers in_features from the first input; its parameters appear at that call. */
const lazyLinear = torchLayer('LazyLinear', [p('out_features'), p('bias', true), ...DEVICE_DTYPE], (a) => {
  const outF = a.dim('out_features');
  const bias = a.bool('bias', true);
  return makeLayer({
    type: 'LazyLinear',
    parameters: null,
    attributes: { out_features: outF },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'LazyLinear', ctx);
      const x = inputTensor(f, 'input', ctx);
      if (!x || x.shape === null || x.shape.length === 0) return UNKNOWN_TENSOR;
      const inF = x.shape[x.shape.length - 1];
      if (typeof inF === 'number' && typeof outF === 'number') ctx.declareParameters({ trainable: inF * outF + (bias ? outF : 0), nonTrainable: 0 });
      return tensor(linearForward(x.shape, inF, outF, 'LazyLinear', ctx));
    },
  });
});

function bilinearShape(s1: Shape | null, s2: Shape | null, in1: Dim | null, in2: Dim | null, out: Dim | null, owner: string, ctx: ForwardContext): Shape | null {
  if (s1 === null || s2 === null || out === null) return null;
  if (s1.length === 0 || s2.length === 0) return null;
  const report = (m: EngineMessage) => ctx.report(m);
  if (in1 !== null)
    expectDim(s1[s1.length - 1], in1, () => `${owner}: input1 last dimension should be ${formatDim(in1)} (in1_features), got ${formatDim(s1[s1.length - 1])} in input of shape ${formatShape(s1)}`, report);
  if (in2 !== null)
    expectDim(s2[s2.length - 1], in2, () => `${owner}: input2 last dimension should be ${formatDim(in2)} (in2_features), got ${formatDim(s2[s2.length - 1])} in input of shape ${formatShape(s2)}`, report);
  if (s1.length !== s2.length) {
    ctx.report({ severity: 'error', message: `${owner}: input1 and input2 must have the same number of dimensions, got ${formatShape(s1)} and ${formatShape(s2)}` });
  }
  if (in1 !== null && in2 !== null) ctx.addMacs(mul(product(s1.slice(0, -1)), product([out, in1, in2])));
  return [...s1.slice(0, -1), out];
}

const bilinear = torchLayer('Bilinear', [p('in1_features'), p('in2_features'), p('out_features'), p('bias', true), ...DEVICE_DTYPE], (a) => {
  const in1 = a.dim('in1_features');
  const in2 = a.dim('in2_features');
  const out = a.dim('out_features');
  const bias = a.bool('bias', true);
  const count = typeof in1 === 'number' && typeof in2 === 'number' && typeof out === 'number' ? out * in1 * in2 + (bias ? out : 0) : 0;
  return makeLayer({
    type: 'Bilinear',
    params: count,
    attributes: {
      in1_features: in1,
      in2_features: in2,
      out_features: out,
      weight: in1 !== null && in2 !== null && out !== null ? tensor([out, in1, in2]) : UNKNOWN_TENSOR,
      bias: bias && out !== null ? tensor([out]) : null,
    },
    forward(args, kwargs, ctx) {
      const f = bindForward([p('input1'), p('input2')], args, kwargs, 'Bilinear', ctx);
      const x1 = inputTensor(f, 'input1', ctx);
      const x2 = inputTensor(f, 'input2', ctx);
      return tensor(x1 && x2 ? bilinearShape(x1.shape, x2.shape, in1, in2, out, 'Bilinear', ctx) : null);
    },
  });
});

const identity = torchLayer('Identity', [p('*args'), p('**kwargs')], () =>
  makeLayer({
    type: 'Identity',
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'Identity', ctx);
      const x = inputTensor(f, 'input', ctx);
      return x ? tensor(x.shape) : UNKNOWN_TENSOR;
    },
  }),
);

export const linearLayers: LayerDef[] = [linear, lazyLinear, bilinear, identity];

export const linearFunctions: FunctionDef[] = [
  fn(['torch.nn.functional.linear'], [p('input'), p('weight'), p('bias', null)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const w = a.tensorShape('weight');
    if (!x) return UNKNOWN_TENSOR;
    if (w === null) return tensor(null);
    if (w.length !== 1 && w.length !== 2) {
      ctx.report({ severity: 'error', message: `linear: weight should be 1-D or 2-D (out_features, in_features), got shape ${formatShape(w)}` });
      return UNKNOWN_TENSOR;
    }
    // weight is (out, in) or a 1-D (in,) vector, which drops the last dimension.
    if (w.length === 1) {
      const shape = linearForward(x.shape, w[0], 1, 'linear', ctx);
      return tensor(shape ? shape.slice(0, -1) : null);
    }
    return tensor(linearForward(x.shape, w[1], w[0], 'linear', ctx));
  }),
  fn(['torch.nn.functional.bilinear'], [p('input1'), p('input2'), p('weight'), p('bias', null)], (a, ctx) => {
    const x1 = inputTensor(a, 'input1', ctx);
    const x2 = inputTensor(a, 'input2', ctx);
    const w = a.tensorShape('weight');
    if (!x1 || !x2 || w === null || w.length !== 3) return UNKNOWN_TENSOR;
    return tensor(bilinearShape(x1.shape, x2.shape, w[1], w[2], w[0], 'bilinear', ctx));
  }),
];
