/**
 * Provenance of tensor values and the diagnostics built from it.
 *
 * Every op the interpreter runs stamps its tensor result with a `Prov` (values.ts): the op that produced it,
 * and the module that last changed its shape followed by the weight-free ops after it ("conv2 after pool").
 * A flatten/view that merges trailing dims remembers the merged dims, so a message can say
 * "400 = 16×5×5". When a layer's size argument disagrees with its input, `mismatchDiag` turns the
 * catalogue's structured mismatch into a diagnostic that names both sizes and where the wrong one came from,
 * with related places and fixes (rewrite the argument, insert nn.Flatten(), use the Lazy variant).
 */
import type { FeatureMismatch, ParamSpec, Shape } from '../contract';
import { dimEquals, formatDim, isConcrete, mul, type Dim } from '../dims';
import type { Expr, Segment } from '../python/ast';
import type { Diag, RawFix } from './interpreter';
import { isTensorVal, seqItems, tag, tuple, type Loc, type Prov, type TensorVal, type Val } from './values';

/** What the interpreter knows about where a catalogue layer was constructed. */
export interface CtorInfo {
  readonly seg: Segment;
  readonly expr: Extract<Expr, { k: 'call' }>;
  readonly signature: readonly ParamSpec[];
}

export interface StampInfo {
  /** The op as it reads in a hover: `conv2 (Conv2d)`, `F.relu`, `torch.flatten`, `+`. */
  readonly op: string;
  /** Short name used in "output of …": the module path or the op. */
  readonly name: string;
  readonly loc: Loc;
  /** True for modules with weights and user modules: their output starts a new source. */
  readonly resets: boolean;
}

export const MODEL_INPUT = 'the model input';

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]) === true);
}

/** The dims a flatten/view merged into the last dim of `out`, when `out` = input[:k] + [prod(input[k:])]. */
export function flattenFactors(input: Shape, out: Shape): Dim[] | undefined {
  const k = out.length - 1;
  if (k < 0 || input.length - k < 2) return undefined;
  for (let i = 0; i < k; i++) if (dimEquals(input[i], out[i]) !== true) return undefined;
  const merged = input.slice(k);
  let p: Dim = 1;
  for (const d of merged) p = mul(p, d);
  return dimEquals(p, out[k]) === true ? merged : undefined;
}

function withAfter(source: string, name: string): string {
  const at = source.indexOf(' after ');
  if (at < 0) return `${source} after ${name}`;
  const afters = source.slice(at + 7).split(', ');
  if (afters[afters.length - 1] === name) return source;
  return `${source.slice(0, at)} after ${[...afters, name].slice(-3).join(', ')}`;
}

function stampTensor(r: TensorVal, input: TensorVal | undefined, s: StampInfo): TensorVal {
  const inP: Prov | undefined = input?.prov ?? (input && input.origin === MODEL_INPUT ? { op: 'input', source: MODEL_INPUT, loc: s.loc } : undefined);
  let prov: Prov;
  if (s.resets || !inP) prov = { op: s.op, source: s.name, loc: s.loc };
  else if (input?.shape && r.shape && sameShape(input.shape, r.shape)) prov = { ...inP, op: s.op };
  else {
    const factors = input?.shape && r.shape ? flattenFactors(input.shape, r.shape) : undefined;
    prov = factors ? { op: s.op, source: inP.source, loc: inP.loc, factors } : { op: s.op, source: withAfter(inP.source, s.name), loc: s.loc };
  }
  return { ...r, prov };
}

