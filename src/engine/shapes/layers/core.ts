/**
 * Shared building blocks for the layer catalogue: flow values, argument readers that turn evaluated Python
 * values into numbers/tuples (reporting bad ones), a BuiltLayer factory, and small shape helpers.
 */
import {
  UNKNOWN,
  type BuildContext,
  type BuiltLayer,
  type EngineMessage,
  type FlowValue,
  type ForwardContext,
  type FunctionDef,
  type LayerDef,
  type ParamCount,
  type ParamSpec,
  type PyArg,
  type Shape,
} from '../contract';
import { broadcastDims, dimEquals, formatDim, isSymbolic, product, type Dim } from '../dims';
import { bindArgs } from './binding';
import { CODES } from '../codes';

// ---------------------------------------------------------------------------------------------- flow values

export const tensor = (shape: Shape | null): FlowValue => ({ kind: 'tensor', shape });
export const UNKNOWN_TENSOR: FlowValue = { kind: 'tensor', shape: null };
export const NONE: FlowValue = { kind: 'none' };
export const tuple = (...items: FlowValue[]): FlowValue => ({ kind: 'tuple', items });

export function isFlow(v: PyArg | undefined): v is FlowValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v && (v.kind === 'tensor' || v.kind === 'tuple' || v.kind === 'none');
}

export function isLayer(v: PyArg | undefined): v is BuiltLayer {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v && v.kind === 'layer';
}

export function isTensor(v: PyArg | undefined): v is { kind: 'tensor'; shape: Shape | null } {
  return isFlow(v) && v.kind === 'tensor';
}

/** `[1, 4, 32, 32]`, as messages quote shapes. */
export function formatShape(shape: Shape | null): string {
  return shape === null ? '[?]' : `[${shape.map(formatDim).join(', ')}]`;
}

export function numel(shape: Shape): Dim {
  return product(shape);
}

// ---------------------------------------------------------------------------------------------- argument readers

type Report = (m: EngineMessage) => void;

/** Constructor arguments that are tensor sizes: negative values fail as PyTorch's weight creation does. */
export const SIZE_ARGS: ReadonlySet<string> = new Set([
  'in_features', 'out_features', 'in1_features', 'in2_features', 'in_channels', 'out_channels', 'num_features',
  'num_embeddings', 'embedding_dim', 'input_size', 'hidden_size', 'proj_size', 'embed_dim', 'kdim', 'vdim',
  'd_model', 'dim_feedforward', 'num_heads', 'nhead', 'num_channels', 'num_groups',
]);

