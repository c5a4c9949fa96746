/**
 * Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d, their Lazy variants, and F.conv*d / F.conv_transpose*d.
 * MACs: Cout·(Cin/groups)·∏k per output position (convolution); for transposed convolutions, where each input
 * element meets every weight once, Cin·(Cout/groups)·∏k per input position. Bias excluded.
 */
import type { BuildContext, BuiltLayer, EngineMessage, ForwardContext, FunctionDef, LayerDef, Shape } from '../../contract';
import { formatDim, isConcrete, mul, product, type Dim } from '../../dims';
import {
  ArgReader,
  bindForward,
  DEVICE_DTYPE,
  expectFeature,
  fn,
  formatShape,
  INPUT_ONLY,
  inputTensor,
  makeLayer,
  p,
  singleInput,
  tensor,
  torchLayer,
  UNKNOWN_TENSOR,
} from '../core';
import { CODES } from '../../codes';
import { convOutSize, convTransposeOutSize, sizeText, splitSpatial, tooSmall } from './spatial';

interface ConvConfig {
  n: number;
  inC: number | null;
  outC: number | null;
  k: number[] | null;
  s: number[] | null;
  /** Per-dimension padding, or 'same'. */
  pad: number[] | 'same' | null;
  d: number[] | null;
  groups: number;
  transposed: boolean;
  outPad: number[];
}

