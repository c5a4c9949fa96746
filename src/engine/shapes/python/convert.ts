/**
 * Converts @lezer/python syntax nodes into the small AST of ./ast.ts.
 *
 * The converter never throws on malformed input: error nodes (⚠) are skipped and structures it cannot read
 * become `unknown` nodes, so half-typed code still yields everything that is readable.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Arg, CompFor, DictEntry, Expr, Param, Stmt, SubscriptItem } from './ast';

/** Children of a node, without error nodes and comments. */
function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.type.isError || c.name === 'Comment') continue;
    out.push(c);
  }
  return out;
}

/**
 * Deepest expression nesting the engine reads. CPython's own parser stops at 200 nested brackets; chains
 * of binary operators (`1 + 1 + … + 1`, one level per term) are allowed longer.
 */
export const MAX_EXPR_DEPTH = 2500;
/** Deepest bracket nesting (calls, parentheses, lists, dicts…): CPython's parser stops at 200 too. */
export const MAX_BRACKETS = 200;
export const NESTING_LIMIT = 'nesting limit';

const BRACKETED = new Set([
  'CallExpression', 'ParenthesizedExpression', 'TupleExpression', 'ArrayExpression', 'SetExpression', 'DictionaryExpression',
  'ArrayComprehensionExpression', 'ComprehensionExpression', 'SetComprehensionExpression', 'DictionaryComprehensionExpression',
]);

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=', 'AssignOp', '*', '**', 'Ellipsis']);

export class Converter {
  constructor(
    private readonly src: string,
    /** Offset of the enclosing top-level statement; AST positions are relative to it. */
    private readonly base: number,
  ) {}

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private span(n: SyntaxNode): { from: number; to: number } {
    return { from: n.from - this.base, to: n.to - this.base };
  }

  private unknown(n: SyntaxNode, why: string): Expr {
    return { k: 'unknown', why, ...this.span(n) };
  }

  // ------------------------------------------------------------------------------------------ statements

  statements(node: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    this.pushStatement(node, out);
    return out;
  }

  body(node: SyntaxNode | undefined): Stmt[] {
    const out: Stmt[] = [];
    if (!node) return out;
    for (const c of kids(node)) this.pushStatement(c, out);
    return out;
  }

  private pushStatement(n: SyntaxNode, out: Stmt[]): void {
    if (n.name === 'StatementGroup') {
      for (const c of kids(n)) this.pushStatement(c, out);
      return;
    }
    if (!n.type.isError && (n.type.is('Statement') || n.name.endsWith('Statement') || n.name.endsWith('Definition'))) {
      out.push(this.statement(n));
    }
  }

