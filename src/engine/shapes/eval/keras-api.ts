/**
 * Keras support: `Sequential([...])` and `.add()`, the functional API (`Input` → layers → `Model`), layer
 * names the way Keras auto-names them (`dense`, `dense_1`, `conv2d` …, or `name=`), and lazily built layers
 * that declare their weights on first call.
 */
import type { BuiltLayer, LayerDef, Shape } from '../contract';
import { add, sym, type Dim } from '../dims';
import { ModuleObj } from './module-obj';
import { kwRecord, toFlow, toPyArg } from './convert-args';
import type { Host, Row } from './host';
import { rethrowLimits, type Kw } from './interpreter';
import { shapeOf } from './tensor-api';
import { bindArgs, lookupLayer } from '../layers/registry';
import {
  UNKNOWN,
  fromFlow,
  isLayerVal,
  isTensorVal,
  list,
  seqItems,
  tag,
  tensorOf,
  tuple,
  type KerasModelVal,
  type KerasNode,
  type Loc,
  type NativeMethod,
  type PyClass,
  type TensorVal,
  type Val,
} from './values';

/** One call of a Keras layer on symbolic tensors. */
export interface KerasCall {
  readonly node: KerasNode;
  readonly name: string;
  readonly layer: BuiltLayer;
  readonly loc: Loc;
  readonly inputs: (Shape | null)[];
  readonly output: Shape | null;
  readonly macs: Dim | null;
}

/** Keras's `to_snake_case`: Conv2D → conv2d, BatchNormalization → batch_normalization. */
export function kerasSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s.startsWith('_') ? `private${s}` : s;
}

const MERGE_FUNCTIONS: Record<string, string> = {
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  concatenate: 'Concatenate',
  dot: 'Dot',
};

const MODEL_NOOP = new Set(['summary', 'compile', 'fit', 'build', 'evaluate', 'predict', 'save', 'save_weights', 'load_weights', 'count_params', 'get_config']);

export class KerasSupport {
  private counters = new Map<string, number>();
  readonly names = new WeakMap<BuiltLayer, string>();
  readonly inputShapes = new WeakMap<BuiltLayer, Shape>();
  readonly log: KerasCall[] = [];
  private nextNode = 1;
  private modelCount = new Map<string, number>();

  constructor(private readonly host: Host) {}

  resetNames(): void {
    this.counters.clear();
    this.modelCount.clear();
  }

  autoName(base: string, startAtOne = false): string {
    const n = this.counters.get(base) ?? 0;
    this.counters.set(base, n + 1);
    if (startAtOne) return `${base}_${n + 1}`;
    return n === 0 ? base : `${base}_${n}`;
  }

  nameOf(layer: BuiltLayer): string {
    let n = this.names.get(layer);
    if (!n) this.names.set(layer, (n = this.autoName(kerasSnakeCase(layer.type))));
    return n;
  }

  buildLayer(name: string, def: LayerDef, args: readonly Val[], kwargs: Kw, loc: Loc): Val {
    const kw = new Map(kwargs);
    const explicitName = kw.get('name');
    kw.delete('name');
    let inputShape: Shape | undefined;
    const is = kw.get('input_shape') ?? kw.get('batch_input_shape');
    const batchInput = kw.has('batch_input_shape');
    const dim = kw.get('input_dim');
    const known = new Set(def.signature.map((p) => p.name));
    const hasVarKw = def.signature.some((p) => p.name.startsWith('**'));
    if (is !== undefined) {
      const items = seqItems(is);
      if (items) inputShape = dimsOf(batchInput ? items.slice(1) : items);
    } else if (typeof dim === 'number') inputShape = [dim];
    for (const k of [...kw.keys()]) if (!known.has(k) && !hasVarKw) kw.delete(k);
    const short = name.slice(name.lastIndexOf('.') + 1);
    const bound = bindArgs(def.signature, args.map(toPyArg), kwRecord(kw), short);
    this.host.conversionLimit(loc);
    for (const m of bound.messages) this.host.interp.report(loc, m.severity, m.message, m.code);
    let layer: BuiltLayer;
    try {
      layer = def.build(bound.args, { report: (m) => this.host.interp.report(loc, m.severity, m.message, m.code) });
    } catch (e) {
      rethrowLimits(e, loc);
      this.host.interp.internalError(loc, `building ${short}`, e);
      return this.host.unknownLayer(short, loc, false);
    }
    this.host.origins.set(layer, loc);
    this.names.set(layer, typeof explicitName === 'string' ? explicitName : this.autoName(kerasSnakeCase(layer.type)));
    if (inputShape) this.inputShapes.set(layer, inputShape);
    return layer;
  }

  /**
   * Input shapes given by the caller (`--input 1,200`), applied in order to the file's `keras.Input(...)`
   * calls: a given shape fills the declared input's `None` dimensions and its batch dimension when the ranks
   * agree and every declared size matches.
   */
  declaredInputs: Shape[] | undefined;
  private inputsUsed = 0;
  /** Given input shapes that did not fit a declared Input (reported with the file's diagnostics). */
  readonly inputMismatches: Array<{ loc: Loc; severity: 'warning'; message: string }> = [];

