/**
 * The interpreter for the Python that model code uses to build and run itself.
 *
 * It executes statements over the small AST (python/ast.ts): module scope, functions with defaults/*args/
 * **kwargs, classes with inheritance and `super()`, loops, comprehensions and `if`. Library names resolve to
 * `ExternalRef`s, which torch-api.ts and keras-api.ts turn into layers, tensor ops and containers.
 *
 * It never throws for bad user code: unknown things evaluate to `UNKNOWN`, problems become diagnostics, and
 * only the budget/cancellation `Abort` escapes (caught per model by the analyser).
 */
import type { BuiltLayer, FlowValue, ForwardContext, PyArg, Shape } from '../contract';
import { SymDim, formatDim, type Dim } from '../dims';
import type { Arg, Expr, Param, Segment, Stmt, SubscriptItem } from '../python/ast';
import { ModuleObj, type ModuleRunner } from './module-obj';
import { compare, contains, fromTruth, not, pyEquals, scalarBinop, truthy, unaryMinus, type Truth } from './pyops';
import {
  ELLIPSIS,
  UNKNOWN,
  isDim,
  isLayerVal,
  isTensorVal,
  list,
  seqItems,
  tag,
  tuple,
  type BoundMethod,
  type KerasModelVal,
  type Loc,
  type ParamVal,
  type PyClass,
  type PyDict,
  type PyFunction,
  type PyInstance,
  type PyRange,
  type PySlice,
  type Scope,
  type TensorVal,
  type Val,
} from './values';
import type { Host } from './host';
import { toFlow } from './convert-args';
import { normalizeQualified } from '../../python/imports';
import { CODES } from '../codes';
import { MAX_CHARS, MAX_ITEMS, MAX_LOOP } from './limits';
import { MAX_BRACKETS, MAX_EXPR_DEPTH, NESTING_LIMIT } from '../python/convert';
import { PARSE_TIMEOUT } from '../python/document';
import { absoluteImport, type ModuleLoader, type PyModule } from './modules';

/**
 * The analysis of one model (or the module level) stops: a limit was hit or the caller cancelled. Caught by
 * the analyser, which marks the model partial with a warning naming the limit (codes.ts MLS2xx).
 */
export class Abort extends Error {
  constructor(
    readonly reason: 'cancelled' | 'time' | 'steps' | 'depth' | 'size',
    /** Where the limit was hit, when known. */
    readonly at?: Loc,
  ) {
    super(reason);
  }
}

/** V8's stack overflow. Deep user code (thousands of nested calls or brackets) is a limit, not a bug. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** V8 refusing to build a string or array that large: a size limit the build caps did not catch first. */
export function isSizeOverflow(e: unknown): boolean {
  return e instanceof RangeError && /invalid (string|array|typed array) length|array buffer allocation failed/i.test(e.message);
}

/**
 * For `catch` blocks that turn a failure into a diagnostic: budget/cancel aborts pass through, a stack
 * overflow becomes the depth limit, and anything else is the engine's own bug (an internal diagnostic).
 */
export function rethrowLimits(e: unknown, at?: Loc): void {
  if (e instanceof Abort) throw e;
  if (isStackOverflow(e)) throw new Abort('depth', at);
  if (isSizeOverflow(e)) throw new Abort('size', at);
}

/** The message of an internal error, with the exception's own message. */
export function internalMessage(what: string, e: unknown): string {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `internal error in the shape engine (${what}): ${msg.slice(0, 300)}; please report this, the result is partial`;
}

export interface Diag {
  readonly loc: Loc;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Module path of the layer being called when the problem was found (the calculator highlights its row). */
  readonly path?: string;
  /** Catalogue code (codes.ts); when absent it is derived from the message family. */
  readonly code?: string;
  /** Places that explain the problem (where a wrong value came from, where a layer was built). */
  readonly related?: ReadonlyArray<{ readonly loc: Loc; readonly message: string }>;
  /** Fixes as edits of source ranges (see FixData in report.ts). */
  readonly fixes?: readonly RawFix[];
  /** The places whose line numbers the message shows as `{{line0}}`, `{{line1}}`… (see provenance.ts). */
  readonly lines?: readonly Loc[];
}

export interface RawFix {
  readonly kind: 'set-arg' | 'insert-flatten' | 'use-lazy';
  readonly title: string;
  readonly edits: ReadonlyArray<{ readonly loc: Loc; readonly text: string }>;
  readonly arg?: string;
  readonly value?: number;
  readonly expression?: string;
  readonly preferred?: boolean;
}

export interface Frame {
  readonly scope: Scope;
  readonly seg: Segment;
  readonly fn?: PyFunction;
  /** First argument of the running method (for zero-argument `super()`). */
  readonly selfArg?: Val;
}

type Signal = undefined | 'break' | 'continue' | { readonly ret: Val; readonly raised?: boolean };

const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=', 'in', 'not in', 'is', 'is not']);

const MAX_DEPTH = 80;
/** `while` loops in model code are short; a longer one is almost surely waiting on data. */
const MAX_WHILE = 1_000;

export type Kw = Map<string, Val>;

export class Interpreter implements ModuleRunner {
  readonly globals: Scope = { vars: new Map(), parent: null, isGlobal: true };
  /** Segment that last bound each global name. */
  readonly globalSegs = new Map<string, Segment>();
  /** Global reads made while `tracking` is set: name → binding segment (null for builtins/missing). */
  tracking: Map<string, Segment | null> | null = null;
  diags: Diag[] = [];
  /** Set by the host: the module path of the innermost layer call in progress, if any. */
  currentPath?: () => string | undefined;
  private depth = 0;
  private steps = 0;
  /** Values of top-level `name = …` statements, for model discovery. */
  readonly assigned = new Map<Stmt, { name: string; value: Val }>();
  readonly classes = new Map<Stmt, PyClass>();
  readonly functions = new Map<Stmt, PyFunction>();
  host!: Host;
  /** The call expression being called right now (set just before `call`), for constructor argument spans. */
  currentCall: { readonly expr: Extract<Expr, { k: 'call' }>; readonly seg: Segment } | null = null;
  /** Called after each assignment statement runs (the host records forward()'s values for hints). */
  onAssign: ((targets: readonly Expr[], value: Val, f: Frame) => void) | null = null;
  /** Modules importable by source (other project files, bundled library blocks); null: none. */
  loader: ModuleLoader | null = null;
  /** Dotted name of the analysed file (for its relative imports); undefined: a top-level module. */
  mainModule: { name: string; isPackage: boolean } | undefined;
  /** `self.training` of every module (the CLI's `--eval` sets it false). */
  training = true;

  constructor(
    private readonly deadline: number,
    private readonly signal?: { readonly aborted: boolean },
    private readonly maxSteps = 400_000,
    private readonly timeBudgetMs = 3000,
  ) {}

