/**
 * einops: `rearrange`, `reduce`, `repeat` and the `Rearrange` / `Reduce` layers of einops.layers.torch, with
 * einops' pattern language (a catalogue entry in TypeScript, not a Python library block: the pattern
 * language needs a parser):
 *
 *   'b c (h p1) (w p2) -> b (h w) (p1 p2 c)'   composition, decomposition, permutation
 *   'b ... c -> b c ...'                        an ellipsis for any number of axes
 *   'b c h w -> b c () ()' / '... -> ... 1'     axes of length 1
 *
 * Axis lengths come from the input shape and the keyword arguments (`p1=16`); at most one unknown axis per
 * parenthesised group on the left is inferred by division. Errors are reported the way einops raises them:
 * the wrong rank, an axis that cannot be divided, identifiers on one side only, repeat axes without a size,
 * an unknown reduction. All of them cost 0 MACs and have no parameters.
 */
import type { EngineMessage, FlowValue, FunctionDef, LayerDef, PyArg, Shape } from '../contract';
import { UNKNOWN } from '../contract';
import { dimEquals, exactDiv, formatDim, isConcrete, isSymbolic, mul, product, type Dim } from '../dims';
import { ArgReader, bindForward, formatShape, INPUT_ONLY, inputTensor, makeLayer, p, tensor, UNKNOWN_TENSOR } from './core';

type Report = (m: EngineMessage) => void;

/** One axis position of a pattern side: a single axis, a parenthesised group, or the ellipsis. */
type Group = { kind: 'axes'; names: string[]; paren: boolean } | { kind: 'ellipsis' };

interface Side {
  groups: Group[];
  names: string[];
  hasEllipsis: boolean;
}

const REDUCTIONS = new Set(['min', 'max', 'sum', 'mean', 'prod', 'any', 'all']);

function parseSide(text: string, which: string): Side | string {
  const groups: Group[] = [];
  const names: string[] = [];
  let current: string[] | null = null;
  let hasEllipsis = false;
  const re = /\s*(\.\.\.|…|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+|\S)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const t = m[1];
    if (t === '(') {
      if (current) return `nested brackets are not allowed in the ${which} side`;
      current = [];
    } else if (t === ')') {
      if (!current) return `brackets are not balanced in the ${which} side`;
      groups.push({ kind: 'axes', names: current, paren: true });
      current = null;
    } else if (t === '...' || t === '…') {
      if (hasEllipsis) return `more than one ellipsis in the ${which} side`;
      if (current) return 'an ellipsis inside brackets is not supported by the shape engine';
      hasEllipsis = true;
      groups.push({ kind: 'ellipsis' });
    } else if (/^\d+$/.test(t)) {
      // An anonymous axis: `1` is an axis of length 1; other numbers are fixed lengths.
      const name = `#${t}#${groups.length}#${current?.length ?? 0}`;
      if (current) current.push(name);
      else groups.push({ kind: 'axes', names: [name], paren: false });
    } else if (/^[A-Za-z_]/.test(t)) {
      if (t !== '_' && names.includes(t)) return `indexing expression contains duplicate dimension "${t}"`;
      names.push(t);
      if (current) current.push(t);
      else groups.push({ kind: 'axes', names: [t], paren: false });
    } else return `unexpected character '${t}' in the ${which} side`;
  }
  if (current) return `brackets are not balanced in the ${which} side`;
  return { groups, names, hasEllipsis };
}

function anonymousLength(name: string): number | undefined {
  return name.startsWith('#') ? Number(name.split('#')[1]) : undefined;
}

function axisLengths(a: ArgReader, rest: PyArg): Map<string, Dim> | string {
  const out = new Map<string, Dim>();
  void a;
  if (!Array.isArray(rest)) return out;
  for (const pair of rest) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') continue;
    const v = pair[1];
    if (typeof v === 'number' && Number.isInteger(v)) out.set(pair[0], v);
    else if (isSymbolic(v)) out.set(pair[0], v);
    else if (v === UNKNOWN) return `the length of axis '${pair[0]}' could not be evaluated`;
    else return `axis length '${pair[0]}' must be an int`;
  }
  return out;
}