/** Reads bound arguments as the types layers need; a bad or unevaluated value becomes `null` (with a message if bad). */
export class ArgReader {
  constructor(
    readonly raw: Readonly<Record<string, PyArg>>,
    private readonly report: Report,
    readonly owner: string,
  ) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== UNKNOWN;
  }

  isUnknown(name: string): boolean {
    return this.raw[name] === UNKNOWN;
  }

  get(name: string): PyArg {
    return this.raw[name] ?? null;
  }

  private bad(name: string, expected: string): null {
    this.report({ severity: 'error', message: `${this.owner}: argument '${name}' must be ${expected}, got ${describe(this.raw[name])}`, arg: name });
    return null;
  }

  /** An integer (Python bool counts as int). Null when missing/unknown, or invalid (see `checkSize`). */
  int(name: string): number | null {
    const v = this.raw[name];
    if (v === UNKNOWN || v === undefined || v === null) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return this.checkSize(name, v) ? v : null;
    if (typeof v === 'number' && Number.isInteger(v)) {
      this.report({ severity: 'error', message: `${this.owner}: argument '${name}' is ${v > 0 ? 'larger than 2^53' : 'smaller than -2^53'}, too large for the engine to compute with exactly`, arg: name, code: CODES.LIMIT_NUMBER.code });
      return null;
    }
    if (typeof v === 'number' && (SIZE_ARGS.has(name) || /^(kernel_size|stride|strides|padding|dilation|dilation_rate|units|filters)$/.test(name))) {
      // PyTorch: "empty(): argument 'size' must be tuple of SymInts, but found element of type float".
      this.report({ severity: 'error', message: `${this.owner}: argument '${name}' must be an int, but found element of type float (${name}=${v})`, arg: name, code: CODES.INVALID_SIZE.code });
      return null;
    }
    return this.bad(name, 'an int');
  }

  /**
   * PyTorch's own checks on sizes, strides, paddings and dilations, with its wording: a negative size fails
   * when the weight is created, a non-positive stride or dilation and a negative padding when the layer
   * runs. False (after an error) for a value PyTorch rejects.
   */
  private checkSize(name: string, v: number): boolean {
    const fail = (message: string) => {
      this.report({ severity: 'error', message: `${this.owner}: ${message} (${name}=${v})`, arg: name, code: CODES.INVALID_SIZE.code });
      return false;
    };
    const pool = /Pool/.test(this.owner);
    if (SIZE_ARGS.has(name) && v < 0) return fail(`Trying to create tensor with negative dimension ${v}`);
    if (name === 'kernel_size' && v < 0) return fail(`Trying to create tensor with negative dimension ${v}`);
    if (name === 'kernel_size' && v === 0 && pool) return fail('kernel_size must be greater than zero');
    if ((name === 'stride' || name === 'strides') && v <= 0) return fail(pool ? (v === 0 ? 'stride should not be zero' : 'stride should be greater than zero') : 'non-positive stride is not supported');
    if ((name === 'dilation' || name === 'dilation_rate') && v <= 0) return fail('dilation should be greater than zero');
    if (name === 'padding' && v < 0 && /Conv|Pool/.test(this.owner)) return fail(pool ? 'pad must be non-negative' : 'negative padding is not supported');
    if ((name === 'units' || name === 'filters') && v <= 0) return fail(`Received an invalid value for \`${name}\`, expected a positive integer`);
    return true;
  }

  /** An integer or a symbolic size. */
  dim(name: string): Dim | null {
    const v = this.raw[name];
    if (isSymbolic(v)) return v;
    return this.int(name);
  }

  /** A float (ints accepted). */
  float(name: string): number | null {
    const v = this.raw[name];
    if (v === UNKNOWN || v === undefined || v === null) return null;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return this.bad(name, 'a number');
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw[name];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (v === null) return false;
    return fallback;
  }

  str(name: string): string | null {
    const v = this.raw[name];
    return typeof v === 'string' ? v : null;
  }

  /**
   * An int or a tuple of `n` ints (PyTorch's `_ntuple`): `3` → [3, 3]. Wrong lengths are reported.
   * Null when unknown.
   */
  ints(name: string, n: number): number[] | null {
    const v = this.raw[name];
    if (v === UNKNOWN || v === undefined || v === null) return null;
    if (typeof v === 'number' || typeof v === 'boolean') {
      const x = this.int(name);
      return x === null ? null : new Array<number>(n).fill(x);
    }
    if (Array.isArray(v)) {
      if (v.some((x) => x === UNKNOWN)) return null;
      if (!v.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) return this.bad(name, `an int or a tuple of ${n} ints`);
      if (!(v as number[]).every((x) => this.checkSize(name, x))) return null;
      if (v.length !== n) {
        if (v.length === 1) return new Array<number>(n).fill(v[0] as number);
        return this.bad(name, `an int or a tuple of ${n} ints`);
      }
      return v as number[];
    }
    return this.bad(name, `an int or a tuple of ${n} ints`);
  }

  /** Like `ints`, but symbolic sizes are allowed (`F.avg_pool2d(x, x.size(3))`). */
  dims(name: string, n: number): Dim[] | null {
    const v = this.raw[name];
    if (isSymbolic(v)) return new Array<Dim>(n).fill(v);
    if (Array.isArray(v) && v.some((x) => isSymbolic(x))) {
      const list = this.dimList(name);
      if (list === null) return null;
      if (list.length === n) return list;
      if (list.length === 1) return new Array<Dim>(n).fill(list[0]);
      return this.bad(name, `an int or a tuple of ${n} ints`);
    }
    return this.ints(name, n);
  }

  /** A list of ints of any length (or a single int → [int]). */
  intList(name: string): number[] | null {
    const v = this.raw[name];
    if (v === UNKNOWN || v === undefined || v === null) return null;
    if (typeof v === 'number') return Number.isInteger(v) ? [v] : this.bad(name, 'an int or a tuple of ints');
    if (Array.isArray(v)) {
      if (v.some((x) => x === UNKNOWN)) return null;
      if (!v.every((x) => typeof x === 'number' && Number.isInteger(x))) return this.bad(name, 'a tuple of ints');
      return v as number[];
    }
    return this.bad(name, 'an int or a tuple of ints');
  }

  /** A list of dims (ints or symbolic), for sizes such as Unflatten's or interpolate's `size`. */
  dimList(name: string): Dim[] | null {
    const v = this.raw[name];
    if (v === UNKNOWN || v === undefined || v === null) return null;
    if (typeof v === 'number' || isSymbolic(v)) return [v];
    if (Array.isArray(v)) {
      const out: Dim[] = [];
      for (const x of v) {
        if (typeof x === 'number' || isSymbolic(x)) out.push(x);
        else if (x === UNKNOWN) return null;
        else return this.bad(name, 'a tuple of ints');
      }
      return out;
    }
    return this.bad(name, 'an int or a tuple of ints');
  }

  tensorShape(name: string): Shape | null {
    const v = this.raw[name];
    return isTensor(v) ? v.shape : null;
  }
}

