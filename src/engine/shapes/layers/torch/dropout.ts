/**
 * Dropout variants: shape-preserving, no parameters, 0 MACs. Dropout1d requires (N, C, L) or (C, L);
 * Dropout2d/3d accept other ranks with a deprecation warning in PyTorch 1.13.
 */
import type { FunctionDef, LayerDef, Shape } from '../../contract';
import {
  type ArgReader,
  fn,
  formatShape,
  inputTensor,
  makeLayer,
  p,
  singleInput,
  tensor,
  torchLayer,
  UNKNOWN_TENSOR,
} from '../core';
import type { BuildContext, ForwardContext } from '../../contract';

/** Accepted ranks per variant (null = any) and whether another rank is an error (else a warning). */
const RANKS: Record<string, { ranks: number[] | null; strict: boolean }> = {
  Dropout: { ranks: null, strict: false },
  AlphaDropout: { ranks: null, strict: false },
  FeatureAlphaDropout: { ranks: null, strict: false },
  Dropout1d: { ranks: [2, 3], strict: true },
  Dropout2d: { ranks: [3, 4], strict: false },
  Dropout3d: { ranks: [4, 5], strict: false },
};

function checkP(a: ArgReader, ctx: BuildContext | ForwardContext): void {
  const prob = a.float('p');
  if (prob !== null && (prob < 0 || prob > 1)) {
    ctx.report({ severity: 'error', message: `${a.owner}: dropout probability has to be between 0 and 1, but got ${prob}`, arg: 'p' });
  }
}

function dropoutShape(type: string, shape: Shape | null, ctx: ForwardContext): Shape | null {
  const rule = RANKS[type];
  if (shape !== null && rule?.ranks && !rule.ranks.includes(shape.length)) {
    ctx.report({
      severity: rule.strict ? 'error' : 'warning',
      message: `${type} expects ${rule.ranks.map((r) => `${r}D`).join(' or ')} input, but received a ${shape.length}D input of shape ${formatShape(shape)}`,
    });
    if (rule.strict) return null;
  }
  return shape;
}

function dropoutLayer(type: string): LayerDef {
  return torchLayer(type, [p('p', 0.5), p('inplace', false)], (a, bctx) => {
    checkP(a, bctx);
    return makeLayer({
      type,
      attributes: { p: a.get('p') },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return x ? tensor(dropoutShape(type, x.shape, ctx)) : UNKNOWN_TENSOR;
      },
    });
  });
}

export const dropoutLayers: LayerDef[] = Object.keys(RANKS).map(dropoutLayer);

const FN_TYPES: Record<string, string> = {
  dropout: 'Dropout',
  alpha_dropout: 'AlphaDropout',
  feature_alpha_dropout: 'FeatureAlphaDropout',
  dropout1d: 'Dropout1d',
  dropout2d: 'Dropout2d',
  dropout3d: 'Dropout3d',
};

/** F.dropout* (training defaults to True for dropout/dropoutNd, False for the alpha variants). */
const functional = Object.entries(FN_TYPES).map(([name, type]) =>
  fn([`torch.nn.functional.${name}`], [p('input'), p('p', 0.5), p('training', name.startsWith('dropout')), p('inplace', false)], (a, ctx) => {
    checkP(a, ctx);
    const x = inputTensor(a, 'input', ctx);
    return x ? tensor(dropoutShape(type, x.shape, ctx)) : UNKNOWN_TENSOR;
  }),
);

/** torch.dropout(input, p, train) and friends: same rule, different argument name. */
const torchLevel = ['dropout', 'alpha_dropout', 'feature_alpha_dropout', 'feature_dropout'].map((name) =>
  fn([`torch.${name}`], [p('input'), p('p'), p('train')], (a, ctx) => {
    checkP(a, ctx);
    const x = inputTensor(a, 'input', ctx);
    return x ? tensor(x.shape) : UNKNOWN_TENSOR;
  }),
);

export const dropoutFunctions: FunctionDef[] = [...functional, ...torchLevel];