  /** Start a fresh step budget (each model gets its own). */
  resetSteps(): void {
    this.steps = 0;
  }

  // ------------------------------------------------------------------------------------------ budget

  /** The statement being executed (where a budget abort is reported). */
  private atSeg: Segment | null = null;
  private atNode: { from: number; to: number } | null = null;

  here(): Loc | undefined {
    return this.atSeg && this.atNode ? { seg: this.atSeg, from: this.atNode.from, to: this.atNode.to } : undefined;
  }

  /**
   * One unit of work (a statement, a call, a loop iteration, a module call). The file-wide deadline and
   * cancellation are checked on every tick: a clock read costs far less than the work between two ticks, and
   * a check every N ticks lets a hostile file (each call failing before it ticks) run unbounded.
   */
  tick(): void {
    if (++this.steps > this.maxSteps) throw new Abort('steps', this.here());
    if (this.signal?.aborted) throw new Abort('cancelled', this.here());
    if (Date.now() > this.deadline) throw new Abort('time', this.here());
  }

  /** True once the file's time budget is spent or the caller cancelled (no more models are started). */
  get expired(): boolean {
    return !!this.signal?.aborted || Date.now() > this.deadline;
  }

  get stepLimit(): number {
    return this.maxSteps;
  }

  get budgetMs(): number {
    return this.timeBudgetMs;
  }

  /**
   * A value the engine cannot know decides the model's structure (a branch, a loop bound, an unknown
   * callable used as a module, `**kwargs` that could not be read): the model's numbers cannot be trusted as
   * final, so the analysis is marked partial and the warning names the value and the line.
   */
  structuralUnknowns = 0;
  /**
   * Side effects on objects so far (layers built, attributes and items set, lists grown). A branch with an
   * undecidable condition that has none of these only changes local variables, whose differing values merge
   * to unknown and are caught where they are used.
   */
  effects = 0;
  structural(loc: Loc, message: string): void {
    this.structuralUnknowns++;
    this.report(loc, 'warning', `${message}; the result is partial`, CODES.STRUCTURE_UNKNOWN.code);
  }

  report(loc: Loc, severity: Diag['severity'], message: string, code?: string): void {
    if (this.diags.length > 500) return;
    if (this.diags.some((d) => d.loc.seg === loc.seg && d.loc.from === loc.from && d.message === message)) return;
    const path = this.currentPath?.();
    this.diags.push({ loc, severity, message, ...(code ? { code } : {}), ...(path ? { path } : {}) });
  }

  /**
   * The build cap, checked on every growth path before the growth happens: true when a container may grow to
   * `size` items (or a string to `size` characters). Otherwise the limit is reported where it was hit and the
   * caller gives up (the value becomes unknown or stops growing); the model is then partial. Building also
   * costs evaluation steps, so many builds under the cap still run into the step and time budgets.
   */
  fits(size: number, loc: Loc | undefined, what: 'list' | 'tuple' | 'string' | 'dict' | 'set' | 'container'): boolean {
    const cap = what === 'string' ? MAX_CHARS : MAX_ITEMS;
    if (size <= cap) {
      if (size > 1024) this.steps += size >> 10;
      return true;
    }
    const at = loc ?? this.here();
    const unit = what === 'string' ? 'characters' : 'items';
    if (at) this.report(at, 'warning', `this ${what} would hold ${size > 1e15 ? 'more than 10^15' : size.toLocaleString('en-US')} ${unit}, over the engine's build cap of ${cap.toLocaleString('en-US')}; its value is unknown and the result is partial`, CODES.LIMIT_SIZE.code);
    return false;
  }

  /** An exception inside the engine: an error diagnostic with the internal code (never the user's fault). */
  internalError(loc: Loc, what: string, e: unknown): void {
    this.report(loc, 'error', internalMessage(what, e), CODES.INTERNAL.code);
  }

  /** Add a fully formed diagnostic (with related places and fixes); same place and message count once. */
  push(d: Diag): void {
    if (this.diags.length > 500) return;
    if (this.diags.some((x) => x.loc.seg === d.loc.seg && x.loc.from === d.loc.from && x.message === d.message)) return;
    const path = d.path ?? this.currentPath?.();
    this.diags.push(path ? { ...d, path } : d);
  }

  loc(f: Frame, node: { from: number; to: number }): Loc {
    return { seg: f.seg, from: node.from, to: node.to };
  }

  // ------------------------------------------------------------------------------------------ module level