  private inputTensor(shapeV: Val, kwargs: Kw, loc: Loc): TensorVal {
    const items = seqItems(shapeV);
    const batch = kwargs.get('batch_size');
    let shape: Shape | null = items ? [typeof batch === 'number' ? batch : sym('N'), ...dimsOf(items)] : null;
    const given = this.declaredInputs?.[this.inputsUsed];
    if (given && shape) {
      this.inputsUsed++;
      const declared = shape;
      const fits = given.length === declared.length && declared.every((d, i) => i === 0 || typeof d !== 'number' || given[i] === d);
      if (fits) shape = given;
      else this.inputMismatches.push({ loc, severity: 'warning', message: `the given input shape [${given.join(', ')}] does not fit this Input (shape [${declared.slice(1).map((d) => (typeof d === 'number' ? d : 'None')).join(', ')}]); ignored` });
    }
    const nameV = kwargs.get('name');
    const name = typeof nameV === 'string' ? nameV : this.autoName('input', true);
    const layer = inputLayer();
    this.names.set(layer, name);
    this.host.origins.set(layer, loc);
    const node: KerasNode = { id: this.nextNode++, layer, inputs: [], rowIndex: this.log.length };
    const t: TensorVal = { kind: 'tensor', shape, keras: node, dtype: kwargs.get('dtype') === 'int32' || kwargs.get('dtype') === 'int64' ? 'long' : undefined };
    this.log.push({ node, name, layer, loc, inputs: [], output: shape, macs: 0 });
    return t;
  }

  callExternal(name: string, args: readonly Val[], kwargs: Kw, loc: Loc): Val | undefined {
    const short = name.slice(name.lastIndexOf('.') + 1);
    // Functional merge helpers (`layers.add([a, b])`) create the matching layer and call it.
    const merge = MERGE_FUNCTIONS[short];
    if (merge && name.startsWith('keras.layers.')) {
      const def = lookupLayer(`keras.layers.${merge}`);
      if (def) {
        const kw = new Map(kwargs);
        kw.delete('inputs');
        const layer = this.buildLayer(`keras.layers.${merge}`, def, args.slice(1), kw, loc);
        if (isLayerVal(layer)) return this.callLayer(layer, [kwargs.get('inputs') ?? args[0] ?? UNKNOWN], new Map(), loc);
      }
      return undefined;
    }
    switch (short) {
      case 'Sequential': {
        const layersV = kwargs.get('layers') ?? args[0];
        const m: KerasModelVal = { t: 'kmodel', kind: 'sequential', name: this.modelName(kwargs, 'sequential'), layers: [], inputs: [], outputs: [], loc };
        for (const l of seqItems(layersV ?? null) ?? []) this.addToSequential(m, l, loc);
        return m;
      }
      case 'Model': {
        const inputs = kwargs.get('inputs') ?? args[0] ?? UNKNOWN;
        const outputs = kwargs.get('outputs') ?? args[1] ?? UNKNOWN;
        const ins = (seqItems(inputs) ?? [inputs]).filter(isTensorVal);
        const outs = (seqItems(outputs) ?? (tag(outputs) === 'dict' ? [] : [outputs])).filter(isTensorVal);
        return { t: 'kmodel', kind: 'functional', name: this.modelName(kwargs, 'model'), layers: [], inputs: ins, outputs: outs, loc } as KerasModelVal;
      }
      case 'Input':
        if (name === 'keras.Input' || name === 'keras.layers.Input') return this.inputTensor(kwargs.get('shape') ?? args[0] ?? UNKNOWN, kwargs, loc);
        return undefined;
      case 'InputLayer': {
        const shapeV = kwargs.get('input_shape') ?? kwargs.get('shape') ?? args[0] ?? UNKNOWN;
        const items = seqItems(shapeV);
        const layer = inputLayer();
        if (items) this.inputShapes.set(layer, dimsOf(items));
        return layer;
      }
    }
    return undefined;
  }

  private modelName(kwargs: Kw, base: string): string {
    const n = kwargs.get('name');
    if (typeof n === 'string') return n;
    const c = this.modelCount.get(base) ?? 0;
    this.modelCount.set(base, c + 1);
    return c === 0 ? base : `${base}_${c}`;
  }

  private addToSequential(m: KerasModelVal, l: Val, loc: Loc): void {
    if (isTensorVal(l) && l.keras) {
      // keras.Input(...) at the head of a Sequential fixes the input shape.
      if (l.shape) m.inputShape = l.shape.slice(1);
      return;
    }
    if (!isLayerVal(l)) {
      this.host.interp.report(loc, 'warning', 'Sequential entry is not a Keras layer; ignored');
      return;
    }
    if (l.type === 'InputLayer') {
      m.inputShape = this.inputShapes.get(l);
      return;
    }
    if (m.layers.length === 0 && !m.inputShape) m.inputShape = this.inputShapes.get(l);
    m.layers.push(l);
  }

  modelAttr(m: KerasModelVal, name: string): Val {
    if (name === 'layers') return list([...m.layers]);
    if (name === 'output') return m.outputs[0] ?? UNKNOWN;
    if (name === 'input') return m.inputs[0] ?? UNKNOWN;
    if (name === 'name') return m.name;
    return { t: 'native', name: `kmodel.${name}`, self: m } as NativeMethod;
  }