/** Output shape of an einops operation, or null (with a reported error) when einops would raise. */
export function einopsShape(
  op: 'rearrange' | 'reduce' | 'repeat',
  input: Shape,
  pattern: string,
  lengths: ReadonlyMap<string, Dim>,
  reduction: PyArg,
  report: Report,
): Shape | null {
  const fail = (why: string): null => {
    const extra = lengths.size ? ` Additional info: {${[...lengths].map(([k, v]) => `'${k}': ${formatDim(v)}`).join(', ')}}.` : '';
    report({ severity: 'error', message: `einops.${op}: error while processing pattern "${pattern}". Input tensor shape: ${formatShape(input)}.${extra} ${why}` });
    return null;
  };
  const arrow = pattern.split('->');
  if (arrow.length !== 2) return fail("Pattern must contain exactly one '->'");
  const left = parseSide(arrow[0], 'left');
  if (typeof left === 'string') return fail(left);
  const right = parseSide(arrow[1], 'right');
  if (typeof right === 'string') return fail(right);
  if (op === 'reduce' && typeof reduction === 'string' && !REDUCTIONS.has(reduction)) return fail(`Unknown reduction ${reduction}. Possible values: ${[...REDUCTIONS].join(', ')}`);
  if (left.hasEllipsis !== right.hasEllipsis && !(op === 'reduce' && left.hasEllipsis)) return fail('Ellipsis found in one side of the pattern only');
  const leftSet = new Set(left.names);
  const rightSet = new Set(right.names);
  if (op === 'rearrange') {
    const only = [...leftSet].filter((n) => !rightSet.has(n)).concat([...rightSet].filter((n) => !leftSet.has(n)));
    if (only.length) return fail(`Identifiers only on one side of expression (should be on both): {${only.map((n) => `'${n}'`).join(', ')}}`);
  } else if (op === 'reduce') {
    const extra = [...rightSet].filter((n) => !leftSet.has(n));
    if (extra.length) return fail(`Unexpected identifiers on the right side of reduce: {${extra.map((n) => `'${n}'`).join(', ')}}`);
  } else {
    const lost = [...leftSet].filter((n) => !rightSet.has(n));
    if (lost.length) return fail(`Unexpected identifiers on the left side of repeat: {${lost.map((n) => `'${n}'`).join(', ')}}`);
    const unsized = [...rightSet].filter((n) => !leftSet.has(n) && !lengths.has(n));
    if (unsized.length) return fail(`Specify sizes for new axes in repeat: {${unsized.map((n) => `'${n}'`).join(', ')}}`);
  }
  for (const k of lengths.keys()) {
    if (!leftSet.has(k) && !rightSet.has(k)) return fail(`Axis ${k} is not used in the pattern`);
  }
  // Match the left side against the input.
  const fixed = left.groups.filter((g) => g.kind === 'axes').length;
  if (left.hasEllipsis ? input.length < fixed : input.length !== fixed) {
    return fail(`Wrong shape: expected ${left.hasEllipsis ? `at least ${fixed}` : fixed} dims. Received ${input.length}-dim tensor.`);
  }
  const sizes = new Map<string, Dim>(lengths);
  let ellipsisDims: Dim[] = [];
  let i = 0;
  for (const g of left.groups) {
    if (g.kind === 'ellipsis') {
      const n = input.length - fixed;
      ellipsisDims = input.slice(i, i + n) as Dim[];
      i += n;
      continue;
    }
    const d = input[i++];
    const unknown: string[] = [];
    let known: Dim = 1;
    for (const n of g.names) {
      const anon = anonymousLength(n);
      const s = anon ?? sizes.get(n);
      if (s === undefined) unknown.push(n);
      else known = mul(known, s);
    }
    if (unknown.length > 1) return fail(`Could not infer sizes for {${unknown.map((n) => `'${n}'`).join(', ')}}`);
    if (unknown.length === 1) {
      if (isConcrete(d) && isConcrete(known) && (known === 0 || d % known !== 0)) return fail(`Shape mismatch, can't divide axis of length ${d} in chunks of ${known}`);
      sizes.set(unknown[0], exactDiv(d, known));
    } else if (dimEquals(d, known) === false) {
      return fail(`Shape mismatch, ${formatDim(d)} != ${formatDim(known)}`);
    }
  }
  // Build the right side.
  const out: Dim[] = [];
  for (const g of right.groups) {
    if (g.kind === 'ellipsis') {
      if (op === 'reduce' && !right.hasEllipsis) continue;
      out.push(...ellipsisDims);
      continue;
    }
    const ds = g.names.map((n) => anonymousLength(n) ?? sizes.get(n) ?? 1);
    if (g.paren || g.names.length !== 1) out.push(ds.length ? product(ds) : 1);
    else out.push(ds[0]);
  }
  return out;
}

