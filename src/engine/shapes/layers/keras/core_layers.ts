/**
 * Keras core layers: Dense (acts on the last axis: in·units + units weights, in·units MACs per row),
 * Activation and the advanced activations (PReLU owns one alpha per non-shared input element), the Dropout
 * family, Flatten, Reshape, Permute, RepeatVector, Embedding (input_dim·output_dim), the merge layers
 * (Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot) and keras.Input.
 */
import type { EngineMessage, FlowValue, ForwardContext, FunctionDef, LayerDef, PyArg, Shape } from '../../contract';
import { add, dimEquals, exactDiv, formatDim, isConcrete, isSymbolic, mul, product, sym, type Dim } from '../../dims';
import { ArgReader, UNKNOWN_TENSOR, describe, broadcastShapes, expectDim, fn, formatShape, isFlow, normIndex, tensor } from '../core';
import { declare, inputShape, kerasBuilt, kerasInputs, kerasLayer, kw, p } from './base';

const INIT = ['kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'].map((x) => p(x, null));

const dense = kerasLayer('Dense', [p('units'), p('activation', null), p('use_bias', true), ...INIT, kw('input_dim', null)], (a) => {
  const units = a.int('units');
  const bias = a.bool('use_bias', true);
  const inputDim = a.int('input_dim');
  return kerasBuilt({
    type: 'Dense',
    a,
    weighted: true,
    attributes: { units, ...(inputDim !== null ? { input_shape: [inputDim] } : {}) },
    forward(args, kwargs, ctx) {
      const shape = inputShape('Dense', args, kwargs, ctx, { min: 2 });
      if (shape === null || units === null) return UNKNOWN_TENSOR;
      const last = shape[shape.length - 1];
      if (!isConcrete(last)) {
        ctx.report({ severity: 'error', message: `Dense: the last dimension of the inputs to a Dense layer should be defined, got input of shape ${formatShape(shape)}` });
        return UNKNOWN_TENSOR;
      }
      if (inputDim !== null) expectDim(last, inputDim, () => `Dense expected input with last dimension ${inputDim} (input_dim=${inputDim}), got ${last} in input of shape ${formatShape(shape)}`, (m) => ctx.report(m));
      declare(ctx, a, last * units + (bias ? units : 0));
      ctx.addMacs(mul(product(shape.slice(0, -1)), last * units));
      return tensor([...shape.slice(0, -1), units]);
    },
  });
});

/** Weightless, shape-preserving layers. */
function passThrough(type: string, sig: ReturnType<typeof p>[], aliases: string[] = []): LayerDef {
  return kerasLayer(
    type,
    sig,
    (a) =>
      kerasBuilt({
        type,
        a,
        forward(args, kwargs, ctx) {
          return tensor(inputShape(type, args, kwargs, ctx));
        },
      }),
    aliases,
  );
}

const dropoutFamily: LayerDef[] = [
  passThrough('Dropout', [p('rate'), p('noise_shape', null), p('seed', null)]),
  passThrough('GaussianNoise', [p('stddev'), p('seed', null)]),
  passThrough('GaussianDropout', [p('rate'), p('seed', null)]),
  passThrough('AlphaDropout', [p('rate'), p('noise_shape', null), p('seed', null)]),
  passThrough('ActivityRegularization', [p('l1', 0.0), p('l2', 0.0)]),
  passThrough('Masking', [p('mask_value', 0.0)]),
  ...[1, 2, 3].map((n) =>
    kerasLayer(`SpatialDropout${n}D`, [p('rate'), ...(n > 1 ? [p('data_format', null)] : [])], (a) =>
      kerasBuilt({
        type: `SpatialDropout${n}D`,
        a,
        forward(args, kwargs, ctx) {
          return tensor(inputShape(`SpatialDropout${n}D`, args, kwargs, ctx, { exact: n + 2 }));
        },
      }),
    ),
  ),
];