  modelMethod(m: KerasModelVal, name: string, args: readonly Val[], loc: Loc): Val {
    if (name === 'add') {
      if (args[0] !== undefined) this.addToSequential(m, args[0], loc);
      return null;
    }
    if (name === 'pop') return m.layers.pop() ?? UNKNOWN;
    if (MODEL_NOOP.has(name)) return UNKNOWN;
    return UNKNOWN;
  }

  /** A model called on a tensor (a Sequential used as a block inside a functional model). */
  callModel(m: KerasModelVal, args: readonly Val[], loc: Loc): Val {
    if (m.kind !== 'sequential') return tensorOf(null);
    let x: Val = args[0] ?? UNKNOWN;
    for (const l of m.layers) x = this.callLayer(l, [x], new Map(), loc);
    return x;
  }

  /** Call a Keras layer on symbolic tensors: shape rule, lazy weights, a row and a graph node. */
  callLayer(layer: BuiltLayer, args: readonly Val[], kwargs: Kw, loc: Loc): Val {
    const name = this.nameOf(layer);
    const first = args[0] ?? UNKNOWN;
    const inputsList = seqItems(first);
    const flowArgs = inputsList ? [{ kind: 'tuple' as const, items: inputsList.map(toFlow) }, ...args.slice(1).map(toFlow)] : args.map(toFlow);
    const inputTensors = (inputsList ?? args).filter(isTensorVal);
    const inputs = inputTensors.map((t) => shapeOf(t) ?? null);
    // Rows in call (pre-)order; the model being analysed gets no row of its own.
    const row: Row | null =
      this.host.rows && this.host.pathOf.get(layer) !== ''
        ? { path: name, type: layer.type, layer, loc: this.host.origins.get(layer) ?? loc, depth: 1, inputs, output: null, macs: 0 }
        : null;
    if (row) this.host.rows!.push(row);
    let out: Val;
    let macs: Dim | null;
    if (layer instanceof ModuleObj) {
      // A subclassed Keras model/layer: run its call() on the interpreter values themselves.
      const r = this.host.measure(() => this.host.forwardUserModule(layer, args, kwargs, loc));
      out = r.value;
      macs = r.macs;
      this.host.addMacs(macs);
    } else {
      const r = this.host.withFrame(layer, () => layer.forward(flowArgs, kwRecord(kwargs), this.host.forwardCtx(layer, loc)));
      out = fromFlow(r.result, `\`${name}\` (${layer.type})`);
      macs = r.macs;
    }
    const node: KerasNode = { id: this.nextNode++, layer, inputs: inputTensors, rowIndex: this.log.length };
    const outShape = isTensorVal(out) ? out.shape : (seqItems(out)?.find(isTensorVal) as TensorVal | undefined)?.shape ?? null;
    if (isTensorVal(out)) out = { ...out, keras: node };
    else if (tag(out) === 'tuple') out = tuple(seqItems(out)!.map((x) => (isTensorVal(x) ? { ...x, keras: node } : x)));
    this.log.push({ node, name, layer, loc: this.host.origins.get(layer) ?? loc, inputs, output: outShape, macs });
    if (row) {
      row.output = outShape;
      row.macs = macs;
    }
    return out;
  }

  /** Rows of a functional model: the layer calls between its inputs and outputs, in call order. */
  functionalCalls(m: KerasModelVal): KerasCall[] {
    const wanted = new Set<number>();
    const stack = [...m.outputs];
    const stop = new Set(m.inputs.map((t) => t.keras?.id));
    while (stack.length) {
      const t = stack.pop()!;
      const node = t.keras;
      if (!node || wanted.has(node.id)) continue;
      wanted.add(node.id);
      if (stop.has(node.id)) continue;
      stack.push(...node.inputs);
    }
    return this.log.filter((c) => wanted.has(c.node.id));
  }

  instantiateSubclass(cls: PyClass, args: readonly Val[], kwargs: Kw, loc: Loc): Val {
    void args;
    void kwargs;
    this.host.interp.report(loc, 'info', `Keras subclassed model ${cls.name} is not analysed (use Sequential or the functional API)`);
    return UNKNOWN;
  }

  sumMacs(calls: readonly KerasCall[]): Dim | null {
    let m: Dim = 0;
    for (const c of calls) {
      if (c.macs === null) return null;
      m = add(m, c.macs);
    }
    return m;
  }
}

function dimsOf(items: readonly Val[]): Dim[] {
  return items.map((x) => (typeof x === 'number' ? x : x === null ? sym('?') : sym('?')));
}

/** Keras's InputLayer: no weights, passes its tensor through. */
function inputLayer(): BuiltLayer {
  return {
    kind: 'layer',
    type: 'InputLayer',
    framework: 'keras',
    parameters: { trainable: 0, nonTrainable: 0 },
    buffers: 0,
    children: [],
    attributes: {},
    forward: (args) => args[0] ?? { kind: 'tensor', shape: null },
  };
}
