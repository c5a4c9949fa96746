/**
 * Shape-changing layers without weights: Flatten, Unflatten, Upsample (and F.interpolate), PixelShuffle,
 * PixelUnshuffle, ChannelShuffle, the Constant/Zero/Reflection/Replication pads (and F.pad), Unfold/Fold,
 * CosineSimilarity and PairwiseDistance. All cost 0 MACs.
 */
import type { EngineMessage, ForwardContext, FunctionDef, LayerDef, PyArg, Shape } from '../../contract';
import { UNKNOWN } from '../../contract';
import { add, dimEquals, exactDiv, floorDiv, formatDim, isConcrete, isSymbolic, mul, product, type Dim } from '../../dims';
import {
  ArgReader,
  bindForward,
  broadcastShapes,
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
import { convOutSize } from './spatial';

type Report = (m: EngineMessage) => void;

// ---------------------------------------------------------------------------------------------- flatten

export function flattenShape(shape: Shape | null, start: number, end: number, owner: string, report: Report): Shape | null {
  if (shape === null) return null;
  if (shape.length === 0) return [1];
  const s = normIndex(start, shape.length, owner, report);
  const e = normIndex(end, shape.length, owner, report);
  if (s === null || e === null) return null;
  if (s > e) {
    report({ severity: 'error', message: `${owner}: start_dim cannot come after end_dim (start_dim=${start}, end_dim=${end} for input of shape ${formatShape(shape)})` });
    return null;
  }
  return [...shape.slice(0, s), product(shape.slice(s, e + 1)), ...shape.slice(e + 1)];
}

const flatten = torchLayer('Flatten', [p('start_dim', 1), p('end_dim', -1)], (a) => {
  const start = a.int('start_dim') ?? 1;
  const end = a.int('end_dim') ?? -1;
  return makeLayer({
    type: 'Flatten',
    attributes: { start_dim: start, end_dim: end },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'Flatten', ctx);
      const x = inputTensor(f, 'input', ctx);
      return tensor(x ? flattenShape(x.shape, start, end, 'Flatten', (m) => ctx.report(m)) : null);
    },
  });
});

const unflatten = torchLayer('Unflatten', [p('dim'), p('unflattened_size')], (a) => {
  const dim = a.int('dim');
  const sizes = a.dimList('unflattened_size');
  return makeLayer({
    type: 'Unflatten',
    attributes: { dim, unflattened_size: sizes },
    forward(args, kwargs, ctx) {
      const f = bindForward(INPUT_ONLY, args, kwargs, 'Unflatten', ctx);
      const x = inputTensor(f, 'input', ctx);
      if (!x || x.shape === null || dim === null || sizes === null) return UNKNOWN_TENSOR;
      const d = normIndex(dim, x.shape.length, 'Unflatten', (m) => ctx.report(m));
      if (d === null) return UNKNOWN_TENSOR;
      const total = x.shape[d];
      const known = sizes.filter((s) => s !== -1);
      const resolved = sizes.map((s) => (s === -1 ? exactDiv(total, product(known)) : s));
      if (dimEquals(product(resolved), total) === false || (sizes.includes(-1) && isConcrete(total) && isConcrete(product(known)) && total % (product(known) as number) !== 0)) {
        ctx.report({ severity: 'error', message: `Unflatten: provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${formatDim(total)}) in the input of shape ${formatShape(x.shape)}` });
        return UNKNOWN_TENSOR;
      }
      return tensor([...x.shape.slice(0, d), ...resolved, ...x.shape.slice(d + 1)]);
    },
  });
});

// ---------------------------------------------------------------------------------------------- interpolate

/** ⌊L·s⌋ for a float scale: exact for a symbolic L when s is a small rational (2, 0.5, 1.5). */
function scaleDim(L: Dim, s: number): Dim | null {
  if (isConcrete(L)) return Math.floor(L * s);
  for (let den = 1; den <= 64; den++) {
    const num = s * den;
    if (Math.abs(num - Math.round(num)) < 1e-9) return floorDiv(mul(L, Math.round(num)), den);
  }
  return null;
}

const MODE_RANK: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };

