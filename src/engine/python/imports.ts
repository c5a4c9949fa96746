/**
 * Import and alias resolution on a @lezer/python tree: which fully-qualified name does a local name mean?
 * Shared by the hover index (nn.GELU → torch.nn.GELU) and the shape engine (nn.Conv2d → torch.nn.Conv2d).
 */
import type { SyntaxNode, Tree } from '@lezer/common';

/** Local name → fully qualified name, e.g. `nn` → `torch.nn`, `F` → `torch.nn.functional`. */
export type ImportMap = ReadonlyMap<string, string>;

/** `tensorflow.keras.layers.Dense` and `tf.keras…` are the same thing as `keras.layers.Dense`. */
export function normalizeQualified(name: string): string {
  return name.replace(/^tensorflow\.(?:python\.)?keras(?=\.|$)/, 'keras').replace(/^keras\.src\./, 'keras.');
}

/** Every import statement in the file, top to bottom (later bindings win, as at run time for module scope). */
export function collectImports(tree: Tree, source: string, into: Map<string, string> = new Map()): Map<string, string> {
  tree.iterate({
    enter(node) {
      if (node.name !== 'ImportStatement') return undefined;
      readImport(node.node, source, into);
      return false; // an import statement holds no further statements
    },
  });
  return into;
}

function readImport(node: SyntaxNode, source: string, into: Map<string, string>): void {
  const text = (n: SyntaxNode) => source.slice(n.from, n.to);
  const parts: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) parts.push(child);
  if (parts.length === 0) return;

  if (parts[0].name === 'from') {
    const importAt = parts.findIndex((p) => p.name === 'import');
    if (importAt < 0) return;
    const moduleParts = parts.slice(1, importAt);
    if (moduleParts.some((p) => p.name === '.' && p === moduleParts[0])) return; // relative import: local package
    const module = moduleParts.filter((p) => p.name === 'VariableName').map(text).join('.');
    if (!module) return;
    eachBinding(parts.slice(importAt + 1), text, (name, alias) => {
      if (name !== '*') into.set(alias ?? name, `${module}.${name}`);
    });
    return;
  }
  if (parts[0].name === 'import') {
    // import a.b.c [as d], e
    let dotted: string[] = [];
    for (let i = 1; i <= parts.length; i++) {
      const p = parts[i];
      if (p && p.name === 'VariableName') dotted.push(text(p));
      else if (p && p.name === 'as') {
        const alias = parts[i + 1];
        if (alias && alias.name === 'VariableName') into.set(text(alias), dotted.join('.'));
        dotted = [];
        i++;
      } else if (!p || p.name === ',') {
        // `import torch.nn` binds `torch`.
        if (dotted.length) into.set(dotted[0], dotted[0]);
        dotted = [];
      }
    }
  }
}

function eachBinding(parts: SyntaxNode[], text: (n: SyntaxNode) => string, bind: (name: string, alias?: string) => void): void {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.name === '*') bind('*');
    if (p.name !== 'VariableName') continue;
    const next = parts[i + 1];
    if (next && next.name === 'as' && parts[i + 2]?.name === 'VariableName') {
      bind(text(p), text(parts[i + 2]));
      i += 2;
    } else bind(text(p));
  }
}

/**
 * The names of a pure dotted chain: `nn.init.kaiming_normal_` → ['nn', 'init', 'kaiming_normal_'].
 * Undefined when the chain goes through a call or a subscript (`f().x`, `a[0].b`).
 */
export function dottedName(node: SyntaxNode, source: string): string[] | undefined {
  if (node.name === 'VariableName') return [source.slice(node.from, node.to)];
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || !property || property.name !== 'PropertyName') return undefined;
  const head = dottedName(object, source);
  return head && [...head, source.slice(property.from, property.to)];
}

/** Resolve a dotted chain through the imports; undefined when its head is not an imported name. */
export function qualify(parts: readonly string[], imports: ImportMap): string | undefined {
  const head = imports.get(parts[0]);
  if (head === undefined) return undefined;
  return normalizeQualified([head, ...parts.slice(1)].join('.'));
}
