/**
 * A tiny ForwardContext for catalogue tests: resolves children by (dotted) name, records every child call
 * with its output in call-start order, sums MACs and lazily declared parameters, and collects messages.
 */
import { bindArgs, lookupFunction, lookupLayer } from '../../../../src/engine/shapes/layers/registry';
import type { BuiltLayer, EngineMessage, FlowValue, ForwardContext, PyArg } from '../../../../src/engine/shapes/contract';
import { add, dimToJSON, type Dim } from '../../../../src/engine/shapes/dims';

export interface Recorder {
  messages: EngineMessage[];
  calls: Array<[string, FlowValue]>;
  macs: Dim;
  declared: Map<BuiltLayer, { trainable: number; nonTrainable: number; buffers: number }>;
}

export function newRecorder(): Recorder {
  return { messages: [], calls: [], macs: 0, declared: new Map() };
}

function resolve(layer: BuiltLayer, dotted: string): BuiltLayer | undefined {
  let cur: BuiltLayer | undefined = layer;
  for (const part of dotted.split('.')) {
    cur = cur?.children.find(([n]) => n === part)?.[1];
  }
  return cur;
}

export function contextFor(layer: BuiltLayer, prefix: string, rec: Recorder): ForwardContext {
  return {
    callChild(name, args, kwargs) {
      const child = resolve(layer, name);
      const path = prefix ? `${prefix}.${name}` : name;
      if (!child) {
        rec.messages.push({ severity: 'error', message: `test harness: no child ${path}` });
        return { kind: 'tensor', shape: null };
      }
      const slot: [string, FlowValue] = [path, { kind: 'none' }];
      rec.calls.push(slot);
      const out = child.forward(args, kwargs ?? {}, contextFor(child, path, rec));
      slot[1] = out;
      return out;
    },
    addMacs(m) {
      rec.macs = add(rec.macs, m);
    },
    declareParameters(count, buffers) {
      rec.declared.set(layer, { ...count, buffers: buffers ?? 0 });
    },
    report(m) {
      rec.messages.push(m);
    },
  };
}

/** Build a catalogue layer from positional/keyword Python values. */
export function buildLayer(qualified: string, args: PyArg[], kwargs: Record<string, PyArg>, messages: EngineMessage[]): BuiltLayer {
  const def = lookupLayer(qualified);
  if (!def) throw new Error(`no catalogue entry for ${qualified}`);
  const bound = bindArgs(def.signature, args, kwargs, qualified.split('.').pop() ?? qualified);
  messages.push(...bound.messages);
  return def.build(bound.args, { report: (m) => messages.push(m) });
}

export function callFunction(qualified: string, args: PyArg[], kwargs: Record<string, PyArg>, rec: Recorder): FlowValue {
  const def = lookupFunction(qualified);
  if (!def) throw new Error(`no catalogue entry for ${qualified}`);
  const bound = bindArgs(def.signature, args, kwargs, qualified.split('.').pop() ?? qualified);
  rec.messages.push(...bound.messages);
  const dummy = { kind: 'layer', children: [] } as unknown as BuiltLayer;
  return def.call(bound.args, contextFor(dummy, '', rec));
}

/** Run a layer's forward, returning its output. */
export function runForward(layer: BuiltLayer, args: FlowValue[], kwargs: Record<string, PyArg>, rec: Recorder): FlowValue {
  return layer.forward(args, kwargs, contextFor(layer, '', rec));
}

export type Out = Array<number | string> | { tuple: Out[] } | null | '?';

/** FlowValue → the oracle's JSON form (shape list, {tuple}, null). Unknown shapes become '?'. */
export function describe(v: FlowValue): Out {
  if (v.kind === 'none') return null;
  if (v.kind === 'tuple') return { tuple: v.items.map(describe) };
  return v.shape === null ? '?' : v.shape.map(dimToJSON);
}

/** Total parameters over the layer tree (own + children), counting lazily declared ones. */
export function totals(layer: BuiltLayer, rec: Recorder): { params: number; trainable: number; buffers: number } {
  const seen = new Set<BuiltLayer>();
  const walk = (l: BuiltLayer): { params: number; trainable: number; buffers: number } => {
    if (seen.has(l)) return { params: 0, trainable: 0, buffers: 0 };
    seen.add(l);
    const d = rec.declared.get(l);
    const own = d ?? (l.parameters ? { ...l.parameters, buffers: l.buffers } : { trainable: 0, nonTrainable: 0, buffers: l.buffers });
    let acc = { params: own.trainable + own.nonTrainable, trainable: own.trainable, buffers: d ? d.buffers : l.buffers };
    for (const [, c] of l.children) {
      const t = walk(c);
      acc = { params: acc.params + t.params, trainable: acc.trainable + t.trainable, buffers: acc.buffers + t.buffers };
    }
    return acc;
  };
  return walk(layer);
}

/** named_modules() minus the root: [path, type] in registration order. */
export function namedModules(layer: BuiltLayer, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, child] of layer.children) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push([path, child.type]);
    out.push(...namedModules(child, path));
  }
  return out;
}
