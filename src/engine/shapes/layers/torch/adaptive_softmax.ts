/**
 * nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False).
 * Children as PyTorch registers them: `head` = Linear(in, shortlist + n_clusters, bias=head_bias) and
 * `tail` = ModuleList of Sequential(Linear(in, ⌊in / div^(i+1)⌋, bias=False), Linear(hsz, osz, bias=False)).
 * forward(input, target) returns (output [N], loss []). Which tail clusters run depends on the target
 * values, so only `head` is called here.
 */
import type { BuildContext, BuiltLayer, LayerDef, PyArg } from '../../contract';
import { bindArgs } from '../binding';
import { DEVICE_DTYPE, UNKNOWN_TENSOR, bindForward, formatShape, inputTensor, makeLayer, p, tensor, torchLayer, tuple } from '../core';
import { linearLayers } from './linear';

function linear(inF: PyArg, outF: PyArg, bias: boolean, ctx: BuildContext): BuiltLayer {
  const def = linearLayers.find((d) => d.names.includes('torch.nn.Linear')) as LayerDef;
  const bound = bindArgs(def.signature, [inF, outF], { bias }, 'Linear');
  return def.build(bound.args, ctx);
}

function holder(type: string, items: BuiltLayer[]): BuiltLayer {
  return makeLayer({
    type,
    children: items.map((l, i) => [String(i), l]),
    forward(args, _kwargs, ctx) {
      let x = args[0] ?? UNKNOWN_TENSOR;
      for (let i = 0; i < items.length; i++) x = ctx.callChild(String(i), [x]);
      return x;
    },
  });
}

export const adaptiveSoftmaxLayers: LayerDef[] = [
  torchLayer('AdaptiveLogSoftmaxWithLoss', [p('in_features'), p('n_classes'), p('cutoffs'), p('div_value', 4.0), p('head_bias', false), ...DEVICE_DTYPE], (a, bctx) => {
    const inF = a.int('in_features');
    const n = a.int('n_classes');
    const cutoffs = a.intList('cutoffs');
    const div = a.float('div_value') ?? 4.0;
    const children: Array<[string, BuiltLayer]> = [];
    if (inF !== null && n !== null && cutoffs !== null) {
      const ok = cutoffs.every((c, i) => c > 0 && c < n && (i === 0 || c > cutoffs[i - 1]));
      if (!ok) {
        bctx.report({ severity: 'error', message: `AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1 (got ${JSON.stringify(cutoffs)} with n_classes=${n})` });
      }
      const all = [...cutoffs, n];
      const clusters = all.length - 1;
      children.push(['head', linear(inF, all[0] + clusters, a.bool('head_bias', false), bctx)]);
      const tails: BuiltLayer[] = [];
      for (let i = 0; i < clusters; i++) {
        const hsz = Math.floor(inF / div ** (i + 1));
        tails.push(holder('Sequential', [linear(inF, hsz, false, bctx), linear(hsz, all[i + 1] - all[i], false, bctx)]));
      }
      children.push(['tail', holder('ModuleList', tails)]);
    }
    return makeLayer({
      type: 'AdaptiveLogSoftmaxWithLoss',
      children,
      attributes: { in_features: inF, n_classes: n, cutoffs },
      forward(args, kwargs, ctx) {
        const f = bindForward([p('input'), p('target')], args, kwargs, 'AdaptiveLogSoftmaxWithLoss', ctx);
        const x = inputTensor(f, 'input', ctx);
        const t = inputTensor(f, 'target', ctx);
        if (!x || !x.shape || !children.length) return tuple(UNKNOWN_TENSOR, tensor([]));
        if (x.shape.length !== 1 && x.shape.length !== 2) {
          ctx.report({ severity: 'error', message: `AdaptiveLogSoftmaxWithLoss: input should be 1D or 2D, got input of shape ${formatShape(x.shape)}` });
          return tuple(UNKNOWN_TENSOR, tensor([]));
        }
        ctx.callChild('head', [tensor(x.shape)]);
        const batch = x.shape.slice(0, -1);
        if (t?.shape && t.shape.length !== batch.length) {
          ctx.report({ severity: 'error', message: `AdaptiveLogSoftmaxWithLoss: target of shape ${formatShape(t.shape)} does not match input of shape ${formatShape(x.shape)}` });
        }
        return tuple(tensor(batch), tensor([]));
      },
    });
  }),
];
