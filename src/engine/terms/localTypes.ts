/**
 * What a variable holds, from the file's own code: simple local inference for instance calls such as
 * `opt.step()` after `opt = torch.optim.AdamW(...)`, or `model.eval()` after `model = Net()` with
 * `class Net(nn.Module)`.
 *
 * The rules are deliberately small and never guess:
 * - a value's type comes from a library constructor (`torch.optim.AdamW(...)`), a call whose result type is
 *   recorded in content/types.json (`torch.cat` → Tensor, `x.view` → Tensor, `nn.Linear` instances called →
 *   Tensor, `model.to(...)` → the model), an instance of a class of this file whose base is a library class,
 *   a parameter's annotation (`x: torch.Tensor`), `self` in such a class, `self.attr` when every assignment
 *   of `self.attr` in the class agrees, tensor arithmetic, or a notebook's earlier cells;
 * - at a use, the assignments that can reach it (the last one that surely ran, plus those in branches and
 *   loops after it) must all give the same type; anything else (a loop variable, a tuple unpacking, a
 *   user function's result, an `if` that assigns only on one side) is unknown, and unknown gives no hover.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { dottedName, qualify, type ImportMap } from '../python/imports';
import type { TypeFacts } from '../content/types';

/** A library class (qualified) and, for an instance of a class of this file, that class's name. */
export interface ValueType {
  readonly qualified: string;
  readonly userClass?: string;
}

interface Binding {
  readonly name: string;
  /** Where the binding takes effect: uses at or after `at` can see it. */
  readonly at: number;
  /** The blocks (Body nodes) between the binding and its scope, outermost first, as [from, to] pairs. */
  readonly blocks: ReadonlyArray<readonly [number, number]>;
  /** Loop bodies that hold the binding, as [from, to]. */
  readonly value: () => ValueType | undefined;
}

interface Scope {
  readonly node: SyntaxNode;
  readonly bindings: Map<string, Binding[]>;
  /** The class this function is a method of (for `self`). */
  readonly ownerClass?: UserClass;
}

interface UserClass {
  readonly name: string;
  readonly node: SyntaxNode;
  readonly baseNodes: readonly SyntaxNode[];
  readonly methods: ReadonlySet<string>;
}

const MAX_DEPTH = 24;

export class LocalTypes {
  private readonly classes = new Map<string, UserClass>();
  private readonly scopes = new Map<number, Scope>();
  private readonly classTypes = new Map<string, ValueType | null>();
  private readonly selfAttrs = new Map<string, Map<string, SyntaxNode[]>>();
  private readonly memo = new Map<string, ValueType | null>();
  private depth = 0;

