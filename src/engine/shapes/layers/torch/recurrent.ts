/**
 * RNN, LSTM, GRU (num_layers, bidirectional, batch_first, proj_size, bias) and RNNCell/LSTMCell/GRUCell.
 *
 * Parameters per layer l and direction (G gates: RNN 1, GRU 3, LSTM 4; H hidden; P = proj_size or H):
 *   weight_ih G·H·in_l, weight_hh G·H·P, bias_ih + bias_hh 2·G·H (if bias), weight_hr P·H (if proj_size),
 *   where in_0 = input_size and in_l = D·P for deeper layers.
 * MACs per timestep, per batch element, per layer and direction: G·H·(in_l + P), plus H·P for the projection.
 */
import type { BuiltLayer, FlowValue, ForwardContext, LayerDef, ParamSpec, PyArg } from '../../contract';
import { dimEquals, formatDim, mul, product, type Dim } from '../../dims';
import { ArgReader, DEVICE_DTYPE, UNKNOWN_TENSOR, bindForward, expectDim, expectFeature, formatShape, inputTensor, isFlow, isTensor, kw, makeLayer, p, tensor, torchLayer, tuple } from '../core';

const GATES: Record<string, number> = { RNN: 1, LSTM: 4, GRU: 3 };

interface RnnConfig {
  mode: 'RNN' | 'LSTM' | 'GRU';
  input: number | null;
  hidden: number | null;
  layers: number;
  bias: boolean;
  batchFirst: boolean;
  directions: number;
  proj: number;
}

function rnnParams(c: RnnConfig): number {
  if (c.input === null || c.hidden === null) return 0;
  const G = GATES[c.mode];
  const H = c.hidden;
  const P = c.proj > 0 ? c.proj : H;
  let total = 0;
  for (let l = 0; l < c.layers; l++) {
    const inL = l === 0 ? c.input : c.directions * P;
    const perDirection = G * H * inL + G * H * P + (c.bias ? 2 * G * H : 0) + (c.proj > 0 ? P * H : 0);
    total += perDirection * c.directions;
  }
  return total;
}

/** MACs for one timestep of one sequence through all layers and directions. */
function rnnStepMacs(c: RnnConfig): number {
  if (c.input === null || c.hidden === null) return 0;
  const G = GATES[c.mode];
  const H = c.hidden;
  const P = c.proj > 0 ? c.proj : H;
  let total = 0;
  for (let l = 0; l < c.layers; l++) {
    const inL = l === 0 ? c.input : c.directions * P;
    total += c.directions * (G * H * (inL + P) + (c.proj > 0 ? H * P : 0));
  }
  return total;
}

/** PyTorch's check_hidden_size: "Expected hidden size (1, 3, 20), got [2, 3, 20]". */
function checkHidden(v: PyArg, expected: readonly Dim[], what: string, ctx: ForwardContext): void {
  if (!isTensor(v) || v.shape === null) return;
  const got = v.shape;
  if (got.length !== expected.length || got.some((d, i) => dimEquals(d, expected[i]) === false)) {
    ctx.report({ severity: 'error', message: `Expected ${what} size (${expected.map(formatDim).join(', ')}), got ${formatShape(got)}` });
  }
}

function rnnForward(c: RnnConfig, x: { shape: readonly Dim[] | null }, ctx: ForwardContext, hx: PyArg = null): FlowValue {
  const type = c.mode;
  if (x.shape === null || c.hidden === null) {
    const unknown = UNKNOWN_TENSOR;
    return c.mode === 'LSTM' ? tuple(unknown, tuple(unknown, unknown)) : tuple(unknown, unknown);
  }
  const shape = x.shape;
  if (shape.length !== 2 && shape.length !== 3) {
    ctx.report({ severity: 'error', message: `${type}: expected input to be 2D or 3D, got ${shape.length}D input of shape ${formatShape(shape)} instead` });
    return c.mode === 'LSTM' ? tuple(UNKNOWN_TENSOR, tuple(UNKNOWN_TENSOR, UNKNOWN_TENSOR)) : tuple(UNKNOWN_TENSOR, UNKNOWN_TENSOR);
  }
  const batched = shape.length === 3;
  const features = shape[shape.length - 1];
  if (c.input !== null) {
    expectFeature(shape, shape.length - 1, c.input, 'input_size', () => `${type}: input.size(-1) must be equal to input_size. Expected ${c.input}, got ${formatDim(features)} in input of shape ${formatShape(shape)}`, (m) => ctx.report(m));
  }
  const P = c.proj > 0 ? c.proj : c.hidden;
  const L = batched && c.batchFirst ? shape[1] : shape[0];
  const N: Dim | null = batched ? (c.batchFirst ? shape[0] : shape[1]) : null;
  const outFeatures = c.directions * P;
  const output = !batched ? [L, outFeatures] : c.batchFirst ? [N as Dim, L, outFeatures] : [L, N as Dim, outFeatures];
  const states = (size: number) => (batched ? [c.directions * c.layers, N as Dim, size] : [c.directions * c.layers, size]);
  ctx.addMacs(mul(product(batched ? [L, N as Dim] : [L]), rnnStepMacs(c)));
  if (hx !== null && hx !== undefined) {
    if (c.mode === 'LSTM') {
      const items = isFlow(hx) && hx.kind === 'tuple' ? hx.items : Array.isArray(hx) ? (hx as PyArg[]) : null;
      if (items && items.length === 2) {
        checkHidden(items[0], states(P), 'hidden', ctx);
        checkHidden(items[1], states(c.hidden), 'cell', ctx);
      } else if (isTensor(hx)) {
        ctx.report({ severity: 'error', message: 'LSTM expects hx to be a tuple (h_0, c_0), got a single tensor' });
      }
    } else checkHidden(hx, states(P), 'hidden', ctx);
  }
  const h = tensor(states(P));
  return c.mode === 'LSTM' ? tuple(tensor(output), tuple(h, tensor(states(c.hidden)))) : tuple(tensor(output), h);
}