export function interpolateShape(shape: Shape | null, size: PyArg, scale: PyArg, mode: string | null, owner: string, report: Report): Shape | null {
  if (shape === null) return null;
  if (shape.length < 3 || shape.length > 5) {
    report({ severity: 'error', message: `${owner}: input must be 3D, 4D or 5D (batch, channels, spatial…), got input of shape ${formatShape(shape)}` });
    return null;
  }
  const n = shape.length - 2;
  if (mode && MODE_RANK[mode] !== undefined && MODE_RANK[mode] !== shape.length) {
    report({ severity: 'error', message: `${owner}: got ${shape.length}D input of shape ${formatShape(shape)}, but ${mode} mode needs ${MODE_RANK[mode]}D input` });
    return null;
  }
  const hasSize = size !== null && size !== undefined;
  const hasScale = scale !== null && scale !== undefined;
  if (hasSize && hasScale) {
    report({ severity: 'error', message: `${owner}: only one of size or scale_factor should be defined` });
    return null;
  }
  if (!hasSize && !hasScale) {
    report({ severity: 'error', message: `${owner}: either size or scale_factor should be defined` });
    return null;
  }
  if (size === UNKNOWN || scale === UNKNOWN) return null;
  let spatial: Array<Dim | null>;
  if (hasSize) {
    const list: PyArg[] = Array.isArray(size) ? (size as PyArg[]) : new Array<PyArg>(n).fill(size);
    if (list.length !== n) {
      report({ severity: 'error', message: `${owner}: input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${formatShape(shape.slice(2))} and output size of ${JSON.stringify(size)}` });
      return null;
    }
    if (list.some((v) => typeof v === 'number' && !Number.isInteger(v))) {
      // PyTorch: "upsample_nearest1d() received an invalid combination of arguments" (a float size).
      report({ severity: 'error', message: `${owner}: size must be integers, got ${JSON.stringify(size)}` });
      return null;
    }
    spatial = list.map((v) => (typeof v === 'number' || isSymbolic(v) ? v : null));
  } else {
    const list: PyArg[] = Array.isArray(scale) ? (scale as PyArg[]) : new Array<PyArg>(n).fill(scale);
    if (list.length !== n) {
      report({ severity: 'error', message: `${owner}: input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${formatShape(shape.slice(2))} and scale_factor of ${JSON.stringify(scale)}` });
      return null;
    }
    spatial = shape.slice(2).map((L, i) => (typeof list[i] === 'number' ? scaleDim(L, list[i] as number) : null));
  }
  if (spatial.some((d) => d === null)) return null;
  if (spatial.some((d) => isConcrete(d as Dim) && (d as number) <= 0)) {
    report({ severity: 'error', message: `${owner}: input and output sizes should be greater than 0, but got input ${formatShape(shape.slice(2))} and output ${formatShape(spatial as Dim[])}` });
    return null;
  }
  return [shape[0], shape[1], ...(spatial as Dim[])];
}

function upsampleLayer(type: string, sig: ReturnType<typeof p>[], fixedMode?: string): LayerDef {
  return torchLayer(type, sig, (a) => {
    const size = a.get('size');
    const scale = a.get('scale_factor');
    const mode = fixedMode ?? a.str('mode') ?? 'nearest';
    return makeLayer({
      type,
      attributes: { size, scale_factor: scale, mode },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return tensor(x ? interpolateShape(x.shape, size, scale, mode, type, (m) => ctx.report(m)) : null);
      },
    });
  });
}

// ---------------------------------------------------------------------------------------------- pixel / channel shuffle

function pixelShuffle(shape: Shape | null, r: number | null, down: boolean, owner: string, report: Report): Shape | null {
  if (shape === null || r === null) return null;
  if (shape.length < 3) {
    report({ severity: 'error', message: `${owner} expects input to have at least 3 dimensions, but got input of shape ${formatShape(shape)}` });
    return null;
  }
  const lead = shape.slice(0, -3);
  const [C, H, W] = shape.slice(-3);
  if (!down) {
    if (isConcrete(C) && C % (r * r) !== 0) {
      report({ severity: 'error', message: `${owner} expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${C} is not divisible by ${r * r} (input of shape ${formatShape(shape)})` });
      return null;
    }
    return [...lead, exactDiv(C, r * r), mul(H, r), mul(W, r)];
  }
  for (const [name, d] of [['height', H], ['width', W]] as const) {
    if (isConcrete(d) && d % r !== 0) {
      report({ severity: 'error', message: `${owner} expects ${name} to be divisible by downscale_factor, but input.size(${name === 'height' ? -2 : -1})=${d} is not divisible by ${r} (input of shape ${formatShape(shape)})` });
      return null;
    }
  }
  return [...lead, mul(C, r * r), exactDiv(H, r), exactDiv(W, r)];
}

