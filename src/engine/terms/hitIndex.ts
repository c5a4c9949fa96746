/** The per-document-version answer table: sorted, non-overlapping hits, looked up by offset in O(log n). */

export interface Hit {
  readonly from: number;
  readonly to: number;
  readonly cardId: string;
  /** `symbol` hits come from code names, `prose` hits from words. */
  readonly kind: 'symbol' | 'prose';
  /** The fully-qualified name, for symbol hits. */
  readonly symbol?: string;
  /** For a method reached through a variable (`opt.step`): the variable and the type inferred for it. */
  readonly receiver?: { readonly name: string; readonly type: string };
}

export class HitIndex {
  readonly hits: readonly Hit[];

  /** `complete` is false when indexing stopped early (size or time budget, cancellation). */
  constructor(hits: Hit[], readonly complete = true) {
    hits.sort((a, b) => a.from - b.from || b.to - a.to);
    const kept: Hit[] = [];
    for (const h of hits) if (kept.length === 0 || h.from >= kept[kept.length - 1].to) kept.push(h);
    this.hits = kept;
  }

  /** The hit covering `offset` (inclusive of its end, so a cursor right after a word still counts). */
  at(offset: number): Hit | undefined {
    let lo = 0;
    let hi = this.hits.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = this.hits[mid];
      if (offset < h.from) hi = mid - 1;
      else if (offset > h.to) lo = mid + 1;
      else return h;
    }
    return undefined;
  }

  /** How often each card occurs, in first-occurrence order. */
  occurrences(): Map<string, Hit[]> {
    const byCard = new Map<string, Hit[]>();
    for (const h of this.hits) {
      const list = byCard.get(h.cardId);
      if (list) list.push(h);
      else byCard.set(h.cardId, [h]);
    }
    return byCard;
  }
}
