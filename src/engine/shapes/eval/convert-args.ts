/**
 * Conversions between interpreter values and the contract's `PyArg` / `FlowValue` (what the layer catalogue
 * receives and returns).
 */
import type { FlowValue, PyArg } from '../contract';
import { SymDim } from '../dims';
import { UNKNOWN, isLayerVal, isTensorVal, seqItems, tag, tensorOf, type ExternalRef, type ParamVal, type PyDict, type Val } from './values';

/**
 * Nested lists and tuples are expanded into plain arrays for the catalogue, which walks them recursively. A
 * value that shares sub-lists (`L = [L, L]` sixty times: 2^60 paths through 60 lists) or contains itself
 * would expand without end, so the expansion is capped in nodes and depth; past the cap the value is
 * unknown and `conversionLimitHit` is set for the caller to report.
 */
const MAX_EXPANDED = 100_000;
const MAX_NESTING = 100;
let expanded = 0;
let limitHit = false;

/** True (once) when the last conversions had to give up on a value too large or too deep to expand. */
export function takeConversionLimit(): boolean {
  const hit = limitHit;
  limitHit = false;
  return hit;
}

export function toPyArg(v: Val): PyArg {
  expanded = 0;
  return convert(v, 0);
}

function convert(v: Val, depth: number): PyArg {
  if (v === null || v === UNKNOWN || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof SymDim) return v;
  if (isTensorVal(v)) return v;
  if (isLayerVal(v)) return v;
  const items = seqItems(v);
  if (items) {
    expanded += items.length + 1;
    if (expanded > MAX_EXPANDED || depth > MAX_NESTING) {
      limitHit = true;
      return UNKNOWN;
    }
    const out: PyArg[] = [];
    for (const x of items) {
      const c = convert(x, depth + 1);
      if (c === UNKNOWN && limitHit) return UNKNOWN;
      out.push(c);
    }
    return out;
  }
  switch (tag(v)) {
    case 'param':
      return tensorOf((v as ParamVal).shape);
    case 'ref': {
      // A library function or class passed as a value (`activation=F.gelu`, `norm_layer=nn.LayerNorm`):
      // the catalogue reads these by their short name.
      const name = (v as ExternalRef).name;
      return name.slice(name.lastIndexOf('.') + 1);
    }
    case 'dict': {
      const map = (v as PyDict).map;
      expanded += map.size + 1;
      if (expanded > MAX_EXPANDED || depth > MAX_NESTING) {
        limitHit = true;
        return UNKNOWN;
      }
      return [...map.entries()].map(([k, x]) => [k, convert(x, depth + 1)] as PyArg);
    }
  }
  return UNKNOWN;
}

export function toFlow(v: Val): FlowValue {
  expanded = 0;
  return flow(v, 0);
}

function flow(v: Val, depth: number): FlowValue {
  if (isTensorVal(v)) return v;
  if (tag(v) === 'param') return tensorOf((v as ParamVal).shape);
  if (v === null) return { kind: 'none' };
  const items = seqItems(v);
  if (items) {
    expanded += items.length + 1;
    if (expanded > MAX_EXPANDED || depth > MAX_NESTING) {
      limitHit = true;
      return { kind: 'tensor', shape: null };
    }
    return { kind: 'tuple', items: items.map((x) => flow(x, depth + 1)) };
  }
  return { kind: 'tensor', shape: null };
}

export function kwRecord(kw: ReadonlyMap<string, Val>): Record<string, PyArg> {
  // No prototype: a keyword named `__proto__` or `constructor` is a keyword like any other.
  const out = Object.create(null) as Record<string, PyArg>;
  for (const [k, v] of kw) out[k] = toPyArg(v);
  return out;
}
