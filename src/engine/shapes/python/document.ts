/**
 * A Python document kept parsed across edits.
 *
 * The engine works on top-level statements ("segments"). The text is cut into top-level chunks (a line at
 * column 0 outside brackets and strings starts a new statement), each chunk is parsed with @lezer/python on
 * its own, and a chunk whose text is unchanged keeps its parse and AST even when it moved. A one-line edit
 * therefore re-parses one statement, not the file. (Lezer's own fragment reuse stalls on column-0 comments
 * between indented blocks, which model files are full of.)
 *
 * The whole-document lezer tree is still available (`syntaxTree`), maintained incrementally with
 * `TreeFragment.applyChanges` and parsed on demand.
 */
import type { ChangedRange, Tree } from '@lezer/common';
import { IncrementalPythonParse, diffRange } from '../../python/incremental';
import { pythonParser } from '../../python/parser';
import { Converter, NESTING_LIMIT } from './convert';
import { Segment, type Stmt } from './ast';

export type { ChangedRange };

export { diffRange };

const STARTS_BLOCK = /^(?:class\s|def\s|async\s+def\s|@|import\s|from\s+\S+\s+import\s)/;
const CONTINUES = /^(?:else|elif|except|finally)\b/;

/**
 * Offsets where top-level statements start. A line at column 0 that is not blank or a comment starts a
 * statement when no bracket or string is open; `class`/`def`/`@`/`import` lines start one even inside an
 * unclosed bracket (so a half-typed call does not swallow the rest of the file). `else`/`elif`/`except`/
 * `finally` continue the previous statement, and decorators stay with the definition below them.
 */
export function topLevelStarts(text: string): number[] {
  const starts: number[] = [];
  const special = /[\n#'"()[\]{}\\]/g;
  let depth = 0;
  let prevDecorator = false;
  const n = text.length;
  let i = 0;
  let atLineStart = true;
  while (i < n) {
    if (atLineStart) {
      atLineStart = false;
      const c0 = text.charCodeAt(i);
      if (c0 !== 32 && c0 !== 9 && c0 !== 10 && c0 !== 13 && c0 !== 35 /* # */) {
        const head = text.slice(i, i + 40);
        if (depth > 0 && STARTS_BLOCK.test(head)) depth = 0;
        if (depth === 0) {
          if (!(CONTINUES.test(head) || prevDecorator) || starts.length === 0) starts.push(i);
          prevDecorator = c0 === 64; /* @ */
        }
      }
    }
    special.lastIndex = i;
    const m = special.exec(text);
    if (!m) break;
    i = m.index;
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      atLineStart = true;
    } else if (c === 35) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 39 || c === 34) {
      // A string: find its end (a short string also ends at the line end).
      const q = text[i];
      const triple = text.startsWith(q + q + q, i);
      i += triple ? 3 : 1;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          i += 2;
          continue;
        }
        if (d === 10 && !triple) break;
        if (text[i] === q && (!triple || text.startsWith(q + q + q, i))) {
          i += triple ? 3 : 1;
          break;
        }
        i++;
      }
    } else if (c === 92) {
      i += 2; // line continuation or escaped char: the next line does not start a statement
    } else {
      if (c === 40 || c === 91 || c === 123) depth++;
      else depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return starts;
}

export class PythonDocument {
  private text = '';
  /** The whole-document parse (shared shape with the hover index), brought up to date on demand. */
  private readonly whole = new IncrementalPythonParse();
  private pendingChanges: ChangedRange[] | undefined;
  private initialised = false;
  /** Segment cache by statement text; several entries when identical statements repeat. */
  private segmentCache = new Map<string, Segment[]>();
  segments: Segment[] = [];

  get source(): string {
    return this.text;
  }

  /** The whole-document lezer tree, re-parsed on demand reusing the previous tree (TreeFragment). */
  get syntaxTree(): Tree {
    const tree = this.whole.update(this.text, this.pendingChanges);
    this.pendingChanges = undefined;
    return tree ?? pythonParser().parse(this.text);
  }

