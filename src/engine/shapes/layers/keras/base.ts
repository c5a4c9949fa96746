/**
 * Shared pieces for Keras layers (channels_last by default). Keras creates weights on the first call, so
 * weighted layers start with `parameters: null` and declare their counts through ctx.declareParameters once
 * the input shape is known. `trainable=False` moves every weight to the non-trainable side.
 */
import type { BuildContext, BuiltLayer, FlowValue, ForwardContext, LayerDef, ParamSpec, PyArg, Shape } from '../../contract';
import { ArgReader, formatShape, isFlow, kw, makeLayer, p, type LayerSpec } from '../core';

/** Keyword arguments every Keras layer accepts (the interpreter drops `name` itself). */
export const BASE_KWARGS: readonly ParamSpec[] = [kw('trainable', true), kw('input_shape', null), kw('batch_input_shape', null), kw('batch_size', null), kw('dtype', null), kw('dynamic', false)];

export function kerasLayer(
  name: string,
  signature: readonly ParamSpec[],
  build: (a: ArgReader, ctx: BuildContext) => BuiltLayer,
  aliases: readonly string[] = [],
): LayerDef {
  return {
    names: [`keras.layers.${name}`, ...aliases.map((n) => `keras.layers.${n}`)],
    signature: [...signature, ...BASE_KWARGS.filter((b) => !signature.some((s) => s.name === b.name))],
    build: (args, ctx) => build(new ArgReader(args, (m) => ctx.report(m), name), ctx),
  };
}

/** A Keras layer; `weighted` layers are lazy (parameters null until first call). */
export function kerasBuilt(spec: Omit<LayerSpec, 'framework'> & { weighted?: boolean; a: ArgReader }): BuiltLayer {
  const inputShape = spec.a.get('input_shape');
  return makeLayer({
    ...spec,
    framework: 'keras',
    parameters: spec.weighted ? null : { trainable: 0, nonTrainable: 0 },
    attributes: { ...(spec.attributes ?? {}), ...(Array.isArray(inputShape) ? { input_shape: inputShape } : {}) },
  });
}

/** Declare weights, honouring `trainable=False` (then everything is non-trainable). */
export function declare(ctx: ForwardContext, a: ArgReader, trainable: number, nonTrainable = 0): void {
  if (a.bool('trainable', true)) ctx.declareParameters({ trainable, nonTrainable });
  else ctx.declareParameters({ trainable: 0, nonTrainable: trainable + nonTrainable });
}

/** The input(s) of a Keras call: a tensor, or a list/tuple of tensors (merge layers). */
export function kerasInputs(args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>): FlowValue[] {
  const first = args[0] ?? (kwargs.inputs as FlowValue | undefined);
  if (!first) return [];
  if (Array.isArray(first)) return (first as PyArg[]).filter(isFlow);
  if (isFlow(first) && first.kind === 'tuple') return [...first.items];
  return [first, ...args.slice(1)];
}

/**
 * The first input's shape, checked against an allowed rank (including the batch axis), reported the way
 * Keras does: `Input 0 of layer "Conv2D" is incompatible with the layer: expected ndim=4, found ndim=3`.
 */
export function inputShape(
  type: string,
  args: readonly FlowValue[],
  kwargs: Readonly<Record<string, PyArg>>,
  ctx: ForwardContext,
  rank?: { min?: number; exact?: number },
): Shape | null {
  const x = kerasInputs(args, kwargs)[0];
  if (!x || x.kind !== 'tensor') {
    if (x) ctx.report({ severity: 'error', message: `${type} expected a tensor input, got ${x.kind === 'none' ? 'None' : 'a tuple'}` });
    return null;
  }
  const shape = x.shape;
  if (shape === null || !rank) return shape;
  if (rank.exact !== undefined && shape.length !== rank.exact) {
    ctx.report({ severity: 'error', message: `Input 0 of layer "${type}" is incompatible with the layer: expected ndim=${rank.exact}, found ndim=${shape.length}. Full shape received: ${formatShape(shape)}` });
    return null;
  }
  if (rank.min !== undefined && shape.length < rank.min) {
    ctx.report({ severity: 'error', message: `Input 0 of layer "${type}" is incompatible with the layer: expected min_ndim=${rank.min}, found ndim=${shape.length}. Full shape received: ${formatShape(shape)}` });
    return null;
  }
  return shape;
}

export { p, kw };
