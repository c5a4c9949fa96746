/** LruCache and VersionedLru: bounded by count and by estimated bytes, least recently *used* evicted first. */
import { strict as assert } from 'node:assert';
import { LruCache, VersionedLru, estimateBytes } from '../../../src/engine/util/lru';

const sized = (maxEntries: number, maxBytes: number, evicted: string[] = []) =>
  new LruCache<string>({ maxEntries, maxBytes, sizeOf: (v) => v.length, onEvict: (k) => evicted.push(k) });

describe('LruCache', () => {
  it('evicts the least recently used entry past the count, where a read counts as a use', () => {
    const evicted: string[] = [];
    const c = sized(2, 1000, evicted);
    c.set('a', 'x');
    c.set('b', 'x');
    assert.equal(c.get('a'), 'x');
    c.set('c', 'x');
    assert.deepEqual([...c.keys()], ['a', 'c']);
    assert.deepEqual(evicted, ['b']);
  });

  it('evicts by bytes: the sum of the size estimates stays within the budget', () => {
    const c = sized(100, 10);
    c.set('a', '1234');
    c.set('b', '1234');
    assert.equal(c.bytes, 8);
    c.set('c', '1234');
    assert.deepEqual([...c.keys()], ['b', 'c']);
    assert.equal(c.bytes, 8);
  });

  it('a single value larger than the budget is kept alone (the newest is never dropped on arrival)', () => {
    const c = sized(100, 10);
    c.set('a', '12');
    c.set('big', '1'.repeat(50));
    assert.deepEqual([...c.keys()], ['big']);
    assert.equal(c.bytes, 50);
  });

  it('resize re-measures a value that grew in place; delete and clear call onEvict and free the bytes', () => {
    const evicted: string[] = [];
    const box = { v: 'ab' };
    const c = new LruCache<{ v: string }>({ maxEntries: 10, maxBytes: 6, sizeOf: (x) => x.v.length, onEvict: (k) => evicted.push(k) });
    c.set('other', { v: 'xyz' });
    c.set('box', box);
    box.v = 'abcdef';
    c.resize('box');
    assert.deepEqual([...c.keys()], ['box']);
    assert.deepEqual(evicted, ['other']);
    assert.ok(c.delete('box'));
    assert.equal(c.bytes, 0);
    assert.equal(c.size, 0);
  });

  it('peek does not count as a use', () => {
    const c = sized(2, 1000);
    c.set('a', 'x');
    c.set('b', 'x');
    c.peek('a');
    c.set('c', 'x');
    assert.deepEqual([...c.keys()], ['b', 'c']);
  });
});

describe('VersionedLru', () => {
  it('answers only for the stored version, and a lookup for it counts as a use', () => {
    const c = new VersionedLru<string>({ maxEntries: 2, maxBytes: 1000, sizeOf: (v) => v.length });
    c.set('a', 1, 'one');
    c.set('b', 1, 'one');
    assert.equal(c.get('a', 2), undefined);
    assert.equal(c.get('a', 1), 'one');
    c.set('c', 1, 'one');
    assert.equal(c.get('b', 1), undefined, 'b was least recently used');
    assert.equal(c.get('a', 1), 'one');
  });
});

describe('estimateBytes', () => {
  it('grows with the content and answers at least the limit once past it', () => {
    const small = estimateBytes({ a: 'x', b: [1, 2] });
    const large = estimateBytes({ a: 'x'.repeat(1000), b: [1, 2] });
    assert.ok(large - small >= 1998, `${small} ${large}`);
    const deep = Array.from({ length: 1e5 }, (_, i) => ({ i, s: 'abc' }));
    assert.ok(estimateBytes(deep, 1000) >= 1000, "past the limit it answers at least the limit");
  });
});
