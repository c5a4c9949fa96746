/**
 * The library side of the interpreter: what `torch`, `torch.nn`, Python builtins and module objects do.
 *
 * - attribute access, item access and operators on modules, tensors, containers and plain values;
 * - calls to library names: catalogue layers and functional ops (layers/registry.ts), torch tensor ops
 *   (tensor-api.ts), containers (Sequential / ModuleList / ModuleDict), `nn.Parameter`, `copy.deepcopy`;
 * - module calls in forward(): one row per call (path, type, input/output shapes, MACs), in call order.
 */
import type { BuiltLayer, FlowValue, ForwardContext, LayerDef, ParamCount, PyArg, Shape } from '../contract';
import { SymDim, add, isConcrete, product, type Dim } from '../dims';
import { bindArgs, copyLayer, lookupFunction, lookupLayer } from '../layers/registry';
import { SIZE_ARGS } from '../layers/core';
import { KerasSupport } from './keras-api';
import { Abort, describe, fmtShape, formatValue, internalMessage, normalizeQualifiedName, percentFormat, rethrowLimits, type Frame, type Interpreter, type Kw } from './interpreter';
import { CODES } from '../codes';
import { MAX_CHARS } from './limits';
import { ModuleObj, type ContainerKind } from './module-obj';
import { pyEquals, truthy } from './pyops';
import { elementwise, indexTensor, isTensorLike, matmulOp, shapeOf, tensorMethod, torchFunction, type OpEnv } from './tensor-api';
import { kwRecord, takeConversionLimit, toFlow, toPyArg } from './convert-args';
import { valueBinop, valueFunction, valueMethod } from './known-values';
import { mismatchDiag, stamp, type CtorInfo, type InputLabel } from './provenance';
import { ValueTrace } from './trace';
import {
  UNKNOWN,
  fromFlow,
  isDim,
  isLayerVal,
  isTensorVal,
  list,
  seqItems,
  tag,
  tensorOf,
  tuple,
  type Builtin,
  type ExternalRef,
  type KerasModelVal,
  type Loc,
  type NativeMethod,
  type ParamVal,
  type ParamsOf,
  type PyClass,
  type PyDict,
  type PyInstance,
  type PyList,
  type PyModule,
  type PySlice,
  type PyTuple,
  type SuperProxy,
  type TensorVal,
  type Val,
} from './values';

export interface Row {
  readonly path: string;
  readonly type: string;
  readonly layer: BuiltLayer;
  readonly loc: Loc;
  readonly depth: number;
  readonly inputs: (Shape | null)[];
  output: Shape | null;
  /** Null when unknown: a layer that counts MACs was called on a tensor of unknown shape. */
  macs: Dim | null;
  /** Receptive field after this layer (conv/pool layers only). */
  rf?: { size: number; jump: number };
}

interface CallFrame {
  readonly layer: BuiltLayer | null;
  macs: Dim;
  /** Some call inside this frame has MACs the engine cannot count (its input shape is unknown). */
  unknownMacs: boolean;
}

/**
 * Layer types and functional ops whose rules count MACs (linear maps, convolutions, recurrent cells,
 * attention). Called on a tensor of unknown shape, their MACs are unknown, not 0; every other layer
 * (norms, activations, pools, dropout, reshapes, embeddings) counts 0 MACs whatever its input.
 */
const COUNTS_MACS = /Linear|Bilinear|Conv|Dense|RNN|LSTM|GRU|Attention|attention|Bidirectional|TimeDistributed|^linear$|^bilinear$|^conv/;

function shapeUnknown(v: Val | undefined): boolean {
  if (v === undefined) return false;
  const items = seqItems(v);
  if (items) return items.some((x) => shapeUnknown(x));
  return isTensorLike(v) && !shapeOf(v);
}

/** Merge a finished frame into its parent. */
function mergeFrame(parent: CallFrame | undefined, frame: CallFrame): void {
  if (!parent) return;
  parent.macs = add(parent.macs, frame.macs);
  parent.unknownMacs ||= frame.unknownMacs;
}

const BUILTINS = new Set([
  'range', 'len', 'int', 'float', 'str', 'bool', 'min', 'max', 'sum', 'abs', 'round', 'list', 'tuple', 'dict', 'set',
  'enumerate', 'zip', 'reversed', 'sorted', 'isinstance', 'issubclass', 'hasattr', 'getattr', 'setattr', 'print', 'super',
  'type', 'any', 'all', 'map', 'filter', 'divmod', 'pow', 'iter', 'next', 'id', 'hash', 'repr', 'format', 'vars', 'object',
  'callable', 'frozenset', 'ord', 'chr', 'open', 'input', 'slice',
]);

/** Library bases whose user subclasses are analysed as Keras models (forward is `call`). */
export const KERAS_SUBCLASS_BASES = new Set(['keras.Model', 'keras.models.Model', 'keras.layers.Layer', 'keras.layers.Layer.__init__']);

/** Class names that are almost surely layers (used for placeholders of code the engine cannot see). */
const LAYER_LIKE = /^[A-Z]\w*(Conv\w*|Norm\w*|Activation|Block|Layer|Attention|Pool\w*|Linear|Embed\w*|Embedding|Bottleneck|Residual|Head|Stem|Encoder|Decoder|MLP|Mlp|Dropout|Unit|Module|Net)$/;

const SILENT_CALLS = /^(torch\.nn\.init\.|torch\.manual_seed|torch\.cuda\.|torch\.backends\.|warnings\.|logging\.|print$|os\.|sys\.|random\.|numpy\.random\.|torch\.set_|torch\.no_grad|torch\.inference_mode|torch\.autocast|torch\.jit\.|torch\.compile|torch\.utils\.checkpoint)/;

const MODULE_METHODS_RETURN_SELF = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'apply', 'type', 'share_memory', 'zero_grad']);

export class Host {
  rows: Row[] | null = null;
  private stack: CallFrame[] = [];
  /** Modules being called right now, with how many times each is on the call stack (the cycle guard). */
  private readonly active = new Map<BuiltLayer, number>();
  pathOf = new Map<BuiltLayer, string>();
  readonly origins = new WeakMap<BuiltLayer, Loc>();
  readonly overrides = new WeakMap<BuiltLayer, Map<string, ParamVal>>();
  readonly paramReads = new WeakMap<BuiltLayer, Map<string, ParamVal>>();
  readonly frozen = new WeakSet<BuiltLayer>();
  /** True while a model's forward() runs (unknown calls are then reported). */
  inForward = false;
  /** Where catalogue layers were constructed (argument spans for fixes). */
  readonly ctorInfo = new WeakMap<BuiltLayer, CtorInfo>();
  /** Layers passed positionally to nn.Sequential(...) (where `nn.Flatten()` can be inserted). */
  readonly seqMembers = new WeakSet<BuiltLayer>();
  /** How the model's input was chosen ("from the `# input:` comment on line 8"), for messages. */
  inputLabel: InputLabel | undefined;
  /** Values seen in forward() (assignments, module calls) for the model being analysed; null: not recorded. */
  trace: ValueTrace | null = null;
  readonly keras: KerasSupport;

  /** Rows of the layer calls in progress, innermost last (diagnostics name the row they belong to). */
  private readonly openRows: Row[] = [];

  constructor(readonly interp: Interpreter) {
    interp.host = this;
    interp.currentPath = () => this.openRows[this.openRows.length - 1]?.path;
    this.keras = new KerasSupport(this);
  }

  // ------------------------------------------------------------------------------------------ environment

  opEnv(loc: Loc): OpEnv {
    return {
      report: (sev, msg) => this.interp.report(loc, sev, msg),
      addMacs: (d) => this.addMacs(d),
    };
  }