export function describe(v: PyArg | undefined): string {
  if (v === UNKNOWN || v === undefined) return 'an unknown value';
  if (v === null) return 'None';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (isSymbolic(v)) return formatDim(v);
  if (Array.isArray(v)) return `(${v.map(describe).join(', ')})`;
  if (isLayer(v)) return `${v.type}(...)`;
  if (isFlow(v)) return v.kind === 'tensor' ? `a tensor of shape ${formatShape(v.shape)}` : v.kind === 'tuple' ? 'a tuple' : 'None';
  return 'a value';
}

// ---------------------------------------------------------------------------------------------- layers

export interface LayerSpec {
  type: string;
  framework?: 'torch' | 'keras';
  /** Own trainable parameter count (torch: all parameters). */
  params?: number;
  nonTrainable?: number;
  /** `null` for lazily-built layers. */
  parameters?: ParamCount | null;
  buffers?: number;
  children?: Array<[string, BuiltLayer]>;
  attributes?: Record<string, PyArg>;
  forward(args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue;
}

export function makeLayer(spec: LayerSpec): BuiltLayer {
  return {
    kind: 'layer',
    type: spec.type,
    framework: spec.framework ?? 'torch',
    parameters: spec.parameters !== undefined ? spec.parameters : { trainable: spec.params ?? 0, nonTrainable: spec.nonTrainable ?? 0 },
    buffers: spec.buffers ?? 0,
    children: spec.children ?? [],
    attributes: spec.attributes ?? {},
    forward: spec.forward,
  };
}

/** A plain deep copy of a built layer (for `TransformerEncoder(layer, N)`'s per-layer copies). */
export function copyLayer(layer: BuiltLayer): BuiltLayer {
  const copy = Object.create(Object.getPrototypeOf(layer) as object) as BuiltLayer;
  Object.assign(copy, layer);
  (copy as { children: Array<[string, BuiltLayer]> }).children = layer.children.map(([n, c]) => [n, copyLayer(c)]);
  (copy as { attributes: Record<string, PyArg> }).attributes = { ...layer.attributes };
  return copy;
}

/** Bind a forward() call's arguments against a forward signature, reporting problems through ctx. */
export function bindForward(
  signature: readonly ParamSpec[],
  args: readonly FlowValue[],
  kwargs: Readonly<Record<string, PyArg>>,
  owner: string,
  ctx: ForwardContext,
): ArgReader {
  const bound = bindArgs(signature, args, kwargs, `${owner}.forward`);
  for (const m of bound.messages) ctx.report(m);
  return new ArgReader(bound.args, (m) => ctx.report(m), owner);
}

export const INPUT_ONLY: readonly ParamSpec[] = [{ name: 'input' }];

/** The input tensor of a forward call; reports a non-tensor. Returns undefined when not a tensor. */
export function inputTensor(a: ArgReader, name: string, ctx: ForwardContext | BuildContext): { shape: Shape | null } | undefined {
  const v = a.get(name);
  if (isTensor(v)) return v;
  if (v === UNKNOWN) return { shape: null };
  ctx.report({ severity: 'error', message: `${a.owner} expected a tensor for '${name}', got ${describe(v)}`, arg: name });
  return undefined;
}

/** The one tensor argument of a forward(input) call (activations, pools, norms, dropout, …). */
export function singleInput(
  args: readonly FlowValue[],
  kwargs: Readonly<Record<string, PyArg>>,
  owner: string,
  ctx: ForwardContext,
): { shape: Shape | null } | undefined {
  return inputTensor(bindForward(INPUT_ONLY, args, kwargs, owner, ctx), 'input', ctx);
}

/** Normalise a possibly negative dim index against a rank; reports out-of-range. */
export function normIndex(dim: number, rank: number, owner: string, report: Report): number | null {
  const d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= rank) {
    report({ severity: 'error', message: `${owner}: dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${dim})` });
    return null;
  }
  return d;
}

