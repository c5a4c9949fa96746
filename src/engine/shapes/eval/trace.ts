/**
 * The values forward() computes, by source place: each assignment target (`x = self.pool(x)`) and each
 * direct module call (`self.conv2(x)`), with the shape seen the first time the place ran. Inlay hints and
 * tensor hovers read it. A place that runs again (a block used twice, a loop) counts its calls and notes
 * when a later run saw another shape.
 */
import type { Shape } from '../contract';
import { dimEquals } from '../dims';
import type { Expr, Segment } from '../python/ast';
import type { Frame } from './interpreter';
import { isTensorVal, seqItems, tag, type Loc, type Val } from './values';

export interface RawTrace {
  readonly kind: 'var' | 'call';
  readonly name: string;
  readonly loc: Loc;
  readonly shape: Shape | null;
  readonly input?: ReadonlyArray<Shape | null>;
  readonly dtype?: string;
  readonly op?: string;
  calls: number;
  varies: boolean;
}

/** Entries kept per model; a pathological file cannot grow the report without bound. */
const MAX_ENTRIES = 4000;

function sameShape(a: Shape | null, b: Shape | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]) === true);
}

export class ValueTrace {
  readonly entries: RawTrace[] = [];
  private readonly places = new Map<Segment, Map<string, RawTrace>>();

  private record(kind: RawTrace['kind'], name: string, loc: Loc, value: Val, input?: ReadonlyArray<Shape | null>): void {
    if (!isTensorVal(value)) return;
    let bySeg = this.places.get(loc.seg);
    if (!bySeg) this.places.set(loc.seg, (bySeg = new Map()));
    const key = `${kind}:${loc.from}:${name}`;
    const seen = bySeg.get(key);
    if (seen) {
      seen.calls++;
      if (!seen.varies && !sameShape(seen.shape, value.shape)) seen.varies = true;
      return;
    }
    if (this.entries.length >= MAX_ENTRIES) return;
    const entry: RawTrace = { kind, name, loc, shape: value.shape, input, dtype: value.dtype, op: value.prov?.op, calls: 1, varies: false };
    bySeg.set(key, entry);
    this.entries.push(entry);
  }

  /** After `targets = value` ran in frame `f`. */
  assign(targets: readonly Expr[], value: Val, f: Frame): void {
    for (const t of targets) this.assignOne(t, value, f, 0);
  }

  private assignOne(t: Expr, value: Val, f: Frame, depth: number): void {
    if (depth > 4) return;
    if (t.k === 'name') this.record('var', t.id, { seg: f.seg, from: t.from, to: t.to }, value);
    else if ((t.k === 'tuple' || t.k === 'list') && tag(value) === 'tuple') {
      const items = seqItems(value)!;
      if (items.length !== t.items.length || t.items.some((x) => x.k === 'starred')) return;
      t.items.forEach((x, i) => this.assignOne(x, items[i], f, depth + 1));
    }
  }

  /** After a module was called directly from code (`self.conv2(x)`). */
  call(loc: Loc, name: string, args: readonly Val[], result: Val): void {
    const out = isTensorVal(result) ? result : seqItems(result)?.find(isTensorVal);
    if (!out) return;
    const input = args.filter(isTensorVal).map((a) => a.shape);
    this.record('call', name, loc, out, input);
  }
}
