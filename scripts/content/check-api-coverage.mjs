#!/usr/bin/env node
// Checks that every PyTorch/Keras name in test/fixtures/api-names.json resolves
// to exactly one card, across content/concepts/*.json and content/api/*.json.
//
//   node scripts/content/check-api-coverage.mjs
//
// Reports (a) names that no card lists in `symbols`, (b) symbols listed by more
// than one card, plus two sanity checks on the API cards: every `concept` points
// at an existing concept card and every `formula` renders with KaTeX.
// Exit code 1 when anything is reported.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readJson(path, problems) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`cannot read ${path}: ${err.message}`);
    return undefined;
  }
}

function jsonFiles(dir) {
  try {
    return readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

const problems = [];
const names = readJson(join(root, 'test/fixtures/api-names.json'), problems) ?? { torch: [], keras: [] };
const allNames = [...names.torch, ...names.keras];

/** @type {{id: string, file: string, kind: 'concept'|'api', symbols: string[], concept?: string, formula?: string}[]} */
const cards = [];
for (const file of jsonFiles('content/concepts')) {
  const card = readJson(join(root, file), problems);
  if (card) cards.push({ id: card.id, file, kind: 'concept', symbols: card.symbols ?? [] });
}
for (const file of jsonFiles('content/api')) {
  const group = readJson(join(root, file), problems);
  for (const card of group?.cards ?? []) {
    cards.push({ id: card.id, file, kind: 'api', symbols: card.symbols ?? [], concept: card.concept, formula: card.formula });
  }
}

const owners = new Map();
for (const card of cards) {
  for (const symbol of card.symbols) {
    if (!owners.has(symbol)) owners.set(symbol, []);
    owners.get(symbol).push(card);
  }
}

const unresolved = allNames.filter((name) => !owners.has(name));
const claimedTwice = [...owners].filter(([, list]) => list.length > 1);

const conceptIds = new Set(cards.filter((c) => c.kind === 'concept').map((c) => c.id));
const apiCards = cards.filter((c) => c.kind === 'api');
const badConcepts = apiCards.filter((c) => !conceptIds.has(c.concept));

let katex;
try {
  katex = (await import('katex')).default;
} catch {
  console.log('note: katex not installed, formulas not rendered');
}
const badFormulas = [];
for (const card of apiCards) {
  if (!katex || !card.formula) continue;
  try {
    katex.renderToString(card.formula, { throwOnError: true, displayMode: true });
  } catch (err) {
    badFormulas.push(`${card.id}: ${err.message.split('\n')[0]}`);
  }
}

console.log(`names: ${names.torch.length} torch + ${names.keras.length} keras = ${allNames.length}`);
console.log(`cards: ${cards.length - apiCards.length} concept, ${apiCards.length} api`);
console.log(`(a) names resolving to no card: ${unresolved.length}`);
for (const name of unresolved) console.log(`    ${name}`);
console.log(`(b) symbols claimed by more than one card: ${claimedTwice.length}`);
for (const [symbol, list] of claimedTwice) {
  console.log(`    ${symbol}: ${list.map((c) => `${c.id} (${c.kind}, ${c.file})`).join(', ')}`);
}
console.log(`API cards pointing at a missing concept: ${badConcepts.length}`);
for (const card of badConcepts) console.log(`    ${card.id} -> ${card.concept}`);
console.log(`API formulas KaTeX cannot render: ${badFormulas.length}`);
for (const line of badFormulas) console.log(`    ${line}`);
for (const line of problems) console.log(`problem: ${line}`);

const failed = unresolved.length + claimedTwice.length + badConcepts.length + badFormulas.length + problems.length;
process.exit(failed ? 1 : 0);
