/**
 * Every activation in torch.nn (1.13) and its functional twin. All are elementwise (shape unchanged, 0 MACs)
 * except: GLU halves `dim`; Softmax/LogSoftmax/Softmin check `dim`; Softmax2d needs 3D/4D input;
 * PReLU owns `num_parameters` weights, which must be 1 or the channel count.
 */
import type { ForwardContext, FunctionDef, LayerDef, ParamSpec, PyArg, Shape } from '../../contract';
import { exactDiv, formatDim, isConcrete } from '../../dims';
import {
  ArgReader,
  bindForward,
  DEVICE_DTYPE,
  fn,
  formatShape,
  INPUT_ONLY,
  inputTensor,
  makeLayer,
  normIndex,
  p,
  singleInput,
  tensor,
  torchLayer,
  UNKNOWN_TENSOR,
} from '../core';

/** Elementwise activations: class name, constructor signature, functional names. */
const ELEMENTWISE: Array<[string, ParamSpec[], string[]]> = [
  ['ReLU', [p('inplace', false)], ['relu', 'relu_']],
  ['ReLU6', [p('inplace', false)], ['relu6']],
  ['ELU', [p('alpha', 1.0), p('inplace', false)], ['elu', 'elu_']],
  ['SELU', [p('inplace', false)], ['selu', 'selu_']],
  ['CELU', [p('alpha', 1.0), p('inplace', false)], ['celu', 'celu_']],
  ['GELU', [p('approximate', 'none')], ['gelu']],
  ['Sigmoid', [], ['sigmoid']],
  ['Tanh', [], ['tanh']],
  ['SiLU', [p('inplace', false)], ['silu']],
  ['Mish', [p('inplace', false)], ['mish']],
  ['Hardswish', [p('inplace', false)], ['hardswish']],
  ['Hardsigmoid', [p('inplace', false)], ['hardsigmoid']],
  ['Hardtanh', [p('min_val', -1.0), p('max_val', 1.0), p('inplace', false), p('min_value', null), p('max_value', null)], ['hardtanh', 'hardtanh_']],
  ['LeakyReLU', [p('negative_slope', 0.01), p('inplace', false)], ['leaky_relu', 'leaky_relu_']],
  ['LogSigmoid', [], ['logsigmoid']],
  ['RReLU', [p('lower', 1 / 8), p('upper', 1 / 3), p('inplace', false)], ['rrelu', 'rrelu_']],
  ['Softplus', [p('beta', 1), p('threshold', 20)], ['softplus']],
  ['Softshrink', [p('lambd', 0.5)], ['softshrink']],
  ['Hardshrink', [p('lambd', 0.5)], ['hardshrink']],
  ['Softsign', [], ['softsign']],
  ['Tanhshrink', [], ['tanhshrink']],
  ['Threshold', [p('threshold'), p('value'), p('inplace', false)], ['threshold', 'threshold_']],
];

/** Functional signatures: (input, <the constructor's arguments>), with a few PyTorch differences. */
const FN_EXTRA: Record<string, ParamSpec[]> = {
  rrelu: [p('lower', 1 / 8), p('upper', 1 / 3), p('training', false), p('inplace', false)],
  hardtanh: [p('min_val', -1.0), p('max_val', 1.0), p('inplace', false)],
};

/** Functions also exposed as `torch.<name>`. */
const TORCH_ALIASES = new Set(['relu', 'relu_', 'sigmoid', 'tanh', 'selu', 'celu', 'rrelu', 'hardshrink', 'threshold']);

function passInput(a: ArgReader, ctx: ForwardContext, name = 'input') {
  const x = inputTensor(a, name, ctx);
  return x ? tensor(x.shape) : UNKNOWN_TENSOR;
}

function elementwiseLayer(type: string, sig: ParamSpec[]): LayerDef {
  return torchLayer(type, sig, (a, bctx) => {
    if (type === 'Hardtanh') {
      const lo = a.float('min_value') ?? a.float('min_val');
      const hi = a.float('max_value') ?? a.float('max_val');
      if (lo !== null && hi !== null && hi <= lo) bctx.report({ severity: 'error', message: `Hardtanh: max_val (${hi}) must be greater than min_val (${lo})` });
    }
    const attributes: Record<string, PyArg> = {};
    for (const s of sig) attributes[s.name] = a.get(s.name);
    return makeLayer({
      type,
      attributes,
      forward(args, kwargs, ctx) {
        return passInput(bindForward(INPUT_ONLY, args, kwargs, type, ctx), ctx);
      },
    });
  });
}

/** Softmax-family dim handling, including PyTorch's implicit dim for dim=None (0 for 0/1/3-D input, else 1). */
function softmaxShape(shape: Shape | null, dim: PyArg, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null) return null;
  if (typeof dim === 'number') {
    if (shape.length === 0 ? dim !== 0 && dim !== -1 : normIndex(dim, shape.length, owner, (m) => ctx.report(m)) === null) return null;
  }
  return shape;
}

