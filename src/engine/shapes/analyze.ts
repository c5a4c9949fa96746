/**
 * Whole-file analysis: run the module, find the models, and analyse each one (build → forward → rows,
 * totals, receptive field, diagnostics), with a per-model cache keyed by the model's source segments and
 * the global bindings it read.
 */
import type { BuiltLayer, Shape } from './contract';
import { add, dimToJSON, isConcrete, isUnsafeCount, mul, product, sym, type Dim } from './dims';
import { Abort, Interpreter, isSizeOverflow, isStackOverflow, type Diag, type Frame } from './eval/interpreter';
import { CODES, classifyMessage, isInternalCode, isLimitCode } from './codes';
import { Host, firstShape, type Row } from './eval/host';
import { ModuleObj } from './eval/module-obj';
import { UNKNOWN, isLayerVal, tag, tensorOf, type KerasModelVal, type Loc, type PyClass, type PyFunction, type TensorVal, type Val } from './eval/values';
import { findCallInputs } from './callsite';
import { dtypeKind, inputCommentAbove, inputCommentAt, modelCommentAbove, type InputSpec } from './input-spec';
import { MODEL_INPUT, resolveLines, type InputLabel } from './eval/provenance';
import { ValueTrace, type RawTrace } from './eval/trace';
import type { Expr, Segment, Stmt } from './python/ast';
import { PythonDocument } from './python/document';
import { ModuleLoader } from './eval/modules';
import type { AnalyzeOptions, Diagnostic, FileReport, InputDtype, InputSource, JsonCount, JsonShape, LayerRow, ModelReport, ReceptiveField, TraceEntry } from './report';

// ---------------------------------------------------------------------------------------------- cached raw results

/** A model result with positions still as segment-relative locations (valid after the code moves). */
interface RawModel {
  name: string;
  framework: 'torch' | 'keras';
  loc: Loc;
  input: (Shape | null)[];
  inputDtypes: InputDtype[];
  output: Shape | null;
  rows: Array<Omit<LayerRow, 'line' | 'column' | 'endLine' | 'endColumn'> & { loc: Loc }>;
  /** Parameter counts are BigInt (exact at any size); MACs and activations are dims (symbolic or a double). */
  totals: { total: bigint; trainable: bigint; nonTrainable: bigint; buffers: bigint; macs: Dim | null; activation: Dim | null };
  rf?: ReceptiveField;
  diags: Diag[];
  complete: boolean;
  inputSource: RawInputSource;
  trace: RawTrace[];
}

/** InputSource with positions as locations (see toReport). */
interface RawInputSource {
  kind: InputSource['kind'];
  /** Text without the line: "`# input:` comment", "first layer (Conv2d)". */
  text: string;
  /** The call (kind `call`), or the model statement with the comment `linesAbove` lines above it. */
  loc?: Loc;
  linesAbove?: number;
}

interface CacheEntry {
  key: string;
  deps: Map<string, Segment | null>;
  segs: Segment[];
  raw: RawModel;
}

/** Per-model results by (model segment, candidate key); an entry holds while its segments and reads hold. */
export class ModelCache {
  private entries = new Map<Segment, Map<string, CacheEntry>>();
  private used = new Set<CacheEntry>();

  /** Lookups since the last `resetStats()`: a hit reuses a model's result, a miss re-evaluates the model. */
  readonly stats = { hits: 0, misses: 0 };

  resetStats(): void {
    this.stats.hits = 0;
    this.stats.misses = 0;
  }

  get(seg: Segment, key: string, interp: Interpreter, live: ReadonlySet<Segment>): RawModel | undefined {
    const e = this.lookup(seg, key, interp, live);
    if (e) this.stats.hits++;
    else this.stats.misses++;
    return e;
  }

  private lookup(seg: Segment, key: string, interp: Interpreter, live: ReadonlySet<Segment>): RawModel | undefined {
    const e = this.entries.get(seg)?.get(key);
    if (!e) return undefined;
    for (const s of e.segs) if (!live.has(s)) return undefined;
    for (const [name, dep] of e.deps) if ((interp.globalSegs.get(name) ?? null) !== dep) return undefined;
    this.used.add(e);
    return e.raw;
  }

  set(seg: Segment, key: string, deps: Map<string, Segment | null>, segs: Segment[], raw: RawModel): void {
    let m = this.entries.get(seg);
    if (!m) this.entries.set(seg, (m = new Map()));
    const e: CacheEntry = { key, deps, segs, raw };
    m.set(key, e);
    this.used.add(e);
  }

  /** Drop entries not used by the latest analysis. */
  sweep(): void {
    for (const [seg, m] of this.entries) {
      for (const [k, e] of m) if (!this.used.has(e)) m.delete(k);
      if (!m.size) this.entries.delete(seg);
    }
    this.used.clear();
  }
}

// ---------------------------------------------------------------------------------------------- candidates

interface Candidate {
  name: string;
  seg: Segment;
  stmt: Stmt;
  /** Offset of the statement inside its segment (for the `# input:` comment lookup). */
  kind: 'class' | 'value' | 'function' | 'call';
  value: PyClass | PyFunction | Val;
  /** kind 'call': the constructor call to evaluate, and the statements to run first (a call site's context). */
  call?: ParsedCall;
}

interface ParsedCall {
  expr: Expr;
  seg: Segment;
  /** Where the call came from, for messages. */
  source: string;
  /** A call site in the file: statements before it in the same block (argparse setup, configs). */
  before?: { stmts: readonly Stmt[]; seg: Segment };
}

/** `Net(upscale_factor=3)` → the callee's name and the call's AST (in a segment of its own). */
export function parseModelCall(text: string, source: string): { name: string; call: ParsedCall } | undefined {
  if (!text.includes('(') || text.length > 2000) return undefined;
  const doc = new PythonDocument();
  doc.update(`__mllens_model__ = ${text.replace(/[\r\n]+/g, ' ')}\n`);
  const seg = doc.segments[0];
  const st = seg?.stmts[0];
  if (!st || st.k !== 'assign') return undefined;
  let e = st.value;
  while (e.k === 'call' && e.fn.k === 'attr' && MODULE_CHAIN.has(e.fn.name) && e.fn.obj.k === 'call') e = e.fn.obj;
  if (e.k !== 'call') return undefined;
  const name = e.fn.k === 'name' ? e.fn.id : e.fn.k === 'attr' ? e.fn.name : undefined;
  if (!name) return undefined;
  seg.module = { name: '<model call>', isPackage: false, file: source };
  return { name, call: { expr: st.value, seg, source } };
}

const MODULE_CHAIN = new Set(['to', 'cuda', 'cpu', 'eval', 'train', 'float', 'double', 'half']);