const RNN_SIG: ParamSpec[] = [
  p('input_size'),
  p('hidden_size'),
  p('num_layers', 1),
  p('bias', true),
  p('batch_first', false),
  p('dropout', 0.0),
  p('bidirectional', false),
  p('proj_size', 0),
  ...DEVICE_DTYPE.map((s) => ({ ...s, kwOnly: true })),
];

function rnnLayer(mode: 'RNN' | 'LSTM' | 'GRU'): LayerDef {
  const sig = mode === 'RNN' ? [...RNN_SIG, kw('nonlinearity', 'tanh')] : RNN_SIG;
  return torchLayer(mode, sig, (a, bctx): BuiltLayer => {
    const c: RnnConfig = {
      mode,
      input: a.int('input_size'),
      hidden: a.int('hidden_size'),
      layers: a.int('num_layers') ?? 1,
      bias: a.bool('bias', true),
      batchFirst: a.bool('batch_first', false),
      directions: a.bool('bidirectional', false) ? 2 : 1,
      proj: a.int('proj_size') ?? 0,
    };
    const report = (message: string, arg: string) => bctx.report({ severity: 'error', message: `${mode}: ${message}`, arg });
    if (c.proj !== 0 && mode !== 'LSTM') report('proj_size argument is only supported for LSTM, not RNN or GRU', 'proj_size');
    if (c.proj < 0) report(`proj_size should be a positive integer or zero to disable projections, got ${c.proj}`, 'proj_size');
    if (c.hidden !== null && c.proj >= c.hidden && c.proj > 0) report(`proj_size has to be smaller than hidden_size (proj_size=${c.proj}, hidden_size=${c.hidden})`, 'proj_size');
    if (c.layers < 1) report(`num_layers must be at least 1, got ${c.layers}`, 'num_layers');
    const dropout = a.float('dropout');
    if (dropout !== null && (dropout < 0 || dropout > 1)) report(`dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${dropout}`, 'dropout');
    if (mode === 'RNN') {
      const nl = a.str('nonlinearity');
      if (nl !== null && nl !== 'tanh' && nl !== 'relu') report(`Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`, 'nonlinearity');
    }
    if (mode !== 'LSTM') c.proj = 0;
    return makeLayer({
      type: mode,
      params: rnnParams(c),
      attributes: {
        input_size: c.input,
        hidden_size: c.hidden,
        num_layers: c.layers,
        bidirectional: c.directions === 2,
        batch_first: c.batchFirst,
        proj_size: c.proj,
        bias: c.bias,
      },
      forward(args, kwargs, ctx) {
        const f = bindForward([p('input'), p('hx', null)], args, kwargs, mode, ctx);
        const x = inputTensor(f, 'input', ctx);
        return rnnForward(c, x ?? { shape: null }, ctx, f.get('hx'));
      },
    });
  });
}

function cellLayer(mode: 'RNN' | 'LSTM' | 'GRU'): LayerDef {
  const type = `${mode}Cell`;
  const sig = [p('input_size'), p('hidden_size'), p('bias', true), ...(mode === 'RNN' ? [p('nonlinearity', 'tanh')] : []), ...DEVICE_DTYPE];
  return torchLayer(type, sig, (a: ArgReader) => {
    const input = a.int('input_size');
    const hidden = a.int('hidden_size');
    const bias = a.bool('bias', true);
    const G = GATES[mode];
    const params = input !== null && hidden !== null ? G * hidden * (input + hidden) + (bias ? 2 * G * hidden : 0) : 0;
    return makeLayer({
      type,
      params,
      attributes: { input_size: input, hidden_size: hidden, bias },
      forward(args, kwargs, ctx) {
        const f = bindForward([p('input'), p('hx', null)], args, kwargs, type, ctx);
        const x = inputTensor(f, 'input', ctx);
        const unknown = mode === 'LSTM' ? tuple(UNKNOWN_TENSOR, UNKNOWN_TENSOR) : UNKNOWN_TENSOR;
        if (!x || x.shape === null || hidden === null) return unknown;
        const shape = x.shape;
        if (shape.length !== 1 && shape.length !== 2) {
          ctx.report({ severity: 'error', message: `${type}: expected input to be 1D or 2D, got ${shape.length}D input of shape ${formatShape(shape)} instead` });
          return unknown;
        }
        const features = shape[shape.length - 1];
        if (input !== null) {
          expectFeature(shape, shape.length - 1, input, 'input_size', () => `${type}: input has inconsistent input_size: got ${formatDim(features)} expected ${input} (input of shape ${formatShape(shape)})`, (m) => ctx.report(m));
          ctx.addMacs(mul(product(shape.slice(0, -1)), G * hidden * (input + hidden)));
        }
        const out = tensor([...shape.slice(0, -1), hidden]);
        return mode === 'LSTM' ? tuple(out, out) : out;
      },
    });
  });
}

export const recurrentLayers: LayerDef[] = [rnnLayer('RNN'), rnnLayer('LSTM'), rnnLayer('GRU'), cellLayer('RNN'), cellLayer('LSTM'), cellLayer('GRU')];
