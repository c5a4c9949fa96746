/**
 * Indexes a Python source: code names that resolve (through the file's imports) to a card, and ML terms in
 * comments and docstrings. Local variables and words inside ordinary string literals are never hits.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { IncrementalPythonParse } from '../python/incremental';
import { collectImports, dottedName, qualify, type ImportMap } from '../python/imports';
import { UNLIMITED, type Budget } from './budget';
import { HitIndex, type Hit } from './hitIndex';
import type { Vocabulary } from './vocabulary';

export interface PythonIndexOptions {
  /** Imports seen elsewhere (earlier notebook cells); the file's own imports override them. */
  readonly inheritedImports?: ImportMap;
  readonly budget?: Budget;
  /** The document's incremental parser, reused across versions. */
  readonly parser?: IncrementalPythonParse;
}

/** Parse with lezer, stopping (and reporting an incomplete index) when the budget runs out. */
export function parsePython(source: string, budget: Budget = UNLIMITED): Tree | undefined {
  return new IncrementalPythonParse().update(source, undefined, budget);
}

export function indexPython(source: string, vocabulary: Vocabulary, options: PythonIndexOptions = {}): HitIndex {
  const budget = options.budget ?? UNLIMITED;
  const tree = options.parser ? options.parser.update(source, undefined, budget) : parsePython(source, budget);
  if (!tree) return new HitIndex([], false);
  return indexPythonTree(tree, source, vocabulary, options);
}

export function indexPythonTree(tree: Tree, source: string, vocabulary: Vocabulary, options: PythonIndexOptions = {}): HitIndex {
  const walk = pythonTreeWalk(tree, source, vocabulary, options);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * The same index, built in slices of about `sliceMs` of work with a yield to the event loop between them, so
 * a huge file never blocks its thread (the extension host) for long.
 */
export async function indexPythonTreeInSlices(tree: Tree, source: string, vocabulary: Vocabulary, options: PythonIndexOptions = {}, sliceMs = 8): Promise<HitIndex> {
  const walk = pythonTreeWalk(tree, source, vocabulary, options);
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    if (performance.now() > sliceEnd) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      sliceEnd = performance.now() + sliceMs;
    }
  }
}

/** Walks the tree with a cursor, pausing (yield) every 1,024 nodes; returns the index. */
function* pythonTreeWalk(tree: Tree, source: string, vocabulary: Vocabulary, options: PythonIndexOptions): Generator<void, HitIndex> {
  const budget = options.budget ?? UNLIMITED;
  const imports = collectImports(tree, source, new Map(options.inheritedImports ?? []));
  const hits: Hit[] = [];
  let visited = 0;
  /** What to do at a node: false skips its children. */
  const enter = (node: SyntaxNode): boolean => {
    switch (node.name) {
      case 'ImportStatement':
        addImportHits(node, source, imports, vocabulary, hits);
        return false;
      case 'MemberExpression':
      case 'VariableName':
        return !addNameHit(node, source, imports, vocabulary, hits);
      case 'Comment':
        vocabulary.prose.match(source.slice(node.from, node.to), node.from).forEach((h) => hits.push({ ...h, kind: 'prose' }));
        return false;
      case 'String':
      case 'FormatString':
        if (isDocstring(node)) {
          vocabulary.prose.match(source.slice(node.from, node.to), node.from).forEach((h) => hits.push({ ...h, kind: 'prose' }));
        }
        return false;
      default:
        return true;
    }
  };
  const cursor = tree.cursor();
  for (;;) {
    if ((++visited & 1023) === 0) {
      if (budget.exhausted()) return new HitIndex(hits, false);
      yield;
    }
    if (enter(cursor.node) && cursor.firstChild()) continue;
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return new HitIndex(hits, true);
    }
  }
}

/** A dotted name that resolves to a card: the whole chain is the hit (`nn.init.kaiming_normal_`). */
function addNameHit(node: SyntaxNode, source: string, imports: ImportMap, vocabulary: Vocabulary, hits: Hit[]): boolean {
  const parts = dottedName(node, source);
  if (!parts) return false;
  // The longest prefix that names a card: `nn.GELU` inside `nn.GELU.forward` still hits GELU.
  for (let n = parts.length; n >= 1; n--) {
    const symbol = qualify(parts.slice(0, n), imports);
    if (symbol === undefined) return false;
    const cardId = vocabulary.symbols.lookup(symbol);
    if (cardId !== undefined) {
      const end = n === parts.length ? node.to : prefixEnd(node, parts.length - n);
      hits.push({ from: node.from, to: end, cardId, kind: 'symbol', symbol });
      return true;
    }
  }
  return false;
}

/** End offset of the chain with its last `drop` properties removed. */
function prefixEnd(node: SyntaxNode, drop: number): number {
  let n: SyntaxNode = node;
  for (let i = 0; i < drop && n.firstChild; i++) n = n.firstChild;
  return n.to;
}

/** `from torch.nn import GELU` and `import torch.nn.functional as F`: the imported names are hits too. */
function addImportHits(node: SyntaxNode, source: string, imports: ImportMap, vocabulary: Vocabulary, hits: Hit[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'VariableName') continue;
    const name = source.slice(child.from, child.to);
    const symbol = imports.get(name);
    if (symbol === undefined) continue;
    const cardId = vocabulary.symbols.lookup(symbol);
    if (cardId !== undefined) hits.push({ from: child.from, to: child.to, cardId, kind: 'symbol', symbol });
  }
}

/** A string that is a statement of its own: a docstring (or a bare string used as a comment). */
function isDocstring(node: SyntaxNode): boolean {
  const parent = node.parent;
  // SyntaxNode objects are created per access: compare positions, not identity.
  return parent?.name === 'ExpressionStatement' && parent.from === node.from && parent.to === node.to;
}