  statement(n: SyntaxNode): Stmt {
    const sp = this.span(n);
    const c = kids(n);
    switch (n.name) {
      case 'ExpressionStatement':
        return { k: 'expr', value: this.exprList(c), ...sp };
      case 'AssignStatement': {
        const groups: SyntaxNode[][] = [[]];
        for (const x of c) {
          if (x.name === 'AssignOp') groups.push([]);
          else if (x.name !== 'TypeDef') groups[groups.length - 1].push(x);
        }
        if (groups.length < 2) {
          // A bare annotation `x: int` binds nothing, but in a class body it declares a (dataclass) field.
          const t = groups[0].length === 1 && groups[0][0].name === 'VariableName' ? this.text(groups[0][0]) : undefined;
          return t ? { k: 'pass', annotated: t, ...sp } : { k: 'pass', ...sp };
        }
        const value = this.exprList(groups[groups.length - 1]);
        const targets = groups.slice(0, -1).map((g) => this.exprList(g));
        return { k: 'assign', targets, value, ...sp };
      }
      case 'UpdateStatement': {
        const opIdx = c.findIndex((x) => x.name === 'UpdateOp');
        if (opIdx < 0) return { k: 'unknown', ...sp };
        const op = this.text(c[opIdx]).slice(0, -1);
        return { k: 'augassign', target: this.exprList(c.slice(0, opIdx)), op, value: this.exprList(c.slice(opIdx + 1)), ...sp };
      }
      case 'ReturnStatement': {
        const rest = c.slice(1);
        return rest.length ? { k: 'return', value: this.exprList(rest), ...sp } : { k: 'return', ...sp };
      }
      case 'PassStatement':
        return { k: 'pass', ...sp };
      case 'BreakStatement':
        return { k: 'break', ...sp };
      case 'ContinueStatement':
        return { k: 'continue', ...sp };
      case 'RaiseStatement':
        return { k: 'raise', ...sp };
      case 'DeleteStatement':
        return { k: 'del', targets: c.filter((x) => x.name !== 'del' && x.name !== ',').map((x) => this.expr(x)), ...sp };
      case 'ScopeStatement':
        return { k: 'global', names: c.filter((x) => x.name === 'VariableName').map((x) => this.text(x)), ...sp };
      case 'IfStatement':
        return this.ifStatement(c, sp);
      case 'ForStatement':
        return this.forStatement(c, sp);
      case 'WhileStatement': {
        const test = c[1] && c[1].name !== 'Body' ? this.expr(c[1]) : this.unknown(n, 'while');
        const bodies = c.filter((x) => x.name === 'Body');
        return { k: 'while', test, body: this.body(bodies[0]), ...sp };
      }
      case 'FunctionDefinition':
        return this.funcDef(n, [], sp);
      case 'ClassDefinition':
        return this.classDef(n, [], sp);
      case 'DecoratedStatement': {
        const decorators = c.filter((x) => x.name === 'Decorator').map((d) => this.decorator(d));
        const def = c.find((x) => x.name === 'FunctionDefinition' || x.name === 'ClassDefinition');
        if (!def) return { k: 'unknown', ...sp };
        return def.name === 'FunctionDefinition' ? this.funcDef(def, decorators, sp) : this.classDef(def, decorators, sp);
      }
      case 'ImportStatement':
        return this.importStatement(c, sp);
      case 'WithStatement': {
        const items: Array<{ value: Expr; target?: string }> = [];
        for (let i = 0; i < c.length; i++) {
          const x = c[i];
          if (x.name === 'with' || x.name === ',' || x.name === 'async' || x.name === 'Body' || x.name === 'as') continue;
          if (x.name === 'VariableName' && c[i - 1]?.name === 'as') {
            if (items.length) items[items.length - 1].target = this.text(x);
            continue;
          }
          items.push({ value: this.expr(x) });
        }
        return { k: 'with', items, body: this.body(c.find((x) => x.name === 'Body')), ...sp };
      }
      case 'TryStatement': {
        let body: Stmt[] = [];
        const handlers: Stmt[][] = [];
        let orelse: Stmt[] | undefined;
        let finalbody: Stmt[] | undefined;
        let mode = 'try';
        for (const x of c) {
          if (x.name === 'try' || x.name === 'except' || x.name === 'else' || x.name === 'finally') mode = x.name;
          else if (x.name === 'Body') {
            const b = this.body(x);
            if (mode === 'try') body = b;
            else if (mode === 'except') handlers.push(b);
            else if (mode === 'else') orelse = b;
            else finalbody = b;
          }
        }
        return { k: 'try', body, handlers, orelse, finalbody, ...sp };
      }
      default:
        return { k: 'unknown', ...sp };
    }
  }

  private ifStatement(c: SyntaxNode[], sp: { from: number; to: number }): Stmt {
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let orelse: Stmt[] | undefined;
    let pendingTest: Expr | undefined;
    let inElse = false;
    for (const x of c) {
      if (x.name === 'if' || x.name === 'elif') {
        inElse = false;
        pendingTest = undefined;
        continue;
      }
      if (x.name === 'else') {
        inElse = true;
        continue;
      }
      if (x.name === 'Body') {
        if (inElse) orelse = this.body(x);
        else branches.push({ test: pendingTest ?? { k: 'unknown', why: 'condition', from: x.from - this.base, to: x.from - this.base }, body: this.body(x) });
        pendingTest = undefined;
        continue;
      }
      pendingTest = this.expr(x);
    }
    return { k: 'if', branches, orelse, ...sp };
  }