  /** Add MACs to the current call; null marks them unknown. */
  addMacs(d: Dim | null): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (d === null) top.unknownMacs = true;
    else top.macs = add(top.macs, d);
  }

  builtin(name: string): Val | undefined {
    if (BUILTINS.has(name)) return { t: 'builtin', name } as Builtin;
    // The file is read the way `import` reads it: `if __name__ == "__main__":` blocks do not run.
    if (name === '__name__') return '__mllens_module__';
    if (/^[A-Z]\w*(Error|Exception|Warning)$/.test(name)) return { t: 'builtin', name: 'exception' } as Builtin;
    return undefined;
  }

  tensorLike(v: Val): Val {
    return tensorOf(shapeOf(v) ?? null, isTensorVal(v) ? { origin: v.origin, dtype: v.dtype } : undefined);
  }

  // ------------------------------------------------------------------------------------------ operators

  binop(op: string, a: Val, b: Val, loc: Loc, f: Frame, inplace: boolean): Val {
    void f;
    if (isTensorLike(a) || isTensorLike(b)) {
      const known = valueBinop(op, a, b);
      if (known) return known;
      const env = this.opEnv(loc);
      const opInfo = { op: op === '@' ? '@ (matmul)' : op, name: op, loc, resets: false };
      if (op === '@') return stamp(matmulOp(a, b, env), isTensorVal(a) ? a : b, { ...opInfo, resets: true });
      const what = op === '+' ? 'a residual/elementwise add' : `operands of '${op}'`;
      const r = stamp(elementwise(a, b, env, what), isTensorVal(a) ? a : b, opInfo) as TensorVal;
      if (inplace && r.shape) {
        const sa = shapeOf(a);
        if (sa && (sa.length !== r.shape.length || sa.some((d, i) => pyEquals(d, r.shape![i]) === false))) {
          this.interp.report(loc, 'error', `in-place '${op}=' would change the shape of its target from ${fmtShape(sa)} to ${fmtShape(r.shape)}`);
        }
      }
      if (['<', '>', '<=', '>=', '==', '!='].includes(op)) return { ...r, dtype: 'bool' };
      return r;
    }
    if (tag(a) === 'kmodel' || tag(b) === 'kmodel') return UNKNOWN;
    if (!this.growthFits(op, a, b, loc)) return UNKNOWN;
    if (op === '%' && typeof a === 'string') return percentFormat(a, b);
    const r = this.interp.scalarOp(op, a, b);
    return r === undefined ? UNKNOWN : r;
  }

  /** Reports an argument that was too large or too deeply nested/shared to hand to the layer catalogue. */
  conversionLimit(loc: Loc): void {
    if (takeConversionLimit()) {
      this.interp.report(loc, 'warning', 'an argument here is a list nested or shared too deeply to read (over 100,000 items when expanded, or 100 levels); its value is unknown and the result is partial', CODES.LIMIT_SIZE.code);
    }
  }

  /** The build cap on `+` and `*` of lists, tuples and strings (reported where it is hit). */
  private growthFits(op: string, a: Val, b: Val, loc: Loc): boolean {
    if (op !== '+' && op !== '*') return true;
    const size = (v: Val) => (typeof v === 'string' ? v.length : seqItems(v)?.length);
    const kind = (v: Val) => (typeof v === 'string' ? 'string' : tag(v) === 'tuple' ? 'tuple' : 'list') as 'string' | 'tuple' | 'list';
    const sa = size(a);
    const sb = size(b);
    if (op === '+' && sa !== undefined && sb !== undefined) return this.interp.fits(sa + sb, loc, kind(a));
    if (op === '*' && sa !== undefined && typeof b === 'number') return this.interp.fits(sa * Math.max(0, b), loc, kind(a));
    if (op === '*' && sb !== undefined && typeof a === 'number') return this.interp.fits(sb * Math.max(0, a), loc, kind(b));
    return true;
  }

  // ------------------------------------------------------------------------------------------ attributes

  getAttr(obj: Val, name: string, loc: Loc, f: Frame): Val {
    if (obj === UNKNOWN) return UNKNOWN;
    if (obj instanceof ModuleObj) return this.moduleAttr(obj, name, loc);
    if (isLayerVal(obj)) return this.layerAttr(obj, name, loc);
    if (isTensorVal(obj) || tag(obj) === 'param') return this.tensorAttr(obj, name, loc);
    switch (tag(obj)) {
      case 'pymodule': {
        const m = obj as PyModule;
        const v = m.scope.vars.get(name);
        if (v !== undefined) return v;
        const sub = this.interp.loadModule(`${m.name}.${name}`);
        if (sub) return sub;
        if (name === '__name__') return m.name;
        // A bundled library block defines the names it models; the rest stay library names.
        return m.origin === 'library' ? ({ t: 'ref', name: `${m.name}.${name}` } as ExternalRef) : UNKNOWN;
      }
      case 'ref': {
        const ref = (obj as ExternalRef).name;
        // `torchvision.ops.misc.X` through `import torchvision`: a module we can read answers for itself.
        if (!ref.startsWith('<local>')) {
          const m = this.interp.loadModule(ref);
          if (m) return this.getAttr(m, name, loc, f);
        }
        const full = normalizeQualifiedName(`${ref}.${name}`);
        if (full === 'math.pi') return Math.PI;
        if (full === 'math.e') return Math.E;
        if (full === 'math.inf' || full === 'float.inf') return Infinity;
        return { t: 'ref', name: full };
      }
      case 'instance': {
        const inst = obj as PyInstance;
        const v = this.interp.instanceAttr(inst, inst.cls, name);
        if (v === undefined && name === '__class__') return inst.cls;
        // An enum member whose class forwards attribute reads to its value (torchvision's WeightsEnum).
        if (v === undefined && inst.dict.has('_value_') && this.interp.classLookup(inst.cls, '__getattr__')) return this.getAttr(inst.dict.get('_value_')!, name, loc, f);
        return v === undefined ? UNKNOWN : v;
      }
      case 'class': {
        const cls = obj as PyClass;
        if (name === '__name__') return cls.name;
        const found = this.interp.classLookup(cls, name);
        if (found && tag(found.value) === 'func' && (found.value as { decorators: readonly string[] }).decorators.includes('classmethod')) {
          return { t: 'method', self: cls, fn: found.value as never };
        }
        if (found && tag(found.value) !== 'func' && !name.startsWith('_') && this.interp.externalBases(cls).some((b) => b.startsWith('enum.'))) return this.enumMember(cls, name, found.value);
        return found ? found.value : UNKNOWN;
      }
      case 'super':
        return this.superAttr(obj as SuperProxy, name);
      case 'kmodel':
        return this.keras.modelAttr(obj as KerasModelVal, name);
      case 'tuple': {
        const fields = (obj as PyTuple).fields;
        const i = fields ? fields.indexOf(name) : -1;
        if (i >= 0) return (obj as PyTuple).items[i];
        if (name === '_fields' && fields) return tuple([...fields]);
        return { t: 'native', name, self: obj } as NativeMethod;
      }
      case 'list':
      case 'dict':
        return { t: 'native', name, self: obj } as NativeMethod;
      case 'method':
        if (name === '__name__') return (obj as { fn: { name: string } }).fn.name;
        return UNKNOWN;
      case 'func':
        if (name === '__name__') return (obj as { name: string }).name;
        return UNKNOWN;
    }
    if (typeof obj === 'string') return { t: 'native', name, self: obj } as NativeMethod;
    void f;
    return UNKNOWN;
  }

  private readonly enumMembers = new WeakMap<PyClass, Map<string, PyInstance>>();

  /** `Color.RED` of an `enum.Enum` subclass: one member object per name, with `.name` and `.value`. */
  private enumMember(cls: PyClass, name: string, value: Val): PyInstance {
    let m = this.enumMembers.get(cls);
    if (!m) this.enumMembers.set(cls, (m = new Map()));
    let inst = m.get(name);
    if (!inst) m.set(name, (inst = { t: 'instance', cls, dict: new Map<string, Val>([['name', name], ['value', value], ['_name_', name], ['_value_', value]]) }));
    return inst;
  }

  private superAttr(sp: SuperProxy, name: string): Val {
    const self = sp.self;
    const cls = self instanceof ModuleObj ? self.cls : tag(self) === 'instance' ? (self as PyInstance).cls : null;
    if (cls) {
      const found = this.interp.classLookup(cls, name, sp.after);
      if (found && tag(found.value) === 'func') return { t: 'method', self, fn: found.value as never };
      if (found) return found.value;
    }
    return { t: 'native', name: `super.${name}`, self } as NativeMethod;
  }

  private moduleAttr(mod: ModuleObj, name: string, loc: Loc): Val {
    const child = mod.getChild(name);
    if (child) return child;
    const p = mod.params.get(name);
    if (p) return p;
    const v = this.interp.instanceAttr(mod, mod.cls, name);
    if (v !== undefined) return v;
    if (name === 'training') return this.interp.training;
    if (name === '__class__') return mod.cls ?? UNKNOWN;
    if (mod.delegate) {
      const dv = this.layerAttr(mod.delegate, name, loc);
      if (dv !== UNKNOWN) return dv;
    }
    return { t: 'native', name, self: mod } as NativeMethod;
  }

  private layerAttr(layer: BuiltLayer, name: string, loc: Loc): Val {
    void loc;
    const child = layer.children.find(([n]) => n === name);
    if (child) return child[1];
    const ov = this.overrides.get(layer)?.get(name);
    if (ov) return ov;
    if (Object.hasOwn(layer.attributes, name)) {
      const a = layer.attributes[name];
      if (typeof a === 'object' && a !== null && !Array.isArray(a) && (a as FlowValue).kind === 'tensor') return this.paramRead(layer, name, (a as TensorVal).shape);
      return fromPyArg(a);
    }
    if (name === 'training') return this.interp.training;
    return { t: 'native', name, self: layer } as NativeMethod;
  }

  /** `layer.weight`: a stable parameter object per (layer, name), so tying can be recognised. */
  paramRead(layer: BuiltLayer, name: string, shape: Shape | null): ParamVal {
    let m = this.paramReads.get(layer);
    if (!m) this.paramReads.set(layer, (m = new Map()));
    let p = m.get(name);
    if (!p) m.set(name, (p = { t: 'param', shape, requiresGrad: true, owner: layer, ownerName: name }));
    return p;
  }

  private tensorAttr(t: Val, name: string, loc: Loc): Val {
    const shape = shapeOf(t) ?? null;
    switch (name) {
      case 'shape':
        return shape ? tuple(shape) : UNKNOWN;
      case 'ndim':
        return shape ? shape.length : UNKNOWN;
      case 'T':
        return shape ? tensorOf([...shape].reverse()) : tensorOf(null);
      case 'mT':
        return tensorMethod(t, 'transpose', [-2, -1], new Map(), this.opEnv(loc)) ?? tensorOf(null);
      case 'data':
        return t;
      case 'dtype':
        return { t: 'ref', name: isTensorVal(t) && t.dtype === 'long' ? 'torch.int64' : 'torch.float32' };
      case 'requires_grad':
        return tag(t) === 'param' ? (t as ParamVal).requiresGrad : false;
      case 'is_cuda':
      case 'is_xpu':
      case 'is_mps':
      case 'is_quantized':
      case 'is_sparse':
        // The model input the engine makes is a dense CPU tensor (shapes do not depend on the device).
        return false;
      case 'device':
      case 'grad':
        return UNKNOWN;
    }
    return { t: 'native', name, self: t } as NativeMethod;
  }

  setAttr(obj: Val, name: string, v: Val, loc: Loc, f: Frame): void {
    void f;
    if (obj instanceof ModuleObj) {
      if (isLayerVal(v) && v !== obj) obj.setChild(name, v);
      else if (tag(v) === 'param') {
        obj.dict.delete(name);
        const i = obj.children.findIndex(([n]) => n === name);
        if (i >= 0) obj.children.splice(i, 1);
        obj.params.set(name, v as ParamVal);
      } else if (v === null && obj.getChild(name)) obj.setChild(name, null);
      else obj.dict.set(name, v);
      return;
    }
    if (isLayerVal(obj)) {
      if (tag(v) === 'param') {
        const p = v as ParamVal;
        if (p.owner === obj && p.ownerName === name) return;
        let m = this.overrides.get(obj);
        if (!m) this.overrides.set(obj, (m = new Map()));
        m.set(name, p);
      }
      return;
    }
    switch (tag(obj)) {
      case 'instance':
        (obj as PyInstance).dict.set(name, v);
        return;
      case 'class':
        (obj as PyClass).attrs.set(name, v);
        return;
      case 'param':
        if (name === 'requires_grad') (obj as ParamVal).requiresGrad = truthy(v) !== false;
        return;
      case 'paramsof':
        if (name === 'requires_grad') this.setFrozen((obj as ParamsOf).module, truthy(v) === false);
        return;
    }
    void loc;
  }

  setFrozen(layer: BuiltLayer, frozen: boolean): void {
    const walk = (l: BuiltLayer, depth: number) => {
      if (depth > 60) return;
      if (frozen) this.frozen.add(l);
      else this.frozen.delete(l);
      if (l instanceof ModuleObj) for (const p of l.params.values()) p.requiresGrad = !frozen;
      for (const [, c] of l.children) walk(c, depth + 1);
    };
    walk(layer, 0);
  }

  // ------------------------------------------------------------------------------------------ items

  getItem(obj: Val, idx: Val, loc: Loc, f: Frame): Val {
    void f;
    if (obj === UNKNOWN) return UNKNOWN;
    if (isTensorLike(obj)) return stamp(indexTensor(obj, idx, this.opEnv(loc)), obj, { op: 'indexing', name: 'indexing', loc, resets: false });
    const items = seqItems(obj);
    if (items) {
      if (typeof idx === 'number') {
        const i = idx < 0 ? idx + items.length : idx;
        if (i < 0 || i >= items.length) {
          this.interp.report(loc, 'error', `index ${idx} is out of range for a sequence of length ${items.length}`);
          return UNKNOWN;
        }
        return items[i];
      }
      if (tag(idx) === 'slice') {
        const r = sliceIndices(idx as PySlice, items.length);
        if (!r) return UNKNOWN;
        const out = r.map((i) => items[i]);
        return tag(obj) === 'list' ? list(out) : tuple(out);
      }
      return UNKNOWN;
    }
    if (tag(obj) === 'dict') {
      if (typeof idx === 'string' || typeof idx === 'number' || typeof idx === 'boolean' || idx === null) {
        const v = (obj as PyDict).map.get(idx);
        return v === undefined ? UNKNOWN : v;
      }
      return UNKNOWN;
    }
    if (isLayerVal(obj)) return this.layerItem(obj, idx, loc);
    if (tag(obj) === 'kmodel') return UNKNOWN;
    return UNKNOWN;
  }

  private layerItem(layer: BuiltLayer, idx: Val, loc: Loc): Val {
    const kids = layer.children;
    if (typeof idx === 'string') return kids.find(([n]) => n === idx)?.[1] ?? UNKNOWN;
    if (typeof idx === 'number') {
      const i = idx < 0 ? idx + kids.length : idx;
      if (i < 0 || i >= kids.length) {
        this.interp.report(loc, 'error', `index ${idx} is out of range for ${layer.type} of length ${kids.length}`);
        return UNKNOWN;
      }
      return kids[i][1];
    }
    if (tag(idx) === 'slice') {
      const r = sliceIndices(idx as PySlice, kids.length);
      if (!r) return UNKNOWN;
      const kind: ContainerKind = layer.type === 'ModuleList' ? 'ModuleList' : 'Sequential';
      const m = new ModuleObj(kind, layer instanceof ModuleObj ? layer.cls : null, kind, this.interp);
      r.forEach((i, j) => m.children.push([kind === 'Sequential' ? kids[i][0] : String(j), kids[i][1]]));
      return m;
    }
    return UNKNOWN;
  }

  iterateLayer(layer: BuiltLayer, loc: Loc): readonly Val[] | undefined {
    void loc;
    if (layer.type === 'ModuleDict') return layer.children.map(([n]) => n);
    return layer.children.map(([, c]) => c);
  }

  // ------------------------------------------------------------------------------------------ calls

  callOther(fn: Val, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    if (isLayerVal(fn)) return this.callModule(fn, args, kwargs, loc, true);
    switch (tag(fn)) {
      case 'builtin':
        return this.callBuiltin((fn as Builtin).name, args, kwargs, loc, f);
      case 'ref':
        return this.callExternal((fn as ExternalRef).name, args, kwargs, loc, f);
      case 'native':
        return this.callNative(fn as NativeMethod, args, kwargs, loc, f);
      case 'kmodel':
        return this.keras.callModel(fn as KerasModelVal, args, loc);
    }
    return UNKNOWN;
  }

  instantiate(cls: PyClass, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    const ext = this.interp.externalBases(cls);
    const torchBase = ext.find((n) => n.startsWith('torch.nn.'));
    if (torchBase) {
      const container = (['Sequential', 'ModuleList', 'ModuleDict'] as const).find((k) => ext.includes(`torch.nn.${k}`)) ?? null;
      const mod = new ModuleObj(cls.name, cls, container, this.interp);
      this.origins.set(mod, loc);
      const init = this.interp.classLookup(cls, '__init__');
      if (init && tag(init.value) === 'func') this.interp.callFunction(init.value as never, [mod, ...args], kwargs, loc, mod);
      else this.superInit(mod, args, kwargs, loc, f);
      return mod;
    }
    if (ext.some((n) => KERAS_SUBCLASS_BASES.has(n))) {
      const mod = new ModuleObj(cls.name, cls, null, this.interp);
      mod.framework = 'keras';
      this.origins.set(mod, loc);
      const init = this.interp.classLookup(cls, '__init__');
      if (init && tag(init.value) === 'func') this.interp.callFunction(init.value as never, [mod, ...args], kwargs, loc, mod);
      return mod;
    }
    const kerasBase = ext.find((n) => n.startsWith('keras.'));
    if (kerasBase) return this.keras.instantiateSubclass(cls, args, kwargs, loc);
    const inst: PyInstance = { t: 'instance', cls, dict: new Map() };
    if (ext.includes('typing.NamedTuple')) {
      // class Out(NamedTuple): fields in order, defaults from the class body.
      const items: Val[] = cls.fieldOrder.map((n, i) => (i < args.length ? args[i] : kwargs.has(n) ? kwargs.get(n)! : (cls.attrs.get(n) ?? UNKNOWN)));
      return { t: 'tuple', items, fields: [...cls.fieldOrder] } as PyTuple;
    }
    const init = this.interp.classLookup(cls, '__init__');
    if (init && tag(init.value) === 'func') this.interp.callFunction(init.value as never, [inst, ...args], kwargs, loc, inst);
    else this.dataclassInit(cls, inst, args, kwargs);
    return inst;
  }

  /** The `__init__` a `@dataclass` generates: fields in order (bases first), defaults from the class bodies. */
  dataclassInit(cls: PyClass, inst: PyInstance, args: readonly Val[], kwargs: Kw): boolean {
    const classes = (this.interp.mro(cls).filter((c) => tag(c) === 'class') as PyClass[]).reverse();
    const dcs = classes.filter((c) => c.decorators.some((d) => d.endsWith('dataclass')));
    if (!dcs.length) return false;
    const fields: string[] = [];
    for (const c of dcs) for (const n of c.fieldOrder) if (!fields.includes(n) && tag(c.attrs.get(n) ?? null) !== 'func') fields.push(n);
    fields.forEach((name, i) => {
      if (i < args.length) inst.dict.set(name, args[i]);
      else if (kwargs.has(name)) inst.dict.set(name, kwargs.get(name)!);
      else {
        const d = this.interp.classLookup(cls, name);
        if (d) inst.dict.set(name, d.value);
      }
    });
    return true;
  }

  /** `super().__init__(...)` reaching a library base class. */
  private superInit(self: Val, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    if (!(self instanceof ModuleObj)) return null;
    if (self.container && self.children.length === 0) {
      this.initContainer(self, self.container, args, loc);
      return null;
    }
    const ext = self.cls ? this.interp.externalBases(self.cls) : [];
    const layerBase = ext.find((n) => n !== 'torch.nn.Module' && lookupLayer(n));
    if (layerBase && !self.delegate) {
      const built = this.buildLayer(layerBase, lookupLayer(layerBase)!, args, kwargs, loc);
      if (isLayerVal(built)) {
        self.delegate = built;
        for (const [n, c] of built.children) self.setChild(n, c);
        Object.assign(self.attributes, built.attributes);
      }
    }
    void f;
    return null;
  }

  initContainer(mod: ModuleObj, kind: ContainerKind, args: readonly Val[], loc: Loc): void {
    const addLayer = (name: string, v: Val) => {
      if (isLayerVal(v)) mod.setChild(name, v);
      else if (v === UNKNOWN) {
        // Keep the position (and the data flow) with a placeholder whose output is unknown.
        this.interp.report(loc, 'info', `${kind} entry '${name}' could not be evaluated: its shape and parameters are unknown`);
        mod.setChild(name, this.unknownLayer('Unknown', loc, false));
      } else if (v !== null) this.interp.report(loc, 'warning', `${kind} entry '${name}' is ${describe(v)}, not a module; ignored`);
    };
    if (kind === 'Sequential') {
      if (args.length === 1 && tag(args[0]) === 'dict') for (const [k, v] of (args[0] as PyDict).map) addLayer(String(k), v);
      else
        args.forEach((a, i) => {
          addLayer(String(i), a);
          if (isLayerVal(a)) this.seqMembers.add(a);
        });
    } else if (kind === 'ModuleList') {
      const items = args.length ? this.interp.iterate(args[0], loc, { scope: this.interp.globals, seg: loc.seg }) : [];
      (items ?? []).forEach((a, i) => addLayer(String(i), a));
    } else if (args.length) {
      const d = args[0];
      if (tag(d) === 'dict') for (const [k, v] of (d as PyDict).map) addLayer(String(k), v);
      else for (const pair of seqItems(d) ?? []) {
        const kv = seqItems(pair);
        if (kv && kv.length === 2) addLayer(String(kv[0]), kv[1]);
      }
    }
  }

  /** `ModuleList.append` / `Sequential.append`: an unknown value keeps its index as a placeholder. */
  private appendModule(mod: ModuleObj, v: Val, loc: Loc): void {
    if (!this.interp.fits(mod.children.length + 1, loc, 'container')) return;
    if (isLayerVal(v)) mod.setChild(String(mod.children.length), v);
    else if (v === UNKNOWN) {
      this.interp.report(loc, 'info', `${mod.type} entry ${mod.children.length} could not be evaluated: its shape and parameters are unknown`);
      mod.setChild(String(mod.children.length), this.unknownLayer('Unknown', loc, false));
    }
  }

  makeContainer(kind: ContainerKind, args: readonly Val[], loc: Loc): ModuleObj {
    this.interp.effects++;
    const m = new ModuleObj(kind, null, kind, this.interp);
    this.origins.set(m, loc);
    this.initContainer(m, kind, args, loc);
    return m;
  }

  buildLayer(name: string, def: LayerDef, args: readonly Val[], kwargs: Kw, loc: Loc): Val {
    this.interp.effects++;
    const short = name.slice(name.lastIndexOf('.') + 1);
    const bound = bindArgs(def.signature, args.map(toPyArg), kwRecord(kwargs), short);
    this.conversionLimit(loc);
    for (const m of bound.messages) this.interp.report(loc, m.severity, m.message, m.code);
    // A layer argument the engine could not evaluate may change the layer's parameters and shapes.
    for (const [k, v] of Object.entries(bound.args)) {
      if (!NON_STRUCTURAL_ARGS.has(k) && containsUnknown(v, 0)) {
        this.interp.structural(loc, `argument '${k}' of ${short} (line ${loc.seg.pos(loc.from).line}) could not be evaluated, so its parameters and output shape may be wrong`);
        break;
      }
    }
    let layer: BuiltLayer;
    let rejected = false;
    try {
      layer = def.build(bound.args, {
        report: (m) => {
          // A size PyTorch refuses (negative, not an integer): the weights are never created.
          if (m.severity === 'error' && typeof m.arg === 'string' && (SIZE_ARGS.has(m.arg) || m.arg === 'kernel_size')) rejected = true;
          this.interp.report(loc, m.severity, m.message, m.code);
        },
      });
    } catch (e) {
      rethrowLimits(e, loc);
      this.interp.internalError(loc, `building ${short}`, e);
      return this.unknownLayer(short, loc, false);
    }
    this.origins.set(layer, loc);
    // A parameter count computed from a size that is unknown, symbolic or rejected (PyTorch would raise) is
    // not a count: the layer's parameters are unknown, never 0.
    const unsure = (v: PyArg | undefined) => v === UNKNOWN || v instanceof SymDim || (Array.isArray(v) && v.some((x) => x === UNKNOWN || x instanceof SymDim));
    const sizes = Object.keys(bound.args).filter((k) => SIZE_ARGS.has(k) || k === 'kernel_size');
    if (layer.parameters && (rejected || sizes.some((k) => unsure(bound.args[k])))) layer.parameters = null;
    const call = this.interp.currentCall;
    if (call && call.seg === loc.seg && call.expr.from === loc.from && call.expr.to === loc.to) this.ctorInfo.set(layer, { seg: call.seg, expr: call.expr, signature: def.signature });
    return layer;
  }

  /** A layer the catalogue does not know: shapes through it are unknown. */
  unknownLayer(type: string, loc: Loc, note = true): BuiltLayer {
    if (note) this.interp.report(loc, 'info', `${type} is not in the layer catalogue: its output shape and parameters are unknown`);
    const layer: BuiltLayer = {
      kind: 'layer',
      type,
      framework: 'torch',
      parameters: null,
      buffers: 0,
      children: [],
      attributes: {},
      forward: () => ({ kind: 'tensor', shape: null }),
    };
    this.origins.set(layer, loc);
    return layer;
  }

  callExternal(name: string, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    switch (name) {
      case 'torch.nn.Sequential':
      case 'torch.nn.ModuleList':
      case 'torch.nn.ModuleDict':
        return this.makeContainer(name.slice(9) as ContainerKind, args, loc);
      case 'torch.nn.Parameter':
      case 'torch.nn.parameter.Parameter': {
        const data = args[0] ?? kwargs.get('data') ?? UNKNOWN;
        const rg = kwargs.get('requires_grad') ?? args[1] ?? true;
        return { t: 'param', shape: shapeOf(data) ?? null, requiresGrad: truthy(rg) !== false } as ParamVal;
      }
      case 'torch.nn.Module':
      case 'torch.nn.Module.__init__':
      case 'object':
        return null;
      case 'collections.OrderedDict':
      case 'typing.OrderedDict':
      case 'dict': {
        const map = new Map<string | number | boolean | null, Val>();
        if (args.length) {
          const a = args[0];
          if (tag(a) === 'dict') for (const [k, v] of (a as PyDict).map) map.set(k, v);
          else
            for (const pair of this.interp.iterate(a, loc, f) ?? []) {
              const kv = seqItems(pair);
              if (kv && kv.length === 2 && isKey(kv[0])) map.set(kv[0] as never, kv[1]);
            }
        }
        for (const [k, v] of kwargs) map.set(k, v);
        return { t: 'dict', map, ordered: true } as PyDict;
      }
      case 'copy.deepcopy':
      case 'copy.copy':
        return this.deepcopy(at(args, 0));
      case 'functools.partial':
        return { t: 'native', name: '__partial__', self: tuple([at(args, 0), tuple(args.slice(1)), { t: 'dict', map: new Map(kwargs) } as PyDict]) } as NativeMethod;
      case 'torch.Size':
        return args.length ? tuple([...(seqItems(args[0]) ?? [])]) : tuple([]);
      case 'typing.cast':
        return at(args, 1);
      // TorchScript and tracing helpers: eager PyTorch is neither scripting nor tracing.
      case 'torch.jit.is_scripting':
      case 'torch.jit.is_tracing':
      case 'torch._C._get_tracing_state':
      case 'torch.onnx.is_in_onnx_export':
        return false;
      case 'torch.jit.annotate':
        return at(args, 1);
      case 'torch._assert':
        return null;
      case 'torch.meshgrid':
      case 'numpy.meshgrid': {
        // meshgrid(t1, …, tk) or meshgrid([t1, …, tk]): k tensors of shape [n1, …, nk] ('ij'); 'xy' swaps the
        // first two dimensions (NumPy's default, and torch's when indexing='xy').
        const ts = args.length === 1 && seqItems(args[0]) ? seqItems(args[0])! : args;
        const sizes = ts.map((t) => shapeOf(t)?.length === 1 ? shapeOf(t)![0] : null);
        if (!ts.length || sizes.some((d) => d === null)) return tuple(ts.map(() => tensorOf(null)));
        const xy = (kwargs.get('indexing') ?? (name === 'numpy.meshgrid' ? 'xy' : 'ij')) === 'xy';
        const shape = [...(sizes as Dim[])];
        if (xy && shape.length >= 2) [shape[0], shape[1]] = [shape[1], shape[0]];
        return tuple(ts.map((t) => tensorOf(shape, { dtype: isTensorVal(t) ? t.dtype : undefined })));
      }
      case 'collections.namedtuple':
      case 'typing.NamedTuple': {
        // namedtuple('Out', ['logits', 'aux']) or namedtuple('Out', 'logits aux'): a callable building a tuple.
        const spec = args[1] ?? kwargs.get('field_names') ?? UNKNOWN;
        const names = typeof spec === 'string' ? spec.split(/[\s,]+/).filter(Boolean) : (seqItems(spec) ?? []).map((x) => (seqItems(x)?.[0] ?? x)).filter((x): x is string => typeof x === 'string');
        return { t: 'native', name: '__namedtuple__', self: tuple(names) } as NativeMethod;
      }
    }
    if (name.startsWith('math.')) return mathCall(name.slice(5), args);
    if (name.startsWith('keras.')) {
      const k = this.keras.callExternal(name, args, kwargs, loc);
      if (k !== undefined) return k;
    }
    const def = lookupLayer(name);
    if (def) {
      if (name.startsWith('keras.')) return this.keras.buildLayer(name, def, args, kwargs, loc);
      return this.buildLayer(name, def, args, kwargs, loc);
    }
    const fn = lookupFunction(name);
    if (fn) return this.callFunctional(name, fn, args, kwargs, loc);
    if (SILENT_CALLS.test(name)) return UNKNOWN;
    if (name.startsWith('numpy.') || name.startsWith('torch.')) {
      // Arithmetic on small tensors whose values are known (layer sizes computed with tensors).
      const short = name.slice(name.indexOf('.') + 1);
      const r = short.includes('.') ? undefined : valueFunction(short, args, kwargs);
      if (r !== undefined) return r;
    }
    if (name.startsWith('torch.') && !name.startsWith('torch.nn.')) {
      const short = name.replace(/^torch\.(Tensor\.|special\.|linalg\.)?/, '');
      if (!short.includes('.')) {
        const r = torchFunction(short, args, kwargs, this.opEnv(loc));
        if (r !== undefined) return stamp(r, firstTensorArg(args), { op: `torch.${short}`, name: `torch.${short}`, loc, resets: false });
      }
    }
    if (name.startsWith('torch.nn.functional.') && args.length && isTensorLike(args[0])) {
      this.interp.report(loc, 'info', `${name.slice(9)} is not in the functional catalogue: its output shape is unknown`);
      return tensorOf(null);
    }
    if (/^torch\.nn\.[A-Z]\w*$/.test(name)) return this.unknownLayer(name.slice(9), loc);
    // A layer class from code or a library we cannot see (`from .blocks import ResBlock`,
    // `torchvision.ops.Conv2dNormActivation`): a placeholder module with unknown shapes and parameters.
    const short = name.slice(name.lastIndexOf('.') + 1);
    if (LAYER_LIKE.test(short) && !this.inForward) {
      const layer = this.unknownLayer(short, loc, false);
      this.interp.report(loc, 'info', `${short} (${name.startsWith('<local>.') ? 'imported from a project file' : name}) cannot be seen by the engine: its shapes and parameters are unknown`);
      return layer;
    }
    if (args.some(isTensorLike) && this.inForward) this.interp.report(loc, 'info', `unknown call ${name}(): its result is unknown`);
    return UNKNOWN;
  }

  callFunctional(name: string, fn: NonNullable<ReturnType<typeof lookupFunction>>, args: readonly Val[], kwargs: Kw, loc: Loc): Val {
    const short = name.slice(name.lastIndexOf('.') + 1);
    const bound = bindArgs(fn.signature, args.map(toPyArg), kwRecord(kwargs), short);
    this.conversionLimit(loc);
    for (const m of bound.messages) this.interp.report(loc, m.severity, m.message, m.code);
    const input = args.find(isTensorVal);
    try {
      const r = fn.call(bound.args, this.forwardCtx(null, loc, input?.origin, input, short));
      const v = stamp(fromFlow(r, input?.origin), input, { op: opName(name), name: opName(name), loc, resets: false });
      if (COUNTS_MACS.test(short) && (args.some(shapeUnknown) || shapeUnknown(v))) this.addMacs(null);
      return input?.rf ? withRf(v, input.rf) : v;
    } catch (e) {
      rethrowLimits(e, loc);
      this.interp.internalError(loc, `the shape rule of ${short}`, e);
      return tensorOf(null);
    }
  }

  forwardCtx(layer: BuiltLayer | null, loc: Loc, inputOrigin?: string, input?: TensorVal, owner?: string): ForwardContext {
    return {
      callChild: (name, args, kwargs) => {
        const child = layer ? resolveChild(layer, name) : undefined;
        if (!child) {
          this.interp.report(loc, 'error', internalMessage('calling a child', `${layer?.type ?? 'layer'} has no child '${name}'`), CODES.INTERNAL.code);
          return { kind: 'tensor', shape: null };
        }
        const r = this.callModule(child, args as Val[], new Map(Object.entries(kwargs ?? {}).map(([k, v]) => [k, fromPyArg(v)])), loc);
        return toFlow(r);
      },
      addMacs: (m) => this.addMacs(m),
      declareParameters: (count: ParamCount, buffers?: number) => {
        if (!layer) return;
        const l = layer as { parameters: ParamCount | null; buffers: number };
        l.parameters = count;
        if (buffers !== undefined) l.buffers = buffers;
      },
      report: (m) => {
        if (m.mismatch && m.severity !== 'info') {
          const type = layer?.type ?? owner ?? 'layer';
          this.interp.push(
            mismatchDiag({
              type,
              path: (layer && this.pathOf.get(layer)) ?? '',
              mismatch: m.mismatch,
              severity: m.severity,
              loc,
              input,
              ctor: layer ? this.ctorInfo.get(layer) : undefined,
              inSequential: !!layer && this.seqMembers.has(layer),
              inputLabel: this.inputLabel,
              hasLazy: !!layer && !!lookupLayer(`torch.nn.Lazy${type}`),
            }),
          );
          return;
        }
        this.interp.report(loc, m.severity, inputOrigin && m.severity === 'error' ? `${m.message} (the input came from ${inputOrigin})` : m.message, m.code);
      },
    };
  }

  /** Call a module: one row per call (pre-order), MACs accumulated inclusive of nested calls. */
  callModule(layer: BuiltLayer, args: readonly Val[], kwargs: Kw, loc: Loc, direct = false): Val {
    if (layer.framework === 'keras') return this.keras.callLayer(layer, args, kwargs, loc);
    this.interp.tick();
    const path = this.pathOf.get(layer);
    // Cycle guard: a container that is already running is being called from inside itself (`m.append(m)`,
    // `a.b = b; b.a = a`). PyTorch would recurse until RecursionError; the engine stops at once.
    const active = this.active.get(layer) ?? 0;
    if (active > 0 && (!(layer instanceof ModuleObj) || layer.container || active >= MAX_REENTRY)) {
      this.interp.report(
        loc,
        'warning',
        `\`${path || layer.type}\` (${layer.type}) contains itself, so calling it never ends (PyTorch raises RecursionError); the cycle is not followed and the result is partial`,
        CODES.LIMIT_CYCLE.code,
      );
      return tensorOf(null);
    }
    if (this.stack.length > MAX_MODULE_DEPTH) {
      this.interp.report(loc, 'warning', `modules nest more than ${MAX_MODULE_DEPTH} deep here, the most the engine follows; the result is partial`, CODES.LIMIT_DEPTH.code);
      return tensorOf(null);
    }
    this.active.set(layer, active + 1);
    try {
      return this.callModuleOnce(layer, args, kwargs, loc, path, direct);
    } finally {
      if (active === 0) this.active.delete(layer);
      else this.active.set(layer, active);
    }
  }

  private callModuleOnce(layer: BuiltLayer, args: readonly Val[], kwargs: Kw, loc: Loc, path: string | undefined, direct: boolean): Val {
    const row: Row | null =
      this.rows && path
        ? { path, type: layer.type, layer, loc: this.origins.get(layer) ?? loc, depth: path.split('.').length, inputs: args.filter(isTensorLike).map((a) => shapeOf(a) ?? null), output: null, macs: 0 }
        : null;
    if (row) this.rows!.push(row);
    const frame: CallFrame = { layer, macs: 0, unknownMacs: false };
    this.stack.push(frame);
    if (row) this.openRows.push(row);
    let result: Val;
    const input = args.find(isTensorVal);
    try {
      if (layer instanceof ModuleObj) result = this.forwardUserModule(layer, args, kwargs, loc);
      else {
        const flowArgs = args.map(toFlow);
        const kw = kwRecord(kwargs);
        this.conversionLimit(loc);
        const r = layer.forward(flowArgs, kw, this.forwardCtx(layer, loc, input?.origin, input as TensorVal | undefined));
        result = fromFlow(r);
      }
    } catch (e) {
      rethrowLimits(e, loc);
      this.interp.internalError(loc, `the shape rule of ${layer.type}`, e);
      result = tensorOf(null);
    } finally {
      this.stack.pop();
      if (row) this.openRows.pop();
    }
    if (!(layer instanceof ModuleObj) && COUNTS_MACS.test(layer.type) && (args.some(shapeUnknown) || shapeUnknown(result))) frame.unknownMacs = true;
    mergeFrame(this.stack[this.stack.length - 1], frame);
    const origin = `\`${path || layer.type}\` (${layer.type})`;
    result = withOrigin(result, origin);
    const own = layer instanceof ModuleObj || (layer.parameters !== null && layer.parameters.trainable + layer.parameters.nonTrainable > 0);
    const shortName = !path ? layer.type : /(^|\.)\d+$/.test(path) ? `${path} (${layer.type})` : path;
    result = stamp(result, input, { op: path ? `${path} (${layer.type})` : layer.type, name: shortName, loc, resets: own });
    if (direct && this.trace) this.trace.call(loc, path || layer.type, args, result);
    if (!(layer instanceof ModuleObj)) {
      const inRf = (input as TensorVal | undefined)?.rf ?? { size: 1, jump: 1 };
      const k = spatialKernel(layer);
      const outRf = k ? { size: inRf.size + (k.k - 1) * k.d * inRf.jump, jump: inRf.jump * k.s } : inRf;
      result = withRf(result, outRf);
      if (row && k) row.rf = outRf;
    }
    if (row) {
      row.output = firstShape(result);
      row.macs = frame.unknownMacs ? null : frame.macs;
    }
    return result;
  }

  /** Run `fn` in a fresh top-level frame and report the MACs it accumulated. */
  measure<T>(fn: () => T): { value: T; macs: Dim | null } {
    const frame: CallFrame = { layer: null, macs: 0, unknownMacs: false };
    this.stack.push(frame);
    try {
      const value = fn();
      return { value, macs: frame.unknownMacs ? null : frame.macs };
    } finally {
      this.stack.pop();
    }
  }

  /** Run `fn` inside a call frame (MACs reported by catalogue rules land in it). */
  withFrame(layer: BuiltLayer, fn: () => FlowValue): { result: FlowValue; macs: Dim | null } {
    const frame: CallFrame = { layer, macs: 0, unknownMacs: false };
    this.stack.push(frame);
    let result: FlowValue;
    try {
      result = fn();
    } catch (e) {
      const at = this.origins.get(layer);
      rethrowLimits(e, at);
      if (at) this.interp.internalError(at, `the shape rule of ${layer.type}`, e);
      result = { kind: 'tensor', shape: null };
    } finally {
      this.stack.pop();
    }
    const unknownIn = (v: FlowValue): boolean => (v.kind === 'tensor' ? v.shape === null : v.kind === 'tuple' ? v.items.some(unknownIn) : false);
    if (COUNTS_MACS.test(layer.type) && unknownIn(result)) frame.unknownMacs = true;
    mergeFrame(this.stack[this.stack.length - 1], frame);
    return { result, macs: frame.unknownMacs ? null : frame.macs };
  }

  forwardUserModule(mod: ModuleObj, args: readonly Val[], kwargs: Kw, loc?: Loc): Val {
    const at = loc ?? this.origins.get(mod)!;
    const fwd = mod.cls ? this.interp.classLookup(mod.cls, mod.framework === 'keras' ? 'call' : 'forward') : undefined;
    if (fwd && tag(fwd.value) === 'func') return this.interp.callFunction(fwd.value as never, [mod, ...args], kwargs, at, mod);
    if (mod.container === 'Sequential') {
      let x: Val = args.length ? args[0] : UNKNOWN;
      // Each entry is "called" where it was constructed: that is where a mismatch inside the Sequential shows.
      for (const [, c] of mod.children) x = this.callModule(c, [x], new Map(), this.origins.get(c) ?? at);
      return x;
    }
    if (mod.delegate) return fromFlow(mod.delegate.forward(args.map(toFlow), kwRecord(kwargs), this.forwardCtx(mod.delegate, at)));
    if (at) this.interp.report(at, 'error', `${mod.type} has no forward() and cannot be called`);
    return tensorOf(null);
  }

  /**
   * `copy.deepcopy`, with a memo as Python's: shared parts stay shared (and are copied once), a value that
   * contains itself is copied without looping.
   */
  deepcopy(v: Val, memo = new Map<object, Val>()): Val {
    if (typeof v === 'object' && v !== null && memo.has(v)) return memo.get(v)!;
    if (v instanceof ModuleObj) {
      const copyChild = (l: BuiltLayer): BuiltLayer => {
        const c = l instanceof ModuleObj ? l.clone(copyChild) : copyLayer(l);
        const o = this.origins.get(l);
        if (o) this.origins.set(c, o);
        return c;
      };
      return copyChild(v);
    }
    if (isLayerVal(v)) {
      const c = copyLayer(v);
      const o = this.origins.get(v);
      if (o) this.origins.set(c, o);
      return c;
    }
    const items = seqItems(v);
    if (items) {
      const out: Val[] = [];
      const copy = tag(v) === 'list' ? list(out) : tuple(out);
      memo.set(v as object, copy);
      for (const x of items) out.push(this.deepcopy(x, memo));
      return copy;
    }
    if (tag(v) === 'dict') {
      const map = new Map<string | number | boolean | null, Val>();
      const copy = { t: 'dict', map, ordered: (v as PyDict).ordered } as PyDict;
      memo.set(v as object, copy);
      for (const [k, x] of (v as PyDict).map) map.set(k, this.deepcopy(x, memo));
      return copy;
    }
    if (tag(v) === 'instance') return { t: 'instance', cls: (v as PyInstance).cls, dict: new Map((v as PyInstance).dict) } as PyInstance;
    return v;
  }

  // ------------------------------------------------------------------------------------------ builtins

  callBuiltin(name: string, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    const it = (v: Val) => this.interp.iterate(v, loc, f);
    switch (name) {
      case 'range': {
        const n = args.map((a) => (typeof a === 'boolean' ? Number(a) : a));
        if (!n.every((x) => typeof x === 'number' && Number.isInteger(x))) return UNKNOWN;
        const [a, b, c] = n as number[];
        return args.length === 1 ? { t: 'range', start: 0, stop: a, step: 1 } : { t: 'range', start: a, stop: b, step: c ?? 1 };
      }
      case 'len': {
        const v = args[0];
        if (typeof v === 'string') return v.length;
        if (isTensorLike(v)) return shapeOf(v)?.[0] ?? UNKNOWN;
        if (isLayerVal(v)) return v.children.length;
        if (tag(v) === 'dict') return (v as PyDict).map.size;
        const xs = v === UNKNOWN ? undefined : it(v);
        return xs ? xs.length : UNKNOWN;
      }
      case 'int': {
        const v = args[0];
        if (typeof v === 'number') return Math.trunc(v);
        if (typeof v === 'boolean') return Number(v);
        if (v instanceof SymDim) return v;
        if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return parseInt(v, 10);
        if (args.length === 0) return 0;
        return UNKNOWN;
      }
      case 'float': {
        const v = args[0];
        if (typeof v === 'number') return v;
        if (typeof v === 'string') return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v);
        return args.length === 0 ? 0 : UNKNOWN;
      }
      case 'bool': {
        const t = truthy(args[0] ?? false);
        return t === 'unknown' ? UNKNOWN : t;
      }
      case 'str':
      case 'repr':
      case 'format': {
        if (!args.length) return '';
        const v = formatValue(args[0], name === 'format' && typeof args[1] === 'string' ? args[1] : undefined, name === 'repr' ? 'r' : undefined);
        return v === undefined ? UNKNOWN : v;
      }
      case 'abs':
        return typeof args[0] === 'number' ? Math.abs(args[0]) : UNKNOWN;
      case 'round': {
        if (typeof args[0] !== 'number') return UNKNOWN;
        const digits = typeof args[1] === 'number' ? args[1] : null;
        if (digits === null) return bankersRound(args[0]);
        const p = 10 ** digits;
        return Math.round(args[0] * p) / p;
      }
      case 'min':
      case 'max': {
        const xs = args.length === 1 ? it(args[0]) : args;
        if (!xs || !xs.length) return UNKNOWN;
        if (kwargs.has('key')) return UNKNOWN;
        let best = xs[0];
        for (const x of xs.slice(1)) {
          const c = this.interp.scalarOp('-', x, best);
          if (typeof x !== 'number' || typeof best !== 'number') {
            if (isDim(x) && isDim(best) && c !== undefined) return UNKNOWN;
            return UNKNOWN;
          }
          if (name === 'min' ? x < best : x > best) best = x;
        }
        return best;
      }
      case 'sum': {
        const xs = it(at(args, 0));
        if (!xs) return UNKNOWN;
        let acc: Val = args[1] ?? 0;
        for (const x of xs) acc = this.binop('+', acc, x, loc, f, false);
        return acc;
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset': {
        if (!args.length) return name === 'tuple' ? tuple([]) : list([]);
        const xs = it(args[0]);
        if (!xs) return UNKNOWN;
        if (name === 'set' || name === 'frozenset') {
          // Distinct elements (a set of unknown values cannot be counted).
          const out: Val[] = [];
          for (const x of xs) {
            let dup: boolean | 'unknown' = false;
            for (const y of out) {
              const e = pyEquals(x, y);
              if (e === true) dup = true;
              else if (e === 'unknown' && dup !== true) dup = 'unknown';
            }
            if (dup === 'unknown') return UNKNOWN;
            if (!dup) out.push(x);
          }
          return list(out);
        }
        return name === 'tuple' ? tuple([...xs]) : list([...xs]);
      }
      case 'dict':
        return this.callExternal('dict', args, kwargs, loc, f);
      case 'enumerate': {
        const xs = it(at(args, 0));
        const start = typeof args[1] === 'number' ? args[1] : typeof kwargs.get('start') === 'number' ? (kwargs.get('start') as number) : 0;
        return xs ? list(xs.map((x, i) => tuple([i + start, x]))) : UNKNOWN;
      }
      case 'zip': {
        const lists = args.map((a) => it(a));
        if (lists.some((l) => !l)) return UNKNOWN;
        const n = Math.min(...lists.map((l) => l!.length));
        return list(Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l![i]))));
      }
      case 'reversed': {
        const xs = it(at(args, 0));
        return xs ? list([...xs].reverse()) : UNKNOWN;
      }
      case 'sorted': {
        const xs = it(at(args, 0));
        if (!xs || !xs.every((x) => typeof x === 'number' || typeof x === 'string') || kwargs.has('key')) return UNKNOWN;
        const out = [...xs].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
        return list(truthy(kwargs.get('reverse') ?? false) === true ? out.reverse() : out);
      }
      case 'any':
      case 'all': {
        const xs = it(at(args, 0));
        if (!xs) return UNKNOWN;
        let unknown = false;
        for (const x of xs) {
          const t = truthy(x);
          if (t === 'unknown') unknown = true;
          else if (name === 'any' && t) return true;
          else if (name === 'all' && !t) return false;
        }
        return unknown ? UNKNOWN : name === 'all';
      }
      case 'map': {
        const xs = it(at(args, 1));
        return xs ? list(xs.map((x) => this.interp.call(args[0], [x], new Map(), loc, f))) : UNKNOWN;
      }
      case 'filter': {
        const xs = it(at(args, 1));
        if (!xs) return UNKNOWN;
        return list(xs.filter((x) => truthy(args[0] === null ? x : this.interp.call(args[0], [x], new Map(), loc, f)) === true));
      }
      case 'divmod':
        return typeof args[0] === 'number' && typeof args[1] === 'number' && args[1] !== 0 ? tuple([Math.floor(args[0] / args[1]), ((args[0] % args[1]) + args[1]) % args[1]]) : UNKNOWN;
      case 'pow':
        return typeof args[0] === 'number' && typeof args[1] === 'number' ? args[0] ** args[1] : UNKNOWN;
      case 'isinstance':
        return this.isInstance(at(args, 0), at(args, 1));
      case 'hasattr': {
        const v = this.getAttr(at(args, 0), String(args[1]), loc, f);
        return v === UNKNOWN ? UNKNOWN : tag(v) !== 'native';
      }
      case 'getattr': {
        if (typeof args[1] !== 'string') return UNKNOWN;
        const v = this.getAttr(at(args, 0), args[1], loc, f);
        if (tag(v) === 'native' && args.length > 2) return args[2];
        return v;
      }
      case 'setattr':
        if (typeof args[1] === 'string') this.setAttr(at(args, 0), args[1], at(args, 2), loc, f);
        return null;
      case 'super':
        if (args.length === 2 && tag(args[0]) === 'class') return { t: 'super', self: args[1], after: args[0] as PyClass } as SuperProxy;
        return UNKNOWN;
      case 'type':
        if (args[0] instanceof ModuleObj && args[0].cls) return args[0].cls;
        if (tag(args[0]) === 'instance') return (args[0] as PyInstance).cls;
        return UNKNOWN;
      case 'callable':
        return UNKNOWN;
      case 'vars':
        if (tag(args[0]) === 'instance') return { t: 'dict', map: new Map((args[0] as PyInstance).dict) } as PyDict;
        return UNKNOWN;
      case 'slice':
        return { t: 'slice', start: args.length > 1 ? args[0] : null, stop: args.length > 1 ? args[1] : (args[0] ?? null), step: args[2] ?? null } as PySlice;
      case 'print':
      case 'exception':
        return null;
    }
    return UNKNOWN;
  }

  private isInstance(v: Val, cls: Val): Val {
    const classes = seqItems(cls) ?? [cls];
    let unknown = false;
    for (const c of classes) {
      if (tag(c) === 'ref') {
        const n = (c as ExternalRef).name;
        if (n === 'int') {
          if (typeof v === 'number') return Number.isInteger(v);
          if (v instanceof SymDim) return true;
        }
        if (n === 'float' && typeof v === 'number') return !Number.isInteger(v);
        if (n === 'str' && typeof v === 'string') return true;
        if (n === 'bool' && typeof v === 'boolean') return true;
        if (n === 'torch.Tensor' || n === 'torch.nn.Parameter' || n === 'torch.nn.parameter.Parameter') {
          if (isTensorVal(v) || tag(v) === 'param') {
            if (n === 'torch.Tensor' || tag(v) === 'param') return true;
            continue;
          }
          if (v !== UNKNOWN && (typeof v !== 'object' || v === null || tag(v) !== undefined || isLayerVal(v))) continue;
        }
        if (isLayerVal(v) && n.startsWith('torch.nn.')) {
          const short = n.slice(9);
          if (short === 'Module' || v.type === short) return true;
          if (v instanceof ModuleObj && v.cls && this.interp.externalBases(v.cls).includes(n)) return true;
          continue;
        }
        unknown = true;
      } else if (tag(c) === 'builtin') {
        const n = (c as Builtin).name;
        // Each class of a tuple is tried in turn: a miss moves on to the next one.
        const hit =
          n === 'int' ? (typeof v === 'number' ? Number.isInteger(v) : v instanceof SymDim || typeof v === 'boolean')
          : n === 'float' ? typeof v === 'number' && !Number.isInteger(v)
          : n === 'str' ? typeof v === 'string'
          : n === 'bool' ? typeof v === 'boolean'
          : n === 'list' ? tag(v) === 'list'
          : n === 'tuple' ? tag(v) === 'tuple'
          : n === 'dict' ? tag(v) === 'dict'
          : undefined;
        if (hit === true && v !== UNKNOWN) return true;
        if (hit === undefined) unknown = true;
      } else if (tag(c) === 'class') {
        const k = c as PyClass;
        const vc = v instanceof ModuleObj ? v.cls : tag(v) === 'instance' ? (v as PyInstance).cls : null;
        if (vc && this.interp.mro(vc).includes(k)) return true;
      } else unknown = true;
    }
    return v === UNKNOWN || unknown ? UNKNOWN : false;
  }

  // ------------------------------------------------------------------------------------------ native methods

  callNative(m: NativeMethod, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    const self = m.self;
    const name = m.name;
    if (name === '__namedtuple__') {
      const fields = ((self as PyTuple).items as string[]).slice();
      const items: Val[] = fields.map((fname, i) => (i < args.length ? args[i] : kwargs.has(fname) ? kwargs.get(fname)! : null));
      return { t: 'tuple', items, fields } as PyTuple;
    }
    if (name === '__partial__') {
      const [fn, pa, pk] = (self as { items: Val[] }).items;
      const kw = new Map((pk as PyDict).map as Map<string, Val>);
      for (const [k, v] of kwargs) kw.set(k, v);
      return this.interp.call(fn, [...(seqItems(pa) ?? []), ...args], kw, loc, f);
    }
    if (name.startsWith('kmodel.')) return this.keras.modelMethod(self as KerasModelVal, name.slice(7), args, loc);
    if (name.startsWith('super.')) {
      if (name === 'super.__init__' && tag(self) === 'instance') {
        this.dataclassInit((self as PyInstance).cls, self as PyInstance, args, kwargs);
        return null;
      }
      if (name === 'super.__init__') return this.superInit(self, args, kwargs, loc, f);
      if (name === 'super.forward' && self instanceof ModuleObj) {
        if (self.container === 'Sequential') {
          let x: Val = at(args, 0);
          for (const [, c] of self.children) x = this.callModule(c, [x], new Map(), loc);
          return x;
        }
        if (self.delegate) return fromFlow(self.delegate.forward(args.map(toFlow), kwRecord(kwargs), this.forwardCtx(self.delegate, loc)));
      }
      return UNKNOWN;
    }
    if (isTensorLike(self)) {
      const known = isTensorVal(self) && self.values ? valueMethod(self, name) : undefined;
      if (known !== undefined) return known;
      const r = tensorMethod(self, name, args, kwargs, this.opEnv(loc));
      if (r !== undefined) return stamp(r, self, { op: `.${name}()`, name: `.${name}()`, loc, resets: false });
      if (this.inForward) this.interp.report(loc, 'info', `Tensor.${name}() is not modelled: its result is unknown`);
      return UNKNOWN;
    }
    if (isLayerVal(self)) return this.layerMethod(self, name, args, kwargs, loc, f);
    if (typeof self === 'string') return strMethod(self, name, args);
    switch (tag(self)) {
      case 'list':
      case 'tuple':
        return this.listMethod(self as PyList, name, args, loc, f);
      case 'dict':
        if (name !== 'get' && name !== 'keys' && name !== 'values' && name !== 'items' && name !== 'copy') this.interp.effects++;
        return dictMethod(self as PyDict, name, args);
    }
    return UNKNOWN;
  }

  private listMethod(l: PyList, name: string, args: readonly Val[], loc: Loc, f: Frame): Val {
    const items = l.items;
    if (name !== 'index' && name !== 'count' && name !== 'copy') this.interp.effects++;
    switch (name) {
      case 'append':
        if (tag(l) === 'list' && this.interp.fits(items.length + 1, loc, 'list')) items.push(at(args, 0));
        return null;
      case 'extend': {
        const xs = this.interp.iterate(at(args, 0), loc, f);
        if (xs && tag(l) === 'list' && this.interp.fits(items.length + xs.length, loc, 'list')) for (const x of xs) items.push(x);
        return null;
      }
      case 'insert':
        if (typeof args[0] === 'number' && tag(l) === 'list' && this.interp.fits(items.length + 1, loc, 'list')) items.splice(args[0] < 0 ? Math.max(0, items.length + args[0]) : args[0], 0, at(args, 1));
        return null;
      case 'pop': {
        if (tag(l) !== 'list' || !items.length) return UNKNOWN;
        const i = typeof args[0] === 'number' ? (args[0] < 0 ? items.length + args[0] : args[0]) : items.length - 1;
        return i >= 0 && i < items.length ? items.splice(i, 1)[0] : UNKNOWN;
      }
      case 'index': {
        const i = items.findIndex((x) => pyEquals(x, at(args, 0)) === true);
        return i >= 0 ? i : UNKNOWN;
      }
      case 'count':
        return items.filter((x) => pyEquals(x, at(args, 0)) === true).length;
      case 'copy':
        return list([...items]);
      case 'reverse':
        items.reverse();
        return null;
    }
    return UNKNOWN;
  }

  private layerMethod(layer: BuiltLayer, name: string, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    const mod = layer instanceof ModuleObj ? layer : null;
    this.interp.effects++;
    if (MODULE_METHODS_RETURN_SELF.has(name)) {
      if (name === 'apply' && args[0] !== undefined) return layer; // weight init functions don't change shapes
      return layer;
    }
    switch (name) {
      case 'forward':
      case '__call__':
        return this.callModule(layer, args, kwargs, loc);
      case 'parameters':
        return list([{ t: 'paramsof', module: layer } as ParamsOf]);
      case 'named_parameters':
      case 'named_buffers':
        // One stand-in for all of them, under a name the engine does not know: code that picks parameters
        // by name (`if 'fc' in name: p.requires_grad = False`) then depends on an unknown value.
        return list([tuple([UNKNOWN, { t: 'paramsof', module: layer } as ParamsOf])]);
      case 'requires_grad_':
        this.setFrozen(layer, truthy(args[0] ?? kwargs.get('requires_grad') ?? true) === false);
        return layer;
      case 'children':
        return list(layer.children.map(([, c]) => c));
      case 'named_children':
        return list(layer.children.map(([n, c]) => tuple([n, c])));
      case 'modules':
      case 'named_modules': {
        const out: Val[] = [];
        const seen = new Set<BuiltLayer>();
        const walk = (l: BuiltLayer, p: string, depth: number) => {
          if (seen.has(l) || depth > 60) return;
          seen.add(l);
          out.push(name === 'modules' ? l : tuple([p, l]));
          for (const [n, c] of l.children) walk(c, p ? `${p}.${n}` : n, depth + 1);
        };
        walk(layer, '', 0);
        return list(out);
      }
      case 'register_buffer': {
        if (mod && typeof args[0] === 'string') {
          const s = shapeOf(args[1] ?? null);
          const n = s && s.every(isConcrete) ? (product(s) as number) : 0;
          if (args[1] !== null) mod.bufferSizes.set(args[0], n);
          mod.dict.set(args[0], args[1] === null ? null : tensorOf(s ?? null));
        }
        return null;
      }
      case 'register_parameter':
        if (mod && typeof args[0] === 'string' && tag(args[1] ?? null) === 'param') mod.params.set(args[0], args[1] as ParamVal);
        return null;
      case 'add_module':
      case 'register_module':
        if (mod && typeof args[0] === 'string' && isLayerVal(args[1] ?? null)) mod.setChild(args[0], args[1] as BuiltLayer);
        return null;
      case 'get_submodule':
        return typeof args[0] === 'string' ? (resolveChild(layer, args[0]) ?? UNKNOWN) : UNKNOWN;
      case 'append':
        if (mod) this.appendModule(mod, at(args, 0), loc);
        return layer;
      case 'extend': {
        const xs = this.interp.iterate(at(args, 0), loc, f) ?? [];
        if (mod) for (const x of xs) this.appendModule(mod, x, loc);
        return layer;
      }
      case 'insert': {
        if (mod && typeof args[0] === 'number' && isLayerVal(args[1] ?? null)) {
          const kids = mod.children.map(([, c]) => c);
          kids.splice(args[0], 0, args[1] as BuiltLayer);
          mod.children = kids.map((c, i) => [String(i), c]);
        }
        return null;
      }
      case 'keys':
        return list(layer.children.map(([n]) => n));
      case 'values':
        return list(layer.children.map(([, c]) => c));
      case 'items':
        return list(layer.children.map(([n, c]) => tuple([n, c])));
      case 'update':
        if (mod && tag(args[0] ?? null) === 'dict') for (const [k, v] of (args[0] as PyDict).map) if (isLayerVal(v)) mod.setChild(String(k), v);
        return null;
      case 'state_dict':
      case 'load_state_dict':
      case 'extra_repr':
      case 'register_forward_hook':
      case 'register_forward_pre_hook':
        return UNKNOWN;
    }
    return UNKNOWN;
  }

  // ------------------------------------------------------------------------------------------ parameter totals

  /**
   * Parameters of a module tree the way `module.parameters()` counts them: each parameter object once,
   * tied weights (`head.weight = emb.weight`) counted where first met; frozen modules' parameters are
   * non-trainable. `unknown` counts layers whose parameters could not be worked out.
   */
  /**
   * `sum(p.numel() for p in module.parameters())`, split trainable/frozen, plus buffers. Exact at any size:
   * sums are BigInt. `inexact` counts layers whose own count the engine cannot vouch for (not an integer, or
   * past 2^53 where a double may have rounded it and no exact formula is known); `unknown` counts layers and
   * parameters of unknown size. Walks the module tree without recursion (any nesting depth) and visits each
   * module once (shared modules and cycles such as `m.append(m)` count once, as `parameters()` does).
   */
  countParams(root: BuiltLayer): ParamTotals {
    let trainable = 0n;
    let nonTrainable = 0n;
    let buffers = 0n;
    let unknown = 0;
    let inexact = 0;
    const seenMods = new Set<BuiltLayer>();
    const seenParams = new Set<ParamVal>();
    const numelOf = (p: ParamVal): bigint | null => {
      if (!p.shape || !p.shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return null;
      let n = 1n;
      for (const d of p.shape as number[]) n *= BigInt(d);
      return n;
    };
    const exact = (n: number): bigint | null => (Number.isSafeInteger(n) && n >= 0 ? BigInt(n) : null);
    const addParam = (p: ParamVal, frozen: boolean) => {
      if (seenParams.has(p)) return;
      seenParams.add(p);
      const n = numelOf(p);
      if (n === null) {
        unknown++;
        return;
      }
      if (p.requiresGrad && !frozen) trainable += n;
      else nonTrainable += n;
    };
    const ownCatalogue = (l: BuiltLayer, frozen: boolean) => {
      const pc = l.parameters;
      if (!pc) {
        unknown++;
        return;
      }
      let t = exact(pc.trainable) ?? exactOwnCount(l, pc.trainable);
      let nt = exact(pc.nonTrainable);
      if (t === null || nt === null) {
        inexact++;
        return;
      }
      const ov = this.overrides.get(l);
      const reads = this.paramReads.get(l);
      // The layer's own parameters that code referenced by name: count each object once.
      if (reads)
        for (const [n, p] of reads) {
          if (ov?.has(n)) continue;
          const k = numelOf(p) ?? 0n;
          if (seenParams.has(p)) t -= k;
          else seenParams.add(p);
          if (!p.requiresGrad && !frozen) {
            t -= k;
            nt += k;
          }
        }
      if (ov)
        for (const [n, p] of ov) {
          const own = l.attributes[n];
          const ownShape = typeof own === 'object' && own !== null && !Array.isArray(own) && (own as FlowValue).kind === 'tensor' ? (own as TensorVal).shape : null;
          if (ownShape && ownShape.every((d) => typeof d === 'number' && Number.isSafeInteger(d))) t -= (ownShape as number[]).reduce((a, d) => a * BigInt(d), 1n);
          addParam(p, frozen);
        }
      if (frozen) {
        nt += t;
        t = 0n;
      }
      trainable += t;
      nonTrainable += nt;
    };
    const stack: BuiltLayer[] = [root];
    while (stack.length) {
      const l = stack.pop()!;
      if (seenMods.has(l)) continue;
      seenMods.add(l);
      const frozen = this.frozen.has(l);
      const b = exact(l.buffers);
      if (b === null) inexact++;
      else buffers += b;
      if (l instanceof ModuleObj) {
        if (l.delegate) ownCatalogue(l.delegate, frozen);
        for (const p of l.params.values()) addParam(p, frozen);
      } else ownCatalogue(l, frozen);
      const next: BuiltLayer[] = l.children.map(([, c]) => c);
      // Keras tracks a Sequential assigned to an attribute of a subclassed model as a sub-layer.
      if (l instanceof ModuleObj && l.framework === 'keras') for (const v of l.dict.values()) if (tag(v) === 'kmodel') next.push(...(v as KerasModelVal).layers);
      for (let i = next.length - 1; i >= 0; i--) if (!seenMods.has(next[i])) stack.push(next[i]);
    }
    return { trainable, nonTrainable, buffers, unknown, inexact };
  }

}

