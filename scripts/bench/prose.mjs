#!/usr/bin/env node
// Prose precision and recall on the labelled corpus (test/fixtures/prose/corpus/): recall on the labelled ML
// terms (target ≥ 95%) and false hits on general English — the corpus written for ML Lens plus the licence
// texts and README/NEWS/TODO files Debian ships, read in place (target: none).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { require: tsxRequire } = require('tsx/cjs/api');
const { realVocabulary } = tsxRequire('../../test/helpers/content.ts', import.meta.url);
const { scoreCorpus } = tsxRequire('../../test/helpers/proseCorpus.ts', import.meta.url);

const started = performance.now();
const score = scoreCorpus(realVocabulary());
const ms = performance.now() - started;
const recall = score.found / score.labels;
const mlPrecision = score.found / (score.found + score.unlabelled.length);
const recallOk = recall >= 0.95;
const precisionOk = score.falseHits.length === 0;
console.log(`${recallOk ? '✓' : '✗'} recall on labelled ML terms: ${score.found}/${score.labels} = ${(recall * 100).toFixed(1)}% (target ≥ 95%)`);
console.log(`  hits in the ML text outside the labels: ${score.unlabelled.length} (precision on the ML text ${(mlPrecision * 100).toFixed(1)}%)`);
console.log(`${precisionOk ? '✓' : '✗'} false hits on general English: ${score.falseHits.length} in ${score.generalFiles} files, ${(score.generalChars / 1000).toFixed(0)}k characters (target 0)`);
for (const line of [...score.missed.map((m) => `missed ${m}`), ...score.falseHits.slice(0, 20)]) console.log(`    ${line}`);
if (score.debianMissing.length) console.log(`  not on this machine: ${score.debianMissing.join(', ')}`);
console.log(`  scored in ${ms.toFixed(0)} ms`);
process.exit(recallOk && precisionOk ? 0 : 1);
