/**
 * The contract between the shape interpreter (which reads Python model code) and the layer catalogue
 * (which knows each framework layer's exact shape, parameter and MAC rules).
 *
 * Nothing here imports `vscode`; everything is plain data plus pure functions, so the engine runs in the
 * extension host, a CLI, a webview and a web worker alike.
 */
import type { Dim, SymDim } from './dims';

/** A tensor shape. `null` where the rank itself is unknown. Unknown single dims are symbolic (see dims.ts). */
export type Shape = readonly Dim[];

/** Values that flow through `forward()`. */
export type FlowValue =
  | { readonly kind: 'tensor'; readonly shape: Shape | null }
  | { readonly kind: 'tuple'; readonly items: readonly FlowValue[] }
  | { readonly kind: 'none' };

/**
 * Python values as the interpreter evaluated them (constructor and call arguments).
 * Lists and tuples are both JS arrays. `UNKNOWN` marks a value the interpreter could not evaluate.
 * A module instance can be an argument too (`nn.TransformerEncoder(layer, 6)`, `nn.Sequential(a, b)`).
 */
export type PyArg =
  | number
  | SymDim
  | boolean
  | string
  | null
  | typeof UNKNOWN
  | readonly PyArg[]
  | BuiltLayer
  | FlowValue;

export const UNKNOWN: unique symbol = Symbol('unknown');

/**
 * One parameter of a layer constructor or functional op, in Python signature order.
 * A name starting with `*` (e.g. `*args`) collects extra positionals as an array; `**kwargs` collects unknown
 * keywords as a record-like array of [name, value] pairs (see layers/binding.ts).
 */
export interface ParamSpec {
  readonly name: string;
  /** Default value; absent means the argument is required. */
  readonly default?: PyArg;
  /** Keyword-only (after `*` in the Python signature). */
  readonly kwOnly?: boolean;
}

/** Parameter counts, split the way PyTorch (requires_grad) and Keras (trainable weights) split them. */
export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** A problem found while building or calling a layer, reported as data. */
export interface EngineMessage {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Index of the positional argument, or name of the keyword argument, the message is about. */
  readonly arg?: number | string;
  /** Catalogue code (codes.ts); when absent it is derived from the message family. */
  readonly code?: string;
  /**
   * A size argument of the layer disagrees with its input (or may: severity `warning` when the input's size
   * is symbolic). The interpreter turns it into a diagnostic that says where the input came from, with fixes.
   */
  readonly mismatch?: FeatureMismatch;
}

export interface FeatureMismatch {
  /** The constructor argument: `in_features`, `in_channels`, `num_features`, `embed_dim`, `input_size`. */
  readonly arg: string;
  readonly expected: Dim;
  readonly actual: Dim;
  /** The input's shape and the axis that was compared. */
  readonly shape: Shape;
  readonly axis: number;
}

export interface BuildContext {
  /** Report a problem with the constructor arguments; the layer is still built as far as possible. */
  report(message: EngineMessage): void;
}

export interface ForwardContext {
  /** Call a registered child module by name; the interpreter records its row (path, shapes, MACs). */
  callChild(name: string, args: readonly FlowValue[], kwargs?: Readonly<Record<string, PyArg>>): FlowValue;
  /** Add multiply-accumulates for this call (one per weight per output position; bias excluded). */
  addMacs(macs: Dim): void;
  /** Lazily-built layers (Keras, torch Lazy*) declare their parameters on first call. */
  declareParameters(count: ParamCount, buffers?: number): void;
  report(message: EngineMessage): void;
}

/** A constructed layer: the static counterpart of an `nn.Module` / Keras layer instance. */
export interface BuiltLayer {
  readonly kind: 'layer';
  /** Class name as PyTorch/Keras prints it: `Conv2d`, `Dense`. */
  readonly type: string;
  readonly framework: 'torch' | 'keras';
  /** Own parameters (excluding children). `null` until a lazy layer has seen its input. */
  parameters: ParamCount | null;
  /** Own buffers element count (running_mean, running_var, num_batches_tracked, ...). */
  buffers: number;
  /** Registered submodules in registration order, exactly as `named_children()` lists them. */
  readonly children: Array<[string, BuiltLayer]>;
  /** Attributes a forward() or the interpreter may read: `in_features`, `out_channels`, `weight`… */
  readonly attributes: Readonly<Record<string, PyArg>>;
  /** Shape rule. Throwing is a bug: report problems through ctx and return a partial/unknown value. */
  forward(args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue;
}

/** A framework class the catalogue knows: `torch.nn.Conv2d`, `keras.layers.Dense`. */
export interface LayerDef {
  /** Fully qualified names that construct this layer (`torch.nn.Conv2d`). */
  readonly names: readonly string[];
  readonly signature: readonly ParamSpec[];
  /** Arguments arrive bound by name, defaults filled in. */
  build(args: Readonly<Record<string, PyArg>>, ctx: BuildContext): BuiltLayer;
}

/** A functional op: `torch.nn.functional.max_pool2d`, `keras.activations.relu`. */
export interface FunctionDef {
  readonly names: readonly string[];
  readonly signature: readonly ParamSpec[];
  call(args: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue;
}