/** Assignments anywhere in the file that build a model class defined in another (imported) module. */
function importedModelCalls(segments: readonly Segment[], interp: Interpreter): Array<{ name: string; stmt: Stmt; call: ParsedCall }> {
  const out: Array<{ name: string; stmt: Stmt; call: ParsedCall }> = [];
  const seen = new Set<string>();
  const calleeName = (e: Expr): string | undefined => {
    if (e.k !== 'call') return undefined;
    if (e.fn.k === 'attr' && MODULE_CHAIN.has(e.fn.name)) return calleeName(e.fn.obj);
    return e.fn.k === 'name' ? e.fn.id : undefined;
  };
  const walk = (stmts: readonly Stmt[], seg: Segment, depth: number) => {
    if (depth > 8 || out.length > 20) return;
    for (let i = 0; i < stmts.length; i++) {
      const st = stmts[i];
      if (st.k === 'assign') {
        const name = calleeName(st.value);
        const v = name ? interp.globals.vars.get(name) : undefined;
        if (name && !seen.has(name) && tag(v) === 'class' && (v as PyClass).seg.module) {
          const ext = interp.externalBases(v as PyClass);
          if (ext.some((n) => n.startsWith('torch.nn.') || n === 'keras.Model' || n === 'keras.models.Model')) {
            seen.add(name);
            out.push({ name, stmt: st, call: { expr: st.value, seg, source: `line ${seg.pos(st.value.from).line}`, before: { stmts: stmts.slice(0, i), seg } } });
          }
        }
      }
      if (st.k === 'def' || st.k === 'for' || st.k === 'while' || st.k === 'with') walk(st.body, seg, depth + 1);
      else if (st.k === 'if') {
        for (const b of st.branches) walk(b.body, seg, depth + 1);
        if (st.orelse) walk(st.orelse, seg, depth + 1);
      } else if (st.k === 'try') walk(st.body, seg, depth + 1);
    }
  };
  for (const seg of segments) walk(seg.stmts, seg, 0);
  return out;
}

/** The call `Cls(...)` (or `Cls(...).to(device)`) in an assignment anywhere in the file, with its block. */
function findCallSite(segments: readonly Segment[], className: string): ParsedCall | undefined {
  const isCall = (e: Expr): boolean => {
    if (e.k !== 'call') return false;
    if (e.fn.k === 'attr' && MODULE_CHAIN.has(e.fn.name)) return isCall(e.fn.obj);
    return (e.fn.k === 'name' && e.fn.id === className) || (e.fn.k === 'attr' && e.fn.name === className);
  };
  let found: ParsedCall | undefined;
  const walk = (stmts: readonly Stmt[], seg: Segment, depth: number) => {
    if (found || depth > 8) return;
    for (let i = 0; i < stmts.length && !found; i++) {
      const st = stmts[i];
      if (st.k === 'assign' && isCall(st.value) && st.value.k === 'call' && st.value.args.length > 0) {
        found = { expr: st.value, seg, source: `line ${seg.pos(st.value.from).line}`, before: { stmts: stmts.slice(0, i), seg } };
        return;
      }
      if (st.k === 'def' || st.k === 'for' || st.k === 'while' || st.k === 'with') walk(st.body, seg, depth + 1);
      else if (st.k === 'if') {
        for (const b of st.branches) walk(b.body, seg, depth + 1);
        if (st.orelse) walk(st.orelse, seg, depth + 1);
      } else if (st.k === 'try') walk(st.body, seg, depth + 1);
    }
  };
  for (const seg of segments) {
    if (!seg.text.includes(className)) continue;
    walk(seg.stmts, seg, 0);
    if (found) break;
  }
  return found;
}

function requiredParams(fn: PyFunction, skipSelf: boolean): number {
  return fn.params.filter((p, i) => !(skipSelf && i === 0) && p.kind === 'normal' && !fn.defaults.has(p.name)).length;
}

/** `Cls()` with no arguments, possibly followed by `.to(...)`, `.cuda()`, `.eval()`, `.train()`, `.float()`. */
function isPlainConstruction(e: Expr, className: string): boolean {
  if (e.k !== 'call') return false;
  if (e.fn.k === 'name') return e.fn.id === className && e.args.length === 0;
  if (e.fn.k === 'attr' && ['to', 'cuda', 'cpu', 'eval', 'train', 'float', 'double', 'half'].includes(e.fn.name)) return isPlainConstruction(e.fn.obj, className);
  return false;
}

function isTorchValue(v: Val): boolean {
  return v instanceof ModuleObj;
}

