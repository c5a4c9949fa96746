/**
 * A Python document kept parsed across edits: the lezer tree is reused through `TreeFragment.applyChanges`,
 * and each top-level statement's AST is reused when its text is unchanged (even if it moved).
 */
import { TreeFragment, type ChangedRange, type Tree } from '@lezer/common';
import { pythonParser } from '../../python/parser';
import { Converter } from './convert';
import { Segment, type Stmt } from './ast';

export type { ChangedRange };

/** One changed range between the old text (A) and the new text (B), computed from common prefix/suffix. */
export function diffRange(oldText: string, newText: string): ChangedRange | null {
  if (oldText === newText) return null;
  const max = Math.min(oldText.length, newText.length);
  let pre = 0;
  while (pre < max && oldText.charCodeAt(pre) === newText.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && oldText.charCodeAt(oldText.length - 1 - suf) === newText.charCodeAt(newText.length - 1 - suf)) suf++;
  return { fromA: pre, toA: oldText.length - suf, fromB: pre, toB: newText.length - suf };
}

export class PythonDocument {
  private text = '';
  private tree: Tree | null = null;
  private fragments: readonly TreeFragment[] = [];
  /** Segment cache by statement text; several entries when identical statements repeat. */
  private segmentCache = new Map<string, Segment[]>();
  segments: Segment[] = [];

  get source(): string {
    return this.text;
  }

  get syntaxTree(): Tree {
    return this.tree ?? pythonParser().parse('');
  }

  /** Replace the text. `changes` (lezer ChangedRange, old→new offsets) are computed when not given. */
  update(newText: string, changes?: readonly ChangedRange[]): void {
    if (this.tree && newText === this.text) return;
    if (this.tree) {
      const ranges = changes ?? [diffRange(this.text, newText)].filter((r): r is ChangedRange => r !== null);
      this.fragments = TreeFragment.applyChanges(this.fragments, ranges);
    }
    this.text = newText;
    this.tree = pythonParser().parse(newText, this.fragments);
    this.fragments = TreeFragment.addTree(this.tree, this.fragments);
    this.rebuildSegments();
  }

  private rebuildSegments(): void {
    const old = this.segmentCache;
    const next = new Map<string, Segment[]>();
    const segments: Segment[] = [];
    const src = this.text;
    const top = this.tree!.topNode;
    for (let n = top.firstChild; n; n = n.nextSibling) {
      if (n.name === 'Comment' || n.type.isError) continue;
      const text = src.slice(n.from, n.to);
      let seg: Segment | undefined;
      const pool = old.get(text);
      if (pool && pool.length) seg = pool.shift();
      if (seg) seg.base = n.from;
      else {
        let stmts: Stmt[];
        try {
          stmts = new Converter(src, n.from).statements(n);
        } catch {
          stmts = [];
        }
        seg = new Segment(text, stmts, n.from);
      }
      segments.push(seg);
      const list = next.get(text);
      if (list) list.push(seg);
      else next.set(text, [seg]);
    }
    this.segments = segments;
    this.segmentCache = next;
  }
}

/** Offsets → 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
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
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
