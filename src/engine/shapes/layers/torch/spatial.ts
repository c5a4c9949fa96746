/**
 * Output-size formulas shared by convolutions and pools, exactly as PyTorch 1.13 computes them
 * (aten/src/ATen/native/Pool.h `pooling_output_shape`, ConvUtils.h `conv_output_size`), plus the
 * "(N, C, *spatial) or unbatched (C, *spatial)" input convention.
 */
import type { EngineMessage, Shape } from '../../contract';
import { add, floorDiv, isConcrete, min, mul, sub, type Dim } from '../../dims';
import { formatShape } from '../core';

export interface SpatialInput {
  /** Leading batch dims: [] for an unbatched input, [N] otherwise. */
  readonly batch: Dim[];
  readonly channels: Dim;
  readonly spatial: Dim[];
}

/**
 * Split an input of rank n+1 (unbatched) or n+2 (batched). `what` names the op in PyTorch's message:
 * "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [2, 3]".
 */
export function splitSpatial(shape: Shape, n: number, what: string, report: (m: EngineMessage) => void, batchedOnly = false): SpatialInput | null {
  if (shape.length === n + 2) return { batch: [shape[0]], channels: shape[1], spatial: shape.slice(2) };
  if (shape.length === n + 1 && !batchedOnly) return { batch: [], channels: shape[0], spatial: shape.slice(1) };
  report({
    severity: 'error',
    message: batchedOnly
      ? `Expected ${n + 2}D input to ${what}, but got input of size: ${formatShape(shape)}`
      : `Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${what}, but got input of size: ${formatShape(shape)}`,
  });
  return null;
}

/** Convolution: ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1. */
export function convOutSize(L: Dim, k: number, s: number, p: number, d: number): Dim {
  return add(floorDiv(add(L, 2 * p - d * (k - 1) - 1), s), 1);
}

/** Transposed convolution: (L − 1)s − 2p + d(k−1) + output_padding + 1. */
export function convTransposeOutSize(L: Dim, k: number, s: number, p: number, op: number, d: number): Dim {
  return add(mul(sub(L, 1), s), -2 * p + d * (k - 1) + op + 1);
}

/**
 * Pooling output size with PyTorch's ceil_mode rule: in ceil mode the last window must start inside the input
 * or the left padding, else it is dropped ((out−1)·s ≥ L + p ⇒ out − 1).
 * For a symbolic L the same rule is exact as ⌊(L + min(2p − d(k−1) − 1 + s − 1, p − 1))/s⌋ + 1, because the
 * two candidate bounds differ by a constant.
 */
export function poolOutSize(L: Dim, k: Dim, s: Dim, p: number, d: number, ceil: boolean): Dim {
  if (isConcrete(L) && isConcrete(k) && isConcrete(s)) {
    const base = 2 * p - d * (k - 1) - 1;
    let out = Math.floor((L + base + (ceil ? s - 1 : 0)) / s) + 1;
    if (ceil && (out - 1) * s >= L + p) out -= 1;
    return out;
  }
  // 2p − d(k−1) − 1, symbolic when the kernel is (F.avg_pool2d(x, x.size(3))).
  const base = sub(2 * p - 1, mul(d, sub(k, 1)));
  if (!ceil) return add(floorDiv(add(L, base), s), 1);
  const ceilBase = add(base, sub(s, 1));
  return add(floorDiv(add(L, min(ceilBase, p - 1) ?? ceilBase), s), 1);
}

/** "(3x0x0)"-style size text used in PyTorch's "Output size is too small" messages. */
export function sizeText(dims: readonly Dim[]): string {
  return `(${dims.map((d) => (isConcrete(d) ? String(d) : d.toString())).join('x')})`;
}

/** True when any concrete output size is below 1. */
export function tooSmall(dims: readonly Dim[]): boolean {
  return dims.some((d) => isConcrete(d) && d < 1);
}