function channelShuffle(shape: Shape | null, g: number | null, owner: string, report: Report): Shape | null {
  if (shape === null || g === null) return shape;
  if (shape.length < 3) {
    report({ severity: 'error', message: `${owner}: channel_shuffle expects input to have at least 3 dimensions, but got input of shape ${formatShape(shape)}` });
    return null;
  }
  const C = shape[1];
  if (isConcrete(C) && C % g !== 0) {
    report({ severity: 'error', message: `${owner}: number of channels must be divisible by groups. Got ${C} channels and ${g} groups (input of shape ${formatShape(shape)})` });
    return null;
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------- padding

type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Pad pairs apply from the last dimension backwards: (left, right, top, bottom, front, back). */
export function padShape(shape: Shape | null, pad: number[] | null, mode: PadMode, owner: string, report: Report, n?: number): Shape | null {
  if (shape === null || pad === null) return null;
  if (pad.length % 2 !== 0) {
    report({ severity: 'error', message: `${owner}: padding length must be divisible by 2, got ${JSON.stringify(pad)}` });
    return null;
  }
  const pairs = pad.length / 2;
  if (pairs > shape.length) {
    report({ severity: 'error', message: `${owner}: padding length too large: ${pad.length} values for input of shape ${formatShape(shape)}` });
    return null;
  }
  if (mode !== 'constant') {
    const k = n ?? pairs;
    if (shape.length !== k + 1 && shape.length !== k + 2) {
      report({ severity: 'error', message: `${owner}: ${mode} padding of ${pairs} dimension(s) expects ${k + 1}D or ${k + 2}D input, got input of shape ${formatShape(shape)}` });
      return null;
    }
  }
  const out = [...shape];
  for (let i = 0; i < pairs; i++) {
    const d = shape.length - 1 - i;
    const [lo, hi] = [pad[2 * i], pad[2 * i + 1]];
    const size = shape[d];
    if (mode === 'reflect' && isConcrete(size) && (lo >= size || hi >= size)) {
      report({ severity: 'error', message: `${owner}: padding size should be less than the corresponding input dimension, but got padding (${lo}, ${hi}) at dimension ${d} of input of shape ${formatShape(shape)}` });
      return null;
    }
    if (mode === 'circular' && isConcrete(size) && (lo > size || hi > size)) {
      report({ severity: 'error', message: `${owner}: circular padding cannot wrap around more than once: padding (${lo}, ${hi}) at dimension ${d} of input of shape ${formatShape(shape)}` });
      return null;
    }
    out[d] = add(size, lo + hi);
    if (isConcrete(out[d]) && (out[d] as number) < 1 && mode === 'constant') {
      report({ severity: 'error', message: `${owner}: the input size ${formatDim(size)}, plus negative padding ${lo} and ${hi} resulted in a negative output size ${formatDim(out[d])}` });
      return null;
    }
  }
  return out;
}

function padLayer(type: string, n: number, mode: PadMode, withValue: boolean): LayerDef {
  return torchLayer(type, withValue ? [p('padding'), p('value')] : [p('padding')], (a) => {
    const pad = a.ints('padding', 2 * n);
    return makeLayer({
      type,
      attributes: { padding: pad },
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return tensor(x ? padShape(x.shape, pad, mode, type, (m) => ctx.report(m), mode === 'constant' ? undefined : n) : null);
      },
    });
  });
}

const padLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [
  padLayer(`ConstantPad${n}d`, n, 'constant', true),
  padLayer(`ReflectionPad${n}d`, n, 'reflect', false),
  padLayer(`ReplicationPad${n}d`, n, 'replicate', false),
  // ZeroPad1d/3d arrived in PyTorch 2.1; registering them costs nothing and keeps newer code readable.
  padLayer(`ZeroPad${n}d`, n, 'constant', false),
  padLayer(`CircularPad${n}d`, n, 'circular', false),
]);

// ---------------------------------------------------------------------------------------------- unfold / fold