  private forStatement(c: SyntaxNode[], sp: { from: number; to: number }): Stmt {
    const inIdx = c.findIndex((x) => x.name === 'in');
    const bodies = c.filter((x) => x.name === 'Body');
    const bodyIdx = c.findIndex((x) => x.name === 'Body');
    if (inIdx < 0 || bodyIdx < 0) return { k: 'unknown', ...sp };
    const targetNodes = c.slice(0, inIdx).filter((x) => x.name !== 'for' && x.name !== 'async');
    const target = this.exprList(targetNodes);
    const iter = this.exprList(c.slice(inIdx + 1, bodyIdx));
    return { k: 'for', target, iter, body: this.body(bodies[0]), orelse: bodies[1] ? this.body(bodies[1]) : undefined, ...sp };
  }

  private decorator(d: SyntaxNode): Expr {
    // Decorator { At dottedName ArgList? newline }: keep the dotted name only.
    const names = kids(d).filter((x) => x.name === 'VariableName').map((x) => this.text(x));
    const sp = this.span(d);
    let e: Expr = { k: 'name', id: names[0] ?? '?', ...sp };
    for (const n of names.slice(1)) e = { k: 'attr', obj: e, name: n, ...sp };
    return e;
  }

  private funcDef(n: SyntaxNode, decorators: Expr[], sp: { from: number; to: number }): Stmt {
    const c = kids(n);
    const nameNode = c.find((x) => x.name === 'VariableName');
    const params = c.find((x) => x.name === 'ParamList');
    const body = c.find((x) => x.name === 'Body');
    return {
      k: 'def',
      name: nameNode ? this.text(nameNode) : '?',
      nameSpan: nameNode ? this.span(nameNode) : sp,
      params: params ? this.params(params) : [],
      body: this.body(body),
      decorators,
      ...sp,
    };
  }

  private classDef(n: SyntaxNode, decorators: Expr[], sp: { from: number; to: number }): Stmt {
    const c = kids(n);
    const nameNode = c.find((x) => x.name === 'VariableName');
    const argList = c.find((x) => x.name === 'ArgList');
    return {
      k: 'class',
      name: nameNode ? this.text(nameNode) : '?',
      nameSpan: nameNode ? this.span(nameNode) : sp,
      bases: argList ? this.args(argList) : [],
      body: this.body(c.find((x) => x.name === 'Body')),
      decorators,
      ...sp,
    };
  }

  params(list: SyntaxNode): Param[] {
    const out: Param[] = [];
    const c = kids(list);
    let kwOnly = false;
    for (let i = 0; i < c.length; i++) {
      const x = c[i];
      if (x.name === '*') {
        const next = c[i + 1];
        if (next?.name === 'VariableName') {
          out.push({ name: this.text(next), kind: 'star' });
          i++;
        }
        kwOnly = true;
      } else if (x.name === '**') {
        const next = c[i + 1];
        if (next?.name === 'VariableName') {
          out.push({ name: this.text(next), kind: 'dstar' });
          i++;
        }
      } else if (x.name === 'VariableName') {
        let j = i + 1;
        if (c[j]?.name === 'TypeDef') j++;
        let def: Expr | undefined;
        if (c[j]?.name === 'AssignOp' && c[j + 1]) {
          def = this.expr(c[j + 1]);
          j++;
        } else j--;
        out.push({ name: this.text(x), kind: kwOnly ? 'kwonly' : 'normal', default: def });
        i = j;
      }
    }
    return out;
  }

