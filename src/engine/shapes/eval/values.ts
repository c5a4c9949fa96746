/**
 * Runtime values of the model-code interpreter.
 *
 * Plain Python scalars are JS primitives; symbolic ints are `SymDim`s (dims.ts); tensors are the contract's
 * tensor FlowValues (with optional extra fields); layers are contract `BuiltLayer`s. Everything else is a
 * tagged object with a `t` field. `UNKNOWN` stands for a value the interpreter could not work out.
 */
import { UNKNOWN, type BuiltLayer, type FlowValue, type Shape } from '../contract';
import { SymDim, type Dim } from '../dims';
import type { Expr, Param, Segment, Stmt } from '../python/ast';
import type { PyModule } from './modules';

export type { PyModule };

export { UNKNOWN };

/** Where something came from: a span inside a segment (positions are segment-relative). */
export interface Loc {
  readonly seg: Segment;
  readonly from: number;
  readonly to: number;
}

export interface TensorVal {
  readonly kind: 'tensor';
  readonly shape: Shape | null;
  readonly dtype?: 'long' | 'float' | 'bool';
  /** Human description of where the tensor was produced, for diagnostics. */
  readonly origin?: string;
  /** Keras symbolic tensor: the graph node that produced it. */
  readonly keras?: KerasNode;
  /** Element values of a small 1-D tensor whose values are known (torch.linspace with known ends). */
  readonly values?: readonly number[];
  /** Receptive field (size, jump) of this tensor's positions w.r.t. the model input. */
  readonly rf?: { readonly size: number; readonly jump: number };
  /** Provenance: which op produced the value and which module last shaped it (see Prov). */
  readonly prov?: Prov;
}

/**
 * Where a tensor value came from, for diagnostics ("400 = 16×5×5, output of conv2 after pool, line 16"),
 * inlay hints and hovers.
 */
export interface Prov {
  /** The op that produced the value: `conv2 (Conv2d)`, `torch.flatten`, `F.relu`, `+`. */
  readonly op: string;
  /** The module or op that last changed the value's shape, then later shape-changing ops: `conv2 after pool`. */
  readonly source: string;
  /** Where the last op named in `source` was called. */
  readonly loc: Loc;
  /** When the last dimension was made by flattening: the dims it merged (`[16, 5, 5]` for 400). */
  readonly factors?: readonly Dim[];
}

export interface KerasNode {
  readonly id: number;
  readonly layer: BuiltLayer | null;
  readonly inputs: readonly TensorVal[];
  readonly rowIndex: number;
}

