/**
 * The labelled prose corpus (test/fixtures/prose/corpus/): ML text with `[[…]]` labels, general English written
 * for the project, and general English that Debian ships (read in place). Shared by the unit test and
 * `npm run bench`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import type { Vocabulary } from '../../src/engine/terms/vocabulary';

const CORPUS = join(__dirname, '..', 'fixtures', 'prose', 'corpus');
const MAX_FILE = 400_000;

export interface LabelledText {
  readonly file: string;
  readonly text: string;
  readonly labels: ReadonlyArray<{ from: number; to: number; term: string }>;
}

/** Removes the `[[…]]` marks and records where each labelled span ends up. */
export function parseLabels(file: string, marked: string): LabelledText {
  const labels: Array<{ from: number; to: number; term: string }> = [];
  let text = '';
  let last = 0;
  for (const m of marked.matchAll(/\[\[([^\]]+)\]\]/g)) {
    text += marked.slice(last, m.index);
    labels.push({ from: text.length, to: text.length + m[1].length, term: m[1] });
    text += m[1];
    last = m.index! + m[0].length;
  }
  text += marked.slice(last);
  return { file, text, labels };
}

export function mlTexts(): LabelledText[] {
  const dir = join(CORPUS, 'ml');
  return readdirSync(dir).sort().map((f) => parseLabels(`ml/${f}`, readFileSync(join(dir, f), 'utf8')));
}

export function generalTexts(): Array<{ file: string; text: string }> {
  const dir = join(CORPUS, 'general');
  return readdirSync(dir).sort().map((f) => ({ file: `general/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** The Debian-shipped files listed in debian-files.txt that exist here, and the listed ones that do not. */
export function debianTexts(): { texts: Array<{ file: string; text: string }>; missing: string[] } {
  const texts: Array<{ file: string; text: string }> = [];
  const missing: string[] = [];
  const add = (path: string) => {
    try {
      const stat = statSync(path);
      if (!stat.isFile() || stat.size > MAX_FILE) return false;
      const text = readFileSync(path, 'utf8');
      if (text.includes('\u0000')) return false;
      texts.push({ file: path, text });
      return true;
    } catch {
      return false;
    }
  };
  for (const line of readFileSync(join(CORPUS, 'debian-files.txt'), 'utf8').split('\n')) {
    const entry = line.trim();
    if (!entry || entry.startsWith('#')) continue;
    const star = entry.indexOf('/*/');
    if (star < 0) {
      if (!add(entry)) missing.push(entry);
      continue;
    }
    const base = entry.slice(0, star);
    const name = entry.slice(star + 3);
    if (!existsSync(base)) {
      missing.push(entry);
      continue;
    }
    for (const pkg of readdirSync(base).sort()) add(join(base, pkg, name));
  }
  return { texts, missing };
}

function languageOf(file: string): string {
  return /\.(md|markdown)$/.test(file) ? 'markdown' : 'plaintext';
}

export interface CorpusScore {
  readonly labels: number;
  readonly found: number;
  readonly missed: string[];
  /** Hits in the ML text outside every label (terms the labeller did not mark). */
  readonly unlabelled: string[];
  readonly generalFiles: number;
  readonly generalChars: number;
  /** Hits in general English: each one is a false hit. */
  readonly falseHits: string[];
  readonly debianMissing: string[];
}

export function scoreCorpus(vocabulary: Vocabulary, withDebian = true): CorpusScore {
  let labels = 0;
  let found = 0;
  const missed: string[] = [];
  const unlabelled: string[] = [];
  for (const doc of mlTexts()) {
    const hits = indexDocument({ text: doc.text, languageId: languageOf(doc.file) }, vocabulary).hits;
    for (const label of doc.labels) {
      labels++;
      if (hits.some((h) => h.from < label.to && h.to > label.from)) found++;
      else missed.push(`${doc.file}: ${label.term}`);
    }
    for (const h of hits) {
      if (!doc.labels.some((l) => h.from < l.to && h.to > l.from)) unlabelled.push(`${doc.file}: ${doc.text.slice(h.from, h.to)} → ${h.cardId}`);
    }
  }
  const debian = withDebian ? debianTexts() : { texts: [], missing: [] };
  const general = [...generalTexts(), ...debian.texts];
  const falseHits: string[] = [];
  let generalChars = 0;
  for (const doc of general) {
    generalChars += doc.text.length;
    for (const h of indexDocument({ text: doc.text, languageId: languageOf(doc.file) }, vocabulary).hits) {
      const context = doc.text.slice(Math.max(0, h.from - 30), h.to + 30).replace(/\s+/g, ' ');
      falseHits.push(`${doc.file}: "${doc.text.slice(h.from, h.to)}" → ${h.cardId} (…${context}…)`);
    }
  }
  return { labels, found, missed, unlabelled, generalFiles: general.length, generalChars, falseHits, debianMissing: debian.missing };
}