const activations: LayerDef[] = [
  passThrough('Activation', [p('activation')]),
  passThrough('ReLU', [p('max_value', null), p('negative_slope', 0.0), p('threshold', 0.0)]),
  passThrough('LeakyReLU', [p('alpha', 0.3)]),
  passThrough('ELU', [p('alpha', 1.0)]),
  passThrough('ThresholdedReLU', [p('theta', 1.0)]),
  kerasLayer('Softmax', [p('axis', -1)], (a) =>
    kerasBuilt({
      type: 'Softmax',
      a,
      forward(args, kwargs, ctx) {
        const shape = inputShape('Softmax', args, kwargs, ctx);
        const axis = a.int('axis');
        if (shape && axis !== null && normIndex(axis, shape.length, 'Softmax', (m) => ctx.report(m)) === null) return UNKNOWN_TENSOR;
        return tensor(shape);
      },
    }),
  ),
  // PReLU: one alpha per input element (batch excluded), shared (size 1) along shared_axes (1-based).
  kerasLayer('PReLU', [p('alpha_initializer', 'zeros'), p('alpha_regularizer', null), p('alpha_constraint', null), p('shared_axes', null)], (a) => {
    const shared = a.intList('shared_axes') ?? [];
    return kerasBuilt({
      type: 'PReLU',
      a,
      weighted: true,
      forward(args, kwargs, ctx) {
        const shape = inputShape('PReLU', args, kwargs, ctx, { min: 2 });
        if (shape === null) return UNKNOWN_TENSOR;
        const dims = shape.slice(1).map((d, i) => (shared.includes(i + 1) ? 1 : d));
        const count = product(dims);
        if (isConcrete(count)) declare(ctx, a, count);
        return tensor(shape);
      },
    });
  }),
];

// ---------------------------------------------------------------------------------------------- reshaping

const flatten = kerasLayer('Flatten', [p('data_format', null)], (a) =>
  kerasBuilt({
    type: 'Flatten',
    a,
    forward(args, kwargs, ctx) {
      const shape = inputShape('Flatten', args, kwargs, ctx, { min: 1 });
      if (shape === null) return UNKNOWN_TENSOR;
      return tensor(shape.length === 1 ? [shape[0], 1] : [shape[0], product(shape.slice(1))]);
    },
  }),
);

/** (batch, *target_shape), with one -1 inferred; sizes must multiply to the input's element count. */
export function kerasReshape(shape: Shape, target: Dim[], owner: string, ctx: ForwardContext): Shape | null {
  const rest = product(shape.slice(1));
  const known = target.filter((d) => d !== -1);
  const unknownCount = target.length - known.length;
  if (unknownCount > 1) {
    ctx.report({ severity: 'error', message: `${owner}: there must be at most one unknown dimension in output_shape, received: output_shape=${formatShape(target)}` });
    return null;
  }
  const resolved = target.map((d) => (d === -1 ? exactDiv(rest, product(known)) : d));
  const ok = unknownCount ? !(isConcrete(rest) && isConcrete(product(known)) && rest % (product(known) as number) !== 0) : dimEquals(product(resolved), rest) !== false;
  if (!ok) {
    ctx.report({ severity: 'error', message: `${owner}: total size of new array must be unchanged, input_shape = ${formatShape(shape.slice(1))}, output_shape = ${formatShape(target)}` });
    return null;
  }
  return [shape[0], ...resolved];
}

const reshape = kerasLayer('Reshape', [p('target_shape')], (a) => {
  const target = a.dimList('target_shape');
  return kerasBuilt({
    type: 'Reshape',
    a,
    attributes: { target_shape: target },
    forward(args, kwargs, ctx) {
      const shape = inputShape('Reshape', args, kwargs, ctx, { min: 1 });
      if (shape === null || target === null) return UNKNOWN_TENSOR;
      return tensor(kerasReshape(shape, target, 'Reshape', ctx));
    },
  });
});

const permute = kerasLayer('Permute', [p('dims')], (a, bctx) => {
  const dims = a.intList('dims');
  if (dims && [...dims].sort((x, y) => x - y).some((d, i) => d !== i + 1)) {
    bctx.report({ severity: 'error', message: `Permute: invalid permutation argument dims=${JSON.stringify(dims)}; dims should be a permutation of 1..${dims.length} (the batch axis 0 is not included)` });
  }
  return kerasBuilt({
    type: 'Permute',
    a,
    forward(args, kwargs, ctx) {
      const shape = inputShape('Permute', args, kwargs, ctx);
      if (shape === null || dims === null) return UNKNOWN_TENSOR;
      if (dims.length !== shape.length - 1) {
        ctx.report({ severity: 'error', message: `Permute: dims ${JSON.stringify(dims)} do not match input of shape ${formatShape(shape)} (${shape.length - 1} non-batch axes)` });
        return UNKNOWN_TENSOR;
      }
      return tensor([shape[0], ...dims.map((d) => shape[d])]);
    },
  });
});

