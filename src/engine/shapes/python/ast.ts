/**
 * A small Python AST, just rich enough for the code that builds and runs models.
 *
 * Positions (`from`/`to`) are offsets relative to the start of the top-level statement ("segment") that
 * contains the node, so a segment's AST stays valid when the statement moves inside the file after an edit.
 * Anything the converter cannot read becomes an `unknown` node; evaluation turns it into an unknown value.
 */

export interface Span {
  readonly from: number;
  readonly to: number;
}

export type Expr =
  | (Span & { readonly k: 'name'; readonly id: string })
  | (Span & { readonly k: 'num'; readonly value: number; readonly isFloat: boolean })
  | (Span & { readonly k: 'str'; readonly value: string | null /* null: value unknown */ })
  | (Span & { readonly k: 'fstr'; readonly parts: ReadonlyArray<string | { readonly expr: Expr; readonly spec?: string; readonly conv?: string }> })
  | (Span & { readonly k: 'const'; readonly value: boolean | null | 'ellipsis' })
  | (Span & { readonly k: 'attr'; readonly obj: Expr; readonly name: string })
  | (Span & { readonly k: 'subscript'; readonly obj: Expr; readonly index: readonly SubscriptItem[]; readonly trailingComma: boolean })
  | (Span & { readonly k: 'call'; readonly fn: Expr; readonly args: readonly Arg[] })
  | (Span & { readonly k: 'binop'; readonly op: string; readonly left: Expr; readonly right: Expr })
  | (Span & { readonly k: 'unary'; readonly op: string; readonly operand: Expr })
  | (Span & { readonly k: 'cond'; readonly test: Expr; readonly body: Expr; readonly orelse: Expr })
  | (Span & { readonly k: 'lambda'; readonly params: readonly Param[]; readonly body: Expr })
  | (Span & { readonly k: 'tuple'; readonly items: readonly Expr[] })
  | (Span & { readonly k: 'list'; readonly items: readonly Expr[] })
  | (Span & { readonly k: 'set'; readonly items: readonly Expr[] })
  | (Span & { readonly k: 'dict'; readonly entries: readonly DictEntry[] })
  | (Span & { readonly k: 'comp'; readonly kind: 'list' | 'gen' | 'set' | 'dict'; readonly elt: Expr; readonly value?: Expr; readonly gens: readonly CompFor[] })
  | (Span & { readonly k: 'starred'; readonly value: Expr })
  | (Span & { readonly k: 'named'; readonly target: string; readonly value: Expr })
  | (Span & { readonly k: 'unknown'; readonly why: string });

export type SubscriptItem = Expr | (Span & { readonly k: 'slice'; readonly lower?: Expr; readonly upper?: Expr; readonly step?: Expr });

export interface Arg {
  readonly kind: 'pos' | 'star' | 'kw' | 'dstar';
  readonly name?: string;
  readonly value: Expr;
}

export type DictEntry = { readonly key: Expr; readonly value: Expr } | { readonly spread: Expr };

export interface CompFor {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
}

export interface Param {
  readonly name: string;
  readonly kind: 'normal' | 'star' | 'dstar' | 'kwonly';
  readonly default?: Expr;
}

export type Stmt =
  | (Span & { readonly k: 'expr'; readonly value: Expr })
  | (Span & { readonly k: 'assign'; readonly targets: readonly Expr[]; readonly value: Expr })
  | (Span & { readonly k: 'augassign'; readonly target: Expr; readonly op: string; readonly value: Expr })
  | (Span & { readonly k: 'return'; readonly value?: Expr })
  | (Span & { readonly k: 'if'; readonly branches: ReadonlyArray<{ readonly test: Expr; readonly body: readonly Stmt[] }>; readonly orelse?: readonly Stmt[] })
  | (Span & { readonly k: 'for'; readonly target: Expr; readonly iter: Expr; readonly body: readonly Stmt[]; readonly orelse?: readonly Stmt[] })
  | (Span & { readonly k: 'while'; readonly test: Expr; readonly body: readonly Stmt[] })
  | (Span & { readonly k: 'def'; readonly name: string; readonly nameSpan: Span; readonly params: readonly Param[]; readonly body: readonly Stmt[]; readonly decorators: readonly Expr[] })
  | (Span & { readonly k: 'class'; readonly name: string; readonly nameSpan: Span; readonly bases: readonly Arg[]; readonly body: readonly Stmt[]; readonly decorators: readonly Expr[] })
  | (Span & { readonly k: 'import'; readonly names: ReadonlyArray<{ readonly local: string; readonly qualified: string; readonly isModule: boolean }> })
  | (Span & { readonly k: 'with'; readonly items: ReadonlyArray<{ readonly value: Expr; readonly target?: string }>; readonly body: readonly Stmt[] })
  | (Span & { readonly k: 'try'; readonly body: readonly Stmt[]; readonly handlers: ReadonlyArray<readonly Stmt[]>; readonly orelse?: readonly Stmt[]; readonly finalbody?: readonly Stmt[] })
  | (Span & { readonly k: 'del'; readonly targets: readonly Expr[] })
  | (Span & { readonly k: 'raise' })
  | (Span & { readonly k: 'pass'; readonly annotated?: string /* `name: type` without a value */ })
  | (Span & { readonly k: 'break' })
  | (Span & { readonly k: 'continue' })
  | (Span & { readonly k: 'global'; readonly names: readonly string[] })
  | (Span & { readonly k: 'unknown' });

/** One top-level statement of a file, with its AST. `base` is its current start offset in the document. */
export class Segment {
  /** 1-based line of the segment's first character in the current document. */
  line = 1;
  /**
   * Set on the segments of an imported module (another file of the project, or a library block bundled
   * with the engine): its dotted name, whether it is a package's `__init__`, and its file name if known.
   * Unset on the analysed document's own segments.
   */
  module?: { readonly name: string; readonly isPackage: boolean; readonly file?: string };
  /** Number of line breaks inside the text. */
  readonly newlines: number;
  private breaks: number[] | undefined;

  constructor(
    /** Exact source text of the statement (the cache key). */
    readonly text: string,
    readonly stmts: readonly Stmt[],
    public base: number,
  ) {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    this.newlines = n;
  }

  /** 1-based line/column of a segment-relative offset (segments start at column 1). */
  pos(offset: number): { line: number; column: number } {
    if (!this.breaks) {
      this.breaks = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.breaks.push(i);
    }
    const b = this.breaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return { line: this.line + lo, column: offset - (lo > 0 ? b[lo - 1] + 1 : 0) + 1 };
  }
}