/** Read and validate the shared conv arguments the way torch.nn.modules.conv._ConvNd does. */
function readConv(a: ArgReader, n: number, transposed: boolean, report: (m: EngineMessage) => void, lazy = false): ConvConfig {
  const owner = a.owner;
  const inC = lazy ? null : a.int('in_channels');
  const outC = a.int('out_channels');
  const k = a.ints('kernel_size', n);
  const s = a.ints('stride', n);
  const d = a.ints('dilation', n);
  const groups = a.int('groups') ?? 1;
  let pad: number[] | 'same' | null;
  const padArg = a.get('padding');
  if (typeof padArg === 'string') {
    if (transposed) {
      report({ severity: 'error', message: `${owner}: padding must be an int or a tuple of ints for transposed convolutions, got '${padArg}'`, arg: 'padding' });
      pad = null;
    } else if (padArg === 'valid') pad = new Array<number>(n).fill(0);
    else if (padArg === 'same') {
      pad = 'same';
      if (s && s.some((x) => x !== 1)) report({ severity: 'error', message: `${owner}: padding='same' is not supported for strided convolutions (stride=${JSON.stringify(s)})`, arg: 'padding' });
    } else {
      report({ severity: 'error', message: `${owner}: invalid padding string '${padArg}', should be one of {'valid', 'same'}`, arg: 'padding' });
      pad = null;
    }
  } else pad = a.ints('padding', n);
  if (groups <= 0) report({ severity: 'error', message: `${owner}: groups must be a positive integer, got ${groups}`, arg: 'groups' });
  if (inC !== null && groups > 0 && inC % groups !== 0) report({ severity: 'error', message: `${owner}: in_channels must be divisible by groups (in_channels=${inC}, groups=${groups})`, arg: 'in_channels' });
  if (outC !== null && groups > 0 && outC % groups !== 0) report({ severity: 'error', message: `${owner}: out_channels must be divisible by groups (out_channels=${outC}, groups=${groups})`, arg: 'out_channels' });
  const mode = a.str('padding_mode');
  if (mode !== null && !['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
    report({ severity: 'error', message: `${owner}: padding_mode must be one of 'zeros', 'reflect', 'replicate' or 'circular', got '${mode}'`, arg: 'padding_mode' });
  }
  const outPad = transposed ? a.ints('output_padding', n) ?? new Array<number>(n).fill(0) : new Array<number>(n).fill(0);
  if (transposed && s && d) {
    outPad.forEach((op, i) => {
      if (op >= s[i] && op >= d[i]) report({ severity: 'error', message: `${owner}: output padding must be smaller than either stride or dilation, got output_padding=${op}, stride=${s[i]}, dilation=${d[i]}`, arg: 'output_padding' });
    });
  }
  return { n, inC, outC, k, s, pad, d, groups: groups > 0 ? groups : 1, transposed, outPad };
}

function weightShape(c: ConvConfig): Shape | null {
  if (c.inC === null || c.outC === null || c.k === null) return null;
  return c.transposed ? [c.inC, c.outC / c.groups, ...c.k] : [c.outC, c.inC / c.groups, ...c.k];
}

function paramCount(c: ConvConfig, bias: boolean): number {
  const w = weightShape(c);
  if (w === null || c.outC === null) return 0;
  return (product(w) as number) + (bias ? c.outC : 0);
}

/**
 * The conv shape rule, shared by modules and F.conv*d. `outputSize` is ConvTranspose's optional forward
 * argument that picks output_padding.
 */
function convForward(c: ConvConfig, shape: Shape | null, owner: string, ctx: ForwardContext, outputSize?: readonly Dim[] | null): Shape | null {
  if (shape === null) return null;
  const report = (m: EngineMessage) => ctx.report(m);
  const split = splitSpatial(shape, c.n, owner.toLowerCase().replace('transpose', '_transpose'), report);
  if (!split) return null;
  if (c.inC !== null) {
    expectFeature(
      shape,
      shape.length - c.n - 1,
      c.inC,
      'in_channels',
      () => `${owner} expected input with ${c.inC} channels (in_channels=${c.inC}), got ${formatDim(split.channels)} channels in input of shape ${formatShape(shape)}`,
      report,
    );
  }
  if (c.outC === null || c.k === null || c.s === null || c.pad === null || c.d === null) return null;
  const { k, s, d, pad } = c;
  let spatial: Dim[];
  if (c.transposed) {
    const pads = pad as number[];
    let outPad = c.outPad;
    if (outputSize && outputSize.length >= c.n) {
      const wanted = outputSize.slice(outputSize.length - c.n);
      const minSizes = split.spatial.map((L, i) => convTransposeOutSize(L, k[i], s[i], pads[i], 0, d[i]));
      outPad = wanted.map((w, i) => {
        const diff = typeof w === 'number' && typeof minSizes[i] === 'number' ? w - (minSizes[i] as number) : 0;
        if (diff < 0 || diff >= Math.max(s[i], d[i])) {
          report({ severity: 'error', message: `${owner}: requested output size ${formatShape(wanted)} is not reachable; valid sizes are ${formatShape(minSizes)} plus less than the stride` });
        }
        return diff;
      });
    }
    spatial = split.spatial.map((L, i) => convTransposeOutSize(L, k[i], s[i], pads[i], outPad[i], d[i]));
  } else if (pad === 'same') {
    spatial = [...split.spatial];
  } else {
    spatial = split.spatial.map((L, i) => convOutSize(L, k[i], s[i], pad[i], d[i]));
    const padded = split.spatial.map((L, i) => (typeof L === 'number' ? L + 2 * pad[i] : L));
    if (tooSmall(spatial)) {
      // PyTorch's wording (at::native::conv checks); the output would be empty, so it is unknown here.
      const spaced = (xs: readonly Dim[]) => `(${xs.map((x) => (isConcrete(x) ? String(x) : x.toString())).join(' x ')})`;
      report({
        severity: 'error',
        message: `${owner}: Calculated padded input size per channel: ${spaced(padded)}. Kernel size: ${spaced(k.map((x, i) => d[i] * (x - 1) + 1))}. Kernel size can't be greater than actual input size (input of shape ${formatShape(shape)})`,
        code: CODES.INPUT_TOO_SMALL.code,
      });
      return null;
    }
  }
  const out: Shape = [...split.batch, c.outC, ...spatial];
  // MACs: per output position (conv) or per input position (transposed), one per weight slice.
  const kernel = product(k);
  if (c.inC !== null) {
    const perPosition = c.transposed ? c.inC * (c.outC / c.groups) * (kernel as number) : c.outC * (c.inC / c.groups) * (kernel as number);
    const positions = product([...split.batch, ...(c.transposed ? split.spatial : spatial)]);
    ctx.addMacs(mul(positions, perPosition));
  }
  return out;
}

function convAttributes(c: ConvConfig, bias: boolean) {
  const w = weightShape(c);
  return {
    in_channels: c.inC,
    out_channels: c.outC,
    kernel_size: c.k,
    stride: c.s,
    padding: c.pad,
    dilation: c.d,
    groups: c.groups,
    output_padding: c.outPad,
    transposed: c.transposed,
    weight: w ? tensor(w) : UNKNOWN_TENSOR,
    bias: bias && c.outC !== null ? tensor([c.outC]) : null,
  };
}

const CONV_SIG = [p('in_channels'), p('out_channels'), p('kernel_size'), p('stride', 1), p('padding', 0), p('dilation', 1), p('groups', 1), p('bias', true), p('padding_mode', 'zeros'), ...DEVICE_DTYPE];
const CONVT_SIG = [p('in_channels'), p('out_channels'), p('kernel_size'), p('stride', 1), p('padding', 0), p('output_padding', 0), p('groups', 1), p('bias', true), p('dilation', 1), p('padding_mode', 'zeros'), ...DEVICE_DTYPE];

function convLayer(n: number, transposed: boolean): LayerDef {
  const type = `Conv${transposed ? 'Transpose' : ''}${n}d`;
  return torchLayer(type, transposed ? CONVT_SIG : CONV_SIG, (a, bctx: BuildContext): BuiltLayer => {
    const c = readConv(a, n, transposed, (m) => bctx.report(m));
    const bias = a.bool('bias', true);
    return makeLayer({
      type,
      params: paramCount(c, bias),
      attributes: convAttributes(c, bias),
      forward(args, kwargs, ctx) {
        const f = bindForward(transposed ? [p('input'), p('output_size', null)] : INPUT_ONLY, args, kwargs, type, ctx);
        const x = inputTensor(f, 'input', ctx);
        return tensor(x ? convForward(c, x.shape, type, ctx, transposed ? f.dimList('output_size') : undefined) : null);
      },
    });
  });
}

/** LazyConvNd: in_channels comes from the first input. */
function lazyConvLayer(n: number, transposed: boolean): LayerDef {
  const type = `LazyConv${transposed ? 'Transpose' : ''}${n}d`;
  const sig = (transposed ? CONVT_SIG : CONV_SIG).slice(1);
  return torchLayer(type, sig, (a, bctx) => {
    const base = readConv(a, n, transposed, (m) => bctx.report(m), true);
    const bias = a.bool('bias', true);
    return makeLayer({
      type,
      parameters: null,
      attributes: convAttributes(base, bias),
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        if (!x || x.shape === null) return UNKNOWN_TENSOR;
        const split = splitSpatial(x.shape, n, type, (m) => ctx.report(m));
        if (!split || typeof split.channels !== 'number') return UNKNOWN_TENSOR;
        const c = { ...base, inC: split.channels };
        ctx.declareParameters({ trainable: paramCount(c, bias), nonTrainable: 0 });
        return tensor(convForward(c, x.shape, type, ctx));
      },
    });
  });
}