  runSegments(segments: readonly Segment[]): void {
    for (const seg of segments) {
      const f: Frame = { scope: this.globals, seg };
      for (const s of seg.stmts) {
        try {
          this.exec(s, f);
          if (s.k === 'assign' && s.targets.length === 1 && s.targets[0].k === 'name') {
            this.assigned.set(s, { name: s.targets[0].id, value: this.globals.vars.get(s.targets[0].id) ?? UNKNOWN });
          }
        } catch (e) {
          rethrowLimits(e, this.loc(f, s));
          this.internalError(this.loc(f, s), 'evaluating this statement', e);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ scopes

  lookup(name: string, f: Frame): Val | undefined {
    let s: Scope | null = f.scope;
    if (s.globalsDecl?.has(name)) s = this.globals;
    while (s) {
      if (s.isGlobal) {
        const v = s.vars.get(name);
        if (this.tracking && s === this.globals && !this.tracking.has(name)) this.tracking.set(name, this.globalSegs.get(name) ?? null);
        return v;
      }
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      s = s.parent;
    }
    return undefined;
  }

  bind(name: string, value: Val, f: Frame): void {
    let scope = f.scope;
    if (scope.globalsDecl?.has(name)) scope = this.globals;
    scope.vars.set(name, value);
    if (scope === this.globals) this.globalSegs.set(name, f.seg);
  }

  // ------------------------------------------------------------------------------------------ statements

  execBlock(stmts: readonly Stmt[], f: Frame): Signal {
    for (const s of stmts) {
      const sig = this.exec(s, f);
      if (sig !== undefined) return sig;
    }
    return undefined;
  }

  exec(s: Stmt, f: Frame): Signal {
    this.atSeg = f.seg;
    this.atNode = s;
    this.tick();
    switch (s.k) {
      case 'expr':
        this.evalExpr(s.value, f);
        return undefined;
      case 'assign': {
        const v = this.evalExpr(s.value, f);
        for (const t of s.targets) this.assign(t, v, f);
        this.onAssign?.(s.targets, v, f);
        return undefined;
      }
      case 'augassign': {
        const cur = this.evalExpr(s.target, f);
        const rhs = this.evalExpr(s.value, f);
        // `self.layers += [block]` on a ModuleList/Sequential extends it in place (ModuleList.__iadd__).
        if (s.op === '+' && cur instanceof ModuleObj && cur.container && cur.container !== 'ModuleDict') {
          this.effects++;
          this.host.callNative({ t: 'native', name: 'extend', self: cur }, [rhs], new Map(), this.loc(f, s), f);
          return undefined;
        }
        // In-place list extend keeps identity.
        if (s.op === '+' && tag(cur) === 'list' && seqItems(rhs)) {
          const items = (cur as { items: Val[] }).items;
          const more = seqItems(rhs)!;
          if (this.fits(items.length + more.length, this.loc(f, s), 'list')) for (const x of more.slice()) items.push(x);
          else this.assign(s.target, UNKNOWN, f);
          return undefined;
        }
        const v = this.host.binop(s.op, cur, rhs, this.loc(f, s), f, true);
        this.assign(s.target, v, f);
        this.onAssign?.([s.target], v, f);
        return undefined;
      }
      case 'return':
        return { ret: s.value ? this.evalExpr(s.value, f) : null };
      case 'if':
        return this.execIf(s, 0, f);
      case 'for':
        return this.execFor(s, f);
      case 'while': {
        for (let i = 0; ; i++) {
          const t = truthy(this.evalExpr(s.test, f));
          if (t === 'unknown') this.structural(this.loc(f, s.test), `the loop condition \`${exprText(s.test, f)}\` (line ${f.seg.pos(s.test.from).line}) cannot be decided statically`);
          if (t !== true) break;
          if (i >= MAX_WHILE) {
            this.report(this.loc(f, s.test), 'warning', `this while loop is still running after ${MAX_WHILE.toLocaleString('en-US')} iterations, the most the engine follows; the result is partial`, CODES.LIMIT_LOOP.code);
            break;
          }
          this.tick();
          const sig = this.execBlock(s.body, f);
          if (sig === 'break') break;
          if (sig && sig !== 'continue') return sig;
        }
        return undefined;
      }
      case 'def': {
        const fn = this.makeFunction(s.name, s.params, s.body, f, s.decorators.map((d) => exprName(d)));
        this.functions.set(s, fn);
        this.bind(s.name, fn, f);
        return undefined;
      }
      case 'class': {
        const cls = this.makeClass(s, f);
        this.classes.set(s, cls);
        this.bind(s.name, cls, f);
        return undefined;
      }
      case 'import':
        for (const n of s.names) this.importName(n, f, s);
        return undefined;
      case 'with':
        for (const it of s.items) {
          const v = this.evalExpr(it.value, f);
          // `with torch.no_grad():` and friends: the bound context value is not modelled.
          void v;
          if (it.target) this.bind(it.target, UNKNOWN, f);
        }
        return this.execBlock(s.body, f);
      case 'try': {
        const sig = this.execBlock(s.body, f);
        if (sig) return sig;
        if (s.orelse) {
          const sig2 = this.execBlock(s.orelse, f);
          if (sig2) return sig2;
        }
        if (s.finalbody) return this.execBlock(s.finalbody, f);
        return undefined;
      }
      case 'del':
        for (const t of s.targets) if (t.k === 'name') f.scope.vars.delete(t.id);
        return undefined;
      case 'raise':
        // A raise on an evaluated path ends it; report nothing (validation code is common in __init__).
        return { ret: UNKNOWN, raised: true };
      case 'global': {
        const decl = (f.scope as { globalsDecl?: Set<string> }).globalsDecl;
        if (decl) for (const n of s.names) decl.add(n);
        return undefined;
      }
      case 'break':
        return 'break';
      case 'continue':
        return 'continue';
      default:
        return undefined;
    }
  }

  private execIf(s: Extract<Stmt, { k: 'if' }>, i: number, f: Frame): Signal {
    if (i >= s.branches.length) return s.orelse ? this.execBlock(s.orelse, f) : undefined;
    const br = s.branches[i];
    const t = truthy(this.evalExpr(br.test, f));
    if (t === true) return this.execBlock(br.body, f);
    if (t === false) return this.execIf(s, i + 1, f);
    // Undecidable: run both paths on copies of the local variables and merge.
    const before = new Map(f.scope.vars);
    const rowsBefore = this.host.rows?.length ?? 0;
    const structuralBefore = this.structuralUnknowns;
    const effectsBefore = this.effects;
    const sigA = this.execBlock(br.body, f);
    const varsA = new Map(f.scope.vars);
    f.scope.vars.clear();
    for (const [k, v] of before) f.scope.vars.set(k, v);
    const sigB = this.execIf(s, i + 1, f);
    const varsB = new Map(f.scope.vars);
    // A path that raises is not the one a working model takes: follow the other one alone.
    const raisedA = typeof sigA === 'object' && sigA.raised === true;
    const raisedB = typeof sigB === 'object' && sigB.raised === true;
    if (raisedA !== raisedB) {
      const keep = raisedA ? varsB : varsA;
      f.scope.vars.clear();
      for (const [k, v] of keep) f.scope.vars.set(k, v);
      return raisedA ? sigB : sigA;
    }
    const loc = this.loc(f, { from: s.from, to: br.test.to });
    const diagsBefore = this.diags.length;
    for (const [k, a] of varsA) {
      const b = varsB.get(k);
      f.scope.vars.set(k, this.mergeBranchValues(k, a, b, loc));
    }
    // While a model is built, the paths matter when they build layers or change objects; in forward(), when
    // they call modules or leave different shapes behind.
    const rowsAdded = (this.host.rows?.length ?? 0) > rowsBefore;
    const changed = this.host.inForward ? rowsAdded || this.diags.length > diagsBefore : this.effects > effectsBefore;
    if (this.structuralUnknowns === structuralBefore && changed) {
      this.structural(loc, `the condition \`${exprText(br.test, f)}\` cannot be decided statically (line ${f.seg.pos(br.test.from).line}); both branches were followed`);
    }
    if (typeof sigA === 'object' && typeof sigB === 'object') return { ret: this.mergeBranchValues('the return value', sigA.ret, sigB.ret, loc) };
    return sigA ?? sigB;
  }

  private mergeBranchValues(name: string, a: Val, b: Val | undefined, loc: Loc): Val {
    if (b === undefined || a === b) return a;
    if (isTensorVal(a) && isTensorVal(b)) {
      if (a.shape && b.shape) {
        const same = a.shape.length === b.shape.length && a.shape.every((d, i) => pyEquals(d, b.shape![i]) !== false);
        if (!same) {
          this.report(loc, 'warning', `the branches of this if (condition not decidable statically) give ${name} different shapes: ${fmtShape(a.shape)} vs ${fmtShape(b.shape)}; using the first`);
        }
      }
      return a;
    }
    const eq = pyEquals(a, b);
    return eq === true ? a : isTensorVal(a) ? a : UNKNOWN;
  }

  private execFor(s: Extract<Stmt, { k: 'for' }>, f: Frame): Signal {
    const iter = this.evalExpr(s.iter, f);
    const items = this.iterate(iter, this.loc(f, s.iter), f);
    if (items === undefined) {
      this.structural(this.loc(f, s.iter), `the loop over \`${exprText(s.iter, f)}\` (line ${f.seg.pos(s.iter.from).line}) cannot be unrolled statically (${iter === UNKNOWN ? 'its value is unknown' : `it is ${describe(iter)}`}); loop skipped`);
      return undefined;
    }
    let broke = false;
    for (const item of items) {
      this.tick();
      this.assign(s.target, item, f);
      const sig = this.execBlock(s.body, f);
      if (sig === 'break') {
        broke = true;
        break;
      }
      if (sig && sig !== 'continue') return sig;
    }
    if (!broke && s.orelse) return this.execBlock(s.orelse, f);
    return undefined;
  }

  /** Items of an iterable value, or undefined when it cannot be iterated statically. */
  iterate(v: Val, loc: Loc, f: Frame): readonly Val[] | undefined {
    const items = seqItems(v);
    if (items) return [...items];
    switch (tag(v)) {
      case 'range': {
        const r = v as PyRange;
        const out: number[] = [];
        if (r.step === 0) return [];
        const n = Math.max(0, Math.ceil((r.stop - r.start) / r.step));
        if (n > MAX_LOOP) {
          this.report(loc, 'warning', `this range has ${n > 1e15 ? 'more than 10^15' : n.toLocaleString('en-US')} items; the engine follows the first ${MAX_LOOP.toLocaleString('en-US')} only, so the result is partial`, CODES.LIMIT_LOOP.code);
        }
        for (let i = r.start, k = 0; k < n && k < MAX_LOOP; i += r.step, k++) out.push(i);
        return out;
      }
      case 'dict':
        return [...(v as PyDict).map.keys()];
      case 'paramsof':
        return [v];
    }
    if (typeof v === 'string') return [...v];
    if (isLayerVal(v)) return this.host.iterateLayer(v, loc);
    if (tag(v) === 'kmodel') return (v as KerasModelVal).layers;
    if (isTensorVal(v) && v.values && v.shape?.length === 1) return v.values.map((x) => ({ kind: 'tensor', shape: [], dtype: v.dtype, values: [x] }) as TensorVal);
    if (isTensorVal(v) && v.shape && v.shape.length > 0 && typeof v.shape[0] === 'number' && v.shape[0] <= 64) {
      return Array.from({ length: v.shape[0] }, () => ({ ...v, shape: v.shape!.slice(1), values: undefined }));
    }
    void f;
    return undefined;
  }

  assign(target: Expr, v: Val, f: Frame): void {
    switch (target.k) {
      case 'name':
        this.bind(target.id, v, f);
        return;
      case 'attr': {
        const obj = this.evalExpr(target.obj, f);
        this.effects++;
        this.host.setAttr(obj, target.name, v, this.loc(f, target), f);
        return;
      }
      case 'subscript': {
        this.effects++;
        const obj = this.evalExpr(target.obj, f);
        const idx = this.evalIndex(target.index, target.trailingComma, f);
        this.setItem(obj, idx, v);
        return;
      }
      case 'tuple':
      case 'list': {
        const items = this.unpack(v, target.items.length, target.items.findIndex((x) => x.k === 'starred'), this.loc(f, target), f);
        target.items.forEach((t, i) => this.assign(t.k === 'starred' ? t.value : t, items[i], f));
        return;
      }
      case 'starred':
        this.assign(target.value, v, f);
        return;
      default:
        return;
    }
  }

  private unpack(v: Val, n: number, starIdx: number, loc: Loc, f: Frame): Val[] {
    const items = this.iterate(v, loc, f);
    if (!items) return Array.from({ length: n }, () => UNKNOWN);
    if (starIdx >= 0) {
      const before = items.slice(0, starIdx);
      const afterCount = n - starIdx - 1;
      const after = afterCount > 0 ? items.slice(items.length - afterCount) : [];
      const mid = items.slice(starIdx, items.length - afterCount);
      return [...before, list([...mid]), ...after];
    }
    if (items.length !== n) {
      this.report(loc, 'error', `cannot unpack ${items.length} value${items.length === 1 ? '' : 's'} into ${n} targets`);
      return Array.from({ length: n }, (_, i) => items[i] ?? UNKNOWN);
    }
    return [...items];
  }

  private setItem(obj: Val, idx: Val, v: Val): void {
    const t = tag(obj);
    if (t === 'list' && typeof idx === 'number') {
      const items = (obj as { items: Val[] }).items;
      const i = idx < 0 ? idx + items.length : idx;
      if (i >= 0 && i < items.length) items[i] = v;
    } else if (t === 'dict' && (typeof idx === 'string' || typeof idx === 'number' || typeof idx === 'boolean' || idx === null)) {
      const map = (obj as PyDict).map;
      if (map.has(idx) || this.fits(map.size + 1, undefined, 'dict')) map.set(idx, v);
    } else if (obj instanceof ModuleObj && obj.container && (typeof idx === 'string' || typeof idx === 'number') && isLayerVal(v)) {
      obj.setChild(String(idx), v);
    }
  }

  // ------------------------------------------------------------------------------------------ imports

  /** The module `name` when its source can be read (executing it on first use); undefined otherwise. */
  loadModule(name: string): PyModule | undefined {
    if (!this.loader || !name) return undefined;
    return this.loader.load(name, (mod) => this.runModule(mod));
  }

  /** Execute an imported module's top level in its own scope; its problems are not the analysed file's. */
  private runModule(mod: PyModule): void {
    const saved = { diags: this.diags, tracking: this.tracking, inForward: this.host.inForward, depth: this.depth };
    this.diags = [];
    this.tracking = null;
    this.host.inForward = false;
    try {
      for (const seg of mod.segments) {
        const f: Frame = { scope: mod.scope, seg };
        for (const s of seg.stmts) {
          try {
            this.exec(s, f);
          } catch (e) {
            if (e instanceof Abort) throw e;
          }
        }
      }
    } finally {
      this.diags = saved.diags;
      this.tracking = saved.tracking;
      this.host.inForward = saved.inForward;
      this.depth = saved.depth;
    }
  }

  private importName(n: { local: string; qualified: string; isModule: boolean }, f: Frame, at: { from: number; to: number }): void {
    const current = f.seg.module ?? this.mainModule;
    const relative = n.qualified.startsWith('<local>');
    const abs = absoluteImport(n.qualified, current);
    const unresolved = (name: string): Val => ({ t: 'ref', name: relative ? `<local>.${name}` : normalizeQualifiedName(name) });
    if (n.local === '*') {
      const m = this.loadModule(abs);
      if (!m) {
        this.loader?.noteMissing(abs);
        if (relative || this.loader) this.report(this.loc(f, at), 'info', `'from ${abs} import *': the module's source is not available, so its names are unknown`, CODES.MISSING_IMPORT.code);
        return;
      }
      const all = m.scope.vars.get('__all__');
      const names = seqItems(all ?? null)?.filter((x): x is string => typeof x === 'string') ?? [...m.scope.vars.keys()].filter((k) => !k.startsWith('_'));
      for (const k of names) {
        const v = m.scope.vars.get(k) ?? this.loadModule(`${abs}.${k}`);
        if (v !== undefined) this.bind(k, v, f);
      }
      return;
    }
    if (n.isModule) {
      const m = this.loadModule(abs);
      if (n.local !== n.qualified.split('.')[0]) {
        this.bind(n.local, m ?? unresolved(abs), f);
        if (!m) this.loader?.noteMissing(abs);
        return;
      }
      const top = abs.split('.')[0];
      const tm = m ? this.loadModule(top) : undefined;
      if (!m) this.loader?.noteMissing(abs);
      this.bind(n.local, tm ?? m ?? unresolved(top), f);
      return;
    }
    const dot = abs.lastIndexOf('.');
    const modName = dot > 0 ? abs.slice(0, dot) : '';
    const attr = abs.slice(dot + 1);
    const m = modName ? this.loadModule(modName) : undefined;
    let v: Val | undefined = m?.scope.vars.get(attr);
    if (v === undefined) v = this.loadModule(abs);
    if (v === undefined && m && m.origin === 'library') v = { t: 'ref', name: normalizeQualifiedName(abs) };
    if (v === undefined) {
      if (m) this.report(this.loc(f, at), 'info', `'${attr}' is not defined in ${modName}; its value is unknown`);
      else this.loader?.noteMissing(modName || abs);
      v = m ? UNKNOWN : unresolved(abs);
    }
    this.bind(n.local, v, f);
  }

  // ------------------------------------------------------------------------------------------ functions & classes

  makeFunction(name: string, params: readonly Param[], body: readonly Stmt[] | { expr: Expr }, f: Frame, decorators: string[] = []): PyFunction {
    const defaults = new Map<string, Val>();
    for (const p of params) if (p.default) defaults.set(p.name, this.evalExpr(p.default, f));
    return { t: 'func', name, params, defaults, body, closure: f.scope, seg: f.seg, decorators };
  }

  private makeClass(s: Extract<Stmt, { k: 'class' }>, f: Frame): PyClass {
    const bases: Val[] = [];
    for (const b of s.bases) if (b.kind === 'pos') bases.push(this.evalExpr(b.value, f));
    const attrs = new Map<string, Val>();
    const fieldOrder: string[] = [];
    const cls: PyClass = { t: 'class', name: s.name, bases, attrs, seg: f.seg, loc: this.loc(f, s.nameSpan), decorators: s.decorators.map(exprName), fieldOrder };
    const scope: Scope = { vars: attrs, parent: f.scope, isGlobal: false };
    // Class body: methods close over the enclosing scope, not the class scope (Python's rule).
    const bodyFrame: Frame = { scope, seg: f.seg };
    for (const st of s.body) {
      try {
        if (st.k === 'def') {
          const fn = this.makeFunction(st.name, st.params, st.body, { scope: f.scope, seg: f.seg }, st.decorators.map(exprName));
          // Defaults are evaluated in the class scope in Python.
          for (const p of st.params) if (p.default) (fn.defaults as Map<string, Val>).set(p.name, this.evalExpr(p.default, bodyFrame));
          fn.owner = cls;
          attrs.set(st.name, fn);
        } else {
          if (st.k === 'assign') for (const t of st.targets) if (t.k === 'name' && !fieldOrder.includes(t.id)) fieldOrder.push(t.id);
          if (st.k === 'pass' && st.annotated && !fieldOrder.includes(st.annotated)) fieldOrder.push(st.annotated);
          this.exec(st, bodyFrame);
        }
      } catch (e) {
        rethrowLimits(e, this.loc(f, st));
        this.internalError(this.loc(f, st), `evaluating the body of class ${s.name}`, e);
      }
    }
    return cls;
  }

  /** Method resolution order: a depth-first, left-to-right linearisation with duplicates removed (C3 for the usual trees). */
  mro(cls: PyClass): Val[] {
    const out: Val[] = [];
    const visit = (c: Val, depth: number) => {
      if (depth > 30) return;
      if (tag(c) === 'class') {
        const k = c as PyClass;
        const i = out.indexOf(k);
        if (i >= 0) out.splice(i, 1);
        out.push(k);
        for (const b of k.bases) visit(b, depth + 1);
      } else if (c !== UNKNOWN && !out.some((x) => tag(x) === 'ref' && tag(c) === 'ref' && (x as { name: string }).name === (c as { name: string }).name)) out.push(c);
    };
    visit(cls, 0);
    return out;
  }

  /** Look up an attribute through the class MRO (user classes only); returns the defining class too. */
  classLookup(cls: PyClass, name: string, after?: PyClass): { value: Val; owner: PyClass } | undefined {
    const mro = this.mro(cls);
    let start = 0;
    if (after) start = mro.indexOf(after) + 1;
    for (let i = start; i < mro.length; i++) {
      const c = mro[i];
      if (tag(c) !== 'class') continue;
      const v = (c as PyClass).attrs.get(name);
      if (v !== undefined) return { value: v, owner: c as PyClass };
    }
    return undefined;
  }

  /** External (library) bases in the MRO, e.g. `torch.nn.Module`, `keras.Model`. */
  externalBases(cls: PyClass): string[] {
    return this.mro(cls)
      .filter((c) => tag(c) === 'ref')
      .map((c) => (c as { name: string }).name);
  }

  callFunction(fn: PyFunction, args: readonly Val[], kwargs: Kw, loc: Loc, selfArg?: Val): Val {
    if (this.depth > MAX_DEPTH) {
      this.report(loc, 'warning', `calls nest more than ${MAX_DEPTH} deep here (${fn.name}() recursing?), the most the engine follows; the result is unknown and partial`, CODES.LIMIT_DEPTH.code);
      return UNKNOWN;
    }
    const scope: Scope = { vars: new Map(), parent: fn.closure, isGlobal: false, globalsDecl: new Set() };
    this.bindParams(fn, args, kwargs, scope, loc);
    const f: Frame = { scope, seg: fn.seg, fn, selfArg: selfArg ?? args[0] };
    this.depth++;
    try {
      if ('expr' in fn.body) return this.evalExpr(fn.body.expr, f);
      const sig = this.execBlock(fn.body as readonly Stmt[], f);
      return typeof sig === 'object' ? sig.ret : null;
    } finally {
      this.depth--;
    }
  }

  private bindParams(fn: PyFunction, args: readonly Val[], kwargs: Kw, scope: Scope, loc: Loc): void {
    let ai = 0;
    const used = new Set<string>();
    for (const p of fn.params) {
      if (p.kind === 'normal') {
        if (ai < args.length) scope.vars.set(p.name, args[ai++]);
        else if (kwargs.has(p.name)) {
          scope.vars.set(p.name, kwargs.get(p.name)!);
          used.add(p.name);
        } else if (fn.defaults.has(p.name)) scope.vars.set(p.name, fn.defaults.get(p.name)!);
        else {
          this.report(loc, 'error', `${fn.name}() missing required argument '${p.name}'`);
          scope.vars.set(p.name, UNKNOWN);
        }
      } else if (p.kind === 'star') {
        scope.vars.set(p.name, tuple(args.slice(ai)));
        ai = args.length;
      } else if (p.kind === 'kwonly') {
        if (kwargs.has(p.name)) {
          scope.vars.set(p.name, kwargs.get(p.name)!);
          used.add(p.name);
        } else if (fn.defaults.has(p.name)) scope.vars.set(p.name, fn.defaults.get(p.name)!);
        else {
          this.report(loc, 'error', `${fn.name}() missing required keyword-only argument '${p.name}'`);
          scope.vars.set(p.name, UNKNOWN);
        }
      }
    }
    const dstar = fn.params.find((p) => p.kind === 'dstar');
    if (dstar) {
      const map = new Map<string | number | boolean | null, Val>();
      for (const [k, v] of kwargs) if (!used.has(k) && !fn.params.some((p) => p.name === k && p.kind !== 'dstar')) map.set(k, v);
      scope.vars.set(dstar.name, { t: 'dict', map } as PyDict);
    }
    if (ai < args.length && !fn.params.some((p) => p.kind === 'star')) {
      this.report(loc, 'error', `${fn.name}() takes ${fn.params.filter((p) => p.kind === 'normal').length} positional arguments but ${args.length} were given`);
    }
  }

  // ------------------------------------------------------------------------------------------ expressions

  evalExpr(e: Expr, f: Frame): Val {
    switch (e.k) {
      case 'num':
        return e.value;
      case 'str':
        return e.value === null ? UNKNOWN : e.value;
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          if (typeof p === 'string') out += p;
          else {
            const v = formatValue(this.evalExpr(p.expr, f), p.spec, p.conv);
            if (v === undefined) return UNKNOWN;
            if (!this.fits(out.length + v.length, this.loc(f, e), 'string')) return UNKNOWN;
            out += v;
          }
        }
        return out;
      }
      case 'const':
        return e.value === 'ellipsis' ? ELLIPSIS : e.value;
      case 'name': {
        const v = this.lookup(e.id, f);
        if (v !== undefined) return v;
        const b = this.host.builtin(e.id);
        if (b) return b;
        if (this.host.inForward || f.scope !== this.globals) this.report(this.loc(f, e), 'info', `name '${e.id}' is not defined (missing import?); its value is unknown`);
        return UNKNOWN;
      }
      case 'attr': {
        const obj = this.evalExpr(e.obj, f);
        return this.host.getAttr(obj, e.name, this.loc(f, e), f);
      }
      case 'subscript': {
        const obj = this.evalExpr(e.obj, f);
        const idx = this.evalIndex(e.index, e.trailingComma, f);
        return this.host.getItem(obj, idx, this.loc(f, e), f);
      }
      case 'call':
        return this.evalCall(e, f);
      case 'binop':
        return this.evalBinop(e, f);
      case 'unary': {
        const v = this.evalExpr(e.operand, f);
        if (e.op === 'not') return fromTruth(not(truthy(v)));
        if (e.op === '-') return isTensorVal(v) || tag(v) === 'param' ? this.host.tensorLike(v) : unaryMinus(v);
        if (e.op === '+') return v;
        if (e.op === '~') return typeof v === 'number' ? ~v : isTensorVal(v) ? v : UNKNOWN;
        return UNKNOWN;
      }
      case 'cond': {
        const t = truthy(this.evalExpr(e.test, f));
        if (t === true) return this.evalExpr(e.body, f);
        if (t === false) return this.evalExpr(e.orelse, f);
        const a = this.evalExpr(e.body, f);
        const b = this.evalExpr(e.orelse, f);
        return this.mergeBranchValues('the conditional expression', a, b, this.loc(f, e));
      }
      case 'lambda':
        return this.makeFunction('<lambda>', e.params, { expr: e.body }, f);
      case 'tuple': {
        const items = this.evalItems(e.items, f);
        return items ? tuple(items) : UNKNOWN;
      }
      case 'list':
      case 'set': {
        const items = this.evalItems(e.items, f);
        return items ? list(items) : UNKNOWN;
      }
      case 'dict': {
        const map = new Map<string | number | boolean | null, Val>();
        for (const ent of e.entries) {
          if ('spread' in ent) {
            const d = this.evalExpr(ent.spread, f);
            if (tag(d) === 'dict') {
              if (!this.fits(map.size + (d as PyDict).map.size, this.loc(f, e), 'dict')) return UNKNOWN;
              for (const [k, v] of (d as PyDict).map) map.set(k, v);
            }
          } else {
            const k = this.evalExpr(ent.key, f);
            if (isKey(k)) map.set(k, this.evalExpr(ent.value, f));
          }
        }
        return { t: 'dict', map };
      }
      case 'comp':
        return this.evalComp(e, f);
      case 'starred':
        return this.evalExpr(e.value, f);
      case 'named': {
        const v = this.evalExpr(e.value, f);
        this.bind(e.target, v, f);
        return v;
      }
      case 'unknown':
        if (e.why === PARSE_TIMEOUT) {
          this.report(this.loc(f, e), 'warning', `the time budget of ${this.timeBudgetMs} ms for the whole file ran out before the engine could read the code from here on; results are partial`, CODES.LIMIT_TIME.code);
          throw new Abort('time', this.loc(f, e));
        }
        if (e.why === NESTING_LIMIT) {
          this.report(
            this.loc(f, e),
            'warning',
            `this expression nests deeper than the engine reads (${MAX_BRACKETS} nested brackets or calls, as CPython's parser, or ${MAX_EXPR_DEPTH.toLocaleString('en-US')} levels of operators); its value is unknown and the result is partial`,
            CODES.LIMIT_DEPTH.code,
          );
        } else if (e.why.startsWith('internal: ')) {
          this.report(this.loc(f, e), 'error', internalMessage('reading this code', e.why.slice(10)), CODES.INTERNAL.code);
        }
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** Items of a list/tuple/set display, `*x` unpacked; undefined when they would pass the build cap. */
  private evalItems(items: readonly Expr[], f: Frame): Val[] | undefined {
    if (!this.fits(items.length, items.length ? this.loc(f, items[0]) : undefined, 'list')) return undefined;
    const out: Val[] = [];
    for (const it of items) {
      if (it.k === 'starred') {
        const v = this.evalExpr(it.value, f);
        const xs = this.iterate(v, this.loc(f, it), f);
        if (xs && !this.fits(out.length + xs.length, this.loc(f, it), 'list')) return undefined;
        if (xs) for (const x of xs) out.push(x);
        else out.push(UNKNOWN);
      } else out.push(this.evalExpr(it, f));
    }
    return out;
  }

  evalIndex(items: readonly SubscriptItem[], trailingComma: boolean, f: Frame): Val {
    const vals = items.map((it): Val => {
      if (it.k === 'slice') {
        return {
          t: 'slice',
          start: it.lower ? this.evalExpr(it.lower, f) : null,
          stop: it.upper ? this.evalExpr(it.upper, f) : null,
          step: it.step ? this.evalExpr(it.step, f) : null,
        } as PySlice;
      }
      return this.evalExpr(it, f);
    });
    return vals.length === 1 && !trailingComma ? vals[0] : tuple(vals);
  }

  private evalComp(e: Extract<Expr, { k: 'comp' }>, f: Frame): Val {
    const scope: Scope = { vars: new Map(), parent: f.scope, isGlobal: false };
    const cf: Frame = { ...f, scope };
    const out: Val[] = [];
    const map = new Map<string | number | boolean | null, Val>();
    let unknown = false;
    let overflow = false;
    const loop = (gi: number): void => {
      if (gi >= e.gens.length) {
        if (out.length + map.size >= MAX_ITEMS && !this.fits(out.length + map.size + 1, this.loc(f, e), e.kind === 'dict' ? 'dict' : 'list')) {
          overflow = true;
          return;
        }
        if (e.kind === 'dict') {
          const k = this.evalExpr(e.elt, cf);
          if (isKey(k)) map.set(k, this.evalExpr(e.value!, cf));
        } else out.push(this.evalExpr(e.elt, cf));
        return;
      }
      const g = e.gens[gi];
      const items = this.iterate(this.evalExpr(g.iter, gi === 0 ? f : cf), this.loc(f, g.iter), cf);
      if (!items) {
        unknown = true;
        return;
      }
      for (const it of items) {
        if (overflow) return;
        this.tick();
        this.assign(g.target, it, cf);
        let ok: Truth = true;
        for (const c of g.ifs) {
          const t = truthy(this.evalExpr(c, cf));
          if (t !== true) {
            ok = t;
            break;
          }
        }
        if (ok === 'unknown') unknown = true;
        if (ok === true) loop(gi + 1);
      }
    };
    loop(0);
    if (unknown || overflow) return UNKNOWN;
    if (e.kind === 'dict') return { t: 'dict', map };
    return list(out);
  }

  private evalBinop(e: Extract<Expr, { k: 'binop' }>, f: Frame): Val {
    const op = e.op;
    if (op === 'and' || op === 'or') {
      const a = this.evalExpr(e.left, f);
      const t = truthy(a);
      if (op === 'and') {
        if (t === false) return a;
        const b = this.evalExpr(e.right, f);
        if (t === true) return b;
        return truthy(b) === false ? b : UNKNOWN;
      }
      if (t === true) return a;
      const b = this.evalExpr(e.right, f);
      if (t === false) return b;
      return UNKNOWN;
    }
    // Chained comparison `a < b < c` means `a < b and b < c` (lezer nests it as `(a < b) < c`).
    if (COMPARISONS.has(op) && e.left.k === 'binop' && COMPARISONS.has(e.left.op)) {
      const first = truthy(this.evalBinop(e.left, f));
      if (first === false) return false;
      const middle = this.evalExpr(e.left.right, f);
      const rest = truthy(this.compareValues(op, middle, this.evalExpr(e.right, f), e, f));
      if (rest === false) return false;
      return first === true && rest === true ? true : UNKNOWN;
    }
    const a = this.evalExpr(e.left, f);
    const b = this.evalExpr(e.right, f);
    return this.compareValues(op, a, b, e, f);
  }

  private compareValues(op: string, a: Val, b: Val, e: Extract<Expr, { k: 'binop' }>, f: Frame): Val {
    switch (op) {
      case '==':
        return fromTruth(pyEquals(a, b));
      case '!=':
        return fromTruth(not(pyEquals(a, b)));
      case '<':
      case '>':
      case '<=':
      case '>=':
        if (isTensorVal(a) || isTensorVal(b)) return this.host.binop(op, a, b, this.loc(f, e), f, false);
        return fromTruth(compare(op, a, b));
      case 'is':
        return fromTruth(identical(a, b));
      case 'is not':
        return fromTruth(not(identical(a, b)));
      case 'in':
        return fromTruth(contains(b, a));
      case 'not in':
        return fromTruth(not(contains(b, a)));
      default:
        return this.host.binop(op, a, b, this.loc(f, e), f, false);
    }
  }

  scalarOp(op: string, a: Val, b: Val): Val | undefined {
    return scalarBinop(op, a, b);
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>, f: Frame): Val {
    const loc = this.loc(f, e);
    // Zero-argument super(): the class where the running method was defined, and its first argument.
    if (e.fn.k === 'name' && e.fn.id === 'super' && e.args.length === 0 && this.lookup('super', f) === undefined) {
      const owner = f.fn?.owner;
      if (!owner) return UNKNOWN;
      return { t: 'super', self: f.selfArg ?? UNKNOWN, after: owner };
    }
    const fn = this.evalExpr(e.fn, f);
    const { args, kwargs } = this.evalArgs(e.args, f);
    if (fn === UNKNOWN && this.host.inForward && args.some((a) => isTensorVal(a))) {
      this.structural(loc, `\`${exprText(e.fn, f)}\` (line ${f.seg.pos(e.from).line}) could not be evaluated; if it is a module, its parameters and output are missing`);
    }
    this.currentCall = { expr: e, seg: f.seg };
    return this.call(fn, args, kwargs, loc, f);
  }

  evalArgs(argNodes: readonly Arg[], f: Frame): { args: Val[]; kwargs: Kw } {
    const args: Val[] = [];
    const kwargs: Kw = new Map();
    for (const a of argNodes) {
      const v = this.evalExpr(a.value, f);
      if (a.kind === 'pos') args.push(v);
      else if (a.kind === 'kw') kwargs.set(a.name!, v);
      else if (a.kind === 'star') {
        const xs = this.iterate(v, this.loc(f, a.value), f);
        if (xs && this.fits(args.length + xs.length, this.loc(f, a.value), 'tuple')) for (const x of xs) args.push(x);
        else if (xs) args.push(UNKNOWN);
        else {
          this.structural(this.loc(f, a.value), `*${exprText(a.value, f)} (line ${f.seg.pos(a.value.from).line}) could not be evaluated, so the call's arguments are unknown`);
          args.push(UNKNOWN);
        }
      } else if (a.kind === 'dstar') {
        if (tag(v) === 'dict') for (const [k, x] of (v as PyDict).map) kwargs.set(String(k), x);
        else if (tag(v) === 'instance' && (v as PyInstance).dict) for (const [k, x] of (v as PyInstance).dict) kwargs.set(k, x);
        else this.structural(this.loc(f, a.value), `**${exprText(a.value, f)} (line ${f.seg.pos(a.value.from).line}) could not be evaluated, so the call's keyword arguments are unknown`);
      }
    }
    return { args, kwargs };
  }

  call(fn: Val, args: readonly Val[], kwargs: Kw, loc: Loc, f: Frame): Val {
    this.tick();
    switch (tag(fn)) {
      case 'func':
        return this.callFunction(fn as PyFunction, args, kwargs, loc);
      case 'method': {
        const m = fn as BoundMethod;
        return this.callFunction(m.fn, [m.self, ...args], kwargs, loc, m.self);
      }
      case 'class':
        this.effects++;
        return this.host.instantiate(fn as PyClass, args, kwargs, loc, f);
    }
    if (fn === UNKNOWN) return UNKNOWN;
    return this.host.callOther(fn, args, kwargs, loc, f);
  }

  /** Run a user module's forward() (ModuleRunner, for catalogue composites that call user children). */
  runModuleForward(mod: ModuleObj, args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue {
    void ctx;
    return toFlow(this.host.forwardUserModule(mod, args as Val[], new Map(Object.entries(kwargs) as [string, Val][])));
  }

  /** A user instance attribute read, including class attributes and bound methods. */
  instanceAttr(obj: PyInstance | ModuleObj, cls: PyClass | null, name: string): Val | undefined {
    const own = obj.dict.get(name);
    if (own !== undefined) return own;
    if (!cls) return undefined;
    const found = this.classLookup(cls, name);
    if (!found) return undefined;
    if (tag(found.value) === 'func') {
      const fn = found.value as PyFunction;
      if (fn.decorators.includes('staticmethod')) return fn;
      if (fn.decorators.includes('classmethod')) return { t: 'method', self: cls, fn };
      if (fn.decorators.includes('property')) return this.callFunction(fn, [obj], new Map(), cls.loc, obj);
      return { t: 'method', self: obj, fn };
    }
    return found.value;
  }
}

// ---------------------------------------------------------------------------------------------- helpers

/** str()/format() of a scalar with a simple format spec (`d`, `03d`, `>4`, `.2f`); undefined when unknown. */
export function formatValue(v: Val, spec?: string, conv?: string): string | undefined {
  let s: string;
  if (typeof v === 'string') s = conv === 'r' ? `'${v}'` : v;
  else if (typeof v === 'number') {
    const m = spec ? /^([<>^]?)(0?)(\d*)(?:\.(\d+))?([dfeg%s]?)$/.exec(spec) : null;
    if (spec && !m) return undefined;
    if (m && m[4] !== undefined && (m[5] === 'f' || m[5] === '')) s = v.toFixed(Math.min(Number(m[4]), 100));
    else if (m && m[5] === '%') s = `${(v * 100).toFixed(m[4] !== undefined ? Math.min(Number(m[4]), 100) : 6)}%`;
    else s = Number.isInteger(v) || !Number.isFinite(v) ? String(v) : pyFloat(v);
    if (m && m[3]) {
      const w = Math.min(Number(m[3]), 1000);
      if (m[2] === '0') s = s.padStart(w, '0');
      else s = m[1] === '<' ? s.padEnd(w) : s.padStart(w);
    }
    return s;
  } else if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (v === null) s = 'None';
  else return undefined;
  if (spec) {
    const m = /^([<>^]?)(\d+)$/.exec(spec);
    if (!m) return undefined;
    const w = Math.min(Number(m[2]), 1000);
    s = m[1] === '>' ? s.padStart(w) : s.padEnd(w);
  }
  return s;
}

function pyFloat(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** Python's `"fmt" % args` for %d %i %s %r %f %x conversions. */
export function percentFormat(fmt: string, arg: Val): Val {
  const args = seqItems(arg) && tag(arg) === 'tuple' ? [...seqItems(arg)!] : [arg];
  let k = 0;
  let failed = false;
  const out = fmt.replace(/%(\(\w+\))?([-+ 0#]*)(\d*)(?:\.(\d+))?([diusrfxX%])/g, (all, _key: string | undefined, flags: string, width: string, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = args[k++];
    if (v === undefined) {
      failed = true;
      return all;
    }
    let s: string | undefined;
    if (conv === 'd' || conv === 'i' || conv === 'u') s = typeof v === 'number' ? String(Math.trunc(v)) : typeof v === 'boolean' ? String(Number(v)) : undefined;
    else if (conv === 'f') s = typeof v === 'number' ? v.toFixed(prec !== undefined ? Math.min(Number(prec), 100) : 6) : undefined;
    else if (conv === 'x' || conv === 'X') s = typeof v === 'number' ? Math.trunc(v).toString(16) : undefined;
    else s = formatValue(v as Val, undefined, conv === 'r' ? 'r' : undefined);
    if (s === undefined) {
      failed = true;
      return all;
    }
    if (conv === 'X') s = s.toUpperCase();
    const w = Math.min(Number(width || 0), 1000);
    if (w) s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') ? '0' : ' ');
    return s;
  });
  return failed ? UNKNOWN : out;
}

function isKey(k: Val): k is string | number | boolean | null {
  return typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean' || k === null;
}

function identical(a: Val, b: Val): Truth {
  if (a === UNKNOWN || b === UNKNOWN) return 'unknown';
  if (a === null || b === null) return a === b;
  if (isDim(a) && isDim(b)) return pyEquals(a, b);
  return a === b;
}

/** The source text of an expression (shortened), for messages. */
export function exprText(e: { from: number; to: number }, f: Frame): string {
  const t = f.seg.text.slice(e.from, e.to).replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

export function exprName(e: Expr): string {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') return `${exprName(e.obj)}.${e.name}`;
  if (e.k === 'call') return exprName(e.fn);
  return '?';
}

/** `tensorflow.keras.x` / `tf.keras…` → `keras.x` (shared with the hover index). */
export const normalizeQualifiedName = normalizeQualified;

export function fmtShape(s: Shape | null): string {
  return s === null ? '[?]' : `[${s.map((d: Dim) => formatDim(d)).join(', ')}]`;
}

export function describe(v: Val): string {
  if (v === UNKNOWN) return 'an unknown value';
  if (v === null) return 'None';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof SymDim) return formatDim(v);
  if (isTensorVal(v)) return `a tensor of shape ${fmtShape(v.shape)}`;
  if (isLayerVal(v)) return `a ${v.type} module`;
  return `a ${tag(v) ?? 'value'}`;
}

export type { BuiltLayer, TensorVal, ParamVal };