function unfoldShape(shape: Shape | null, a: ArgReader, owner: string, report: Report): Shape | null {
  if (shape === null) return null;
  if (shape.length !== 3 && shape.length !== 4) {
    report({ severity: 'error', message: `${owner}: input Tensor must be 3D or 4D (unbatched/batched 2D images), got input of shape ${formatShape(shape)}` });
    return null;
  }
  const k = a.ints('kernel_size', 2);
  const d = a.ints('dilation', 2);
  const pd = a.ints('padding', 2);
  const s = a.ints('stride', 2);
  if (!k || !d || !pd || !s) return null;
  const lead = shape.slice(0, -3);
  const [C, H, W] = shape.slice(-3);
  const blocks = mul(convOutSize(H, k[0], s[0], pd[0], d[0]), convOutSize(W, k[1], s[1], pd[1], d[1]));
  return [...lead, mul(C, k[0] * k[1]), blocks];
}

function foldShape(shape: Shape | null, a: ArgReader, owner: string, report: Report): Shape | null {
  if (shape === null) return null;
  if (shape.length !== 2 && shape.length !== 3) {
    report({ severity: 'error', message: `${owner}: input Tensor must be 2D or 3D (unbatched/batched), got input of shape ${formatShape(shape)}` });
    return null;
  }
  const out = a.ints('output_size', 2);
  const k = a.ints('kernel_size', 2);
  const d = a.ints('dilation', 2);
  const pd = a.ints('padding', 2);
  const s = a.ints('stride', 2);
  if (!out || !k || !d || !pd || !s) return null;
  const lead = shape.slice(0, -2);
  const [CK, Lb] = shape.slice(-2);
  const kk = k[0] * k[1];
  if (isConcrete(CK) && CK % kk !== 0) {
    report({ severity: 'error', message: `${owner}: expected size of input's dimension ${lead.length} to be divisible by the product of kernel_size (${kk}), but got input of shape ${formatShape(shape)}` });
    return null;
  }
  const blocks = (convOutSize(out[0], k[0], s[0], pd[0], d[0]) as number) * (convOutSize(out[1], k[1], s[1], pd[1], d[1]) as number);
  if (dimEquals(Lb, blocks) === false) {
    report({ severity: 'error', message: `${owner}: given output_size=${formatShape(out)}, kernel_size=${formatShape(k)}, expected size of input's last dimension to be ${blocks} (the number of sliding blocks), but got input of shape ${formatShape(shape)}` });
    return null;
  }
  return [...lead, exactDiv(CK, kk), out[0], out[1]];
}

// ---------------------------------------------------------------------------------------------- distances

function cosineShape(s1: Shape | null, s2: Shape | null, dim: number, owner: string, report: Report): Shape | null {
  if (s1 === null || s2 === null) return null;
  const b = broadcastShapes(s1, s2, owner, report);
  if (!b) return null;
  const d = normIndex(dim, b.length, owner, report);
  if (d === null) return null;
  return [...b.slice(0, d), ...b.slice(d + 1)];
}

function pairwiseShape(s1: Shape | null, s2: Shape | null, keepdim: boolean, owner: string, report: Report): Shape | null {
  if (s1 === null || s2 === null) return null;
  const b = broadcastShapes(s1, s2, owner, report);
  if (!b) return null;
  // Norm over the last dim of the broadcast difference (a 1-D pair reduces over dim 0 as well).
  if (b.length === 0) return [];
  return keepdim ? [...b.slice(0, -1), 1] : b.slice(0, -1);
}

// ---------------------------------------------------------------------------------------------- modules

function simple(type: string, sig: ReturnType<typeof p>[], rule: (shape: Shape | null, a: ArgReader, report: Report) => Shape | null): LayerDef {
  return torchLayer(type, sig, (a) => {
    const attributes: Record<string, PyArg> = {};
    for (const s of sig) attributes[s.name] = a.get(s.name);
    return makeLayer({
      type,
      attributes,
      forward(args, kwargs, ctx) {
        const x = singleInput(args, kwargs, type, ctx);
        return tensor(x ? rule(x.shape, a, (m) => ctx.report(m)) : null);
      },
    });
  });
}

function twoInput(type: string, sig: ReturnType<typeof p>[], rule: (s1: Shape | null, s2: Shape | null, a: ArgReader, report: Report) => Shape | null): LayerDef {
  return torchLayer(type, sig, (a) =>
    makeLayer({
      type,
      forward(args, kwargs, ctx) {
        const f = bindForward([p('x1'), p('x2')], args, kwargs, type, ctx);
        const x1 = inputTensor(f, 'x1', ctx);
        const x2 = inputTensor(f, 'x2', ctx);
        return tensor(x1 && x2 ? rule(x1.shape, x2.shape, a, (m) => ctx.report(m)) : null);
      },
    }),
  );
}