export function analyzeDocument(
  source: string,
  segments: readonly Segment[],
  options: AnalyzeOptions,
  cache: ModelCache | null,
  /** When the file's time budget started (before parsing): the budget covers reading and analysing. */
  started = Date.now(),
): FileReport {
  const file = options.fileName ?? '<memory>';
  const deadline = started + (options.timeBudgetMs ?? 3000);
  const interp = new Interpreter(deadline, options.signal, undefined, options.timeBudgetMs ?? 3000);
  const host = new Host(interp);
  const loader = new ModuleLoader(options.resolveModule, options.modules);
  interp.loader = loader;
  interp.mainModule = options.moduleName ? { name: options.moduleName, isPackage: options.isPackage === true } : undefined;
  interp.training = options.training !== false;
  {
    const given = options.inputs?.[options.model && !options.model.includes('(') ? options.model : '*'] ?? options.inputs?.['*'];
    if (given) host.keras.declaredInputs = given.map((shape) => shape.map((d) => (typeof d === 'number' ? d : sym(d))));
  }
  // `--model "Net(upscale_factor=3)"`: a call expression names the model and gives its arguments.
  const calls = new Map<string, ParsedCall>();
  for (const [k, text] of Object.entries(options.modelCalls ?? {})) {
    const p = typeof text === 'string' ? parseModelCall(text, 'the model arguments') : undefined;
    if (p) calls.set(k, p.call);
  }
  let modelName = options.model;
  const modelCall = modelName ? parseModelCall(modelName, '--model') : undefined;
  if (modelCall) {
    modelName = modelCall.name;
    calls.set(modelCall.name, modelCall.call);
  }
  const fileDiags: Diag[] = [];
  const stmtReads = new Map<Segment, Map<string, Segment | null>>();

  // 1. Module level. Tensor values assigned at module level (a Keras functional graph) are traced too.
  const fileTrace = new ValueTrace();
  interp.onAssign = (targets, v, f) => {
    if (f.scope === interp.globals && !host.trace) fileTrace.assign(targets, v, f);
    else host.trace?.assign(targets, v, f);
  };
  try {
    for (const seg of segments) {
      interp.tracking = new Map();
      interp.runSegments([seg]);
      stmtReads.set(seg, interp.tracking);
    }
  } catch (e) {
    const abort = e instanceof Abort ? e : isStackOverflow(e) ? new Abort('depth') : isSizeOverflow(e) ? new Abort('size') : null;
    if (!abort) throw e;
    const l = abort.at ?? { seg: segments[0], from: 0, to: 0 };
    fileDiags.push({ loc: l, ...limitDiag(abort, 'the module-level code', interp) });
  }
  interp.tracking = null;
  // Module-level errors and limits are the file's problems; notes are only noise at this level.
  fileDiags.push(...interp.diags.filter((d) => d.severity === 'error' || isLimitCode(d.code)), ...host.keras.inputMismatches);
  /** A limit hit while the module level ran: every model may depend on what was cut. */
  const moduleLimit = fileDiags.find((d) => isLimitCode(d.code));
  /** Module-level errors and limits by segment: a model built at module level carries those of its code. */
  const moduleProblems = new Map<Segment, Diag[]>();
  for (const d of fileDiags) {
    const list = moduleProblems.get(d.loc.seg);
    if (list) list.push(d);
    else moduleProblems.set(d.loc.seg, [d]);
  }

  // 2. Candidates, in source order.
  const candidates: Candidate[] = [];
  const seenValues = new Set<unknown>();
  const needsArguments: NonNullable<FileReport['needsArguments']> = [];
  for (const seg of segments) {
    for (const s of seg.stmts) {
      if (s.k === 'class') {
        const cls = interp.classes.get(s);
        if (!cls) continue;
        const ext = interp.externalBases(cls);
        if (!ext.some((n) => n.startsWith('torch.nn.') || n === 'keras.Model' || n === 'keras.models.Model')) continue;
        const init = interp.classLookup(cls, '__init__');
        const constructible = !init || tag(init.value) !== 'func' || requiredParams(init.value as PyFunction, true) === 0;
        const hasComment = inputCommentAbove(source, seg.base + s.from) !== undefined;
        // Constructor arguments: the caller's, a `# model: Net(...)` comment, or the file's own call site.
        let call = calls.get(cls.name);
        if (!call) {
          const comment = modelCommentAbove(source, seg.base + s.from);
          const p = comment ? parseModelCall(comment, `the '# model:' comment above ${cls.name}`) : undefined;
          if (p && p.name === cls.name) call = p.call;
        }
        if (!call && !constructible) call = findCallSite(segments, cls.name);
        // A class that needs arguments and that nothing in the file builds is a model of its own (GPT(config),
        // UNet(n_channels, n_classes)): listed, partial, with a message saying how to give the arguments.
        const root = !constructible && !call && !new RegExp(`(?<!class\\s+)\\b${cls.name}\\s*\\(`).test(source.replace(new RegExp(`\\bclass\\s+${cls.name}\\b`, 'g'), ''));
        if (call) candidates.push({ name: cls.name, seg, stmt: s, kind: 'call', value: cls, call });
        else if (constructible || hasComment || root || modelName === cls.name) candidates.push({ name: cls.name, seg, stmt: s, kind: 'class', value: cls });
        else if (init && tag(init.value) === 'func') {
          // Not built: its constructor needs arguments nobody gave. Listed so a caller can ask for them.
          const fn = init.value as PyFunction;
          const at = seg.pos(s.nameSpan.from);
          needsArguments.push({ name: cls.name, line: at.line, column: at.column, params: fn.params.filter((p, i) => i > 0 && p.kind === 'normal' && !fn.defaults.has(p.name)).map((p) => p.name) });
        }
      } else if (s.k === 'assign') {
        const a = interp.assigned.get(s);
        if (!a || seenValues.has(a.value)) continue;
        const v = a.value;
        const hasComment = () => inputCommentAbove(source, seg.base + s.from) !== undefined;
        // `model = Net()` (or `Net().to(device)`) repeats the class candidate: skip it unless it declares inputs.
        if (v instanceof ModuleObj && v.cls && isPlainConstruction(s.value, v.cls.name) && candidates.some((x) => x.kind === 'class' && x.value === v.cls) && !hasComment()) continue;
        if (isTorchValue(v) || tag(v) === 'kmodel' || (isLayerVal(v) && (hasComment() || options.model === a.name))) {
          seenValues.add(v);
          candidates.push({ name: a.name, seg, stmt: s, kind: 'value', value: v });
        }
      } else if (s.k === 'def') {
        const fn = interp.functions.get(s);
        let call = calls.get(s.name);
        if (!call && fn) {
          const comment = modelCommentAbove(source, seg.base + s.from);
          const p = comment ? parseModelCall(comment, `the '# model:' comment above ${s.name}`) : undefined;
          if (p && p.name === s.name) call = p.call;
        }
        if (fn && call) {
          candidates.push({ name: s.name, seg, stmt: s, kind: 'call', value: fn, call });
          continue;
        }
        if (!fn || (requiredParams(fn, false) > 0 && modelName !== s.name) || (fn.params.length > 6 && modelName !== s.name)) continue;
        if (!/\breturn\s+\S/.test(seg.text)) continue;
        candidates.push({ name: s.name, seg, stmt: s, kind: 'function', value: fn });
      }
    }
  }

  // Model results depend on the text of every module the file imported.
  const importsKey = loader.signature();

  // 3. Each model.
  const live = new Set(segments);
  const callInputs = findCallInputs(segments);
  const models: ModelReport[] = [];
  // Models imported from another file and built here (`model = Net(upscale_factor=opt.upscale_factor)` in
  // main()): analysed with the arguments of that call.
  for (const site of importedModelCalls(segments, interp)) {
    if (candidates.some((c) => c.name === site.name)) continue;
    const p = calls.get(site.name);
    candidates.push({ name: site.name, seg: site.call.seg, stmt: site.stmt, kind: 'call', value: UNKNOWN, call: p ?? site.call });
  }
  // A call expression naming an imported model (`--model "resnet50(num_classes=10)"` on a file that
  // imports resnet50) is analysed too, placed at the top of the file.
  if (modelCall && !candidates.some((c) => c.name === modelName) && segments.length) {
    const v = interp.globals.vars.get(modelCall.name);
    const fnv = modelCall.call.expr.k === 'call' && modelCall.call.expr.fn.k !== 'name' ? true : v !== undefined;
    if (fnv) candidates.push({ name: modelCall.name, seg: segments[0], stmt: segments[0].stmts[0], kind: 'call', value: UNKNOWN, call: modelCall.call });
  }
  let skipped = 0;
  let firstSkipped: Candidate | undefined;
  for (const c of candidates) {
    if (modelName && c.name !== modelName) continue;
    // The budget is the whole file's: once it is spent (or the caller cancelled), later models are not
    // started; they are counted in one file-level warning instead of one stopped model each.
    if (interp.expired) {
      skipped++;
      firstSkipped ??= c;
      continue;
    }
    const chosen = chooseInput(c, options, source, callInputs);
    const specs = chosen?.specs;
    const specKey = specs ? specs.map((s) => s.shape.map(String).join(',') + (s.torchDtype ?? s.dtype ?? '')).join(';') : '';
    const key = `${c.kind}:${c.name}:${c.seg.stmts.indexOf(c.stmt)}:${specKey}:${chosen?.source.kind ?? ''}:${c.call ? c.call.seg.text : ''}:${interp.training}:${importsKey}`;
    let raw = cache?.get(c.seg, key, interp, live);
    if (!raw) {
      const r = analyzeCandidate(c, chosen, interp, host, stmtReads, segments, moduleProblems);
      if (!r) continue;
      raw = r.raw;
      if (cache && raw.complete) cache.set(c.seg, key, r.deps, r.segs, raw);
    }
    // The input's source is re-read every time: a call site elsewhere may have moved.
    const report = toReport(chosen ? { ...raw, inputSource: chosen.source } : raw);
    if (moduleLimit && report.complete) {
      report.complete = false;
      report.diagnostics.push({
        ...toDiagnostic({ ...moduleLimit, severity: 'warning' }),
        message: `the module-level code this model may depend on stopped at a limit (line ${toDiagnostic(moduleLimit).line}): ${moduleLimit.message}`,
      });
    }
    models.push(report);
  }
  if (skipped && firstSkipped) {
    const cancelled = !!options.signal?.aborted;
    fileDiags.push({
      loc: { seg: firstSkipped.seg, from: firstSkipped.stmt.from, to: firstSkipped.stmt.from },
      severity: 'warning',
      code: cancelled ? CODES.CANCELLED.code : CODES.LIMIT_TIME.code,
      message: cancelled
        ? `analysis cancelled: ${skipped} model${skipped === 1 ? ' was' : 's were'} not analysed (from ${firstSkipped.name} on)`
        : `the time budget of ${interp.budgetMs} ms for the whole file ran out: ${skipped} model${skipped === 1 ? ' was' : 's were'} not analysed (from ${firstSkipped.name} on)`,
    });
  }
  cache?.sweep();
  if (modelName && !models.length && !candidates.some((c) => c.name === modelName)) {
    fileDiags.push({ loc: { seg: segments[0] ?? ({ base: 0, pos: () => ({ line: 1, column: 1 }) } as unknown as Segment), from: 0, to: 0 }, severity: 'error', message: `no model named '${modelName}' in this file`, code: CODES.NO_SUCH_MODEL.code });
  }
  interp.onAssign = null;
  const trace = traceEntries(fileTrace.entries.filter((t) => !t.loc.seg.module));
  const fileLoc: Loc | undefined = segments[0] ? { seg: segments[0], from: 0, to: 0 } : undefined;
  const diagnostics = fileDiags.map((d) => toDiagnostic(d, fileLoc));
  let internalErrors = diagnostics.filter((d) => isInternalCode(d.code)).length;
  for (const m of models) internalErrors += m.diagnostics.filter((d) => isInternalCode(d.code)).length;
  const report: FileReport = { file, models, diagnostics, internalErrors, ...(trace.length ? { trace } : {}) };
  if (loader.missing.size) report.missingImports = [...loader.missing].sort();
  if (needsArguments.length) report.needsArguments = needsArguments;
  return report;
}

