/**
 * The cards carry the user's own seed text: every cheatsheet concept has a card with the seed's ID, parent and
 * title, and its full/simple/example text equals the seed's except where a documented correction applies; every
 * line of the chapter notes is in its cards verbatim or is listed, with the reason, in content/edits-chapter4.tsv.
 * The two seed documents are kept verbatim in content/seeds/, so these tests run in every checkout.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptCard } from '../../src/engine/content/types';
import { realContent, readJson, ROOT } from '../helpers/content';

const SEEDS = join(ROOT, 'content', 'seeds');
const CHEATSHEET = join(SEEDS, 'cheatsheet.txt');
const NOTES = join(SEEDS, 'chapter-4-notes.txt');

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

/**
 * Chapter-notes lines are compared as text: Markdown emphasis and code marks and all whitespace are ignored, and
 * the notes' doubled backslashes (Markdown escapes, `$\\gamma$`) count as single ones. Case and words count.
 */
function squash(text: string): string {
  return text.replace(/\\\\/g, '\\').replace(/[*_`\s]/g, '');
}

/** The content lines of each `## ` section of the chapter notes (headings and rules left out), bullets unmarked. */
function notesLines(text: string): Array<{ section: string; line: string }> {
  const out: Array<{ section: string; line: string }> = [];
  for (const part of text.split(/^## /m).slice(1)) {
    const heading = part.split('\n', 1)[0];
    const section = heading.startsWith('Q&A') ? '4.Q' : heading.split(' ')[0];
    for (const raw of part.split('\n').slice(1)) {
      const line = raw.trim().replace(/^(\*|\d+\.)\s+/, '');
      if (line && line !== '---' && !line.startsWith('#')) out.push({ section, line });
    }
  }
  return out;
}

function cardText(card: ConceptCard): string {
  return [card.simple, card.full, card.example, ...(card.notes ?? []).map((n) => n.body)].join('\n');
}

describe('content follows the seeds', function () {

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
    const logged = readdirSync(join(ROOT, 'content'))
      .filter((f) => /^corrections-.*\.tsv$/.test(f))
      .map((f) => `content/${f}`)
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

  it('keeps every line of the chapter notes in its cards, or records the edit and its reason', () => {
    const byId = cards();
    const map = readJson<Record<string, string[]>>('content/chapter-notes-map.json');
    const edits = readFileSync(join(ROOT, 'content/edits-chapter4.tsv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((row) => {
        const [section, seed, card, text, reason] = row.split('\t');
        return { section, seed, card, text, reason };
      });
    const lines = notesLines(readFileSync(NOTES, 'utf8'));
    assert.ok(lines.length >= 120, `only ${lines.length} lines read from the chapter notes`);
    const unaccounted: string[] = [];
    for (const { section, line } of lines) {
      const ids = map[section] ?? [];
      if (ids.some((id) => squash(cardText(byId.get(id)!)).includes(squash(line)))) continue;
      const edit = edits.find((e) => e.section === section && e.seed === line);
      if (!edit) unaccounted.push(`${section}: ${line}`);
    }
    assert.deepEqual(unaccounted, [], 'chapter-notes lines missing from their cards and not recorded in content/edits-chapter4.tsv');
    for (const e of edits) {
      assert.ok(lines.some((l) => l.section === e.section && l.line === e.seed), `edits-chapter4.tsv: "${e.seed}" is not a line of section ${e.section}`);
      assert.ok((map[e.section] ?? []).includes(e.card), `edits-chapter4.tsv: ${e.card} is not a card of section ${e.section}`);
      assert.ok(squash(cardText(byId.get(e.card)!)).includes(squash(e.text)), `${e.card} does not contain the recorded text "${e.text}"`);
      assert.ok(e.reason && e.reason.length > 8, `edits-chapter4.tsv: no reason for "${e.seed}"`);
    }
  });

  it('the seed documents in content/seeds are the user\'s two documents', () => {
    const cheatsheet = readFileSync(CHEATSHEET, 'utf8');
    assert.ok(cheatsheet.startsWith('# ML Cheatsheet Content - Sections 10-11'));
    assert.equal(parseCheatsheet(cheatsheet).length, 40);
    assert.ok(readFileSync(NOTES, 'utf8').startsWith('# Chapter 4 Notes: Model Components'));
  });
});