export const reshapeLayers: LayerDef[] = [
  flatten,
  unflatten,
  upsampleLayer('Upsample', [p('size', null), p('scale_factor', null), p('mode', 'nearest'), p('align_corners', null), p('recompute_scale_factor', null)]),
  upsampleLayer('UpsamplingNearest2d', [p('size', null), p('scale_factor', null)], 'nearest'),
  upsampleLayer('UpsamplingBilinear2d', [p('size', null), p('scale_factor', null)], 'bilinear'),
  simple('PixelShuffle', [p('upscale_factor')], (s, a, r) => pixelShuffle(s, a.int('upscale_factor'), false, 'PixelShuffle', r)),
  simple('PixelUnshuffle', [p('downscale_factor')], (s, a, r) => pixelShuffle(s, a.int('downscale_factor'), true, 'PixelUnshuffle', r)),
  simple('ChannelShuffle', [p('groups')], (s, a, r) => channelShuffle(s, a.int('groups'), 'ChannelShuffle', r)),
  ...padLayers,
  simple('Unfold', [p('kernel_size'), p('dilation', 1), p('padding', 0), p('stride', 1)], (s, a, r) => unfoldShape(s, a, 'Unfold', r)),
  simple('Fold', [p('output_size'), p('kernel_size'), p('dilation', 1), p('padding', 0), p('stride', 1)], (s, a, r) => foldShape(s, a, 'Fold', r)),
  twoInput('CosineSimilarity', [p('dim', 1), p('eps', 1e-8)], (s1, s2, a, r) => cosineShape(s1, s2, a.int('dim') ?? 1, 'CosineSimilarity', r)),
  twoInput('PairwiseDistance', [p('p', 2.0), p('eps', 1e-6), p('keepdim', false)], (s1, s2, a, r) => pairwiseShape(s1, s2, a.bool('keepdim', false), 'PairwiseDistance', r)),
];

const F = 'torch.nn.functional.';

function withInput(a: ArgReader, ctx: ForwardContext, rule: (shape: Shape | null, report: Report) => Shape | null) {
  const x = inputTensor(a, 'input', ctx);
  return x ? tensor(rule(x.shape, (m) => ctx.report(m))) : UNKNOWN_TENSOR;
}

/** F.affine_grid(theta (N, 2, 3) | (N, 3, 4), size [N, C, H, W] | [N, C, D, H, W]) → (N, H, W, 2) | (N, D, H, W, 3). */
function affineGrid(a: ArgReader, ctx: ForwardContext) {
  const theta = a.tensorShape('theta');
  const size = a.dimList('size');
  if (size === null) return UNKNOWN_TENSOR;
  if (size.length !== 4 && size.length !== 5) {
    ctx.report({ severity: 'error', message: `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${formatShape(size)}` });
    return UNKNOWN_TENSOR;
  }
  const spatial = size.length - 2;
  if (theta) {
    const want = [size[0], spatial, spatial + 1];
    if (theta.length !== 3 || theta.some((d, i) => dimEquals(d, want[i]) === false)) {
      ctx.report({ severity: 'error', message: `affine_grid: expected a batch of ${spatial}D affine matrices of shape ${formatShape(want)} for size ${formatShape(size)}, got theta of shape ${formatShape(theta)}` });
    }
  }
  return tensor([size[0], ...size.slice(2), spatial]);
}

/** F.grid_sample(input (N, C, H, W), grid (N, Ho, Wo, 2)) → (N, C, Ho, Wo); 5-D likewise with 3 coordinates. */
function gridSample(a: ArgReader, ctx: ForwardContext) {
  const x = inputTensor(a, 'input', ctx);
  const grid = a.tensorShape('grid');
  if (!x || x.shape === null || grid === null) return UNKNOWN_TENSOR;
  const s = x.shape;
  if ((s.length !== 4 && s.length !== 5) || grid.length !== s.length || dimEquals(grid[grid.length - 1], s.length - 2) === false || dimEquals(grid[0], s[0]) === false) {
    ctx.report({ severity: 'error', message: `grid_sample: expected grid of shape [N, ${s.length === 5 ? 'D_out, ' : ''}H_out, W_out, ${s.length - 2}] for input of shape ${formatShape(s)}, got grid of shape ${formatShape(grid)}` });
    return UNKNOWN_TENSOR;
  }
  return tensor([s[0], s[1], ...grid.slice(1, -1)]);
}

