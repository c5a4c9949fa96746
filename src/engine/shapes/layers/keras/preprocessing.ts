/**
 * Keras preprocessing layers that appear inside image/tabular models: Rescaling and the random augmentations
 * keep the shape; Resizing, CenterCrop and RandomCrop set (height, width) on (batch, H, W, C) or unbatched
 * (H, W, C) input; Normalization holds mean, variance (C each over `axis`) and a scalar count, all
 * non-trainable, unless mean and variance are passed in (then it creates no weights).
 */
import type { LayerDef } from '../../contract';
import { formatDim, isConcrete, product } from '../../dims';
import { UNKNOWN_TENSOR, formatShape, normIndex, tensor } from '../core';
import { declare, inputShape, kerasBuilt, kerasLayer, p } from './base';

function sameShape(type: string, sig: ReturnType<typeof p>[]): LayerDef {
  return kerasLayer(type, sig, (a) =>
    kerasBuilt({
      type,
      a,
      forward(args, kwargs, ctx) {
        return tensor(inputShape(type, args, kwargs, ctx));
      },
    }),
  );
}

function resizeLike(type: string, extra: ReturnType<typeof p>[]): LayerDef {
  return kerasLayer(type, [p('height'), p('width'), ...extra], (a) => {
    const h = a.dim('height');
    const w = a.dim('width');
    return kerasBuilt({
      type,
      a,
      forward(args, kwargs, ctx) {
        const shape = inputShape(type, args, kwargs, ctx);
        if (shape === null || h === null || w === null) return UNKNOWN_TENSOR;
        if ([h, w].some((d) => typeof d === 'number' && (!Number.isInteger(d) || d < 1))) {
          ctx.report({ severity: 'error', message: `${type}: height and width must be positive integers, got height=${formatDim(h)}, width=${formatDim(w)}` });
          return UNKNOWN_TENSOR;
        }
        if (shape.length !== 3 && shape.length !== 4) {
          ctx.report({ severity: 'error', message: `${type} expects an image batch (batch, height, width, channels) or a single image, got input of shape ${formatShape(shape)}` });
          return UNKNOWN_TENSOR;
        }
        return tensor([...shape.slice(0, -3), h, w, shape[shape.length - 1]]);
      },
    });
  });
}

const normalization = kerasLayer('Normalization', [p('axis', -1), p('mean', null), p('variance', null), p('invert', false)], (a) => {
  const given = a.get('mean') !== null && a.get('variance') !== null;
  return kerasBuilt({
    type: 'Normalization',
    a,
    weighted: !given,
    forward(args, kwargs, ctx) {
      const shape = inputShape('Normalization', args, kwargs, ctx);
      if (shape === null) return UNKNOWN_TENSOR;
      if (!given) {
        const axisArg = a.get('axis');
        const axes = axisArg === null ? [] : Array.isArray(axisArg) ? axisArg : [axisArg];
        const idx = axes.map((x) => (typeof x === 'number' ? normIndex(x, shape.length, 'Normalization', (m) => ctx.report(m)) : null));
        if (idx.some((i) => i === null)) return tensor(shape);
        const C = product((idx as number[]).map((i) => shape[i]));
        if (isConcrete(C)) declare(ctx, a, 0, 2 * C + 1);
      }
      return tensor(shape);
    },
  });
});

export const kerasPreprocessingLayers: LayerDef[] = [
  sameShape('Rescaling', [p('scale'), p('offset', 0.0)]),
  sameShape('RandomFlip', [p('mode', 'horizontal_and_vertical'), p('seed', null)]),
  sameShape('RandomRotation', [p('factor'), p('fill_mode', 'reflect'), p('interpolation', 'bilinear'), p('seed', null), p('fill_value', 0.0)]),
  sameShape('RandomZoom', [p('height_factor'), p('width_factor', null), p('fill_mode', 'reflect'), p('interpolation', 'bilinear'), p('seed', null), p('fill_value', 0.0)]),
  sameShape('RandomTranslation', [p('height_factor'), p('width_factor'), p('fill_mode', 'reflect'), p('interpolation', 'bilinear'), p('seed', null), p('fill_value', 0.0)]),
  sameShape('RandomContrast', [p('factor'), p('seed', null)]),
  sameShape('RandomBrightness', [p('factor'), p('value_range', [0, 255]), p('seed', null)]),
  resizeLike('Resizing', [p('interpolation', 'bilinear'), p('crop_to_aspect_ratio', false)]),
  resizeLike('CenterCrop', []),
  resizeLike('RandomCrop', [p('seed', null)]),
  normalization,
];