  constructor(
    private readonly tree: Tree,
    private readonly source: string,
    private readonly imports: ImportMap,
    private readonly facts: TypeFacts,
    /** Module-level variables of earlier notebook cells. */
    private readonly inherited: ReadonlyMap<string, ValueType> = new Map(),
  ) {
    this.collectClasses();
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  // ------------------------------------------------------------------ classes ---

  private collectClasses(): void {
    const cursor = this.tree.cursor();
    do {
      if (cursor.name !== 'ClassDefinition') continue;
      const node = cursor.node;
      const nameNode = node.getChild('VariableName');
      const body = node.getChild('Body');
      if (!nameNode || !body) continue;
      const args = node.getChild('ArgList');
      const baseNodes: SyntaxNode[] = [];
      for (let c = args?.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName' || c.name === 'MemberExpression') baseNodes.push(c);
      const methods = new Set<string>();
      const selfAttrs = new Map<string, SyntaxNode[]>();
      for (let stmt = body.firstChild; stmt; stmt = stmt.nextSibling) {
        const def = stmt.name === 'DecoratedStatement' ? stmt.getChild('FunctionDefinition') : stmt.name === 'FunctionDefinition' ? stmt : null;
        const defName = def?.getChild('VariableName');
        if (def && defName) {
          methods.add(this.text(defName));
          this.collectSelfAttrs(def, selfAttrs);
        }
        if (stmt.name === 'AssignStatement') for (const t of assignTargets(stmt)) if (t.name === 'VariableName') methods.add(this.text(t));
      }
      const name = this.text(nameNode);
      // A class defined twice in a file (or in two branches) is not followed: which one runs is not known.
      if (this.classes.has(name)) this.classTypes.set(name, null);
      this.classes.set(name, { name, node, baseNodes, methods });
      this.selfAttrs.set(name, selfAttrs);
    } while (cursor.next());
  }

  /** `self.x = …` in a method: the values assigned to each attribute. */
  private collectSelfAttrs(def: SyntaxNode, into: Map<string, SyntaxNode[]>): void {
    const params = def.getChild('ParamList');
    const first = params?.getChild('VariableName');
    if (!first) return;
    const selfName = this.text(first);
    const cursor = def.cursor();
    do {
      if (cursor.name !== 'AssignStatement') continue;
      const stmt = cursor.node;
      const value = assignValue(stmt);
      for (const target of assignTargets(stmt)) {
        if (target.name !== 'MemberExpression') continue;
        const obj = target.firstChild;
        const prop = target.lastChild;
        if (obj?.name !== 'VariableName' || this.text(obj) !== selfName || prop?.name !== 'PropertyName') continue;
        const list = into.get(this.text(prop)) ?? [];
        // A tuple assignment or a missing value makes the attribute unknown (an undefined entry).
        list.push(value && assignTargets(stmt).length === 1 ? value : stmt);
        into.set(this.text(prop), list);
      }
    } while (cursor.next());
  }

  /** The library class an instance of this file's class `name` is (through its bases), if any. */
  classType(name: string): ValueType | undefined {
    const cached = this.classTypes.get(name);
    if (cached !== undefined) return cached ?? undefined;
    this.classTypes.set(name, null); // cycles (class A(B), class B(A)) end as unknown
    const cls = this.classes.get(name);
    let found: ValueType | undefined;
    if (cls && cls.baseNodes.length === 1) {
      const base = cls.baseNodes[0];
      const parts = dottedName(base, this.source);
      if (parts && parts.length === 1 && this.classes.has(parts[0]) && !this.imports.has(parts[0])) {
        const inner = this.classType(parts[0]);
        if (inner) found = { qualified: inner.qualified, userClass: name };
      } else if (parts) {
        const q = qualify(parts, this.imports);
        if (q && this.isLibraryClass(q)) found = { qualified: q, userClass: name };
      }
    }
    // Several bases (mixins) are not followed: the method could come from any of them.
    this.classTypes.set(name, found ?? null);
    return found;
  }

  /** Methods a class of this file defines itself (they are the user's, not the library's). */
  definesMember(type: ValueType, member: string): boolean {
    let name = type.userClass;
    for (let i = 0; name && i < MAX_DEPTH; i++) {
      const cls = this.classes.get(name);
      if (!cls) return false;
      if (cls.methods.has(member)) return true;
      const parts = cls.baseNodes.length === 1 ? dottedName(cls.baseNodes[0], this.source) : undefined;
      name = parts && parts.length === 1 && this.classes.has(parts[0]) ? parts[0] : undefined;
    }
    return false;
  }

  private isLibraryClass(qualified: string): boolean {
    return (this.classSet ??= new Set(this.facts.classes)).has(qualified);
  }

  private classSet: Set<string> | undefined;

  // ------------------------------------------------------------------- scopes ---

  private scopeOf(node: SyntaxNode): Scope {
    let n: SyntaxNode | null = node.parent;
    while (n && n.name !== 'FunctionDefinition' && n.name !== 'Script') n = n.parent;
    // A function's own name and parameters belong to it only once inside its Body.
    const scopeNode = n ?? this.tree.topNode;
    let scope = this.scopes.get(scopeNode.from * 2 + (scopeNode.name === 'Script' ? 0 : 1));
    if (!scope) {
      scope = this.buildScope(scopeNode);
      this.scopes.set(scopeNode.from * 2 + (scopeNode.name === 'Script' ? 0 : 1), scope);
    }
    return scope;
  }

  private buildScope(scopeNode: SyntaxNode): Scope {
    const bindings = new Map<string, Binding[]>();
    const add = (name: string, at: number, blockOf: SyntaxNode, value: () => ValueType | undefined) => {
      const list = bindings.get(name) ?? [];
      // Parameters (blockOf is the function itself) are bound before anything in the body runs.
      const blocks = blockOf === scopeNode || (blockOf.from === scopeNode.from && blockOf.name === scopeNode.name) ? [] : this.blocksBetween(blockOf, scopeNode);
      list.push({ name, at, blocks, value });
      bindings.set(name, list);
    };
    let ownerClass: UserClass | undefined;
    if (scopeNode.name === 'FunctionDefinition') {
      const cls = scopeNode.parent?.name === 'Body' ? scopeNode.parent.parent : scopeNode.parent?.parent?.parent;
      if (cls?.name === 'ClassDefinition') ownerClass = this.classes.get(this.text(cls.getChild('VariableName')!));
      this.addParams(scopeNode, add, ownerClass);
    }
    const body = scopeNode.name === 'Script' ? scopeNode : scopeNode.getChild('Body');
    if (body) this.walkStatements(body, add);
    for (const list of bindings.values()) list.sort((a, b) => a.at - b.at);
    return { node: scopeNode, bindings, ownerClass };
  }

  private addParams(def: SyntaxNode, add: (name: string, at: number, blockOf: SyntaxNode, value: () => ValueType | undefined) => void, owner?: UserClass): void {
    const params = def.getChild('ParamList');
    if (!params) return;
    const at = params.from;
    let first = true;
    for (let p = params.firstChild; p; p = p.nextSibling) {
      if (p.name !== 'VariableName') continue;
      const name = this.text(p);
      const next = p.nextSibling;
      const isMethodSelf = first && owner !== undefined && !isStaticMethod(def, this.source);
      first = false;
      if (isMethodSelf) {
        const cls = owner;
        add(name, at, def, () => this.classType(cls.name));
      } else if (next?.name === 'TypeDef') {
        const annotation = next.lastChild;
        add(name, at, def, () => (annotation ? this.annotationType(annotation) : undefined));
      } else add(name, at, def, () => undefined);
    }
  }

  /** Every binding statement in a block, recursively (not into nested functions or classes). */
  private walkStatements(block: SyntaxNode, add: (name: string, at: number, blockOf: SyntaxNode, value: () => ValueType | undefined) => void): void {
    for (let stmt = block.firstChild; stmt; stmt = stmt.nextSibling) {
      switch (stmt.name) {
        case 'AssignStatement': {
          const targets = assignTargets(stmt);
          const value = assignValue(stmt);
          const typeDef = stmt.getChild('TypeDef');
          const single = targets.length === 1 || chainedAssignment(stmt);
          for (const t of targets) {
            if (t.name !== 'VariableName') continue;
            const annotation = typeDef?.lastChild;
            const v = value;
            add(this.text(t), stmt.to, stmt, () => {
              if (annotation) return this.annotationType(annotation);
              return single && v ? this.typeOf(v) : undefined;
            });
          }
          break;
        }
        case 'UpdateStatement': {
          const t = stmt.firstChild;
          if (t?.name === 'VariableName') add(this.text(t), stmt.to, stmt, () => undefined);
          break;
        }
        case 'ForStatement': {
          // Loop variables are unknown; they are (re)bound at the start of every iteration.
          const body = stmt.getChild('Body');
          for (let c = stmt.firstChild; c && c.name !== 'in'; c = c.nextSibling) this.bindNames(c, body?.from ?? stmt.from, stmt, add);
          if (body) this.walkStatements(body, add);
          break;
        }
        case 'WithStatement':
        case 'TryStatement': {
          for (let c = stmt.firstChild; c; c = c.nextSibling) {
            if (c.name === 'as') {
              const target = c.nextSibling;
              if (target) this.bindNames(target, target.to, stmt, add);
            }
            if (c.name === 'Body') this.walkStatements(c, add);
          }
          break;
        }
        case 'FunctionDefinition': {
          const name = stmt.getChild('VariableName');
          if (name) add(this.text(name), stmt.from, stmt, () => undefined);
          break;
        }
        case 'ClassDefinition':
          // Class names are looked up among the file's classes (see classType).
          break;
        case 'DecoratedStatement': {
          const inner = stmt.getChild('FunctionDefinition') ?? stmt.getChild('ClassDefinition');
          const name = inner?.getChild('VariableName');
          if (name && inner?.name === 'FunctionDefinition') add(this.text(name), stmt.from, stmt, () => undefined);
          // A decorated class may be replaced by its decorator: not followed.
          if (name && inner?.name === 'ClassDefinition') this.classTypes.set(this.text(name), null);
          break;
        }
        case 'ImportStatement':
          // Names bound by imports are resolved through the import map.
          break;
        case 'GlobalStatement':
        case 'NonlocalStatement':
          // A `global` declaration makes the name's type depend on other scopes: unknown.
          for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName') add(this.text(c), stmt.to, stmt, () => undefined);
          break;
        default:
          for (let c = stmt.firstChild; c; c = c.nextSibling) {
            if (c.name === 'Body') this.walkStatements(c, add);
            // Walrus assignments (`if (m := f()):`) are unknown.
            if (c.name === 'AssignStatement') this.walkStatements(stmt, add);
          }
          this.bindWalrus(stmt, add);
      }
    }
  }

  private bindNames(target: SyntaxNode, at: number, stmt: SyntaxNode, add: (name: string, at: number, blockOf: SyntaxNode, value: () => ValueType | undefined) => void): void {
    if (target.name === 'VariableName') add(this.text(target), at, stmt, () => undefined);
    for (let c = target.firstChild; c; c = c.nextSibling) this.bindNames(c, at, stmt, add);
  }

  private bindWalrus(stmt: SyntaxNode, add: (name: string, at: number, blockOf: SyntaxNode, value: () => ValueType | undefined) => void): void {
    const cursor = stmt.cursor();
    do {
      if (cursor.name === 'Body') {
        if (!cursor.nextSibling()) break;
      }
      if (cursor.name === 'NamedExpression') {
        const name = cursor.node.firstChild;
        if (name?.name === 'VariableName') add(this.text(name), stmt.to, stmt, () => undefined);
      }
    } while (cursor.next());
  }

  /** The Body nodes between a statement and its scope, outermost first. */
  private blocksBetween(node: SyntaxNode, scopeNode: SyntaxNode): Array<readonly [number, number]> {
    const blocks: Array<readonly [number, number]> = [];
    for (let n = node.parent; n && !(n.from === scopeNode.from && n.name === scopeNode.name); n = n.parent) {
      // The body of a `with` always runs once its header has: it does not hide its assignments.
      if (n.name === 'Body' && n.parent?.name !== 'WithStatement' && n.parent?.name !== scopeNode.name) blocks.unshift([n.from, n.to]);
    }
    return blocks;
  }

  // -------------------------------------------------------------- resolution ---

  /** The type of a variable named `name` at `node` (a use), or undefined when not certain. */
  variableAt(name: string, node: SyntaxNode): ValueType | undefined {
    if (this.boundInComprehensionOrLambda(name, node)) return undefined;
    let scope = this.scopeOf(node);
    if (this.imports.has(name) && !scope.bindings.has(name)) return undefined;
    const own = scope.bindings.get(name);
    if (own) return this.reaching(own, node.from, node, scope);
    for (let i = 0; i < MAX_DEPTH && scope.node.name !== 'Script'; i++) {
      // Not bound in this function: the name comes from an enclosing scope, and the function may run after
      // any of that scope's assignments, so every one of them must agree.
      scope = this.scopeOf(scope.node);
      const list = scope.bindings.get(name);
      if (!list) continue;
      const first = list[0].value();
      return first && list.every((b) => sameType(b.value(), first)) ? first : undefined;
    }
    return this.inherited.get(name);
  }

  /** `[x.view(1) for x in xs]`, `lambda x: x.view(1)`: that `x` is not the outer one. */
  private boundInComprehensionOrLambda(name: string, node: SyntaxNode): boolean {
    for (let n = node.parent; n && n.name !== 'FunctionDefinition' && n.name !== 'Script'; n = n.parent) {
      if (n.name === 'LambdaExpression') {
        const params = n.getChild('ParamList');
        for (let c = params?.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName' && this.text(c) === name) return true;
      }
      if (/Comprehension/.test(n.name)) {
        let afterFor = false;
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.name === 'for') afterFor = true;
          else if (c.name === 'in') afterFor = false;
          else if (afterFor && this.mentions(c, name)) return true;
        }
      }
    }
    return false;
  }

  private mentions(node: SyntaxNode, name: string): boolean {
    if (node.name === 'VariableName') return this.text(node) === name;
    for (let c = node.firstChild; c; c = c.nextSibling) if (this.mentions(c, name)) return true;
    return false;
  }

  private reaching(list: readonly Binding[], at: number, use: SyntaxNode, scope: Scope): ValueType | undefined {
    const useBlocks = this.blocksBetween(use, scope.node);
    const inside = (b: Binding) => b.blocks.every(([from, to]) => useBlocks.some(([f, t]) => f === from && t === to));
    const reaching: Binding[] = [];
    let dominated = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i];
      if (b.at > at) continue;
      reaching.push(b);
      if (inside(b)) {
        dominated = true;
        break;
      }
    }
    if (!dominated && this.coversEveryBranch(reaching, useBlocks.length)) dominated = true;
    if (!dominated) {
      // Nothing that surely ran: a notebook's earlier cells may have bound it (module scope only).
      const prior = scope.node.name === 'Script' ? this.inherited.get(list[0].name) : undefined;
      if (!prior) return undefined;
      if (!reaching.every((b) => sameType(b.value(), prior))) return undefined;
    }
    // In a loop, an assignment later in the loop body reaches the next iteration's uses.
    for (const [from, to] of useBlocks) {
      if (!isLoopBody(this.tree, from)) continue;
      for (const b of list) if (b.at > at && b.at <= to && b.at >= from) reaching.push(b);
    }
    const first = reaching[0]?.value();
    if (!first) return dominated ? undefined : this.inherited.get(list[0].name);
    return reaching.every((b) => sameType(b.value(), first)) ? first : undefined;
  }

  /**
   * `if …: x = a` / `else: x = b`: assignments on every branch of an if/elif/else (with an else) at the use's
   * level surely ran, together.
   */
  private coversEveryBranch(reaching: readonly Binding[], depth: number): boolean {
    const byIf = new Map<number, { node: SyntaxNode; bodies: Set<number> }>();
    for (const b of reaching) {
      const block = b.blocks[depth];
      if (!block) return false;
      const body = bodyAt(this.tree, block[0]);
      const stmt = body?.parent;
      if (!body || stmt?.name !== 'IfStatement') return false;
      const entry = byIf.get(stmt.from) ?? { node: stmt, bodies: new Set<number>() };
      entry.bodies.add(body.from);
      byIf.set(stmt.from, entry);
    }
    for (const { node, bodies } of byIf.values()) {
      if (!node.getChild('else')) continue;
      const all = node.getChildren('Body').map((b) => b.from);
      if (all.every((from) => bodies.has(from))) return true;
    }
    return false;
  }

  /** The type of an expression, or undefined. */
  typeOf(node: SyntaxNode): ValueType | undefined {
    const key = `${node.from}:${node.to}:${node.name}`;
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo ?? undefined;
    if (this.depth > MAX_DEPTH) return undefined;
    this.memo.set(key, null); // a self-referential value (x = x.view(…) in a loop) is unknown while computed
    this.depth++;
    let result: ValueType | undefined;
    try {
      result = this.computeType(node);
    } finally {
      this.depth--;
    }
    this.memo.set(key, result ?? null);
    return result;
  }

  private computeType(node: SyntaxNode): ValueType | undefined {
    switch (node.name) {
      case 'VariableName':
        return this.variableAt(this.text(node), node);
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner && inner.name !== ')' && inner.nextSibling?.name === ')' ? this.typeOf(inner) : undefined;
      }
      case 'CallExpression':
        return this.callType(node);
      case 'MemberExpression': {
        const obj = node.firstChild;
        if (!obj) return undefined;
        if (obj.nextSibling?.name === '[') {
          const t = this.typeOf(obj);
          return t ? this.returnOf(t, '__getitem__') : undefined;
        }
        const parts = dottedName(node, this.source);
        if (parts && this.imports.has(parts[0]) && !this.scopeOf(node).bindings.has(parts[0])) return undefined;
        const prop = node.lastChild;
        const selfAttr = this.selfAttribute(node);
        if (selfAttr !== undefined) return selfAttr ?? undefined;
        const t = this.typeOf(obj);
        return t && prop?.name === 'PropertyName' ? this.memberType(t, this.text(prop)) : undefined;
      }
      case 'BinaryExpression': {
        const left = node.firstChild;
        const op = left?.nextSibling;
        const right = node.lastChild;
        if (!left || !right || op?.name !== 'ArithOp') return undefined;
        const lt = left.name === 'Number' ? 'number' : this.typeOf(left)?.qualified;
        const rt = right.name === 'Number' ? 'number' : this.typeOf(right)?.qualified;
        const tensor = 'torch.Tensor';
        if ((lt === tensor && (rt === tensor || rt === 'number')) || (rt === tensor && lt === 'number')) return { qualified: tensor };
        return undefined;
      }
      case 'UnaryExpression': {
        const operand = node.lastChild;
        const t = operand ? this.typeOf(operand) : undefined;
        return t?.qualified === 'torch.Tensor' && this.text(node).trim().startsWith('-') ? t : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `self.x` inside a class of this file: the type when every `self.x = …` in the class agrees (null: unknown). */
  private selfAttribute(node: SyntaxNode): ValueType | null | undefined {
    const obj = node.firstChild;
    const prop = node.lastChild;
    if (obj?.name !== 'VariableName' || prop?.name !== 'PropertyName') return undefined;
    const scope = this.scopeOf(node);
    const owner = scope.ownerClass;
    if (!owner) return undefined;
    const params = scope.node.getChild('ParamList')?.getChild('VariableName');
    if (!params || this.text(params) !== this.text(obj)) return undefined;
    const assigned = this.selfAttrs.get(owner.name)?.get(this.text(prop));
    if (!assigned) return undefined; // not assigned in the class: a library attribute, looked up by type
    let first: ValueType | undefined;
    for (const value of assigned) {
      const t = value.name === 'AssignStatement' ? undefined : this.typeOf(value);
      if (!t) return null;
      if (first && !sameType(first, t)) return null;
      first = t;
    }
    return first ?? null;
  }

  private callType(node: SyntaxNode): ValueType | undefined {
    const callee = node.firstChild;
    if (!callee) return undefined;
    const parts = dottedName(callee, this.source);
    if (parts) {
      const head = parts[0];
      const local = this.scopeOf(node).bindings.has(head) || (!this.imports.has(head) && this.inherited.has(head));
      if (!local) {
        if (parts.length === 1 && this.classes.has(head) && !this.imports.has(head)) return this.classType(head);
        const q = qualify(parts, this.imports);
        if (q) {
          const returned = this.facts.returns[q];
          if (returned !== undefined) return returned === 'self' ? undefined : { qualified: returned };
          return this.isLibraryClass(q) ? { qualified: q } : undefined;
        }
        if (parts.length === 1) return undefined;
      }
    }
    if (callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName' && callee.firstChild?.nextSibling?.name !== '[') {
      const obj = callee.firstChild!;
      const selfAttr = this.selfAttribute(callee);
      if (selfAttr !== undefined) return selfAttr ? this.returnOf(selfAttr, '__call__', false) : undefined;
      const t = this.typeOf(obj);
      return t ? this.returnOf(t, this.text(callee.lastChild!)) : undefined;
    }
    // Calling an instance: `criterion(out, y)` with criterion = nn.CrossEntropyLoss().
    const t = this.typeOf(callee);
    return t ? this.returnOf(t, '__call__', false) : undefined;
  }

  /** What `<type>.member(...)` returns, looking through the recorded base classes. */
  private returnOf(type: ValueType, member: string, inherit = true): ValueType | undefined {
    if (this.definesMember(type, member)) return undefined;
    let cls: string | undefined = type.qualified;
    for (let i = 0; cls && i < MAX_DEPTH; i++) {
      const returned = this.facts.returns[`${cls}.${member}`];
      if (returned !== undefined) return returned === 'self' ? type : { qualified: returned };
      if (!inherit) return undefined;
      cls = this.facts.bases[cls];
    }
    return undefined;
  }

  /** The type of an attribute read (`x.T`, `p.grad`). */
  private memberType(type: ValueType, member: string): ValueType | undefined {
    return this.returnOf(type, member);
  }

  /** A parameter's annotation, when it names a library class (`torch.Tensor`, `nn.Module`). */
  private annotationType(annotation: SyntaxNode): ValueType | undefined {
    const parts = dottedName(annotation, this.source);
    if (!parts) return undefined;
    if (parts.length === 1 && this.classes.has(parts[0]) && !this.imports.has(parts[0])) return this.classType(parts[0]);
    const q = qualify(parts, this.imports);
    return q && this.isLibraryClass(q) ? { qualified: q } : undefined;
  }

  /** Module-level variables whose type is known at the end of the file (for later notebook cells). */
  moduleVariables(): Map<string, ValueType> {
    const out = new Map<string, ValueType>();
    const scope = this.scopeOf(this.tree.topNode.firstChild ?? this.tree.topNode);
    for (const [name, list] of scope.bindings) {
      const t = this.reachingEnd(list);
      if (t) out.set(name, t);
    }
    for (const [name, t] of this.inherited) if (!scope.bindings.has(name)) out.set(name, t);
    return out;
  }

  private reachingEnd(list: readonly Binding[]): ValueType | undefined {
    const last = list[list.length - 1];
    if (!last || last.blocks.length) return undefined;
    return last.value();
  }
}

function sameType(a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a !== undefined && b !== undefined && a.qualified === b.qualified && a.userClass === b.userClass;
}

function assignTargets(stmt: SyntaxNode): SyntaxNode[] {
  const targets: SyntaxNode[] = [];
  const ops: SyntaxNode[] = [];
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === 'AssignOp') ops.push(c);
  const lastOp = ops[ops.length - 1];
  if (!lastOp) return targets;
  for (let c = stmt.firstChild; c && c.from < lastOp.from; c = c.nextSibling) {
    if (c.name === 'AssignOp' || c.name === ',' || c.name === 'TypeDef') continue;
    targets.push(c);
  }
  return targets;
}

/** `a = b = f(x)`: every target gets the value (as opposed to `a, b = …`). */
function chainedAssignment(stmt: SyntaxNode): boolean {
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === ',') return false;
  return true;
}

function assignValue(stmt: SyntaxNode): SyntaxNode | undefined {
  let last: SyntaxNode | null = null;
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === 'AssignOp') last = c;
  const value = last?.nextSibling;
  // `a = 1, 2` is a tuple: the value is unknown.
  return value && !value.nextSibling ? value : undefined;
}

function isStaticMethod(def: SyntaxNode, source: string): boolean {
  const decorated = def.parent?.name === 'DecoratedStatement' ? def.parent : undefined;
  return decorated !== undefined && /@\s*(?:staticmethod|classmethod)\b/.test(source.slice(decorated.from, def.from));
}

function bodyAt(tree: Tree, bodyFrom: number): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = tree.resolveInner(bodyFrom, 1); n; n = n.parent) if (n.name === 'Body' && n.from === bodyFrom) return n;
  return undefined;
}

function isLoopBody(tree: Tree, bodyFrom: number): boolean {
  const node = tree.resolveInner(bodyFrom, 1);
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.name === 'Body' && n.from === bodyFrom) return n.parent?.name === 'ForStatement' || n.parent?.name === 'WhileStatement';
  }
  return false;
}