/** Problems found while a layer is built (not while data flows through it). */
const CONSTRUCTION_CODES: ReadonlySet<string> = new Set([CODES.INVALID_SIZE.code, CODES.ARGUMENT_TYPE.code, CODES.CALL_SIGNATURE.code, CODES.INTERNAL.code]);

/**
 * The segments whose text mentions `name` as a whole word, in source order. One pass over the file builds a
 * word → segments index, so matching every module-level model is O(models + segments), not their product.
 */
const wordIndexes = new WeakMap<readonly Segment[], Map<string, Segment[]>>();
function segmentsNaming(segments: readonly Segment[], name: string): readonly Segment[] {
  if (!/^\w+$/.test(name)) {
    const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    return segments.filter((s) => re.test(s.text));
  }
  let index = wordIndexes.get(segments);
  if (!index) {
    index = new Map();
    for (const seg of segments) {
      for (const m of seg.text.matchAll(/\w+/g)) {
        const list = index.get(m[0]);
        if (!list) index.set(m[0], [seg]);
        else if (list[list.length - 1] !== seg) list.push(seg);
      }
    }
    wordIndexes.set(segments, index);
  }
  return index.get(name) ?? [];
}

interface ChosenInput {
  specs: InputSpec[];
  source: RawInputSource;
}

/** The model's input, from the first place that gives one: the caller, a `# input:` comment, a literal call. */
function chooseInput(c: Candidate, options: AnalyzeOptions, source: string, calls: ReturnType<typeof findCallInputs>): ChosenInput | undefined {
  const given = inputsFor(c.name, options);
  if (given) return { specs: given, source: { kind: 'option', text: 'set by you' } };
  const start = c.seg.base + c.stmt.from;
  const comment = inputCommentAt(source, start);
  if (comment) {
    let linesAbove = 0;
    for (let i = comment.offset; i < start; i++) if (source.charCodeAt(i) === 10) linesAbove++;
    return { specs: comment.specs, source: { kind: 'comment', text: '`# input:` comment', loc: { seg: c.seg, from: c.stmt.from, to: c.stmt.from }, linesAbove } };
  }
  const call = calls.get(c.kind === 'class' ? `class:${c.name}` : `name:${c.name}`);
  if (call) return { specs: call.specs, source: { kind: 'call', text: 'call', loc: call.loc } };
  return undefined;
}

function inputLabelOf(s: RawInputSource): InputLabel | undefined {
  switch (s.kind) {
    case 'option':
      return { text: 'as set by you' };
    case 'comment':
      return { text: 'from the `# input:` comment' };
    case 'call':
      return s.loc ? { text: 'from the call on line {{line}}', loc: s.loc } : undefined;
    default:
      return undefined;
  }
}

function inputsFor(name: string, options: AnalyzeOptions): InputSpec[] | undefined {
  // Own keys only: a model named `toString` or `constructor` must not find Object.prototype's.
  const own = (k: string) => (options.inputs && Object.hasOwn(options.inputs, k) ? options.inputs[k] : undefined);
  const key = own(name) ? name : '*';
  const spec = own(key);
  if (!spec) return undefined;
  const dtypes = options.inputDtypes && Object.hasOwn(options.inputDtypes, key) ? options.inputDtypes[key] : undefined;
  return spec.map((shape, i) => {
    const d = dtypes?.[i] ?? undefined;
    const dims = shape.map((x) => (typeof x === 'number' ? x : sym(x)));
    return d ? { shape: dims, dtype: dtypeKind(d), torchDtype: d } : { shape: dims };
  });
}

// ---------------------------------------------------------------------------------------------- one model