function glu(shape: Shape | null, dim: number | null, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null || dim === null) return null;
  if (shape.length === 0) {
    ctx.report({ severity: 'error', message: `${owner}: glu does not support scalars because halving size must be even` });
    return null;
  }
  const d = normIndex(dim, shape.length, owner, (m) => ctx.report(m));
  if (d === null) return null;
  const size = shape[d];
  if (isConcrete(size) && size % 2 !== 0) {
    ctx.report({ severity: 'error', message: `${owner}: halving dimension must be even, but dimension ${d} is size ${size} in input of shape ${formatShape(shape)}` });
    return null;
  }
  const out = [...shape];
  out[d] = isConcrete(size) ? size / 2 : exactDiv(size, 2);
  return out;
}

function softmax2d(shape: Shape | null, ctx: ForwardContext): Shape | null {
  if (shape !== null && shape.length !== 3 && shape.length !== 4) {
    ctx.report({ severity: 'error', message: `Softmax2d requires a 3D or 4D tensor as input, got input of shape ${formatShape(shape)}` });
    return null;
  }
  return shape;
}

function preluCheck(shape: Shape | null, k: number | null, owner: string, ctx: ForwardContext): Shape | null {
  if (shape === null || k === null || k === 1) return shape;
  const channels = shape.length >= 2 ? shape[1] : 1;
  if (isConcrete(channels) && channels !== k) {
    ctx.report({
      severity: 'error',
      message: `${owner}: mismatch of parameter numbers and input channel size. Found num_parameters = ${k} and channel size = ${formatDim(channels)} (input of shape ${formatShape(shape)})`,
    });
  }
  return shape;
}

const softmaxLike = ['Softmax', 'LogSoftmax', 'Softmin'].map((type) =>
  torchLayer(type, [p('dim', null)], (a) => {
    const dim = a.get('dim');
    return makeLayer({
      type,
      attributes: { dim },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return x ? tensor(softmaxShape(x.shape, dim, type, ctx)) : UNKNOWN_TENSOR;
      },
    });
  }),
);

const gluLayer = torchLayer('GLU', [p('dim', -1)], (a) => {
  const dim = a.int('dim');
  return makeLayer({
    type: 'GLU',
    attributes: { dim },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'GLU', ctx);
      const x = inputTensor(f, 'input', ctx);
      return x ? tensor(glu(x.shape, dim, 'GLU', ctx)) : UNKNOWN_TENSOR;
    },
  });
});

const softmax2dLayer = torchLayer('Softmax2d', [], () =>
  makeLayer({
    type: 'Softmax2d',
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'Softmax2d', ctx);
      const x = inputTensor(f, 'input', ctx);
      return x ? tensor(softmax2d(x.shape, ctx)) : UNKNOWN_TENSOR;
    },
  }),
);

const prelu = torchLayer('PReLU', [p('num_parameters', 1), p('init', 0.25), ...DEVICE_DTYPE], (a) => {
  const k = a.int('num_parameters');
  return makeLayer({
    type: 'PReLU',
    params: k ?? 0,
    attributes: { num_parameters: k, weight: k !== null ? tensor([k]) : UNKNOWN_TENSOR },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'PReLU', ctx);
      const x = inputTensor(f, 'input', ctx);
      return x ? tensor(preluCheck(x.shape, k, 'PReLU', ctx)) : UNKNOWN_TENSOR;
    },
  });
});

export const activationLayers: LayerDef[] = [...ELEMENTWISE.map(([type, sig]) => elementwiseLayer(type, sig)), ...softmaxLike, gluLayer, softmax2dLayer, prelu];

const F = 'torch.nn.functional.';

function names(n: string): string[] {
  return TORCH_ALIASES.has(n) ? [F + n, `torch.${n}`] : [F + n];
}

export const activationFunctions: FunctionDef[] = [
  ...ELEMENTWISE.flatMap(([, sig, fns]) => fns.map((n) => fn(names(n), [p('input'), ...(FN_EXTRA[n.replace(/_$/, '')] ?? sig)], (a, ctx) => passInput(a, ctx)))),
  ...['softmax', 'log_softmax', 'softmin'].map((n) =>
    fn([F + n, ...(n === 'softmin' ? [] : [`torch.${n}`])], [p('input'), p('dim', null), p('_stacklevel', 3), p('dtype', null)], (a, ctx) => {
      const x = inputTensor(a, 'input', ctx);
      return x ? tensor(softmaxShape(x.shape, a.get('dim'), n, ctx)) : UNKNOWN_TENSOR;
    }),
  ),
  fn([F + 'gumbel_softmax'], [p('logits'), p('tau', 1), p('hard', false), p('eps', 1e-10), p('dim', -1)], (a, ctx) => {
    const x = inputTensor(a, 'logits', ctx);
    return x ? tensor(softmaxShape(x.shape, a.get('dim'), 'gumbel_softmax', ctx)) : UNKNOWN_TENSOR;
  }),
  fn([F + 'glu'], [p('input'), p('dim', -1)], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    return x ? tensor(glu(x.shape, a.int('dim'), 'glu', ctx)) : UNKNOWN_TENSOR;
  }),
  fn([F + 'prelu', 'torch.prelu'], [p('input'), p('weight')], (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const w = a.tensorShape('weight');
    const k = w && w.length === 1 && isConcrete(w[0]) ? w[0] : null;
    return x ? tensor(preluCheck(x.shape, k, 'prelu', ctx)) : UNKNOWN_TENSOR;
  }),
];
