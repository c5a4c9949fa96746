/**
 * A least-recently-used cache bounded both by entry count and by an estimate of the bytes its values hold.
 * "Used" means read or written: `get` moves an entry to the young end. Past either bound the oldest entries
 * are evicted, except the one just written (a single value larger than the whole budget is kept alone rather
 * than thrown away at once, so the document being edited always keeps its state).
 */
export interface LruOptions<V> {
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** Estimated bytes held by a value (called once, when it is set). */
  readonly sizeOf: (value: V) => number;
  /** Called for each evicted or deleted value (not for values replaced by `set` with the same object). */
  readonly onEvict?: (key: string, value: V) => void;
}

export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly options: LruOptions<V>) {}

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the size estimates of the values held. */
  get bytes(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Reads without counting as a use. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.bytes;
      if (old.value !== value) this.options.onEvict?.(key, old.value);
    }
    const bytes = Math.max(0, this.options.sizeOf(value));
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    this.trim(key);
  }

  /** Re-measures a value that changed size in place (e.g. an analyzer given a longer text). */
  resize(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total -= entry.bytes;
    entry.bytes = Math.max(0, this.options.sizeOf(entry.value));
    this.total += entry.bytes;
    this.trim(key);
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    this.options.onEvict?.(key, entry.value);
    return true;
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  private trim(keep: string): void {
    while (this.entries.size > this.options.maxEntries || (this.total > this.options.maxBytes && this.entries.size > 1)) {
      const oldest = this.entries.keys().next().value as string;
      if (oldest === keep) {
        // Only the newest entry is left over the budget; everything older already went.
        if (this.entries.size === 1) return;
        const entry = this.entries.get(oldest)!;
        this.entries.delete(oldest);
        this.entries.set(oldest, entry);
        continue;
      }
      this.delete(oldest);
    }
  }
}

/** A cache of one value per key and document version: a lookup for another version misses. */
export class VersionedLru<V> {
  private readonly lru: LruCache<{ version: number; value: V }>;

  constructor(options: { maxEntries: number; maxBytes: number; sizeOf: (value: V) => number }) {
    this.lru = new LruCache({ maxEntries: options.maxEntries, maxBytes: options.maxBytes, sizeOf: (e) => options.sizeOf(e.value) });
  }

  get(key: string, version: number): V | undefined {
    const entry = this.lru.peek(key);
    if (!entry || entry.version !== version) return undefined;
    return this.lru.get(key)!.value;
  }

  set(key: string, version: number, value: V): void {
    this.lru.set(key, { version, value });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.bytes;
  }
}

/** Rough byte estimate of a JSON-like value (strings count two bytes a character), walked without recursion. */
export function estimateBytes(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length && bytes < limit) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + 2 * v.length;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) bytes += 8;
    else if (Array.isArray(v)) {
      bytes += 16 + 8 * v.length;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        bytes += 8;
        stack.push(o[k]);
      }
      bytes += 16;
    } else bytes += 8;
  }
  return bytes;
}