/** Stamp an op's result (a tensor or a tuple of tensors) with its provenance. */
export function stamp(result: Val, input: Val | undefined, s: StampInfo): Val {
  const inT = isTensorVal(input) ? input : undefined;
  if (isTensorVal(result)) return stampTensor(result, inT, s);
  if (tag(result) === 'tuple') {
    const items = seqItems(result)!;
    if (items.length > 16 || !items.some(isTensorVal)) return result;
    return tuple(items.map((x) => (isTensorVal(x) ? stampTensor(x, inT, s) : x)));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------- mismatches

const WHAT: Record<string, string> = {
  in_features: 'input features',
  input_size: 'input features',
  in_channels: 'input channels',
  num_features: 'channels',
  embed_dim: 'embedding features',
};

const CODE: Record<string, string> = {
  in_features: 'MLS001',
  input_size: 'MLS001',
  in_channels: 'MLS002',
  num_features: 'MLS003',
  embed_dim: 'MLS016',
};

/** `400 = 16×5×5` when the value was made by flattening, else `400`. */
export function sizeWithFactors(actual: Dim, prov: Prov | undefined): string {
  const f = prov?.factors;
  return f && f.length > 1 ? `${formatDim(actual)} = ${f.map(formatDim).join('×')}` : formatDim(actual);
}

/**
 * Messages are cached with the model while its code is unchanged, but code above it may move: line numbers
 * in messages are therefore placeholders `{{line0}}`, `{{line1}}` … resolved from `Diag.lines` when the
 * report is made (analyze.ts).
 */
export class LineRefs {
  readonly locs: Loc[] = [];
  ref(loc: Loc): string {
    this.locs.push(loc);
    return `{{line${this.locs.length - 1}}}`;
  }
}

/** Resolve `{{lineN}}` placeholders. */
export function resolveLines(message: string, locs: readonly Loc[] | undefined): string {
  if (!locs?.length) return message;
  return message.replace(/\{\{line(\d+)\}\}/g, (all, i) => {
    const loc = locs[Number(i)];
    return loc ? String(loc.seg.pos(loc.from).line) : all;
  });
}

/** How the model's input was chosen, for messages: `text` may hold `{{line}}`, the line of `loc`. */
export interface InputLabel {
  readonly text: string;
  readonly loc?: Loc;
}

/** "output of conv2 after pool, line 16" / "the model input, from the call on line 40". */
export function describeSource(prov: Prov | undefined, inputLabel: InputLabel | undefined, refs: LineRefs): string | undefined {
  if (!prov) return undefined;
  if (prov.source === MODEL_INPUT) {
    if (!inputLabel) return MODEL_INPUT;
    return `${MODEL_INPUT}, ${inputLabel.loc ? inputLabel.text.replace('{{line}}', refs.ref(inputLabel.loc)) : inputLabel.text}`;
  }
  return `output of ${prov.source}, line ${refs.ref(prov.loc)}`;
}

export interface MismatchContext {
  /** Layer type (`Linear`) and module path (`fc1`; empty for functional ops). */
  readonly type: string;
  readonly path: string;
  readonly mismatch: FeatureMismatch;
  readonly severity: 'error' | 'warning';
  /** Where the diagnostic goes: the call of the layer. */
  readonly loc: Loc;
  readonly input: TensorVal | undefined;
  readonly ctor: CtorInfo | undefined;
  /** The layer is a positional entry of an `nn.Sequential(...)` call. */
  readonly inSequential: boolean;
  /** How the model's input was chosen, for messages about the model input. */
  readonly inputLabel?: InputLabel;
  /** `torch.nn.Lazy<type>` exists in the catalogue. */
  readonly hasLazy: boolean;
}

/** The argument node for a parameter of the constructor call: keyword by name, else by position. */
function findArg(ctor: CtorInfo, name: string): { node: Extract<Expr, { k: 'call' }>['args'][number]; index: number } | undefined {
  const args = ctor.expr.args;
  const kw = args.findIndex((a) => a.kind === 'kw' && a.name === name);
  if (kw >= 0) return { node: args[kw], index: kw };
  if (args.some((a) => a.kind === 'star' || a.kind === 'dstar')) return undefined;
  const pos = ctor.signature.findIndex((p) => p.name === name);
  const positional = args.filter((a) => a.kind === 'pos');
  if (pos < 0 || pos >= positional.length) return undefined;
  const node = positional[pos];
  return { node, index: args.indexOf(node) };
}

/** Start of an argument in the text, including `name=` for keywords. */
function argStart(seg: Segment, node: Extract<Expr, { k: 'call' }>['args'][number]): number {
  if (node.kind !== 'kw' || !node.name) return node.value.from;
  const at = seg.text.lastIndexOf(node.name, node.value.from);
  return at >= 0 ? at : node.value.from;
}

const locOf = (seg: Segment, from: number, to: number): Loc => ({ seg, from, to });

function fixesFor(c: MismatchContext, actualText: string): RawFix[] {
  const fixes: RawFix[] = [];
  const { ctor, mismatch } = c;
  if (!ctor) return fixes;
  const seg = ctor.seg;
  const found = findArg(ctor, mismatch.arg);
  const actual = mismatch.actual;
  if (found && isConcrete(actual) && c.severity === 'error') {
    const range = locOf(seg, found.node.value.from, found.node.value.to);
    const written = seg.text.slice(range.from, range.to);
    const factors = c.input?.prov?.factors;
    const expression = factors && factors.length > 1 && factors.every(isConcrete) ? factors.map(String).join(' * ') : undefined;
    if (expression && expression !== written) {
      fixes.push({ kind: 'set-arg', title: `Change ${mismatch.arg} to ${expression}`, edits: [{ loc: range, text: expression }], arg: mismatch.arg, value: actual, expression, preferred: true });
    }
    if (String(actual) !== written) {
      fixes.push({ kind: 'set-arg', title: `Change ${mismatch.arg} to ${actual}`, edits: [{ loc: range, text: String(actual) }], arg: mismatch.arg, value: actual, expression: String(actual), preferred: !fixes.length });
    }
  }
  void actualText;
  const callee = ctor.expr.fn;
  const calleeText = seg.text.slice(callee.from, callee.to);
  const prefix = callee.k === 'attr' ? calleeText.slice(0, calleeText.length - callee.name.length) : '';
  // Insert nn.Flatten() before a Linear in nn.Sequential(...) when flattening gives exactly in_features.
  const shape = mismatch.shape;
  if (c.type === 'Linear' && mismatch.arg === 'in_features' && c.inSequential && prefix && shape.length > 2) {
    let p: Dim = 1;
    for (const d of shape.slice(1)) p = mul(p, d);
    if (dimEquals(p, mismatch.expected) === true) {
      const start = ctor.expr.from;
      const lineStart = seg.text.lastIndexOf('\n', start - 1) + 1;
      const indent = seg.text.slice(lineStart, start);
      const text = /^\s*$/.test(indent) ? `${prefix}Flatten(),\n${indent}` : `${prefix}Flatten(), `;
      // Flattening is the fix: rewriting in_features to the last dim would apply the Linear per position.
      fixes.length = 0;
      fixes.push({ kind: 'insert-flatten', title: `Insert \`${prefix}Flatten()\` before this Linear`, edits: [{ loc: locOf(seg, start, start), text }], preferred: true });
    }
  }
  // The Lazy variant infers the input size from the first call.
  if (c.hasLazy && found && callee.k === 'attr' && ['in_features', 'in_channels', 'num_features'].includes(mismatch.arg)) {
    const args = ctor.expr.args;
    const i = found.index;
    const start = argStart(seg, found.node);
    let from: number;
    let to: number;
    if (i + 1 < args.length) {
      from = start;
      to = argStart(seg, args[i + 1]);
    } else if (i > 0) {
      from = args[i - 1].value.to;
      to = found.node.value.to;
    } else {
      from = start;
      to = found.node.value.to;
    }
    const nameFrom = callee.to - callee.name.length;
    fixes.push({
      kind: 'use-lazy',
      title: `Use \`${prefix}Lazy${c.type}\` (infers ${mismatch.arg} from the input)`,
      edits: [
        { loc: locOf(seg, nameFrom, callee.to), text: `Lazy${c.type}` },
        { loc: locOf(seg, from, to), text: '' },
      ],
      preferred: !fixes.length,
    });
  }
  return fixes;
}

/** The diagnostic for a size argument that disagrees with the layer's input. */
export function mismatchDiag(c: MismatchContext): Diag {
  const { mismatch: m } = c;
  const what = WHAT[m.arg] ?? m.arg;
  const actualText = sizeWithFactors(m.actual, c.input?.prov);
  const refs = new LineRefs();
  const inputProv: Prov | undefined = c.input?.prov ?? (c.input?.origin === MODEL_INPUT ? { op: 'input', source: MODEL_INPUT, loc: c.loc } : undefined);
  const src = describeSource(inputProv, c.inputLabel, refs);
  const expected = formatDim(m.expected);
  const message =
    c.severity === 'error'
      ? `${c.type} expects ${expected} ${what} (${m.arg}=${expected}) but gets ${actualText}${src ? ` (${src})` : ''}`
      : `${c.type} expects ${expected} ${what} (${m.arg}=${expected}) but gets ${actualText}, which depends on the input size${src ? ` (${src})` : ''}; set an input (a '# input: [...]' comment) to check it`;
  const related: Array<{ loc: Loc; message: string }> = [];
  const prov = c.input?.prov;
  if (prov && prov.source !== MODEL_INPUT) related.push({ loc: prov.loc, message: `${actualText} comes from here: output of ${prov.source}` });
  if (c.ctor) {
    const found = findArg(c.ctor, m.arg);
    const at = found ? found.node.value : c.ctor.expr;
    related.push({ loc: locOf(c.ctor.seg, at.from, at.to), message: `${m.arg}=${expected} is set here${c.path ? ` (${c.path})` : ''}` });
  }
  const fixes = fixesFor(c, actualText);
  return {
    loc: c.loc,
    severity: c.severity,
    message,
    code: CODE[m.arg] ?? 'MLS016',
    ...(refs.locs.length ? { lines: refs.locs } : {}),
    ...(related.length ? { related } : {}),
    ...(fixes.length ? { fixes } : {}),
  };
}