function apply(op: 'rearrange' | 'reduce' | 'repeat', x: { shape: Shape | null } | undefined, pattern: string | null, lengths: Map<string, Dim> | string, reduction: PyArg, report: Report): FlowValue {
  if (!x || x.shape === null) return UNKNOWN_TENSOR;
  if (pattern === null) {
    report({ severity: 'info', message: `einops.${op}: the pattern could not be evaluated; the output shape is unknown` });
    return UNKNOWN_TENSOR;
  }
  if (typeof lengths === 'string') {
    report({ severity: 'info', message: `einops.${op}: ${lengths}; the output shape is unknown` });
    return UNKNOWN_TENSOR;
  }
  return tensor(einopsShape(op, x.shape, pattern, lengths, reduction, report));
}

/** Several tensors given as a list to rearrange are stacked first (einops does the same). */
function stackedInput(v: PyArg): { shape: Shape | null } | undefined {
  if (Array.isArray(v)) {
    const shapes = v.map((t) => (typeof t === 'object' && t !== null && !Array.isArray(t) && (t as FlowValue).kind === 'tensor' ? (t as { shape: Shape | null }).shape : null));
    if (!shapes.length || shapes.some((s) => s === null)) return { shape: null };
    return { shape: [v.length, ...(shapes[0] as Shape)] };
  }
  return undefined;
}

function functional(op: 'rearrange' | 'reduce' | 'repeat'): FunctionDef {
  const sig = op === 'reduce' ? [p('tensor'), p('pattern'), p('reduction'), p('**axes_lengths')] : [p('tensor'), p('pattern'), p('**axes_lengths')];
  const owner = `einops.${op}`;
  return {
    names: [`einops.${op}`, `einops.einops.${op}`],
    signature: sig,
    call(args, ctx) {
      const a = new ArgReader(args, (m) => ctx.report(m), owner);
      const x = stackedInput(args.tensor) ?? inputTensor(a, 'tensor', ctx);
      return apply(op, x, a.str('pattern'), axisLengths(a, args.axes_lengths), args.reduction ?? null, (m) => ctx.report(m));
    },
  };
}

function layer(kind: 'Rearrange' | 'Reduce', framework: 'torch' | 'keras'): LayerDef {
  const op = kind === 'Rearrange' ? 'rearrange' : 'reduce';
  const sig = kind === 'Rearrange' ? [p('pattern'), p('**axes_lengths')] : [p('pattern'), p('reduction'), p('**axes_lengths')];
  const mod = framework === 'torch' ? 'torch' : 'keras';
  return {
    names: [`einops.layers.${mod}.${kind}`],
    signature: sig,
    build(args, ctx) {
      const a = new ArgReader(args, (m) => ctx.report(m), kind);
      const pattern = a.str('pattern');
      const lengths = axisLengths(a, args.axes_lengths);
      const reduction = args.reduction ?? null;
      if (kind === 'Reduce' && typeof reduction === 'string' && !REDUCTIONS.has(reduction)) {
        ctx.report({ severity: 'error', message: `Reduce: unknown reduction ${reduction}. Possible values: ${[...REDUCTIONS].join(', ')}` });
      }
      return makeLayer({
        type: kind,
        framework,
        attributes: { pattern, reduction },
        forward(fargs, kwargs, fctx) {
          const f = bindForward(INPUT_ONLY, fargs, kwargs, kind, fctx);
          return apply(op, inputTensor(f, 'input', fctx), pattern, lengths, reduction, (m) => fctx.report(m));
        },
      });
    },
  };
}

export const einopsFunctions: FunctionDef[] = [functional('rearrange'), functional('reduce'), functional('repeat')];
export const einopsLayers: LayerDef[] = [layer('Rearrange', 'torch'), layer('Reduce', 'torch')];
