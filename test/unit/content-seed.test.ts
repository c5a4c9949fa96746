/**
 * The cards carry the user's own seed text: every cheatsheet concept has a card with the seed's ID, parent and
 * title, and its full/simple/example text equals the seed's except where a documented correction applies.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptCard } from '../../src/engine/content/types';
import { realContent, readJson, ROOT } from '../helpers/content';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const CHEATSHEET = join(SEEDS, '000_e03b2bd7f9bdb78d.txt');
const NOTES = join(SEEDS, '004_203fe82377a63a18.txt');

interface SeedConcept {
  heading: string;
  title: string;
  id: string;
  parent: string;
  full: string;
  simple: string;
  example: string;
}

/** Reads the cheatsheet's `#### 10.2.5 GELU` blocks. */
function parseCheatsheet(text: string): SeedConcept[] {
  const blocks = text.split(/^#### /m).slice(1);
  return blocks.map((block) => {
    const [headingLine] = block.split('\n', 1);
    const m = /^(\d+\.\d+\.\d+)\s+(.*)$/.exec(headingLine.trim())!;
    const field = (name: string) => {
      const re = new RegExp(`\\*\\*${name}:\\*\\*\\n([\\s\\S]*?)(?=\\n\\*\\*[A-Z][\\w ]*:\\*\\*|\\n---|\\n### |$)`);
      return (re.exec(block)?.[1] ?? '').trim();
    };
    return {
      heading: m[1],
      title: m[2],
      id: /\*\*ID:\*\* `([^`]+)`/.exec(block)![1],
      parent: /\*\*Parent:\*\* `([^`]+)`/.exec(block)![1],
      full: field('Full Explanation'),
      simple: field('Simple Explanation'),
      example: field('Example'),
    };
  });
}

/** Compare text, not Markdown decoration: whitespace, fence language tags and emphasis marks are ignored. */
function normalize(text: string): string {
  return text
    .replace(/```[\w-]*/g, "")
    .replace(/[*_]{1,2}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const seedsPresent = existsSync(CHEATSHEET) && existsSync(NOTES);

describe('content follows the seeds', function () {
  before(function () {
    if (!seedsPresent) {
      console.log(`    (skipped: the seed documents are not at ${SEEDS}; clone the repo with ../shared beside it)`);
      this.skip();
    }
  });

  const cards = () => new Map(Object.values(realContent().bodies).filter((c): c is ConceptCard => c.kind === 'concept').map((c) => [c.id, c]));

  it('has a card for every one of the 40 cheatsheet concepts, with the seed ID, parent, heading and title', () => {
    const seed = parseCheatsheet(readFileSync(CHEATSHEET, 'utf8'));
    assert.equal(seed.length, 40);
    assert.equal(seed[0].id, 'artificial-neuron');
    assert.equal(seed[39].id, 'mamba');
    const byId = cards();
    for (const s of seed) {
      const card = byId.get(s.id);
      assert.ok(card, `no card for ${s.id}`);
      assert.equal(card.subsection, s.parent, s.id);
      assert.equal(card.seedRef, s.heading, s.id);
      assert.equal(card.source, 'cheatsheet', s.id);
      assert.equal(card.title, s.title, s.id);
      assert.equal(card.order, Number(s.heading.split('.')[2]), s.id);
    }
  });

  it('keeps the seed text, changed only by the documented corrections', () => {
    const seed = parseCheatsheet(readFileSync(CHEATSHEET, 'utf8'));
    const byId = cards();
    const mismatches: string[] = [];
    for (const s of seed) {
      const card = byId.get(s.id)!;
      for (const field of ['full', 'simple', 'example'] as const) {
        let expected = s[field];
        for (const c of card.corrections ?? []) if (c.field === field) expected = normalize(expected).replace(normalize(c.original), normalize(c.corrected));
        if (normalize(card[field]) !== normalize(expected)) mismatches.push(`${s.id}.${field}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('records every correction in its card: the corrected text is in the card, the wrong text is gone', () => {
    const byId = cards();
    const logged = ['content/corrections-section10.tsv', 'content/corrections-section11.tsv', 'content/corrections-chapter4.tsv']
      .filter((f) => existsSync(join(ROOT, f)))
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t')));
    assert.ok(logged.length >= 10, `only ${logged.length} corrections logged`);
    for (const [id, field] of logged) {
      const card = byId.get(id);
      assert.ok(card, `corrections log names unknown card ${id}`);
      const entries = (card.corrections ?? []).filter((c) => c.field === field);
      assert.ok(entries.length > 0, `${id} has no ${field} correction entry`);
      for (const c of entries) {
        const text = normalize(field === 'formula' ? card.formula ?? '' : card[field as 'full' | 'simple' | 'example']);
        assert.ok(text.includes(normalize(c.corrected)), `${id}.${field} lacks the corrected text "${c.corrected}"`);
      }
    }
  });

  it('covers every heading of the chapter notes with a card', () => {
    const notes = readFileSync(NOTES, 'utf8');
    const map = readJson<Record<string, string[]>>('content/chapter-notes-map.json');
    const byId = cards();
    const sections = Array.from(notes.matchAll(/^## (\d+\.\d+|Q&A)/gm), (m) => (m[1] === 'Q&A' ? '4.Q' : m[1]));
    assert.ok(sections.length >= 9);
    for (const section of sections) {
      const ids = map[section];
      assert.ok(ids && ids.length > 0, `chapter-notes section ${section} maps to no card`);
      for (const id of ids) assert.ok(byId.has(id), `chapter-notes section ${section} maps to unknown card ${id}`);
    }
  });
});