const repeatVector = kerasLayer('RepeatVector', [p('n')], (a) => {
  const n = a.dim('n');
  return kerasBuilt({
    type: 'RepeatVector',
    a,
    forward(args, kwargs, ctx) {
      const shape = inputShape('RepeatVector', args, kwargs, ctx, { exact: 2 });
      if (shape === null || n === null) return UNKNOWN_TENSOR;
      return tensor([shape[0], n, shape[1]]);
    },
  });
});

const embedding = kerasLayer(
  'Embedding',
  [p('input_dim'), p('output_dim'), p('embeddings_initializer', 'uniform'), p('embeddings_regularizer', null), p('activity_regularizer', null), p('embeddings_constraint', null), p('mask_zero', false), p('input_length', null)],
  (a) => {
    const inDim = a.int('input_dim');
    const outDim = a.int('output_dim');
    const length = a.get('input_length');
    return kerasBuilt({
      type: 'Embedding',
      a,
      weighted: true,
      attributes: { input_dim: inDim, output_dim: outDim, ...(typeof length === 'number' ? { input_shape: [length] } : {}) },
      forward(args, kwargs, ctx) {
        const shape = inputShape('Embedding', args, kwargs, ctx);
        if (inDim !== null && outDim !== null) declare(ctx, a, inDim * outDim);
        if (shape === null || outDim === null) return UNKNOWN_TENSOR;
        return tensor([...shape, outDim]);
      },
    });
  },
);

// ---------------------------------------------------------------------------------------------- merging

function shapesOf(inputs: FlowValue[]): Array<Shape | null> {
  return inputs.map((x) => (x.kind === 'tensor' ? x.shape : null));
}

export function concatenateShapes(shapes: Array<Shape | null>, axis: number, owner: string, ctx: ForwardContext): Shape | null {
  if (shapes.length < 2) {
    ctx.report({ severity: 'error', message: `${owner} layer should be called on a list of at least 2 inputs. Received: ${shapes.length} input(s)` });
    return null;
  }
  if (shapes.some((s) => s === null)) return null;
  const all = shapes as Shape[];
  const rank = all[0].length;
  if (all.some((s) => s.length !== rank)) {
    ctx.report({ severity: 'error', message: `${owner}: all inputs must have the same rank; got inputs with shapes ${all.map(formatShape).join(', ')}` });
    return null;
  }
  const ax = normIndex(axis, rank, owner, (m) => ctx.report(m));
  if (ax === null) return null;
  for (let d = 0; d < rank; d++) {
    if (d === ax || d === 0) continue;
    if (all.some((s) => dimEquals(s[d], all[0][d]) === false)) {
      ctx.report({ severity: 'error', message: `${owner} layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${all.map(formatShape).join(', ')}` });
      return null;
    }
  }
  const out = [...all[0]];
  out[ax] = all.slice(1).reduce<Dim>((acc, s) => add(acc, s[ax]), all[0][ax]);
  return out;
}

function elementwiseShapes(shapes: Array<Shape | null>, owner: string, ctx: ForwardContext): Shape | null {
  if (shapes.length < 2) {
    ctx.report({ severity: 'error', message: `A merge layer ${owner} should be called on a list of at least 2 inputs. Got ${shapes.length} input(s)` });
    return null;
  }
  if (shapes.some((s) => s === null)) return null;
  let acc = shapes[0] as Shape;
  for (const s of shapes.slice(1) as Shape[]) {
    const b = broadcastShapes(acc, s, owner, (m) => ctx.report(m));
    if (!b) return null;
    acc = b;
  }
  return acc;
}

function mergeLayer(type: string, sig: ReturnType<typeof p>[], rule: (shapes: Array<Shape | null>, a: ArgReader, ctx: ForwardContext) => Shape | null): LayerDef {
  return kerasLayer(type, sig, (a) =>
    kerasBuilt({
      type,
      a,
      forward(args, kwargs, ctx) {
        return tensor(rule(shapesOf(kerasInputs(args, kwargs)), a, ctx));
      },
    }),
  );
}

const ELEMENTWISE_MERGES = ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'];

