#!/usr/bin/env node
// Benchmarks the hover provider (called directly, as VS Code calls it) and activation.
// Targets (issue 2 §8): hover median ≤ 0.5 ms and p99 ≤ 2 ms on a 5,000-line Python file and on a 1 MB
// Markdown file; activation (require + activate) ≤ 30 ms; extension bundle ≤ 300 KB minified.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, report, summarize } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
let allOk = true;

// --- bundle size
const kb = (file) => statSync(join(root, 'dist', file)).size / 1024;
const [mainKb, lezerKb, shapesKb] = [kb('extension.js'), kb('lezer.js'), kb('engineWorker.js')];
const bundleOk = mainKb + lezerKb <= 300;
allOk &&= bundleOk;
console.log(`${bundleOk ? '✓' : '✗'} extension-host bundle: ${mainKb.toFixed(1)} KB + ${lezerKb.toFixed(1)} KB Lezer (loaded on first parse) = ${(mainKb + lezerKb).toFixed(1)} KB minified (target ≤ 300 KB)`);
console.log(`  plus the shape engine, ${shapesKb.toFixed(1)} KB (dist/engineWorker.js), loaded in its worker thread on the first Python analysis, never in the extension host`);

// --- activation, each in a fresh process
const activations = [];
let heavy = [];
for (let i = 0; i < 15; i++) {
  const out = JSON.parse(execFileSync(process.execPath, [join(here, 'activation-child.cjs')], { encoding: 'utf8' }));
  activations.push(out.ms);
  heavy = out.heavy;
}
allOk &&= report('activation (require + activate, cold process)', summarize(activations), { median: 30 });
const heavyOk = heavy.length === 0;
allOk &&= heavyOk;
console.log(`${heavyOk ? '✓' : '✗'} loaded at activation among KaTeX, markdown-it, Lezer (dist/lezer.js), the shape engine (dist/engineWorker.js) and its worker thread: ${heavy.length ? heavy.join(', ') : 'none'}`);

// --- hovers
const { activate, shim } = require('./load-extension.cjs');
const { registered } = activate();
const provider = registered.hoverProviders[0];
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

function repeatTo(parts, predicate) {
  const out = [];
  for (let i = 0; !predicate(out); i++) out.push(parts[i % parts.length]);
  return out.join('\n');
}

const pythonParts = ['cnn_pytorch.py', 'transformer_block.py', 'keras_model.py'].map((f) => readFileSync(join(root, 'examples', f), 'utf8'));
let lines = 0;
const python = repeatTo(pythonParts, (out) => (lines = out.join('\n').split('\n').length) >= 5000);
const markdownParts = [readFileSync(join(root, 'examples', 'notes.md'), 'utf8'), readFileSync(join(root, 'test/fixtures/prose/model-readme.md'), 'utf8')];
const markdown = repeatTo(markdownParts, (out) => out.reduce((n, s) => n + s.length + 1, 0) >= 1024 * 1024);

async function benchDocument(label, text, languageId) {
  const doc = shim.createDocument(text, languageId, label);
  const firstStart = process.hrtime.bigint();
  await provider.provideHover(doc, doc.positionAt(0), token);
  const indexMs = Number(process.hrtime.bigint() - firstStart) / 1e6;
  // Hover positions: every 7th word start, so hits and misses are both measured.
  const offsets = [];
  for (const m of text.matchAll(/\b[\w.]+/g)) if (offsets.length < 200000 && m.index % 7 === 0) offsets.push(m.index + 1);
  const samples = [];
  let hits = 0;
  for (let i = 0; i < 3000; i++) {
    const offset = offsets[(i * 7919) % offsets.length];
    const t = process.hrtime.bigint();
    const hover = await provider.provideHover(doc, doc.positionAt(offset), token);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (hover) hits++;
  }
  // One-line edit, then the first hover on the new version: the index is rebuilt once (Python re-parses
  // incrementally from the previous tree).
  const edits = [];
  for (let k = 0; k < 15; k++) {
    const at = text.indexOf('\n', Math.floor((text.length * (k + 1)) / 17));
    const edited = shim.createDocument(`${text.slice(0, at)} # edit ${k}${text.slice(at)}`, languageId, label);
    edited.version = 2 + k;
    const t = process.hrtime.bigint();
    await provider.provideHover(edited, edited.positionAt(at - 3), token);
    edits.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`  ${label}: first hover after a one-line edit (re-index): median ${fmt(summarize(edits).median)}`);
  const size = text.length >= 1024 * 1024 ? `${(text.length / 1024 / 1024).toFixed(2)} MB` : `${text.split('\n').length} lines`;
  console.log(`  ${label} (${size}): first hover builds the index once in ${fmt(indexMs)}; ${hits}/3000 hovers returned a card`);
  return report(`hover on ${label}`, summarize(samples.slice(100)), { median: 0.5, p99: 2 });
}

allOk &&= await benchDocument('Python file', python, 'python');
allOk &&= await benchDocument('Markdown file', markdown, 'markdown');
console.log(`lines in the Python document: ${lines}`);
process.exitCode = allOk ? 0 : 1;
