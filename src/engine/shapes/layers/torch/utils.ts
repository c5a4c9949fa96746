/**
 * torch.nn.utils.weight_norm / spectral_norm: they modify a module in place and return it, so here they are
 * "layer constructors" that take a built layer and adjust its counts (the same object comes back, keeping
 * identity for modules registered under two names).
 * - weight_norm(module, name='weight', dim=0): `weight` becomes weight_g (size W.shape[dim] — a scalar for
 *   dim=None) + weight_v (W's shape): parameters grow by numel(weight_g).
 * - spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None): weight_orig replaces
 *   weight (same count); buffers weight_u (h = W.shape[dim]) and weight_v (numel(W)/h) are added. dim defaults
 *   to 1 for ConvTranspose*, else 0.
 */
import type { BuildContext, BuiltLayer, LayerDef } from '../../contract';
import { ArgReader, UNKNOWN_TENSOR, describe, isLayer, isTensor, makeLayer, p } from '../core';

/** Stand-in when the argument is not a module: calls give an unknown tensor. */
function unknownModule(): BuiltLayer {
  return makeLayer({ type: 'Module', forward: () => UNKNOWN_TENSOR });
}

function target(a: ArgReader, ctx: BuildContext, fnName: string): { layer: BuiltLayer; shape: number[] } | null {
  const layer = a.get('module');
  if (!isLayer(layer)) {
    if (!a.isUnknown('module')) ctx.report({ severity: 'error', message: `${fnName}: expected a module, got ${describe(layer)}`, arg: 'module' });
    return null;
  }
  const name = a.str('name') ?? 'weight';
  const w = layer.attributes[name];
  if (!isTensor(w) || w.shape === null || !w.shape.every((d): d is number => typeof d === 'number') || layer.parameters === null) {
    ctx.report({ severity: 'warning', message: `${fnName}: cannot see the shape of ${layer.type}.${name}; parameter counts left as they were` });
    return null;
  }
  return { layer, shape: w.shape as number[] };
}

function dimIndex(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}

const weightNorm: LayerDef = {
  names: ['torch.nn.utils.weight_norm', 'torch.nn.utils.weight_norm.weight_norm'],
  signature: [p('module'), p('name', 'weight'), p('dim', 0)],
  build(args, ctx) {
    const a = new ArgReader(args, (m) => ctx.report(m), 'weight_norm');
    const t = target(a, ctx, 'weight_norm');
    if (!t) return isLayer(args.module) ? args.module : unknownModule();
    const dim = a.get('dim') === null ? null : a.int('dim');
    const g = dim === null ? 1 : (t.shape[dimIndex(dim, t.shape.length)] ?? 1);
    const params = t.layer.parameters!;
    t.layer.parameters = { trainable: params.trainable + g, nonTrainable: params.nonTrainable };
    return t.layer;
  },
};

const spectralNorm: LayerDef = {
  names: ['torch.nn.utils.spectral_norm', 'torch.nn.utils.spectral_norm.spectral_norm'],
  signature: [p('module'), p('name', 'weight'), p('n_power_iterations', 1), p('eps', 1e-12), p('dim', null)],
  build(args, ctx) {
    const a = new ArgReader(args, (m) => ctx.report(m), 'spectral_norm');
    const t = target(a, ctx, 'spectral_norm');
    if (!t) return isLayer(args.module) ? args.module : unknownModule();
    const dim = a.int('dim') ?? (t.layer.type.startsWith('ConvTranspose') ? 1 : 0);
    const h = t.shape[dimIndex(dim, t.shape.length)] ?? 1;
    const numel = t.shape.reduce((x, y) => x * y, 1);
    t.layer.buffers += h + numel / h;
    return t.layer;
  },
};

export const utilsLayers: LayerDef[] = [weightNorm, spectralNorm];