export const reshapeFunctions: FunctionDef[] = [
  fn([F + 'affine_grid', 'torch.affine_grid_generator'], [p('theta'), p('size'), p('align_corners', null)], (a, ctx) => affineGrid(a, ctx)),
  fn([F + 'grid_sample', 'torch.grid_sampler'], [p('input'), p('grid'), p('mode', 'bilinear'), p('padding_mode', 'zeros'), p('align_corners', null)], (a, ctx) => gridSample(a, ctx)),
  fn([F + 'interpolate'], [p('input'), p('size', null), p('scale_factor', null), p('mode', 'nearest'), p('align_corners', null), p('recompute_scale_factor', null), p('antialias', false)], (a, ctx) =>
    withInput(a, ctx, (s, r) => interpolateShape(s, a.get('size'), a.get('scale_factor'), a.str('mode'), 'interpolate', r)),
  ),
  fn([F + 'upsample'], [p('input'), p('size', null), p('scale_factor', null), p('mode', 'nearest'), p('align_corners', null)], (a, ctx) =>
    withInput(a, ctx, (s, r) => interpolateShape(s, a.get('size'), a.get('scale_factor'), a.str('mode'), 'upsample', r)),
  ),
  fn([F + 'upsample_nearest'], [p('input'), p('size', null), p('scale_factor', null)], (a, ctx) =>
    withInput(a, ctx, (s, r) => interpolateShape(s, a.get('size'), a.get('scale_factor'), 'nearest', 'upsample_nearest', r)),
  ),
  fn([F + 'upsample_bilinear'], [p('input'), p('size', null), p('scale_factor', null)], (a, ctx) =>
    withInput(a, ctx, (s, r) => interpolateShape(s, a.get('size'), a.get('scale_factor'), 'bilinear', 'upsample_bilinear', r)),
  ),
  fn([F + 'pad', 'torch.nn.functional._pad'], [p('input'), p('pad'), p('mode', 'constant'), p('value', null)], (a, ctx) => {
    const mode = (a.str('mode') ?? 'constant') as PadMode;
    return withInput(a, ctx, (s, r) => padShape(s, a.intList('pad'), mode, 'pad', r));
  }),
  fn([F + 'pixel_shuffle', 'torch.pixel_shuffle'], [p('input'), p('upscale_factor')], (a, ctx) => withInput(a, ctx, (s, r) => pixelShuffle(s, a.int('upscale_factor'), false, 'pixel_shuffle', r))),
  fn([F + 'pixel_unshuffle', 'torch.pixel_unshuffle'], [p('input'), p('downscale_factor')], (a, ctx) => withInput(a, ctx, (s, r) => pixelShuffle(s, a.int('downscale_factor'), true, 'pixel_unshuffle', r))),
  fn([F + 'channel_shuffle', 'torch.channel_shuffle'], [p('input'), p('groups')], (a, ctx) => withInput(a, ctx, (s, r) => channelShuffle(s, a.int('groups'), 'channel_shuffle', r))),
  fn([F + 'unfold'], [p('input'), p('kernel_size'), p('dilation', 1), p('padding', 0), p('stride', 1)], (a, ctx) => withInput(a, ctx, (s, r) => unfoldShape(s, a, 'unfold', r))),
  fn([F + 'fold'], [p('input'), p('output_size'), p('kernel_size'), p('dilation', 1), p('padding', 0), p('stride', 1)], (a, ctx) => withInput(a, ctx, (s, r) => foldShape(s, a, 'fold', r))),
  fn([F + 'cosine_similarity', 'torch.cosine_similarity'], [p('x1'), p('x2'), p('dim', 1), p('eps', 1e-8)], (a, ctx) => {
    const x1 = inputTensor(a, 'x1', ctx);
    const x2 = inputTensor(a, 'x2', ctx);
    return tensor(x1 && x2 ? cosineShape(x1.shape, x2.shape, a.int('dim') ?? 1, 'cosine_similarity', (m) => ctx.report(m)) : null);
  }),
  fn([F + 'pairwise_distance', 'torch.pairwise_distance'], [p('x1'), p('x2'), p('p', 2.0), p('eps', 1e-6), p('keepdim', false)], (a, ctx) => {
    const x1 = inputTensor(a, 'x1', ctx);
    const x2 = inputTensor(a, 'x2', ctx);
    return tensor(x1 && x2 ? pairwiseShape(x1.shape, x2.shape, a.bool('keepdim', false), 'pairwise_distance', (m) => ctx.report(m)) : null);
  }),
];