function analyzeCandidate(
  c: Candidate,
  chosen: ChosenInput | undefined,
  interp: Interpreter,
  host: Host,
  stmtReads: Map<Segment, Map<string, Segment | null>>,
  segments: readonly Segment[],
  moduleProblems: ReadonlyMap<Segment, readonly Diag[]>,
): { raw: RawModel; deps: Map<string, Segment | null>; segs: Segment[] } | undefined {
  interp.diags = [];
  interp.structuralUnknowns = 0;
  interp.tracking = new Map();
  interp.resetSteps();
  host.rows = null;
  host.inForward = false;
  const specs = chosen?.specs;
  const trace = new ValueTrace();
  host.trace = trace;
  host.inputLabel = chosen && inputLabelOf(chosen.source);
  const segs = new Set<Segment>([c.seg]);
  const loc: Loc = { seg: c.seg, from: c.stmt.k === 'class' || c.stmt.k === 'def' ? c.stmt.nameSpan.from : c.stmt.from, to: c.stmt.k === 'class' || c.stmt.k === 'def' ? c.stmt.nameSpan.to : c.stmt.to };
  const frame: Frame = { scope: interp.globals, seg: c.seg };
  let complete = true;
  let root: Val = UNKNOWN;
  const raw: RawModel = {
    name: c.name,
    framework: 'torch',
    loc,
    input: [],
    inputDtypes: [],
    output: null,
    rows: [],
    totals: { total: 0n, trainable: 0n, nonTrainable: 0n, buffers: 0n, macs: 0, activation: 0 },
    diags: [],
    complete: true,
    inputSource: chosen?.source ?? { kind: 'unknown', text: 'unknown' },
    trace: trace.entries,
  };
  try {
    // Build.
    if (c.kind === 'class') {
      const cls = c.value as PyClass;
      const init = interp.classLookup(cls, '__init__');
      const fn = init && tag(init.value) === 'func' ? (init.value as PyFunction) : undefined;
      const missing = fn ? fn.params.filter((p, i) => i > 0 && p.kind === 'normal' && !fn.defaults.has(p.name)).map((p) => p.name) : [];
      if (missing.length) {
        const example = `${cls.name}(${missing.map((m) => `${m}=…`).join(', ')})`;
        interp.report(loc, 'warning', `${cls.name} needs constructor arguments (${missing.join(', ')}): give them with --model "${example}" or a comment '# model: ${example}' above the class`, CODES.MODEL_ARGUMENTS.code);
        complete = false;
      }
      root = host.instantiate(cls, [], new Map(), loc, frame);
    }
    else if (c.kind === 'call') {
      const call = c.call!;
      let scope = interp.globals;
      if (call.before) {
        // A call site inside a function or a `__main__` block: replay the simple statements before it
        // (argparse setup, config objects) in a scope of their own, then evaluate the call there.
        scope = { vars: new Map(), parent: interp.globals, isGlobal: false };
        const pre: Frame = { scope, seg: call.before.seg };
        const diags = interp.diags;
        interp.diags = [];
        for (const st of call.before.stmts) {
          if (st.k !== 'assign' && st.k !== 'augassign' && !(st.k === 'expr' && st.value.k === 'call' && st.value.fn.k === 'attr')) continue;
          try {
            interp.exec(st, pre);
          } catch (e) {
            if (e instanceof Abort) throw e;
          }
        }
        interp.diags = diags;
        interp.structuralUnknowns = 0;
      }
      host.keras.resetNames();
      root = interp.evalExpr(call.expr, { scope, seg: call.seg });
      if (!isLayerVal(root) && tag(root) !== 'kmodel') {
        interp.report(loc, 'warning', `${call.source === '--model' ? `--model ${call.seg.text.slice(19).trim()}` : `the call at ${call.source}`} did not build a model${root === UNKNOWN ? ' (its value is unknown)' : ''}`);
        complete = false;
        raw.diags = interp.diags;
        raw.complete = false;
        interp.tracking = null;
        return { raw, deps: new Map(), segs: [...segs] };
      }
    } else if (c.kind === 'function') {
      host.keras.resetNames();
      root = interp.callFunction(c.value as PyFunction, [], new Map(), loc);
      if (!isLayerVal(root) && tag(root) !== 'kmodel') {
        interp.tracking = null;
        host.trace = null;
        return undefined;
      }
    } else {
      root = c.value as Val;
      // Module-level values: the statements that built or mutated them are dependencies.
      // In source order (the first read of a name wins), the model's own segment included.
      const naming = segmentsNaming(segments, c.name);
      const ordered = naming.includes(c.seg) ? naming : [...naming, c.seg].sort((a, b) => a.base - b.base);
      for (const seg of ordered) {
        segs.add(seg);
        for (const [k, v] of stmtReads.get(seg) ?? []) if (!interp.tracking.has(k)) interp.tracking.set(k, v);
        // `m = nn.Sequential(nn.Linear(8, -5))`: the error was found while the module level built the model.
        // Only construction problems (invalid sizes and arguments, limits): a module-level call of the model
        // (`out = model(x)`) reports its shape errors again when the model's own forward runs.
        if (seg === c.seg)
          for (const d of moduleProblems.get(seg) ?? []) {
            const code = d.code ?? classifyMessage(d.severity, d.message);
            if (d.loc.from >= c.stmt.from && d.loc.to <= c.stmt.to && (CONSTRUCTION_CODES.has(code) || isLimitCode(code))) interp.diags.push(d);
          }
      }
    }
    if (tag(root) === 'kmodel') {
      raw.framework = 'keras';
      analyzeKeras(root as KerasModelVal, specs, host, raw);
    } else if (isLayerVal(root)) {
      if (root.framework === 'keras') raw.framework = 'keras';
      analyzeTorch(root, specs, host, raw, loc);
    } else {
      host.trace = null;
      return undefined;
    }
  } catch (e) {
    const abort = e instanceof Abort ? e : isStackOverflow(e) ? new Abort('depth') : isSizeOverflow(e) ? new Abort('size') : null;
    if (abort) {
      const d = limitDiag(abort, c.name, interp);
      interp.report(abort.at ?? loc, d.severity, d.message, d.code);
    } else interp.internalError(loc, `analysing ${c.name}`, e);
    complete = false;
  }
  host.inForward = false;
  host.rows = null;
  host.trace = null;
  host.inputLabel = undefined;
  raw.diags = interp.diags;
  // Never a silent wrong number: a structure decided by an unknown value, an error (a missing required
  // argument, a shape mismatch PyTorch would raise), layers with unknown parameters or an unknown output
  // all mean the totals are not final. Neither are they after a limit (a capped list, a cut cycle, a deep
  // nesting) or an internal error.
  if (interp.structuralUnknowns > 0 || interp.diags.some((d) => d.severity === 'error' || isLimitCode(d.code))) complete = false;
  // An unknown model output, or a module whose output is unknown, means the shapes are not final.
  if (raw.output === null || raw.rows.some((r) => r.output === null)) complete = false;
  raw.complete = raw.complete && complete;
  const deps = interp.tracking ?? new Map();
  interp.tracking = null;
  // Module-level reads made while the segments we depend on ran (class bodies, default arguments evaluated
  // at definition time, constants computed from other constants) are dependencies too, transitively.
  const queue: Segment[] = [...segs, ...[...deps.values()].filter((x): x is Segment => x !== null)];
  const seen = new Set<Segment>();
  while (queue.length) {
    const seg = queue.pop()!;
    if (seen.has(seg)) continue;
    seen.add(seg);
    for (const [name, dep] of stmtReads.get(seg) ?? []) {
      if (!deps.has(name)) deps.set(name, dep);
      if (dep && !seen.has(dep)) queue.push(dep);
    }
  }
  return { raw, deps, segs: [...segs] };
}