// ---------------------------------------------------------------------------------------------- helpers

/** Nested module calls the engine follows (deeper is reported as the depth limit). */
const MAX_MODULE_DEPTH = 1000;
/** A user module running inside itself this many times is a cycle (legitimate recursion is shallower). */
const MAX_REENTRY = 8;

/** Parameter totals of a module tree (see Host.countParams). */
export interface ParamTotals {
  trainable: bigint;
  nonTrainable: bigint;
  buffers: bigint;
  /** Layers or parameters whose size is unknown (not counted). */
  unknown: number;
  /** Layers whose own count is not exact (not counted). */
  inexact: number;
}

/**
 * The exact own parameter count of a catalogue layer whose double-precision count passed 2^53, from its
 * constructor attributes (the layers that get that large: Linear, Embedding, convolutions). Null when the
 * layer has no known formula.
 */
function exactOwnCount(l: BuiltLayer, approx: number): bigint | null {
  if (!(approx > Number.MAX_SAFE_INTEGER)) return null;
  const a = l.attributes as Record<string, unknown>;
  const int = (v: unknown): bigint | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null);
  const ints = (v: unknown): bigint[] | null => {
    const xs = Array.isArray(v) ? v : [v];
    const out = xs.map(int);
    return out.every((x): x is bigint => x !== null) ? out : null;
  };
  if (l.type === 'Linear') {
    const i = int(a.in_features);
    const o = int(a.out_features);
    if (i === null || o === null) return null;
    return i * o + (a.bias ? o : 0n);
  }
  if (l.type === 'Embedding') {
    const n = int(a.num_embeddings);
    const d = int(a.embedding_dim);
    return n === null || d === null ? null : n * d;
  }
  if (/^Conv(Transpose)?[123]d$/.test(l.type)) {
    const i = int(a.in_channels);
    const o = int(a.out_channels);
    const g = int(a.groups ?? 1);
    const k = ints(a.kernel_size);
    if (i === null || o === null || g === null || g === 0n || k === null) return null;
    const spatial = k.reduce((x, y) => x * y, 1n);
    const weight = l.type.includes('Transpose') ? i * (o / g) * spatial : o * (i / g) * spatial;
    return weight + (a.bias ? o : 0n);
  }
  return null;
}