export interface PyList {
  readonly t: 'list';
  items: Val[];
}
export interface PyTuple {
  readonly t: 'tuple';
  readonly items: readonly Val[];
  /** Field names of a namedtuple (`out.logits`). */
  readonly fields?: readonly string[];
}
export interface PyDict {
  readonly t: 'dict';
  readonly map: Map<string | number | boolean | null, Val>;
  /** Keys as written (so `OrderedDict` keeps insertion order and original key values). */
  ordered?: boolean;
}
export interface PySlice {
  readonly t: 'slice';
  readonly start: Val;
  readonly stop: Val;
  readonly step: Val;
}
export interface PyRange {
  readonly t: 'range';
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}
export interface Scope {
  readonly vars: Map<string, Val>;
  readonly parent: Scope | null;
  /** Module scope: bindings record which segment defined them (for cache dependency tracking). */
  readonly isGlobal: boolean;
  readonly globalsDecl?: Set<string>;
}
export interface PyFunction {
  readonly t: 'func';
  readonly name: string;
  readonly params: readonly Param[];
  readonly defaults: ReadonlyMap<string, Val>;
  readonly body: readonly Stmt[] | { readonly expr: Expr };
  readonly closure: Scope;
  readonly seg: Segment;
  /** Class in whose body the function was defined (for zero-argument `super()`). */
  owner?: PyClass;
  readonly decorators: readonly string[];
}
export interface PyClass {
  readonly t: 'class';
  readonly name: string;
  readonly bases: readonly Val[];
  readonly attrs: Map<string, Val>;
  readonly seg: Segment;
  readonly loc: Loc;
  readonly decorators: readonly string[];
  /** Names assigned in the class body, in order (dataclass fields). */
  readonly fieldOrder: readonly string[];
}
/** An instance of a user class that is not an nn.Module (configs, dataclasses). */
export interface PyInstance {
  readonly t: 'instance';
  readonly cls: PyClass;
  readonly dict: Map<string, Val>;
}
/** A name from an imported library, such as `torch.nn.Conv2d` or `torch.cat`. */
export interface ExternalRef {
  readonly t: 'ref';
  readonly name: string;
}
export interface BoundMethod {
  readonly t: 'method';
  readonly self: Val;
  readonly fn: PyFunction;
}
/** A method implemented by the interpreter on a native value (`x.view`, `layers.append`). */
export interface NativeMethod {
  readonly t: 'native';
  readonly name: string;
  readonly self: Val;
}
export interface Builtin {
  readonly t: 'builtin';
  readonly name: string;
}
export interface SuperProxy {
  readonly t: 'super';
  readonly self: Val;
  /** Class after which to start the MRO search. */
  readonly after: PyClass;
}
/** An nn.Parameter (or a parameter read from a layer, `emb.weight`). */
export interface ParamVal {
  readonly t: 'param';
  readonly shape: Shape | null;
  requiresGrad: boolean;
  /** Catalogue layer that owns it, for parameters read as `layer.weight`. */
  readonly owner?: BuiltLayer;
  readonly ownerName?: string;
}
/** What `module.parameters()` returns: a placeholder that can be frozen as a whole. */
export interface ParamsOf {
  readonly t: 'paramsof';
  readonly module: BuiltLayer;
}
/** A Keras model: Sequential (`layers` grows with `.add`) or functional (`inputs` → `outputs`). */
export interface KerasModelVal {
  readonly t: 'kmodel';
  readonly kind: 'sequential' | 'functional';
  readonly name: string;
  readonly layers: BuiltLayer[];
  readonly inputs: readonly TensorVal[];
  readonly outputs: readonly TensorVal[];
  /** `input_shape=` of the first layer / an Input() at the head of a Sequential, batch excluded. */
  inputShape?: Shape;
  readonly loc: Loc;
}

export type Val =
  | number
  | boolean
  | string
  | null
  | typeof UNKNOWN
  | SymDim
  | TensorVal
  | BuiltLayer
  | PyList
  | PyTuple
  | PyDict
  | PySlice
  | PyRange
  | PyFunction
  | PyClass
  | PyInstance
  | ExternalRef
  | BoundMethod
  | NativeMethod
  | Builtin
  | SuperProxy
  | ParamVal
  | ParamsOf
  | KerasModelVal
  | PyModule
  | { readonly t: 'ellipsis' };

export const ELLIPSIS: Val = { t: 'ellipsis' };

export function isTensorVal(v: Val | undefined): v is TensorVal {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'tensor';
}
export function isLayerVal(v: Val | undefined): v is BuiltLayer {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'layer';
}
export function tag(v: Val | undefined): string | undefined {
  return typeof v === 'object' && v !== null && 't' in v ? (v as { t: string }).t : undefined;
}
export function isDim(v: Val | undefined): v is Dim {
  return typeof v === 'number' || v instanceof SymDim;
}
export const tensorOf = (shape: Shape | null, extra?: Partial<TensorVal>): TensorVal => ({ kind: 'tensor', shape, ...extra });

export function list(items: Val[]): PyList {
  return { t: 'list', items };
}
export function tuple(items: readonly Val[]): PyTuple {
  return { t: 'tuple', items };
}

/** Items of a list/tuple (or undefined when not a sequence). */
export function seqItems(v: Val): readonly Val[] | undefined {
  const k = tag(v);
  if (k === 'list' || k === 'tuple') return (v as PyList | PyTuple).items;
  return undefined;
}

/** A FlowValue from the catalogue → interpreter value. */
export function fromFlow(f: FlowValue, origin?: string): Val {
  if (f.kind === 'tensor') return origin && !(f as TensorVal).origin ? { ...f, origin } : (f as TensorVal);
  if (f.kind === 'tuple') return tuple(f.items.map((x) => fromFlow(x, origin)));
  return null;
}

export function typeName(v: Val): string {
  if (v === UNKNOWN) return 'unknown';
  if (v === null) return 'None';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
  }
  if (v instanceof SymDim) return 'int';
  if (isTensorVal(v)) return 'Tensor';
  if (isLayerVal(v)) return v.type;
  return tag(v) ?? 'object';
}
