/**
 * Input shapes from literal call sites: `model(torch.randn(32, 1, 28, 28))` anywhere in the file or notebook
 * (module level, inside `main()`, under `if __name__ == "__main__":`, in a later cell), where `model` was
 * bound to `Net(...)` or is the model's own name (`model = nn.Sequential(...)`). Read from the syntax only:
 * nothing is run. The first such call in source order wins.
 */
import type { InputSpec } from './input-spec';
import type { Arg, Expr, Segment, Stmt } from './python/ast';
import type { Loc } from './eval/values';

export interface CallInput {
  readonly specs: InputSpec[];
  readonly loc: Loc;
}

const MAKERS = new Set(['randn', 'rand', 'zeros', 'ones', 'empty', 'randint', 'full', 'randn_like']);
const CHAIN = new Set(['to', 'cuda', 'cpu', 'eval', 'train', 'float', 'double', 'half']);

function dotted(e: Expr): string | undefined {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') {
    const o = dotted(e.obj);
    return o === undefined ? undefined : `${o}.${e.name}`;
  }
  return undefined;
}

function intOf(e: Expr): number | undefined {
  return e.k === 'num' && !e.isFloat && Number.isSafeInteger(e.value) && e.value >= 0 ? e.value : undefined;
}

function intsOf(items: readonly Expr[]): number[] | undefined {
  const out: number[] = [];
  for (const x of items) {
    const n = intOf(x);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out.length ? out : undefined;
}

/** `torch.randn(32, 1, 28, 28)`, `torch.zeros((2, 10), dtype=torch.long)`, `torch.randint(0, 100, (4, 16))`. */
export function literalTensor(e: Expr): InputSpec | undefined {
  if (e.k !== 'call') return undefined;
  const name = dotted(e.fn);
  if (!name || !name.startsWith('torch.')) return undefined;
  const fn = name.slice(name.lastIndexOf('.') + 1);
  if (!MAKERS.has(fn) || name.split('.').length !== 2) return undefined;
  const pos = e.args.filter((a) => a.kind === 'pos').map((a) => a.value);
  const kw = (k: string) => e.args.find((a: Arg) => a.kind === 'kw' && a.name === k)?.value;
  let sizeArgs: readonly Expr[];
  const sizeKw = kw('size');
  if (sizeKw) sizeArgs = [sizeKw];
  else if (fn === 'randint') sizeArgs = pos.length >= 3 ? [pos[2]] : pos.length === 2 ? [pos[1]] : [];
  else if (fn === 'full') sizeArgs = pos.length ? [pos[0]] : [];
  else sizeArgs = pos;
  let dims: number[] | undefined;
  if (sizeArgs.length === 1 && (sizeArgs[0].k === 'tuple' || sizeArgs[0].k === 'list')) dims = intsOf(sizeArgs[0].items);
  else dims = intsOf(sizeArgs);
  if (!dims) return undefined;
  const dtype = dotted(kw('dtype') ?? { k: 'unknown', why: '', from: 0, to: 0 }) ?? '';
  const long = fn === 'randint' || /\b(long|int64|int32|int)$/.test(dtype);
  return { shape: dims, dtype: long ? 'long' : /\bbool$/.test(dtype) ? 'bool' : undefined };
}

/** `Net(...)`, `Net(...).to(device)` → `Net`. */
function constructed(e: Expr): string | undefined {
  if (e.k !== 'call') return undefined;
  if (e.fn.k === 'name') return e.fn.id;
  if (e.fn.k === 'attr' && CHAIN.has(e.fn.name)) return constructed(e.fn.obj);
  return undefined;
}

interface Found {
  /** Names bound to `Cls(...)`: name → class name. */
  readonly aliases: Map<string, string>;
  /** Calls with literal tensors: callee (a name or `Cls()`) → the first one. */
  readonly calls: Array<{ readonly callee: { name?: string; cls?: string }; readonly specs: InputSpec[]; readonly from: number; readonly to: number }>;
}

const perSegment = new WeakMap<Segment, Found>();

function scanSegment(seg: Segment): Found {
  const cached = perSegment.get(seg);
  if (cached) return cached;
  const found: Found = { aliases: new Map(), calls: [] };
  const visitExpr = (e: Expr | undefined, depth: number): void => {
    if (!e || depth > 60) return;
    switch (e.k) {
      case 'call': {
        const pos = e.args.filter((a) => a.kind === 'pos');
        if (pos.length && pos.length === e.args.filter((a) => a.kind !== 'kw').length) {
          const specs = pos.map((a) => literalTensor(a.value));
          if (specs.every((s): s is InputSpec => !!s)) {
            let callee: { name?: string; cls?: string } | undefined;
            if (e.fn.k === 'name') callee = { name: e.fn.id };
            else if (e.fn.k === 'attr' && e.fn.name === 'forward' && e.fn.obj.k === 'name') callee = { name: e.fn.obj.id };
            else {
              const cls = constructed(e.fn);
              if (cls) callee = { cls };
            }
            if (callee) found.calls.push({ callee, specs, from: e.from, to: e.to });
          }
        }
        visitExpr(e.fn, depth + 1);
        for (const a of e.args) visitExpr(a.value, depth + 1);
        return;
      }
      case 'attr':
        return visitExpr(e.obj, depth + 1);
      case 'binop':
        visitExpr(e.left, depth + 1);
        return visitExpr(e.right, depth + 1);
      case 'unary':
        return visitExpr(e.operand, depth + 1);
      case 'subscript':
        return visitExpr(e.obj, depth + 1);
      case 'cond':
        visitExpr(e.test, depth + 1);
        visitExpr(e.body, depth + 1);
        return visitExpr(e.orelse, depth + 1);
      case 'tuple':
      case 'list':
      case 'set':
        for (const x of e.items) visitExpr(x, depth + 1);
        return;
      case 'named':
        return visitExpr(e.value, depth + 1);
      default:
        return;
    }
  };
  const visit = (stmts: readonly Stmt[], depth: number): void => {
    if (depth > 30) return;
    for (const s of stmts) {
      switch (s.k) {
        case 'assign': {
          const cls = constructed(s.value);
          if (cls) for (const t of s.targets) if (t.k === 'name') found.aliases.set(t.id, cls);
          visitExpr(s.value, 0);
          break;
        }
        case 'expr':
          visitExpr(s.value, 0);
          break;
        case 'augassign':
          visitExpr(s.value, 0);
          break;
        case 'return':
          visitExpr(s.value, 0);
          break;
        case 'if':
          for (const b of s.branches) {
            visitExpr(b.test, 0);
            visit(b.body, depth + 1);
          }
          if (s.orelse) visit(s.orelse, depth + 1);
          break;
        case 'for':
        case 'while':
          visit(s.body, depth + 1);
          break;
        case 'with':
          for (const it of s.items) visitExpr(it.value, 0);
          visit(s.body, depth + 1);
          break;
        case 'try':
          visit(s.body, depth + 1);
          for (const h of s.handlers) visit(h, depth + 1);
          if (s.orelse) visit(s.orelse, depth + 1);
          if (s.finalbody) visit(s.finalbody, depth + 1);
          break;
        case 'def':
          visit(s.body, depth + 1);
          break;
        case 'class':
          // Calls inside a class body or its methods (forward) are the model's own code, not a call site.
          break;
        default:
          break;
      }
    }
  };
  visit(seg.stmts, 0);
  perSegment.set(seg, found);
  return found;
}

/**
 * The first literal call of each model: key `class:Net` for instances of a class (`m = Net(); m(x)`,
 * `Net()(x)`), `name:model` for a module-level model called by its own name.
 */
export function findCallInputs(segments: readonly Segment[]): Map<string, CallInput> {
  const aliases = new Map<string, string>();
  const scans = segments.map((seg) => ({ seg, found: scanSegment(seg) }));
  for (const { found } of scans) for (const [k, v] of found.aliases) aliases.set(k, v);
  const out = new Map<string, CallInput>();
  for (const { seg, found } of scans) {
    for (const c of found.calls) {
      const cls = c.callee.cls ?? aliases.get(c.callee.name!);
      const keys = cls ? [`class:${cls}`] : [`name:${c.callee.name}`];
      for (const k of keys) if (!out.has(k)) out.set(k, { specs: c.specs, loc: { seg, from: c.from, to: c.to } });
    }
  }
  return out;
}