/** Layer arguments that change neither parameters nor shapes (their being unknown is harmless). */
const NON_STRUCTURAL_ARGS = new Set(['p', 'inplace', 'eps', 'momentum', 'negative_slope', 'approximate', 'alpha', 'beta', 'lambd', 'threshold', 'min_val', 'max_val', 'value', 'device', 'dtype', 'init', 'name', 'training', 'track_running_stats_', 'memory_efficient', 'layer_norm_eps', 'dropout', 'attn_drop', 'proj_drop', 'drop', 'drop_rate']);

function containsUnknown(v: PyArg | undefined, depth: number): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v) && depth < 4) return v.some((x) => containsUnknown(x as PyArg, depth + 1));
  return false;
}

function isKey(k: Val): boolean {
  return typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean' || k === null;
}

export function resolveChild(layer: BuiltLayer, dotted: string): BuiltLayer | undefined {
  let cur: BuiltLayer | undefined = layer;
  for (const part of dotted.split('.')) {
    cur = cur instanceof ModuleObj ? cur.getChild(part) : cur?.children.find(([n]) => n === part)?.[1];
    if (!cur) return undefined;
  }
  return cur;
}

function fromPyArg(a: PyArg): Val {
  if (Array.isArray(a)) return tuple(a.map(fromPyArg));
  return a as Val;
}

