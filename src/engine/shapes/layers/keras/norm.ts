/**
 * Keras normalisation layers. For the normalised axes (default: last) with C = ∏ sizes:
 * - BatchNormalization: γ (scale) and β (center) trainable, C each; moving_mean and moving_variance
 *   non-trainable, C each. Keras counts all four as weights (non-trainable ones included).
 * - LayerNormalization: γ and β over the normalised axes. GroupNormalization: γ and β over channels.
 */
import type { ForwardContext, LayerDef, PyArg, Shape } from '../../contract';
import { isConcrete, product } from '../../dims';
import { ArgReader, UNKNOWN_TENSOR, formatShape, normIndex, tensor } from '../core';
import { declare, inputShape, kerasBuilt, kerasLayer, p } from './base';

/** Sizes of the normalised axes, or null (with a message) when out of range or undefined. */
function axisSize(shape: Shape, axisArg: PyArg, owner: string, ctx: ForwardContext): number | null {
  const axes: PyArg[] = Array.isArray(axisArg) ? (axisArg as PyArg[]) : [axisArg ?? -1];
  if (!axes.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    ctx.report({ severity: 'error', message: `${owner}: axis should be an int or a list of ints, got ${JSON.stringify(axisArg)}` });
    return null;
  }
  const idx: number[] = [];
  for (const ax of axes as number[]) {
    const i = normIndex(ax, shape.length, owner, (m) => ctx.report(m));
    if (i === null) return null;
    idx.push(i);
  }
  const size = product(idx.map((i) => shape[i]));
  if (!isConcrete(size)) {
    ctx.report({ severity: 'error', message: `${owner}: axis ${JSON.stringify(axisArg)} of input of shape ${formatShape(shape)} should have a defined dimension` });
    return null;
  }
  return size;
}

const INITS = (names: string[]) => names.map((n) => p(n, null));

const batchNorm = kerasLayer(
  'BatchNormalization',
  [p('axis', -1), p('momentum', 0.99), p('epsilon', 0.001), p('center', true), p('scale', true), ...INITS(['beta_initializer', 'gamma_initializer', 'moving_mean_initializer', 'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint']), p('synchronized', false)],
  (a: ArgReader) =>
    kerasBuilt({
      type: 'BatchNormalization',
      a,
      weighted: true,
      forward(args, kwargs, ctx) {
        const shape = inputShape('BatchNormalization', args, kwargs, ctx);
        if (shape === null) return UNKNOWN_TENSOR;
        const C = axisSize(shape, a.get('axis'), 'BatchNormalization', ctx);
        if (C !== null) declare(ctx, a, C * ((a.bool('center', true) ? 1 : 0) + (a.bool('scale', true) ? 1 : 0)), 2 * C);
        return tensor(shape);
      },
    }),
);

const layerNorm = kerasLayer(
  'LayerNormalization',
  [p('axis', -1), p('epsilon', 0.001), p('center', true), p('scale', true), ...INITS(['beta_initializer', 'gamma_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'])],
  (a) =>
    kerasBuilt({
      type: 'LayerNormalization',
      a,
      weighted: true,
      forward(args, kwargs, ctx) {
        const shape = inputShape('LayerNormalization', args, kwargs, ctx);
        if (shape === null) return UNKNOWN_TENSOR;
        const C = axisSize(shape, a.get('axis'), 'LayerNormalization', ctx);
        if (C !== null) declare(ctx, a, C * ((a.bool('center', true) ? 1 : 0) + (a.bool('scale', true) ? 1 : 0)));
        return tensor(shape);
      },
    }),
);

const groupNorm = kerasLayer(
  'GroupNormalization',
  [p('groups', 32), p('axis', -1), p('epsilon', 0.001), p('center', true), p('scale', true), ...INITS(['beta_initializer', 'gamma_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'])],
  (a) =>
    kerasBuilt({
      type: 'GroupNormalization',
      a,
      weighted: true,
      forward(args, kwargs, ctx) {
        const shape = inputShape('GroupNormalization', args, kwargs, ctx);
        if (shape === null) return UNKNOWN_TENSOR;
        const C = axisSize(shape, a.get('axis'), 'GroupNormalization', ctx);
        const G = a.int('groups');
        if (C !== null && G !== null && C % G !== 0) {
          ctx.report({ severity: 'error', message: `GroupNormalization: number of groups (${G}) must be a multiple of the number of channels (${C}) in input of shape ${formatShape(shape)}` });
        }
        if (C !== null) declare(ctx, a, C * ((a.bool('center', true) ? 1 : 0) + (a.bool('scale', true) ? 1 : 0)));
        return tensor(shape);
      },
    }),
);

const unitNorm = kerasLayer('UnitNormalization', [p('axis', -1)], (a) =>
  kerasBuilt({
    type: 'UnitNormalization',
    a,
    forward(args, kwargs, ctx) {
      return tensor(inputShape('UnitNormalization', args, kwargs, ctx));
    },
  }),
);

export const kerasNormLayers: LayerDef[] = [batchNorm, layerNorm, groupNorm, unitNorm];