/** Check that a dim equals the expected value; reports with `what` when they differ for sure. */
export function expectDim(actual: Dim, expected: Dim, message: () => string, report: Report): boolean {
  if (dimEquals(actual, expected) === false) {
    report({ severity: 'error', message: message() });
    return false;
  }
  return true;
}

/**
 * Check a size the layer was built with (`in_features`, `in_channels`, …) against the input. A certain
 * disagreement is an error; a symbolic input size that may disagree (it depends on an unknown input size) is a
 * warning. Both carry the mismatch as data, so the interpreter can say where the input came from and offer
 * fixes.
 */
export function expectFeature(
  shape: Shape,
  axis: number,
  expected: Dim,
  arg: string,
  message: () => string,
  report: Report,
): boolean {
  const actual = shape[axis];
  const eq = dimEquals(actual, expected);
  const mismatch = { arg, expected, actual, shape, axis };
  if (eq === false) {
    report({ severity: 'error', message: message(), mismatch });
    return false;
  }
  if (eq !== true && isSymbolic(actual) && !isSymbolic(expected)) {
    report({ severity: 'warning', message: `${message()}; it depends on the input size, which is not known`, mismatch });
  }
  return true;
}

// ---------------------------------------------------------------------------------------------- definitions

/** Define a torch.nn layer under `torch.nn.<Name>` (plus extra qualified aliases). */
export function torchLayer(
  name: string,
  signature: readonly ParamSpec[],
  build: (a: ArgReader, ctx: BuildContext) => BuiltLayer,
  aliases: readonly string[] = [],
): LayerDef {
  return {
    names: [`torch.nn.${name}`, ...aliases],
    signature,
    build: (args, ctx) => build(new ArgReader(args, (m) => ctx.report(m), name), ctx),
  };
}

/** Define a functional op; `names` are fully qualified. */
export function fn(
  names: readonly string[],
  signature: readonly ParamSpec[],
  call: (a: ArgReader, ctx: ForwardContext) => FlowValue,
): FunctionDef {
  const owner = names[0].split('.').pop() ?? names[0];
  return {
    names,
    signature,
    call: (args, ctx) => call(new ArgReader(args, (m) => ctx.report(m), owner), ctx),
  };
}

/** Shorthand for ParamSpec lists: `p('stride', 1)`, `p('kernel_size')` (required). */
export function p(name: string, ...def: [PyArg?]): ParamSpec {
  return def.length ? { name, default: def[0] as PyArg } : { name };
}

export function kw(name: string, def: PyArg): ParamSpec {
  return { name, default: def, kwOnly: true };
}

export const DEVICE_DTYPE: readonly ParamSpec[] = [p('device', null), p('dtype', null)];

/** NumPy broadcasting of two shapes; null (with a message) when they cannot broadcast. */
export function broadcastShapes(a: Shape, b: Shape, owner: string, report: Report): Shape | null {
  const result = broadcastDims(a, b);
  if ('shape' in result) return result.shape;
  const { index, x, y } = result.conflict;
  report({ severity: 'error', message: `${owner}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (dimension ${index}: ${formatDim(x)} vs ${formatDim(y)})` });
  return null;
}