export function firstShape(v: Val, depth = 0): Shape | null {
  if (isTensorLike(v)) return shapeOf(v) ?? null;
  if (depth > 8) return null;
  const items = seqItems(v);
  if (items && items.length) return firstShape(items[0], depth + 1);
  if (tag(v) === 'dict') {
    const first = (v as PyDict).map.values().next();
    return first.done ? null : firstShape(first.value, depth + 1);
  }
  // A dataclass (or any object) returned as the output: its first tensor field, as hooks see it.
  if (tag(v) === 'instance') {
    for (const x of (v as PyInstance).dict.values()) {
      const s = firstShape(x, depth + 1);
      if (s) return s;
    }
  }
  return null;
}

/** Kernel, stride and dilation (first spatial axis) of a conv/pool layer, for receptive-field tracking. */
export function spatialKernel(layer: BuiltLayer): { k: number; s: number; d: number } | undefined {
  if (!/^(Conv[123][dD]|MaxPool[123]d|AvgPool[123]d|LPPool[123]d|MaxPooling[123]D|AveragePooling[123]D|DepthwiseConv2D|SeparableConv2D)$/.test(layer.type)) return undefined;
  const a = layer.attributes as Record<string, unknown>;
  const first = (v: unknown): number | undefined => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : undefined);
  const k = first(a.kernel_size) ?? first(a.pool_size);
  if (k === undefined) return undefined;
  const s = first(a.stride) ?? first(a.strides) ?? (/Pool/.test(layer.type) ? k : 1);
  const d = first(a.dilation) ?? first(a.dilation_rate) ?? 1;
  return { k, s, d };
}