function convFunction(n: number, transposed: boolean): FunctionDef {
  const name = transposed ? `conv_transpose${n}d` : `conv${n}d`;
  const sig = transposed
    ? [p('input'), p('weight'), p('bias', null), p('stride', 1), p('padding', 0), p('output_padding', 0), p('groups', 1), p('dilation', 1)]
    : [p('input'), p('weight'), p('bias', null), p('stride', 1), p('padding', 0), p('dilation', 1), p('groups', 1)];
  return fn([`torch.nn.functional.${name}`, `torch.${name}`], sig, (a, ctx) => {
    const x = inputTensor(a, 'input', ctx);
    const w = a.tensorShape('weight');
    if (!x || w === null) return UNKNOWN_TENSOR;
    if (w.length !== n + 2 || !w.every((d) => typeof d === 'number')) {
      if (w.length !== n + 2) ctx.report({ severity: 'error', message: `${name}: weight should have ${n + 2} dimensions, got shape ${formatShape(w)}` });
      return UNKNOWN_TENSOR;
    }
    const groups = a.int('groups') ?? 1;
    const wd = w as number[];
    const c = readConv(
      new ArgReader(
        {
          ...a.raw,
          in_channels: transposed ? wd[0] : wd[1] * groups,
          out_channels: transposed ? wd[1] * groups : wd[0],
          kernel_size: wd.slice(2),
          padding_mode: 'zeros',
        },
        (m) => ctx.report(m),
        name,
      ),
      n,
      transposed,
      (m) => ctx.report(m),
    );
    return tensor(convForward(c, x.shape, name, ctx));
  });
}

export const convLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [convLayer(n, false), convLayer(n, true), lazyConvLayer(n, false), lazyConvLayer(n, true)]);
export const convFunctions: FunctionDef[] = [1, 2, 3].flatMap((n) => [convFunction(n, false), convFunction(n, true)]);
