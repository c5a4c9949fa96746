/**
 * A Python text kept parsed across edits: Lezer reuses the unchanged parts of the previous tree through
 * TreeFragment, so re-parsing after a keystroke costs a fraction of a full parse.
 */
import type { ChangedRange, Tree, TreeFragment } from '@lezer/common';
import { UNLIMITED, type Budget } from '../terms/budget';
import { lezer, pythonParser } from './parser';

export type { ChangedRange };

/** The one changed range between two texts (common prefix and suffix), or null when they are equal. */
export function diffRange(oldText: string, newText: string): ChangedRange | null {
  if (oldText === newText) return null;
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { fromA: prefix, toA: oldText.length - suffix, fromB: prefix, toB: newText.length - suffix };
}

export class IncrementalPythonParse {
  private currentText = '';
  private currentTree: Tree | undefined;
  private fragments: readonly TreeFragment[] = [];
  /** Incremented by every parse that starts, so a sliced parse overtaken by a newer one never commits. */
  private generation = 0;

  get text(): string {
    return this.currentText;
  }

  get tree(): Tree | undefined {
    return this.currentTree;
  }

  /**
   * Parses `newText`, reusing the previous tree. `changes` (old → new offsets) are computed when absent.
   * Returns undefined, keeping the previous state, when the budget runs out first.
   */
  update(newText: string, changes?: readonly ChangedRange[], budget: Budget = UNLIMITED): Tree | undefined {
    if (this.currentTree && newText === this.currentText) return this.currentTree;
    const { parse, fragments } = this.start(newText, changes);
    let tree: Tree | null = null;
    while (!(tree = parse.advance())) if (budget.exhausted()) return undefined;
    return this.commit(newText, tree, fragments);
  }

  /**
   * The same parse, cut into slices of about `sliceMs` of work with a yield to the event loop between them, so
   * a large document never blocks its thread for long. Resolves undefined when the budget runs out or a newer
   * parse started meanwhile (that one wins).
   */
  async updateInSlices(newText: string, budget: Budget = UNLIMITED, sliceMs = 8): Promise<Tree | undefined> {
    if (this.currentTree && newText === this.currentText) return this.currentTree;
    const { parse, fragments } = this.start(newText);
    const generation = this.generation;
    let sliceEnd = performance.now() + sliceMs;
    let tree: Tree | null = null;
    while (!(tree = parse.advance())) {
      if (budget.exhausted()) return undefined;
      if (performance.now() > sliceEnd) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (generation !== this.generation) return undefined;
        sliceEnd = performance.now() + sliceMs;
      }
    }
    return generation === this.generation ? this.commit(newText, tree, fragments) : undefined;
  }

  private start(newText: string, changes?: readonly ChangedRange[]) {
    const { TreeFragment } = lezer();
    let fragments = this.fragments;
    if (this.currentTree) {
      const ranges = changes ?? [diffRange(this.currentText, newText)].filter((r): r is ChangedRange => r !== null);
      fragments = TreeFragment.applyChanges(fragments, ranges);
    }
    this.generation++;
    return { parse: pythonParser().startParse(newText, fragments), fragments };
  }

  private commit(newText: string, tree: Tree, fragments: readonly TreeFragment[]): Tree {
    this.currentText = newText;
    this.currentTree = tree;
    this.fragments = lezer().TreeFragment.addTree(tree, fragments);
    return tree;
  }
}