function withRf(v: Val, rf: { size: number; jump: number }): Val {
  if (isTensorVal(v)) return { ...v, rf };
  const items = seqItems(v);
  if (items && tag(v) === 'tuple') return tuple(items.map((x) => withRf(x, rf)));
  return v;
}

/** `torch.nn.functional.max_pool2d` → `F.max_pool2d`; other names keep their last two parts. */
function opName(name: string): string {
  if (name.startsWith('torch.nn.functional.')) return `F.${name.slice(20)}`;
  return name.split('.').slice(-2).join('.');
}

function firstTensorArg(args: readonly Val[]): Val | undefined {
  for (const a of args) {
    if (isTensorVal(a)) return a;
    const items = seqItems(a);
    if (items) {
      const t = items.find(isTensorVal);
      if (t) return t;
    }
  }
  return undefined;
}

function withOrigin(v: Val, origin: string): Val {
  if (isTensorVal(v)) return { ...v, origin };
  const items = seqItems(v);
  if (items && tag(v) === 'tuple') return tuple(items.map((x) => withOrigin(x, origin)));
  return v;
}

function sliceIndices(s: PySlice, n: number): number[] | null {
  const num = (v: Val) => (v === null ? null : typeof v === 'number' ? v : undefined);
  const a = num(s.start);
  const b = num(s.stop);
  const st = num(s.step) ?? 1;
  if (a === undefined || b === undefined || st === undefined || st === 0) return null;
  const norm = (v: number | null, def: number) => (v === null ? def : v < 0 ? Math.max(v + n, st > 0 ? 0 : -1) : Math.min(v, st > 0 ? n : n - 1));
  const start = norm(a, st > 0 ? 0 : n - 1);
  const stop = norm(b, st > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; st > 0 ? i < stop : i > stop; i += st) out.push(i);
  return out;
}

function bankersRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function mathCall(name: string, args: readonly Val[]): Val {
  const n = args.map((a) => (typeof a === 'number' ? a : NaN));
  if (n.some(Number.isNaN)) {
    if (name === 'prod' && seqItems(args[0] ?? null)) {
      const xs = seqItems(args[0])!;
      if (xs.every(isDim)) return product(xs as Dim[]);
    }
    return UNKNOWN;
  }
  switch (name) {
    case 'sqrt':
      return Math.sqrt(n[0]);
    case 'ceil':
      return Math.ceil(n[0]);
    case 'floor':
      return Math.floor(n[0]);
    case 'log':
      return args.length > 1 ? Math.log(n[0]) / Math.log(n[1]) : Math.log(n[0]);
    case 'log2':
      return Math.log2(n[0]);
    case 'log10':
      return Math.log10(n[0]);
    case 'exp':
      return Math.exp(n[0]);
    case 'pow':
      return n[0] ** n[1];
    case 'gcd': {
      let [a, b] = [Math.abs(n[0]), Math.abs(n[1])];
      while (b) [a, b] = [b, a % b];
      return a;
    }
    case 'isqrt':
      return Math.floor(Math.sqrt(n[0]));
    case 'cos':
      return Math.cos(n[0]);
    case 'sin':
      return Math.sin(n[0]);
  }
  return UNKNOWN;
}