function analyzeTorch(root: BuiltLayer, specs: InputSpec[] | undefined, host: Host, raw: RawModel, loc: Loc): void {
  const interp = host.interp;
  host.pathOf = computePaths(root);
  const inputs = specs ? specs.map((s) => tensorOf(s.shape, { dtype: s.dtype, origin: MODEL_INPUT })) : inferInputs(root, host, loc, raw);
  raw.input = inputs.map((t) => t.shape);
  raw.inputDtypes = inputs.map((t, i) => specs?.[i]?.torchDtype ?? dtypeOfKind(t.dtype));
  // Parameters are counted before forward (so a stopped analysis still has them) and again after it (lazy
  // layers — torch Lazy*, every Keras layer — only know their weights once they have seen an input).
  const setTotals = (final: boolean) => {
    const params = host.countParams(root);
    raw.totals.total = params.trainable + params.nonTrainable;
    raw.totals.trainable = params.trainable;
    raw.totals.nonTrainable = params.nonTrainable;
    raw.totals.buffers = params.buffers;
    if (final && params.unknown) {
      interp.report(loc, 'warning', `parameters of ${params.unknown} layer${params.unknown === 1 ? '' : 's'} are unknown; totals count the rest`);
      raw.complete = false;
    }
    if (final && params.inexact) reportInexact(interp, loc, params.inexact, raw);
  };
  setTotals(false);
  // Forward. Without a forward() (often: code still being typed), list the modules without data flow.
  const forwardName = root.framework === 'keras' ? 'call' : 'forward';
  if (root instanceof ModuleObj && !root.container && !root.delegate && !(root.cls && interp.classLookup(root.cls, forwardName))) {
    interp.report(loc, 'info', `${root.type} has no ${forwardName}() (yet): its layers are listed without shapes`);
    const rows: Row[] = [];
    for (const [layer, path] of host.pathOf) {
      if (path) rows.push({ path, type: layer.type, layer, loc: host.origins.get(layer) ?? loc, depth: path.split('.').length, inputs: [], output: null, macs: null });
    }
    finishRows(host, rows, raw);
    raw.totals.macs = null;
    setTotals(true);
    raw.complete = false;
    return;
  }
  host.rows = [];
  host.inForward = true;
  let out: Val = UNKNOWN;
  const { value, macs } = host.measure(() => host.callModule(root, inputs, new Map(), loc));
  out = value;
  raw.totals.macs = macs;
  raw.output = firstShape(out);
  setTotals(true);
  finishRows(host, host.rows, raw);
}

function finishRows(host: Host, rows: Row[], raw: RawModel): void {
  const memo = new Map<BuiltLayer, ReturnType<Host['countParams']>>();
  // Unknown as soon as one leaf's output shape is unknown (a sum that leaves it out would look exact).
  let activation: Dim | null = 0;
  for (const r of rows) {
    let pc = memo.get(r.layer);
    if (!pc) memo.set(r.layer, (pc = host.countParams(r.layer)));
    const leaf = r.layer.children.length === 0;
    if (leaf) activation = r.output && activation !== null ? add(activation, mul(product(r.output), 4)) : null;
    raw.rows.push({
      path: r.path,
      type: r.type,
      loc: r.loc,
      depth: r.depth,
      leaf,
      input: r.inputs.map(shapeJson),
      output: shapeJson(r.output),
      params: pc.unknown || pc.inexact ? null : jsonCount(pc.trainable + pc.nonTrainable),
      trainable: pc.unknown || pc.inexact ? null : jsonCount(pc.trainable),
      nonTrainable: pc.unknown || pc.inexact ? null : jsonCount(pc.nonTrainable),
      macs: r.macs === null ? null : dimToJSON(r.macs),
    });
  }
  raw.totals.activation = activation;
  raw.rf = receptiveField(rows, host);
  // MACs and activation sizes are computed in floating point: past 2^53 they may be rounded.
  if ((raw.totals.macs !== null && isUnsafeCount(raw.totals.macs)) || (activation !== null && isUnsafeCount(activation)) || rows.some((r) => r.macs !== null && isUnsafeCount(r.macs))) {
    host.interp.report(raw.loc, 'warning', 'MACs or activation memory are past 2^53 and may be rounded; they are shown as computed and the result is partial', CODES.LIMIT_NUMBER.code);
    raw.complete = false;
  }
}

function analyzeKeras(m: KerasModelVal, specs: InputSpec[] | undefined, host: Host, raw: RawModel): void {
  const interp = host.interp;
  if (m.kind === 'sequential') {
    const shape: Shape | null = specs?.[0]?.shape ?? (m.inputShape ? [sym('N'), ...m.inputShape] : null);
    if (!specs && m.inputShape) raw.inputSource = { kind: 'keras', text: "the model's input_shape" };
    if (!shape) interp.report(m.loc, 'info', `${m.name}: the input shape is unknown (give the first layer input_shape=, start with keras.Input, or add a '# input: [...]' comment)`);
    const input = tensorOf(shape, { origin: 'the model input', dtype: specs?.[0]?.dtype });
    raw.input = [shape];
    raw.inputDtypes = [specs?.[0]?.torchDtype ?? 'float32'];
    host.rows = [];
    host.inForward = true;
    const { value, macs } = host.measure(() => {
      let x: Val = input;
      for (const l of m.layers) x = host.keras.callLayer(l, [x], new Map(), m.loc);
      return x;
    });
    raw.output = firstShape(value);
    raw.totals.macs = macs;
    finishKerasTotals(m.layers, host, raw);
    finishRows(host, host.rows, raw);
    return;
  }
  const calls = host.keras.functionalCalls(m);
  raw.inputSource = { kind: 'keras', text: "the model's Input" };
  raw.input = m.inputs.map((t) => t.shape);
  raw.inputDtypes = m.inputs.map((t) => dtypeOfKind(t.dtype));
  raw.output = m.outputs[0]?.shape ?? null;
  const rows: Row[] = calls.map((c) => ({ path: c.name, type: c.layer.type, layer: c.layer, loc: c.loc, depth: 1, inputs: c.inputs, output: c.output, macs: c.macs }));
  raw.totals.macs = host.keras.sumMacs(calls);
  finishKerasTotals([...new Set(calls.map((c) => c.layer))], host, raw);
  finishRows(host, rows, raw);
}