  private importStatement(c: SyntaxNode[], sp: { from: number; to: number }): Stmt {
    const names: Array<{ local: string; qualified: string; isModule: boolean }> = [];
    const isFrom = c[0]?.name === 'from';
    let i = 1;
    const modParts: string[] = [];
    // Relative level: 1 for `from .x`, 2 for `from ..x` (lezer reads `...` as one Ellipsis token).
    let level = 0;
    if (isFrom) {
      while (i < c.length && c[i].name !== 'import') {
        if (c[i].name === 'VariableName') modParts.push(this.text(c[i]));
        else if (c[i].name === '.' && modParts.length === 0) level++;
        else if (c[i].name === 'Ellipsis' && modParts.length === 0) level += 3;
        i++;
      }
      i++; // skip `import`
    }
    const relative = level > 0;
    // Remaining: dotted names separated by `,`, optional `as` alias.
    let parts: string[] = [];
    let alias: string | undefined;
    const flush = () => {
      if (!parts.length) return;
      if (isFrom) {
        // A relative import (`from .layers import ResBlock`) is written `<local>.layers.ResBlock`, with one
        // `^` part per extra level (`from ..ops import X` → `<local>.^.ops.X`); the interpreter resolves it
        // against the importing module's package.
        const qualified = [...(relative ? ['<local>', ...Array.from({ length: level - 1 }, () => '^')] : []), ...modParts, ...parts].join('.');
        names.push({ local: alias ?? parts[0], qualified, isModule: false });
      } else if (alias) names.push({ local: alias, qualified: parts.join('.'), isModule: true });
      else names.push({ local: parts[0], qualified: parts[0], isModule: true });
      parts = [];
      alias = undefined;
    };
    for (; i < c.length; i++) {
      const x = c[i];
      if (x.name === ',') flush();
      else if (x.name === '*' && isFrom) {
        // `from m import *`: one name `*` whose qualified name is the module.
        names.push({ local: '*', qualified: [...(relative ? ['<local>', ...Array.from({ length: level - 1 }, () => '^')] : []), ...modParts].join('.'), isModule: true });
      } else if (x.name === 'as') {
        const a = c[i + 1];
        if (a?.name === 'VariableName') alias = this.text(a);
        i++;
      } else if (x.name === 'VariableName') parts.push(this.text(x));
      else if (x.name === 'importList') {
        for (const y of kids(x)) {
          if (y.name === ',') flush();
          else if (y.name === 'VariableName') {
            if (y.prevSibling?.name === 'as') alias = this.text(y);
            else parts.push(this.text(y));
          }
        }
        flush();
      }
    }
    flush();
    return { k: 'import', names, ...sp };
  }

  // ------------------------------------------------------------------------------------------ expressions