function strMethod(s: string, name: string, args: readonly Val[]): Val {
  switch (name) {
    case 'lower':
      return s.toLowerCase();
    case 'upper':
      return s.toUpperCase();
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      const chars = typeof args[0] === 'string' ? args[0] : undefined;
      const set = (c: string) => (chars === undefined ? /\s/.test(c) : chars.includes(c));
      let a = 0;
      let b = s.length;
      if (name !== 'rstrip') while (a < b && set(s[a])) a++;
      if (name !== 'lstrip') while (b > a && set(s[b - 1])) b--;
      return s.slice(a, b);
    }
    case 'startswith':
      return typeof args[0] === 'string' ? s.startsWith(args[0]) : UNKNOWN;
    case 'endswith':
      return typeof args[0] === 'string' ? s.endsWith(args[0]) : UNKNOWN;
    case 'replace':
      return typeof args[0] === 'string' && typeof args[1] === 'string' ? s.split(args[0]).join(args[1]) : UNKNOWN;
    case 'split':
      return list((typeof args[0] === 'string' ? s.split(args[0]) : s.trim().split(/\s+/)).filter((x) => x !== '' || typeof args[0] === 'string'));
    case 'format': {
      let i = 0;
      let failed = false;
      const out = s.replace(/\{\{|\}\}|\{(\w*)(?::([^}]*))?\}/g, (all, key: string | undefined, spec: string | undefined) => {
        if (all === '{{') return '{';
        if (all === '}}') return '}';
        const v = key && /^\d+$/.test(key) ? args[Number(key)] : key ? undefined : args[i++];
        const r = v === undefined ? undefined : formatValue(v, spec);
        if (r === undefined) failed = true;
        return r ?? all;
      });
      return failed ? UNKNOWN : out;
    }
    case 'join': {
      const xs = seqItems(args[0] ?? null);
      if (!xs || !xs.every((x) => typeof x === 'string')) return UNKNOWN;
      let total = s.length * Math.max(0, xs.length - 1);
      for (const x of xs) total += (x as string).length;
      return total > MAX_CHARS ? UNKNOWN : xs.join(s);
    }
  }
  return UNKNOWN;
}

function dictMethod(d: PyDict, name: string, args: readonly Val[]): Val {
  const key = args[0];
  const isK = isKey(key ?? UNKNOWN);
  switch (name) {
    case 'get': {
      if (!isK) return UNKNOWN;
      const v = d.map.get(key as never);
      return v === undefined ? (args[1] ?? null) : v;
    }
    case 'keys':
      return list([...d.map.keys()]);
    case 'values':
      return list([...d.map.values()]);
    case 'items':
      return list([...d.map.entries()].map(([k, v]) => tuple([k, v])));
    case 'pop': {
      if (!isK) return UNKNOWN;
      const v = d.map.get(key as never);
      d.map.delete(key as never);
      return v === undefined ? (at(args, 1)) : v;
    }
    case 'setdefault': {
      if (!isK) return UNKNOWN;
      if (!d.map.has(key as never)) d.map.set(key as never, args[1] ?? null);
      return d.map.get(key as never)!;
    }
    case 'update':
      if (tag(key ?? null) === 'dict') for (const [k, v] of (key as PyDict).map) d.map.set(k, v);
      return null;
    case 'copy':
      return { t: 'dict', map: new Map(d.map) } as PyDict;
  }
  return UNKNOWN;
}


/** The i-th positional argument; UNKNOWN only when it was not given (None is a value). */
function at(args: readonly Val[], i: number): Val {
  return i < args.length ? args[i] : UNKNOWN;
}
