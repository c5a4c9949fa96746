/**
 * Conversions between interpreter values and the contract's `PyArg` / `FlowValue` (what the layer catalogue
 * receives and returns).
 */
import type { FlowValue, PyArg } from '../contract';
import { SymDim } from '../dims';
import { UNKNOWN, isLayerVal, isTensorVal, seqItems, tag, tensorOf, type ExternalRef, type ParamVal, type PyDict, type Val } from './values';

export function toPyArg(v: Val): PyArg {
  if (v === null || v === UNKNOWN || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof SymDim) return v;
  if (isTensorVal(v)) return v;
  if (isLayerVal(v)) return v;
  const items = seqItems(v);
  if (items) return items.map(toPyArg);
  switch (tag(v)) {
    case 'param':
      return tensorOf((v as ParamVal).shape);
    case 'ref': {
      // A library function or class passed as a value (`activation=F.gelu`, `norm_layer=nn.LayerNorm`):
      // the catalogue reads these by their short name.
      const name = (v as ExternalRef).name;
      return name.slice(name.lastIndexOf('.') + 1);
    }
    case 'dict':
      return [...(v as PyDict).map.entries()].map(([k, x]) => [k, toPyArg(x)] as PyArg);
  }
  return UNKNOWN;
}

export function toFlow(v: Val): FlowValue {
  if (isTensorVal(v)) return v;
  if (tag(v) === 'param') return tensorOf((v as ParamVal).shape);
  if (v === null) return { kind: 'none' };
  const items = seqItems(v);
  if (items) return { kind: 'tuple', items: items.map(toFlow) };
  return { kind: 'tensor', shape: null };
}

export function kwRecord(kw: ReadonlyMap<string, Val>): Record<string, PyArg> {
  const out: Record<string, PyArg> = {};
  for (const [k, v] of kw) out[k] = toPyArg(v);
  return out;
}