  /** A comma-separated list of expression nodes: a single expression, or an implicit tuple. */
  exprList(nodes: SyntaxNode[]): Expr {
    const items: Expr[] = [];
    let trailingComma = false;
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i];
      if (x.name === ',') {
        trailingComma = true;
        continue;
      }
      trailingComma = false;
      if (x.name === '*' && nodes[i + 1]) {
        const v = this.expr(nodes[i + 1]);
        items.push({ k: 'starred', value: v, from: x.from - this.base, to: nodes[i + 1].to - this.base });
        i++;
        continue;
      }
      items.push(this.expr(x));
    }
    if (items.length === 1 && !trailingComma) return items[0];
    const from = nodes.length ? nodes[0].from - this.base : 0;
    const to = nodes.length ? nodes[nodes.length - 1].to - this.base : 0;
    return { k: 'tuple', items, from, to };
  }

  private depth = 0;
  private brackets = 0;

  /**
   * An expression. Nesting deeper than MAX_EXPR_DEPTH (brackets, calls, operator chains) becomes an
   * `unknown` node whose `why` starts with NESTING_LIMIT: the interpreter reports it as the depth limit,
   * and the converter never recurses deep enough to overflow the stack.
   */
  expr(n: SyntaxNode): Expr {
    const bracket = BRACKETED.has(n.name);
    if (this.depth >= MAX_EXPR_DEPTH || (bracket && this.brackets >= MAX_BRACKETS)) return this.unknown(n, NESTING_LIMIT);
    this.depth++;
    if (bracket) this.brackets++;
    try {
      return this.exprNode(n);
    } finally {
      this.depth--;
      if (bracket) this.brackets--;
    }
  }

  private exprNode(n: SyntaxNode): Expr {
    const sp = this.span(n);
    switch (n.name) {
      case 'VariableName':
        return { k: 'name', id: this.text(n), ...sp };
      case 'Number':
        return this.number(n);
      case 'String':
        return { k: 'str', value: decodeString(this.text(n)), ...sp };
      case 'FormatString':
        return { k: 'fstr', parts: this.fstringParts(n), ...sp };
      case 'ContinuedString': {
        const parts: Array<string | { expr: Expr; spec?: string; conv?: string }> = [];
        for (const x of kids(n)) {
          if (x.name === 'FormatString') parts.push(...this.fstringParts(x));
          else {
            const v = decodeString(this.text(x));
            if (v === null) return { k: 'str', value: null, ...sp };
            parts.push(v);
          }
        }
        if (parts.every((p) => typeof p === 'string')) return { k: 'str', value: parts.join(''), ...sp };
        return { k: 'fstr', parts, ...sp };
      }
      case 'Boolean':
        return { k: 'const', value: this.text(n) === 'True', ...sp };
      case 'None':
        return { k: 'const', value: null, ...sp };
      case 'Ellipsis':
        return { k: 'const', value: 'ellipsis', ...sp };
      case 'ParenthesizedExpression': {
        const inner = kids(n).filter((x) => !PUNCT.has(x.name));
        return inner.length === 1 ? this.expr(inner[0]) : this.unknown(n, 'parenthesized');
      }
      case 'TupleExpression':
        return { k: 'tuple', items: this.commaItems(kids(n).slice(1, -1)), ...sp };
      case 'ArrayExpression':
        return { k: 'list', items: this.commaItems(kids(n).slice(1, -1)), ...sp };
      case 'SetExpression':
        return { k: 'set', items: this.commaItems(kids(n).slice(1, -1)), ...sp };
      case 'DictionaryExpression':
        return { k: 'dict', entries: this.dictEntries(kids(n).slice(1, -1)), ...sp };
      case 'ArrayComprehensionExpression':
        return this.comprehension(n, 'list');
      case 'ComprehensionExpression':
        return this.comprehension(n, 'gen');
      case 'SetComprehensionExpression':
        return this.comprehension(n, 'set');
      case 'DictionaryComprehensionExpression':
        return this.comprehension(n, 'dict');
      case 'CallExpression': {
        const c = kids(n);
        const argList = c.find((x) => x.name === 'ArgList');
        if (!c[0] || c[0] === argList) return this.unknown(n, 'call');
        return { k: 'call', fn: this.expr(c[0]), args: argList ? this.args(argList) : [], ...sp };
      }
      case 'MemberExpression':
        return this.member(n);
      case 'BinaryExpression':
        return this.binary(n);
      case 'UnaryExpression': {
        const c = kids(n);
        if (c.length < 2) return this.unknown(n, 'unary');
        return { k: 'unary', op: this.text(c[0]), operand: this.expr(c[1]), ...sp };
      }
      case 'ConditionalExpression': {
        const c = kids(n).filter((x) => x.name !== 'if' && x.name !== 'else');
        if (c.length < 3) return this.unknown(n, 'conditional');
        return { k: 'cond', body: this.expr(c[0]), test: this.expr(c[1]), orelse: this.expr(c[2]), ...sp };
      }
      case 'LambdaExpression': {
        const c = kids(n);
        const pl = c.find((x) => x.name === 'ParamList');
        const body = c[c.length - 1];
        if (!body || body.name === ':' || body.name === 'lambda') return this.unknown(n, 'lambda');
        return { k: 'lambda', params: pl ? this.params(pl) : [], body: this.expr(body), ...sp };
      }
      case 'NamedExpression': {
        const c = kids(n);
        if (c.length < 3 || c[0].name !== 'VariableName') return this.unknown(n, 'walrus');
        return { k: 'named', target: this.text(c[0]), value: this.expr(c[2]), ...sp };
      }
      default:
        return this.unknown(n, n.name);
    }
  }

  /** Literal text and replacement fields of an f-string. */
  private fstringParts(n: SyntaxNode): Array<string | { expr: Expr; spec?: string; conv?: string }> {
    const lit = this.text(n);
    const m = /^[a-zA-Z]*('''|"""|'|")/.exec(lit);
    const q = m ? m[1] : '"';
    const raw = /r/i.test(m ? lit.slice(0, m[0].length - q.length) : '');
    const bodyFrom = n.from + (m ? m[0].length : 1);
    const bodyTo = lit.endsWith(q) && lit.length >= (m ? m[0].length : 1) + q.length ? n.to - q.length : n.to;
    const parts: Array<string | { expr: Expr; spec?: string; conv?: string }> = [];
    const literal = (from: number, to: number) => {
      if (to <= from) return;
      let t = this.src.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      if (!raw) t = decodeString(`"${t.replace(/"/g, '\\"')}"`) ?? t;
      parts.push(t);
    };
    let at = bodyFrom;
    for (const r of kids(n)) {
      if (r.name !== 'FormatReplacement') continue;
      literal(at, r.from);
      const inner = kids(r).filter((x) => x.name !== '{' && x.name !== '}');
      const exprNode = inner.find((x) => x.name !== 'FormatConversion' && x.name !== 'FormatSpec' && x.name !== 'FormatSelfDoc');
      const spec = inner.find((x) => x.name === 'FormatSpec');
      const conv = inner.find((x) => x.name === 'FormatConversion');
      parts.push({
        expr: exprNode ? this.expr(exprNode) : this.unknown(r, 'f-string'),
        spec: spec ? this.text(spec).slice(1) : undefined,
        conv: conv ? this.text(conv).slice(1) : undefined,
      });
      at = r.to;
    }
    literal(at, bodyTo);
    return parts;
  }

  private number(n: SyntaxNode): Expr {
    const t = this.text(n).replace(/_/g, '');
    const sp = this.span(n);
    if (/[jJ]$/.test(t)) return { k: 'unknown', why: 'complex', ...sp };
    let v: number;
    let isFloat = false;
    if (/^0[xX]/.test(t)) v = parseInt(t.slice(2), 16);
    else if (/^0[oO]/.test(t)) v = parseInt(t.slice(2), 8);
    else if (/^0[bB]/.test(t)) v = parseInt(t.slice(2), 2);
    else {
      v = Number(t);
      isFloat = /[.eE]/.test(t);
    }
    return Number.isNaN(v) ? { k: 'unknown', why: 'number', ...sp } : { k: 'num', value: v, isFloat, ...sp };
  }

  private commaItems(nodes: SyntaxNode[]): Expr[] {
    const out: Expr[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i];
      if (x.name === ',') continue;
      if (x.name === '*' && nodes[i + 1]) {
        out.push({ k: 'starred', value: this.expr(nodes[i + 1]), from: x.from - this.base, to: nodes[i + 1].to - this.base });
        i++;
        continue;
      }
      out.push(this.expr(x));
    }
    return out;
  }

  private dictEntries(nodes: SyntaxNode[]): DictEntry[] {
    const out: DictEntry[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const x = nodes[i];
      if (x.name === ',') continue;
      if (x.name === '**' && nodes[i + 1]) {
        out.push({ spread: this.expr(nodes[i + 1]) });
        i++;
        continue;
      }
      if (nodes[i + 1]?.name === ':' && nodes[i + 2]) {
        out.push({ key: this.expr(x), value: this.expr(nodes[i + 2]) });
        i += 2;
      }
    }
    return out;
  }

  /** Parse `for … in … [if …]*` clauses from a node list starting at a `for` keyword. */
  private compFors(nodes: SyntaxNode[]): CompFor[] {
    const gens: CompFor[] = [];
    let i = 0;
    while (i < nodes.length) {
      if (nodes[i].name !== 'for') {
        i++;
        continue;
      }
      const inIdx = nodes.findIndex((x, j) => j > i && x.name === 'in');
      if (inIdx < 0) break;
      const target = this.exprList(nodes.slice(i + 1, inIdx).filter((x) => x.name !== 'async'));
      let j = inIdx + 1;
      const iterNode = nodes[j];
      if (!iterNode) break;
      const iter = this.expr(iterNode);
      j++;
      const ifs: Expr[] = [];
      while (j < nodes.length && nodes[j].name === 'if') {
        if (nodes[j + 1]) ifs.push(this.expr(nodes[j + 1]));
        j += 2;
      }
      gens.push({ target, iter, ifs });
      i = j;
    }
    return gens;
  }

  private comprehension(n: SyntaxNode, kind: 'list' | 'gen' | 'set' | 'dict'): Expr {
    const c = kids(n).slice(1, -1);
    const forIdx = c.findIndex((x) => x.name === 'for' || x.name === 'async');
    if (forIdx < 1) return this.unknown(n, 'comprehension');
    const head = c.slice(0, forIdx);
    const gens = this.compFors(c.slice(forIdx));
    const sp = this.span(n);
    if (kind === 'dict') {
      if (head.length < 3) return this.unknown(n, 'dict comprehension');
      return { k: 'comp', kind, elt: this.expr(head[0]), value: this.expr(head[2]), gens, ...sp };
    }
    return { k: 'comp', kind, elt: this.expr(head[0]), gens, ...sp };
  }

  args(list: SyntaxNode): Arg[] {
    const c = kids(list).filter((x) => x.name !== '(' && x.name !== ')');
    // A generator expression as the sole argument: `sum(x for x in xs)`.
    const forIdx = c.findIndex((x) => x.name === 'for');
    if (forIdx > 0) {
      const gens = this.compFors(c.slice(forIdx));
      const sp = this.span(list);
      return [{ kind: 'pos', value: { k: 'comp', kind: 'gen', elt: this.expr(c[forIdx - 1]), gens, ...sp } }];
    }
    const out: Arg[] = [];
    for (let i = 0; i < c.length; i++) {
      const x = c[i];
      if (x.name === ',') continue;
      if (x.name === '*' && c[i + 1]) {
        out.push({ kind: 'star', value: this.expr(c[++i]) });
      } else if (x.name === '**' && c[i + 1]) {
        out.push({ kind: 'dstar', value: this.expr(c[++i]) });
      } else if (x.name === 'VariableName' && c[i + 1]?.name === 'AssignOp' && c[i + 2]) {
        out.push({ kind: 'kw', name: this.text(x), value: this.expr(c[i + 2]) });
        i += 2;
      } else out.push({ kind: 'pos', value: this.expr(x) });
    }
    return out;
  }

  private member(n: SyntaxNode): Expr {
    const c = kids(n);
    const sp = this.span(n);
    if (!c[0]) return this.unknown(n, 'member');
    const obj = this.expr(c[0]);
    if (c[1]?.name === '.') {
      const prop = c[2];
      if (!prop || prop.name !== 'PropertyName') return this.unknown(n, 'member');
      return { k: 'attr', obj, name: this.text(prop), ...sp };
    }
    if (c[1]?.name !== '[') return this.unknown(n, 'member');
    // Subscript: items separated by `,`; each item is an expression or a slice `a:b:c`.
    const inner = c.slice(2, c[c.length - 1]?.name === ']' ? -1 : undefined);
    const index: SubscriptItem[] = [];
    let group: SyntaxNode[] = [];
    let trailingComma = false;
    const flush = () => {
      if (!group.length) return;
      index.push(this.subscriptItem(group));
      group = [];
    };
    for (const x of inner) {
      if (x.name === ',') {
        flush();
        trailingComma = true;
      } else {
        group.push(x);
        trailingComma = false;
      }
    }
    flush();
    return { k: 'subscript', obj, index, trailingComma, ...sp };
  }

  private subscriptItem(group: SyntaxNode[]): SubscriptItem {
    if (!group.some((x) => x.name === ':')) return this.expr(group[0]);
    const parts: Array<Expr | undefined> = [undefined];
    for (const x of group) {
      if (x.name === ':') parts.push(undefined);
      else parts[parts.length - 1] = this.expr(x);
    }
    return {
      k: 'slice',
      lower: parts[0],
      upper: parts[1],
      step: parts[2],
      from: group[0].from - this.base,
      to: group[group.length - 1].to - this.base,
    };
  }

  private binary(n: SyntaxNode): Expr {
    const c = kids(n);
    const sp = this.span(n);
    if (c.length < 3) return this.unknown(n, 'binary');
    const left = this.expr(c[0]);
    const right = this.expr(c[c.length - 1]);
    const op = c
      .slice(1, -1)
      .map((x) => this.text(x))
      .join(' ');
    return { k: 'binop', op, left, right, ...sp };
  }
}

/** Decode a Python string literal (prefixes, quotes, common escapes). Bytes literals decode as text. */
export function decodeString(lit: string): string | null {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(lit);
  if (!m) return null;
  const prefix = m[1].toLowerCase();
  const q = m[2];
  let body = lit.slice(m[0].length);
  if (body.endsWith(q)) body = body.slice(0, -q.length);
  if (prefix.includes('r')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\\'"nrt0]|\n)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case '\n':
        return '';
      case 'x':
      case 'u':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}
