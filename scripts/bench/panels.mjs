#!/usr/bin/env node
// Card and plot panel benchmark. Prints medians (and p99) for
//   (a) the webview bundle sizes (dist/webview/concept.*, plot.*, theme.css, KaTeX fonts)
//   (b) first paint of the GELU card: the real page (page builder, CSP, bundles, KaTeX fonts) in headless
//       Chromium, from navigation until the page reports "rendered" (fonts loaded, next frame)  target ≤ 300 ms
//   (c) first paint of the plot with 5 curves, the same way                                   target ≤ 300 ms
//   (d) plot interaction with 5 curves (f and f′, so 10 paths): a zoom step (wheel) and a crosshair move,
//       each timed from the event to the next frame                                   target ≤ 16.7 ms (60 fps)
//   (e) with --host: the same first paints in the real VS Code host, from executeCommand to the webview's
//       "rendered" message (webview creation included), through the integration harness
// Needs `npm run build` (bench.mjs runs it) and Debian's Chromium. Options: --runs N, --host.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../host/server.mjs';
import { REPO } from '../host/paths.mjs';
import { fmt, report, summarize } from './stats.mjs';

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 20;
const ORIGIN = 'https://mllens.test';
const require = createRequire(import.meta.url);
const { require: tsxRequire } = require('tsx/cjs/api');
const ts = (p) => tsxRequire(p, import.meta.url);

/** The GELU card's view, built the way the extension builds it (content, engine examples, activations). */
async function geluPage() {
  const bodies = JSON.parse(fs.readFileSync(path.join(REPO, 'dist/content/bodies.json'), 'utf8'));
  const index = JSON.parse(fs.readFileSync(path.join(REPO, 'dist/content/index.json'), 'utf8'));
  const { breadcrumb } = ts('../../src/engine/content/render.ts');
  const { activationsForSymbols } = ts('../../src/engine/activations.ts');
  const card = bodies.gelu;
  const title = (id) => index.cards.find((c) => c.id === id)?.title ?? id;
  const view = {
    kind: 'concept', id: card.id, title: card.title, breadcrumb: breadcrumb(card, index.sections), simple: card.simple, full: card.full,
    formula: card.formula, formulaText: card.formulaText, example: card.example, notes: card.notes ?? [], corrections: card.corrections ?? [],
    related: card.related.map((id) => ({ id, title: title(id) })), apiCards: [], symbols: card.symbols, examples: [],
    activations: activationsForSymbols(card.symbols),
  };
  return { nav: { history: ['gelu'], index: 0, detail: 'simple' }, view };
}

const PLOT_STATE = {
  curves: ['gelu', 'relu', 'silu', 'mish', 'elu'].map((id) => ({ id, params: {} })),
  showF: true,
  showDf: true,
  x: [-5, 5],
  table: false,
};

/** Opens a panel page outside VS Code with the real page builder and CSP; returns the page and its posts. */
async function openPanel(browser, panel, state) {
  const { buildPage, makeNonce } = ts('../../src/webviews/html.ts');
  const body = buildPage({
    title: panel, cspSource: ORIGIN, nonce: makeNonce(), styles: [`${ORIGIN}/theme.css`, `${ORIGIN}/${panel}.css`], scripts: [`${ORIGIN}/${panel}.js`], state, panel,
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => /Content Security Policy|Refused/.test(m.text()) && problems.push(m.text()));
  await page.addInitScript(() => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push({ ...m, at: performance.now() }), getState: () => undefined, setState: () => {} });
  });
  await page.route(`${ORIGIN}/**`, (r) => {
    const name = new URL(r.request().url()).pathname.slice(1);
    if (name === 'page.html') return r.fulfill({ body, contentType: 'text/html; charset=utf-8' });
    const file = path.join(REPO, 'dist', 'webview', name);
    if (!file.startsWith(path.join(REPO, 'dist', 'webview')) || !fs.existsSync(file)) return r.fulfill({ status: 404, body: '' });
    const type = name.endsWith('.css') ? 'text/css' : name.endsWith('.woff2') ? 'font/woff2' : 'text/javascript';
    return r.fulfill({ path: file, contentType: type });
  });
  await page.goto(`${ORIGIN}/page.html`);
  return { page, problems };
}

/** ms from navigation start to the page's "rendered" message. */
async function firstPaint(page) {
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'rendered'), undefined, { timeout: 15_000 });
  return page.evaluate(() => window.__posted.find((m) => m.type === 'rendered').at - performance.getEntriesByType('navigation')[0].startTime);
}