function finishKerasTotals(layers: readonly BuiltLayer[], host: Host, raw: RawModel): void {
  let t = 0n;
  let nt = 0n;
  let inexact = 0;
  for (const l of new Set(layers)) {
    const c = host.countParams(l);
    t += c.trainable;
    nt += c.nonTrainable;
    inexact += c.inexact;
  }
  raw.totals.total = t + nt;
  raw.totals.trainable = t;
  raw.totals.nonTrainable = nt;
  if (inexact) reportInexact(host.interp, raw.loc, inexact, raw);
}

/** Layers whose own parameter count passed 2^53 without an exact formula: not counted, and the model is partial. */
function reportInexact(interp: Interpreter, loc: Loc, n: number, raw: RawModel): void {
  interp.report(loc, 'warning', `the parameter count of ${n} layer${n === 1 ? '' : 's'} is past 2^53 (or not an integer) and cannot be computed exactly; totals count the rest and are partial`, CODES.LIMIT_NUMBER.code);
  raw.complete = false;
}

/** Module paths as `named_modules()` gives them: registration order, each module once (first path wins). */
export function computePaths(root: BuiltLayer): Map<BuiltLayer, string> {
  // Pre-order with an explicit stack: any nesting depth (10,000 nested Sequentials) without recursion.
  const map = new Map<BuiltLayer, string>();
  const stack: Array<[BuiltLayer, string]> = [[root, '']];
  while (stack.length) {
    const [l, path] = stack.pop()!;
    if (map.has(l)) continue;
    map.set(l, path);
    for (let i = l.children.length - 1; i >= 0; i--) {
      const [n, c] = l.children[i];
      if (!map.has(c)) stack.push([c, path ? `${path}.${n}` : n]);
    }
  }
  return map;
}

/** Input shapes inferred from the first leaf layer when nothing declares them. */
function inferInputs(root: BuiltLayer, host: Host, loc: Loc, raw: RawModel): TensorVal[] {
  const n = forwardArity(root, host);
  let first: BuiltLayer | undefined;
  const seen = new Set<BuiltLayer>();
  const stack: BuiltLayer[] = [root];
  while (stack.length && !first) {
    const l = stack.pop()!;
    if (seen.has(l)) continue;
    seen.add(l);
    if (l.children.length === 0 || /^(LSTM|GRU|RNN|TransformerEncoder|TransformerDecoder|Transformer|MultiheadAttention)$/.test(l.type)) {
      if (!(l instanceof ModuleObj)) first = l;
      continue;
    }
    for (let i = l.children.length - 1; i >= 0; i--) stack.push(l.children[i][1]);
  }
  const inferred = first ? shapeFromFirstLayer(first) : undefined;
  const origin = 'the model input';
  if (!inferred) {
    host.interp.report(loc, 'info', `input shape unknown: add a comment '# input: [N, ...]' above the model or pass --input`);
    return Array.from({ length: Math.max(1, n) }, () => tensorOf(null, { origin }));
  }
  raw.inputSource = { kind: 'first-layer', text: `first layer (${first!.type})` };
  host.inputLabel = { text: `inferred from the first layer (${first!.type})` };
  const out = [tensorOf(inferred.shape, { dtype: inferred.dtype, origin })];
  for (let i = 1; i < n; i++) out.push(tensorOf(null, { origin }));
  return out;
}

function forwardArity(root: BuiltLayer, host: Host): number {
  if (!(root instanceof ModuleObj) || !root.cls) return 1;
  const f = host.interp.classLookup(root.cls, 'forward');
  if (!f || tag(f.value) !== 'func') return 1;
  const fn = f.value as PyFunction;
  return Math.max(1, fn.params.filter((p, i) => i > 0 && p.kind === 'normal' && !fn.defaults.has(p.name)).length);
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return undefined;
}

function shapeFromFirstLayer(l: BuiltLayer): { shape: Dim[]; dtype?: 'long' } | undefined {
  const a = l.attributes as Record<string, unknown>;
  const N = sym('N');
  const t = l.type;
  const conv = /^(?:Conv|ConvTranspose|LazyConv)([123])d$/.exec(t) ?? /^(?:BatchNorm|InstanceNorm)([123])d$/.exec(t);
  const ch = num(a.in_channels) ?? num(a.num_features);
  if (conv && ch !== undefined) {
    const k = Number(conv[1]);
    if (t.startsWith('BatchNorm') && k === 1) return { shape: [N, ch] };
    const spatial = k === 1 ? [sym('L')] : k === 2 ? [sym('H'), sym('W')] : [sym('D'), sym('H'), sym('W')];
    return { shape: [N, ch, ...spatial] };
  }
  if ((t === 'Linear' || t === 'Bilinear') && num(a.in_features ?? a.in1_features) !== undefined) return { shape: [N, num(a.in_features ?? a.in1_features)!] };
  if (t === 'Embedding' || t === 'EmbeddingBag') return { shape: [N, sym('L')], dtype: 'long' };
  if (/^(LSTM|GRU|RNN)$/.test(t) && num(a.input_size) !== undefined) {
    return { shape: a.batch_first === true ? [N, sym('L'), num(a.input_size)!] : [sym('L'), N, num(a.input_size)!] };
  }
  if (/^Transformer(Encoder|Decoder)?(Layer)?$/.test(t) || t === 'MultiheadAttention') {
    const d = num(a.d_model) ?? num(a.embed_dim);
    if (d !== undefined) return { shape: a.batch_first === true ? [N, sym('L'), d] : [sym('L'), N, d] };
  }
  if (t === 'LayerNorm' && a.normalized_shape !== undefined) {
    const ns = Array.isArray(a.normalized_shape) ? (a.normalized_shape as unknown[]) : [a.normalized_shape];
    if (ns.every((x) => typeof x === 'number')) return { shape: [N, sym('L'), ...(ns as number[])] };
  }
  return undefined;
}

