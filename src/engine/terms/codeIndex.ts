/**
 * Indexes a Python source: code names that resolve (through the file's imports) to a card, and ML terms in
 * comments and docstrings. Local variables and words inside ordinary string literals are never hits.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { IncrementalPythonParse } from '../python/incremental';
import { collectImports, dottedName, qualify, type ImportMap } from '../python/imports';
import { UNLIMITED, type Budget } from './budget';
import { HitIndex, type Hit } from './hitIndex';
import { LocalTypes, type ValueType } from './localTypes';
import type { Vocabulary } from './vocabulary';

export interface PythonIndexOptions {
  /** Imports seen elsewhere (earlier notebook cells); the file's own imports override them. */
  readonly inheritedImports?: ImportMap;
  readonly budget?: Budget;
  /** The document's incremental parser, reused across versions. */
  readonly parser?: IncrementalPythonParse;
  /** Module-level variables of earlier notebook cells whose type is known (`model = Net()` in cell 1). */
  readonly inheritedVariables?: ReadonlyMap<string, ValueType>;
  /** The text is a notebook cell: ML context for ambiguous prose terms in its comments. */
  readonly notebook?: boolean;
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
  const budget = options.budget ?? UNLIMITED;
  const imports = collectImports(tree, source, new Map(options.inheritedImports ?? []));
  const types = new LocalTypes(tree, source, imports, vocabulary.types, options.inheritedVariables);
  const hits: Hit[] = [];
  const prose: Array<Hit & { ambiguous?: boolean }> = [];
  let complete = true;
  let visited = 0;
  tree.iterate({
    enter(ref) {
      if (!complete) return false;
      if ((++visited & 1023) === 0 && budget.exhausted()) {
        complete = false;
        return false;
      }
      switch (ref.name) {
        case 'ImportStatement':
          addImportHits(ref.node, source, imports, vocabulary, hits);
          return false;
        case 'MemberExpression':
          if (addNameHit(ref.node, source, imports, vocabulary, hits)) return false;
          addInstanceHit(ref.node, source, types, vocabulary, hits);
          return undefined;
        case 'VariableName':
          return addNameHit(ref.node, source, imports, vocabulary, hits) ? false : undefined;
        case 'Comment':
          vocabulary.prose.match(source.slice(ref.from, ref.to), ref.from).forEach((h) => prose.push({ ...h, kind: 'prose' }));
          return false;
        case 'String':
        case 'FormatString':
          if (isDocstring(ref.node)) {
            vocabulary.prose.match(source.slice(ref.from, ref.to), ref.from).forEach((h) => prose.push({ ...h, kind: 'prose' }));
          }
          return false;
        default:
          return undefined;
      }
    },
  });
  // Words with an everyday meaning ("transformer", "dropout") count in comments only with ML context: ML
  // imports, ML code names in the file, a notebook, or unambiguous ML terms in its comments.
  const context = options.notebook || hasMlImports(imports) || hits.length > 0 || unambiguousCards(prose) >= 2;
  for (const { ambiguous, ...h } of prose) if (context || !ambiguous) hits.push(h);
  return new HitIndex(hits, complete);
}

/** The module-level variables of a notebook cell whose type is known at its end, for the cells after it. */
export function cellVariables(
  source: string,
  vocabulary: Vocabulary,
  imports: ImportMap,
  inherited: ReadonlyMap<string, ValueType> = new Map(),
  budget: Budget = UNLIMITED,
): Map<string, ValueType> {
  const tree = parsePython(source, budget);
  if (!tree) return new Map(inherited);
  const all = collectImports(tree, source, new Map(imports));
  return new LocalTypes(tree, source, all, vocabulary.types, inherited).moduleVariables();
}

const ML_MODULES = /^(?:torch|torchvision|torchaudio|torchtext|tensorflow|keras|jax|flax|optax|transformers|sklearn|lightning|pytorch_lightning|timm|diffusers|accelerate|peft|datasets|tf_keras)(?:\.|$)/;

/** The file imports an ML library. */
export function hasMlImports(imports: ReadonlyMap<string, string>): boolean {
  for (const target of imports.values()) if (ML_MODULES.test(target)) return true;
  return false;
}

/** How many different cards the unambiguous prose hits name. */
export function unambiguousCards(hits: ReadonlyArray<{ cardId: string; ambiguous?: boolean }>): number {
  return new Set(hits.filter((h) => !h.ambiguous).map((h) => h.cardId)).size;
}

/**
 * `opt.step`, `model.eval`, `loss.backward`, `x.view`: a method or attribute of a value whose type the file
 * shows. The hit covers the member name; the card is the first one found for the type or its bases.
 */
function addInstanceHit(node: SyntaxNode, source: string, types: LocalTypes, vocabulary: Vocabulary, hits: Hit[]): void {
  const obj = node.firstChild;
  const prop = node.lastChild;
  if (!obj || prop?.name !== 'PropertyName' || obj.nextSibling?.name === '[') return;
  const type = types.typeOf(obj);
  if (!type) return;
  const member = source.slice(prop.from, prop.to);
  if (types.definesMember(type, member)) return;
  let cls: string | undefined = type.qualified;
  for (let i = 0; cls && i < 16; i++) {
    const symbol = `${cls}.${member}`;
    const cardId = vocabulary.symbols.lookup(symbol);
    if (cardId !== undefined) {
      const name = obj.name === 'VariableName' || (obj.name === 'MemberExpression' && dottedName(obj, source)) ? source.slice(obj.from, obj.to) : '(…)';
      const shown = type.userClass ? `${type.userClass} (${type.qualified})` : type.qualified;
      hits.push({ from: prop.from, to: prop.to, cardId, kind: 'symbol', symbol, receiver: { name, type: shown } });
      return;
    }
    cls = vocabulary.types.bases[cls];
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