function hostFirstPaints() {
  const result = spawnSync(process.execPath, ['scripts/host/run-tests.mjs', '--no-build', '--grep', 'first paint in the host'], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, MLLENS_BENCH: '1' },
  });
  const out = `${result.stdout}${result.stderr}`;
  const line = out.split('\n').find((l) => l.includes('PANEL_FIRST_PAINT'));
  if (!line) throw new Error(`the host run printed no PANEL_FIRST_PAINT line:\n${out.slice(-2000)}`);
  return JSON.parse(line.slice(line.indexOf('{')));
}

async function main() {
  let ok = true;
  // Timings on a shared machine swing with its load; print it so the numbers can be read in context.
  console.log(`  load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs`);
  const dir = path.join(REPO, 'dist', 'webview');
  const size = (f) => fs.statSync(path.join(dir, f)).size;
  const gz = (f) => gzipSync(fs.readFileSync(path.join(dir, f))).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const fonts = fs.readdirSync(path.join(dir, 'fonts')).reduce((n, f) => n + size(path.join('fonts', f)), 0);
  console.log(`  card bundle: concept.js ${kb(size('concept.js'))} (${kb(gz('concept.js'))} gzip; KaTeX, markdown-it, Lezer Python), concept.css ${kb(size('concept.css'))}, KaTeX fonts ${kb(fonts)} (woff2, loaded on use)`);
  console.log(`  plot bundle: plot.js ${kb(size('plot.js'))} (${kb(gz('plot.js'))} gzip), plot.css ${kb(size('plot.css'))}; shared theme.css ${kb(size('theme.css'))}`);

  const browser = await launchChromium({ headless: true });
  try {
    const card = await geluPage();
    const cardPaints = [];
    for (let i = 0; i < RUNS; i++) {
      const { page, problems } = await openPanel(browser, 'concept', card);
      cardPaints.push(await firstPaint(page));
      const math = await page.locator('.katex').count();
      if (problems.length || math < 1) throw new Error(`card page: ${problems.join('; ') || 'no KaTeX'}`);
      await page.close();
    }
    ok = report('card panel first paint (GELU: navigation → rendered with KaTeX fonts, next frame)', summarize(cardPaints), { median: 300 }) && ok;

    const plotPaints = [];
    let page;
    for (let i = 0; i < RUNS; i++) {
      const opened = await openPanel(browser, 'plot', PLOT_STATE);
      plotPaints.push(await firstPaint(opened.page));
      if (opened.problems.length) throw new Error(opened.problems.join('; '));
      if (i < RUNS - 1) await opened.page.close();
      else page = opened.page;
    }
    ok = report('plot panel first paint (5 curves with f′: navigation → rendered)', summarize(plotPaints), { median: 300 }) && ok;

    const paths = await page.locator('svg.chart path.curve').count();
    if (paths !== 10) throw new Error(`the plot shows ${paths} paths, not 10`);
    const box = await page.locator('.chart-box').boundingBox();
    const timings = await page.evaluate(async ({ box, n }) => {
      const target = document.querySelector('.chart-box');
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const zoom = [];
      const cross = [];
      const zoomWork = [];
      const crossWork = [];
      for (let i = 0; i < n; i++) {
        const x = box.x + box.width * (0.2 + (0.6 * i) / n);
        let t0 = performance.now();
        target.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 ? 100 : -100, clientX: x, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
        zoomWork.push(performance.now() - t0);
        await frame();
        zoom.push(performance.now() - t0);
        t0 = performance.now();
        target.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: box.y + box.height / 2, bubbles: true }));
        crossWork.push(performance.now() - t0);
        await frame();
        cross.push(performance.now() - t0);
      }
      return { zoom, cross, zoomWork, crossWork };
    }, { box, n: Math.max(60, RUNS * 3) });
    console.log(`  script work per step (medians): zoom ${fmt(summarize(timings.zoomWork.slice(5)).median)} (compute 10 paths, rebuild the SVG), crosshair ${fmt(summarize(timings.crossWork.slice(5)).median)}`);
    ok = report('plot zoom step with 5 curves (wheel → recompute 10 paths → next frame)', summarize(timings.zoom.slice(5)), { median: 1000 / 60 }) && ok;
    ok = report('plot crosshair move with 5 curves (pointer → readout of 5 curves → next frame)', summarize(timings.cross.slice(5)), { median: 1000 / 60 }) && ok;
    await page.close();
  } finally {
    await browser.close();
  }

  if (argv.includes('--host')) {
    const host = hostFirstPaints();
    ok = report('card panel first paint in VS Code (executeCommand → webview rendered, GELU)', summarize(host.concept), { median: 300 }) && ok;
    ok = report('plot panel first paint in VS Code (executeCommand → webview rendered, GELU)', summarize(host.plot), { median: 300 }) && ok;
  } else {
    console.log('  (add --host for the first paints measured in the real VS Code host)');
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(`panels bench failed: ${e.message}`);
  process.exitCode = 1;
});