  /**
   * Replace the text. `changes` (lezer ChangedRange, old→new offsets) are optional. Parsing stops at
   * `deadline` (Date.now() time): statements not parsed by then read as PARSE_TIMEOUT (reported as the time
   * limit) and are parsed by a later update.
   */
  update(newText: string, changes?: readonly ChangedRange[], deadline = Infinity): void {
    if (this.initialised && newText === this.text && !this.incomplete) return;
    // Explicit change lists are kept only when they start from the text the whole tree was parsed from.
    this.pendingChanges = changes && this.whole.tree && this.whole.text === this.text ? [...changes] : undefined;
    this.text = newText;
    this.initialised = true;
    this.rebuildSegments(deadline);
  }

  /** True when the last update ran out of time before every statement was parsed. */
  incomplete = false;

  private rebuildSegments(deadline: number): void {
    this.incomplete = false;
    const old = this.segmentCache;
    const next = new Map<string, Segment[]>();
    const segments: Segment[] = [];
    const src = this.text;
    const starts = topLevelStarts(src);
    let line = 1;
    if (starts.length) for (let i = src.indexOf('\n'); i >= 0 && i < starts[0]; i = src.indexOf('\n', i + 1)) line++;
    for (let k = 0; k < starts.length; k++) {
      const from = starts[k];
      const to = k + 1 < starts.length ? starts[k + 1] : src.length;
      const text = src.slice(from, to);
      let seg: Segment | undefined;
      const pool = old.get(text);
      if (pool && pool.length) seg = pool.shift();
      if (seg) seg.base = from;
      else {
        const stmts = parseChunk(text, deadline);
        seg = new Segment(text, stmts, from);
        if (stmts === TIMED_OUT) {
          // Not cached: the next update parses it (with its own budget).
          this.incomplete = true;
          seg.line = line;
          line += seg.newlines;
          segments.push(seg);
          continue;
        }
      }
      seg.line = line;
      line += seg.newlines;
      segments.push(seg);
      const list = next.get(text);
      if (list) list.push(seg);
      else next.set(text, [seg]);
    }
    this.segments = segments;
    this.segmentCache = next;
  }
}

/** `why` of the statement that stands for a chunk the time budget did not leave time to parse. */
export const PARSE_TIMEOUT = 'parse time limit';
const TIMED_OUT: Stmt[] = [{ k: 'expr', value: { k: 'unknown', why: PARSE_TIMEOUT, from: 0, to: 0 }, from: 0, to: 0 }];

function parseChunk(text: string, deadline: number): Stmt[] {
  if (Date.now() > deadline) return TIMED_OUT;
  try {
    // Incremental parse, so that one huge statement (a 1 MB line) stops at the deadline too.
    const parse = pythonParser().startParse(text);
    let tree: Tree | null;
    while (!(tree = parse.advance())) if (Date.now() > deadline) return TIMED_OUT;
    const conv = new Converter(text, 0);
    const out: Stmt[] = [];
    for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
      if (n.name === 'Comment' || n.type.isError) continue;
      out.push(...conv.statements(n));
    }
    return out;
  } catch (e) {
    // Statements nested deeper than the stack allows (the expression converter has its own limit): the whole
    // chunk becomes one unreadable statement, which the interpreter reports as the depth limit. Any other
    // exception is a bug in the converter, reported as an internal error.
    const overflow = e instanceof RangeError && /call stack/i.test(e.message);
    const why = overflow ? NESTING_LIMIT : `internal: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return [{ k: 'expr', value: { k: 'unknown', why, from: 0, to: text.length }, from: 0, to: text.length }];
  }
}

/** Offsets → 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line - 1] + 1 };
  }
  lineStart(line: number): number {
    if (line > this.starts.length) return this.starts[this.starts.length - 1];
    return this.starts[Math.max(0, line - 1)];
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