function dotShapes(shapes: Array<Shape | null>, axesArg: PyArg, owner: string, ctx: ForwardContext): Shape | null {
  if (shapes.length !== 2 || shapes.some((s) => s === null)) return null;
  const [x, y] = shapes as Shape[];
  const axes = Array.isArray(axesArg) ? (axesArg as PyArg[]) : [axesArg, axesArg];
  if (axes.length !== 2 || !axes.every((x): x is number => typeof x === 'number' && Number.isInteger(x))) {
    ctx.report({ severity: 'error', message: `${owner}: axes should be an int or a tuple of 2 ints, got ${describe(axesArg)}` });
    return null;
  }
  const ax = normIndex(axes[0], x.length, owner, (m) => ctx.report(m));
  const ay = normIndex(axes[1], y.length, owner, (m) => ctx.report(m));
  if (ax === null || ay === null) return null;
  if (dimEquals(x[ax], y[ay]) === false) {
    ctx.report({ severity: 'error', message: `${owner}: incompatible input shapes: axis values ${formatDim(x[ax])} (at axis ${ax}) != ${formatDim(y[ay])} (at axis ${ay}). Full input shapes: ${formatShape(x)}, ${formatShape(y)}` });
    return null;
  }
  const out = [...x.filter((_, i) => i !== ax), ...y.filter((_, i) => i !== ay && i !== 0)];
  return out.length === 1 ? [out[0], 1] : out;
}

const merges: LayerDef[] = [
  mergeLayer('Concatenate', [p('axis', -1)], (s, a, ctx) => concatenateShapes(s, a.int('axis') ?? -1, 'Concatenate', ctx)),
  ...ELEMENTWISE_MERGES.map((t) => mergeLayer(t, [], (s, _a, ctx) => elementwiseShapes(s, t, ctx))),
  mergeLayer('Dot', [p('axes'), p('normalize', false)], (s, a, ctx) => dotShapes(s, a.get('axes'), 'Dot', ctx)),
];

// ---------------------------------------------------------------------------------------------- functions

/** keras.Input(shape=(…), batch_size=None): the batch axis is symbolic `N`; None entries become `d1`, `d2`… */
function kerasInput(a: ArgReader, ctx: { report: (m: EngineMessage) => void }): FlowValue {
  const shape = a.get('shape');
  const batch = a.dim('batch_size') ?? sym('N');
  const entries: PyArg[] = Array.isArray(shape) ? (shape as PyArg[]) : typeof shape === 'number' ? [shape] : [];
  if (!Array.isArray(shape) && typeof shape !== 'number') return UNKNOWN_TENSOR;
  // Keras rejects a negative or fractional size; the dimension is then unknown rather than wrong.
  const bad = entries.filter((d) => typeof d === 'number' && (!Number.isInteger(d) || d < 0));
  if (bad.length) ctx.report({ severity: 'error', message: `Input: dimensions must be non-negative integers or None, received shape=${JSON.stringify(entries)}` });
  const dims = entries.map((d, i): Dim => (typeof d === 'number' && Number.isInteger(d) && d >= 0 ? d : isSymbolic(d) ? d : sym(`d${i + 1}`)));
  return tensor([batch, ...dims]);
}

function inputsArg(v: PyArg): FlowValue[] {
  if (Array.isArray(v)) return (v as PyArg[]).filter(isFlow);
  if (isFlow(v) && v.kind === 'tuple') return [...v.items];
  return [];
}

export const kerasCoreFunctions: FunctionDef[] = [
  fn(['keras.Input', 'keras.layers.Input', 'keras.engine.input_layer.Input'], [p('shape', null), p('batch_size', null), p('name', null), p('dtype', null), p('sparse', null), p('tensor', null), p('ragged', null), p('type_spec', null)], (a, ctx) => kerasInput(a, ctx)),
  fn(['keras.layers.concatenate'], [p('inputs'), p('axis', -1)], (a, ctx) => tensor(concatenateShapes(shapesOf(inputsArg(a.get('inputs'))), a.int('axis') ?? -1, 'concatenate', ctx))),
  ...ELEMENTWISE_MERGES.map((t) => fn([`keras.layers.${t.toLowerCase()}`], [p('inputs')], (a, ctx) => tensor(elementwiseShapes(shapesOf(inputsArg(a.get('inputs'))), t.toLowerCase(), ctx)))),
];

export const kerasCoreLayers: LayerDef[] = [dense, ...dropoutFamily, ...activations, flatten, reshape, permute, repeatVector, embedding, ...merges];