/** Receptive field of the deepest conv/pool output, following the data flow (see eval/host.ts rf tracking). */
function receptiveField(rows: Row[], host: Host): ReceptiveField | undefined {
  void host;
  let best: ReceptiveField | undefined;
  for (const r of rows) {
    const rf = (r as Row & { rf?: ReceptiveField }).rf;
    if (rf && (!best || rf.size > best.size || (rf.size === best.size && rf.jump > best.jump))) best = rf;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------- JSON

/** The reported dtype of an input the engine treats as `kind` (inferred, not declared). */
function dtypeOfKind(kind: 'long' | 'float' | 'bool' | undefined): InputDtype {
  return kind === 'long' ? 'int64' : kind === 'bool' ? 'bool' : 'float32';
}

/** An exact count for JSON: a number up to 2^53 − 1, else its decimal string. */
function jsonCount(n: bigint): JsonCount {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function shapeJson(s: Shape | null): JsonShape {
  return s === null ? null : s.map(dimToJSON);
}

function dimJson(d: Dim): number | string {
  return isConcrete(d) ? d : dimToJSON(d);
}

function rangeOf(loc: Loc): { line: number; column: number; endLine: number; endColumn: number } {
  const a = loc.seg.pos(loc.from);
  const b = loc.seg.pos(loc.to);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/**
 * A diagnostic at its place in the analysed file. One raised inside an imported module (or in a model call
 * expression) is placed at `fallback` (the model) and names the file and line it came from; its related
 * places and fixes, which point into the other file, are dropped. Every diagnostic gets a catalogue code
 * (codes.ts): its own, or the one of its message family.
 */
function toDiagnostic(d: Diag, fallback?: Loc): Diagnostic {
  let loc = d.loc;
  let message = resolveLines(d.message, d.lines);
  const mod = loc.seg.module;
  if (mod && fallback) {
    message = mod.name === '<model call>' ? `${message} (in ${mod.file})` : `${message} (in ${mod.file}:${loc.seg.pos(loc.from).line})`;
    loc = fallback;
  }
  const out: Diagnostic = { ...rangeOf(loc), severity: d.severity, message };
  out.code = d.code ?? classifyMessage(d.severity, d.message);
  if (d.path) out.path = d.path;
  const here = (l: Loc) => !l.seg.module;
  const related = d.related?.filter((r) => here(r.loc));
  if (related?.length) out.related = related.map((r) => ({ ...rangeOf(r.loc), message: resolveLines(r.message, d.lines) }));
  if (d.fixes?.length && d.fixes.every((f) => f.edits.every((e) => here(e.loc)))) {
    out.fixes = d.fixes.map((f) => ({
      kind: f.kind,
      title: f.title,
      edits: f.edits.map((e) => ({ ...rangeOf(e.loc), text: e.text })),
      ...(f.arg !== undefined ? { arg: f.arg } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.expression !== undefined ? { expression: f.expression } : {}),
      ...(f.preferred ? { preferred: true } : {}),
    }));
  }
  return out;
}

function toInputSource(s: RawInputSource): InputSource {
  if (s.kind === 'call' && s.loc) {
    const line = rangeOf(s.loc).line;
    return { kind: s.kind, label: `call on line ${line}`, line };
  }
  if (s.kind === 'comment' && s.loc) {
    const line = s.loc.seg.pos(s.loc.from).line - (s.linesAbove ?? 0);
    return { kind: s.kind, label: `${s.text}, line ${line}`, line };
  }
  return { kind: s.kind, label: s.text };
}

/** Trace entries in source order, positions resolved. */
function traceEntries(entries: readonly RawTrace[]): TraceEntry[] {
  const out = entries.map((t): TraceEntry => {
    const e: TraceEntry = { kind: t.kind, name: t.name, ...rangeOf(t.loc), shape: shapeJson(t.shape), calls: t.calls };
    if (t.input) e.input = t.input.map(shapeJson);
    if (t.dtype) e.dtype = t.dtype;
    if (t.op) e.op = t.op;
    if (t.varies) e.varies = true;
    return e;
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The warning for an analysis that stopped at a limit: which limit, and (through its location) where. */
function limitDiag(abort: Abort, what: string, interp: Interpreter): { severity: 'warning'; message: string; code: string } {
  const stopped = `analysis of ${what} stopped`;
  switch (abort.reason) {
    case 'time':
      return { severity: 'warning', code: CODES.LIMIT_TIME.code, message: `${stopped} here: the time budget of ${interp.budgetMs} ms for the whole file ran out; results are partial` };
    case 'steps':
      return { severity: 'warning', code: CODES.LIMIT_STEPS.code, message: `${stopped} here: the step limit of ${interp.stepLimit.toLocaleString('en-US')} evaluation steps per model was reached; results are partial` };
    case 'depth':
      return { severity: 'warning', code: CODES.LIMIT_DEPTH.code, message: `${stopped} here: the code nests deeper than the engine follows (nested calls, modules or brackets); results are partial` };
    case 'size':
      return { severity: 'warning', code: CODES.LIMIT_SIZE.code, message: `${stopped} here: a string or list grew larger than the engine can build; results are partial` };
    case 'cancelled':
      return { severity: 'warning', code: CODES.CANCELLED.code, message: `${stopped}: cancelled (a newer version of the file arrived); results are partial` };
  }
}

function toReport(raw: RawModel): ModelReport {
  const pos = raw.loc.seg.pos(raw.loc.from);
  const t = raw.totals;
  return {
    name: raw.name,
    framework: raw.framework,
    line: pos.line,
    column: pos.column,
    input: raw.input.map(shapeJson),
    inputDtypes: raw.inputDtypes,
    output: shapeJson(raw.output),
    layers: raw.rows.map(({ loc, ...r }) => {
      // A layer built in an imported module: its position is in that file.
      const a = loc.seg.pos(loc.from);
      const b = loc.seg.pos(loc.to);
      const file = loc.seg.module?.file;
      return { path: r.path, type: r.type, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, ...(file ? { file } : {}), ...omitPath(r) };
    }),
    totalParams: jsonCount(t.total),
    trainableParams: jsonCount(t.trainable),
    nonTrainableParams: jsonCount(t.nonTrainable),
    buffers: jsonCount(t.buffers),
    macs: t.macs === null ? null : dimJson(t.macs),
    paramBytes: jsonCount(t.total * 4n),
    activationBytes: t.activation === null ? null : dimJson(t.activation),
    ...(raw.rf ? { receptiveField: raw.rf } : {}),
    diagnostics: raw.diags.map((d) => toDiagnostic(d, raw.loc)).sort((x, y) => x.line - y.line || x.column - y.column),
    inputSource: toInputSource(raw.inputSource),
    trace: traceEntries(raw.trace.filter((t) => !t.loc.seg.module)),
    complete: raw.complete,
  };
}

function omitPath(r: Omit<LayerRow, 'line' | 'column' | 'endLine' | 'endColumn'>): Omit<LayerRow, 'line' | 'column' | 'endLine' | 'endColumn' | 'path' | 'type'> {
  const { path: _p, type: _t, ...rest } = r;
  void _p;
  void _t;
  return rest;
}

