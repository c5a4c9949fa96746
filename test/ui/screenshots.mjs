#!/usr/bin/env node
// UI test + README screenshots, in the real VS Code workbench (VS Code server + Chromium):
//   1. hover over `GELU` in `nn.GELU` in a Python file   -> media/screenshots/hover-code.png
//   2. hover over "vanishing gradients" in a Markdown file -> media/screenshots/hover-prose.png
//   3. the ML Lens view in the activity bar               -> media/screenshots/sidebar.png
//   4. hover over the first `nn.Conv2d` (numbers for that exact layer) -> media/screenshots/hover-shapes.png
// (The shape calculator panel has its own UI test and screenshots: test/ui/calculator.mjs.)
// Each step asserts what the user would see (the hover shows the term, the view lists
// GELU for the open Python file); the script exits non-zero when one does not.
// Options: --no-build, --folder DIR (default examples/, else test/workspace), --out DIR, --headed
import fs from 'node:fs';
import path from 'node:path';
import { uiOptions } from './options.mjs';
import { ensureHostInstalled, runNpmScript } from '../../scripts/host/harness.mjs';
import { REPO } from '../../scripts/host/paths.mjs';
import { QUIET_SETTINGS, launchChromium, startServer, workbenchUrl } from '../../scripts/host/server.mjs';

const opts = uiOptions({ folder: { type: 'string' } });

const VIEWPORT = { width: 1400, height: 900 };
const HOVER_TIMEOUT_MS = 8000;

const SHOTS = {
  code: { ext: '.py', pattern: /nn\.GELU\b/, anchor: 'nn.GELU', target: 'GELU', expect: /GELU/, file: 'hover-code.png' },
  prose: { ext: '.md', pattern: /vanishing gradients/i, anchor: 'vanishing gradients', target: 'vanishing', expect: /vanishing gradient/i, file: 'hover-prose.png' },
  // examples/cnn_pytorch.py: Conv2d(3, 32, 3, padding=1) on [8, 3, 32, 32] → 8·32·32·32 outputs × 27 weights.
  shapes: { ext: '.py', pattern: /nn\.Conv2d\(3,/, anchor: 'nn.Conv2d(3,', target: 'Conv2d', expect: /7,077,888 MACs/, file: 'hover-shapes.png' },
};

function log(message) {
  console.log(`[ui] ${message}`);
}

/** Files under `folder` (not node_modules/hidden) with extension `ext` whose text matches `pattern`. */
function findFile(folder, ext, pattern) {
  const files = fs.readdirSync(folder, { recursive: true }).map(String)
    .filter((rel) => rel.endsWith(ext) && !rel.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
  for (const rel of files) {
    const lines = fs.readFileSync(path.join(folder, rel), 'utf8').split('\n');
    const index = lines.findIndex((line) => pattern.test(line));
    if (index >= 0) return { rel, line: index + 1 };
  }
  return undefined;
}

/** examples/ when it has both a matching .py and .md file, else the test workspace. */
function chooseFolder() {
  const candidates = opts.folder ? [path.resolve(opts.folder)] : [path.join(REPO, 'examples'), path.join(REPO, 'test', 'workspace')];
  for (const folder of candidates) {
    if (!fs.existsSync(folder)) continue;
    const code = findFile(folder, SHOTS.code.ext, SHOTS.code.pattern);
    const prose = findFile(folder, SHOTS.prose.ext, SHOTS.prose.pattern);
    if (code && prose) return { folder, code, prose };
    log(`${path.relative(REPO, folder) || folder}: no ${!code ? '.py with nn.GELU' : '.md with "vanishing gradients"'}; trying the next folder`);
  }
  throw new Error('no folder has a Python file using nn.GELU and a Markdown file mentioning "vanishing gradients"');
}

/** Runs a Quick Open query and accepts the first row once it matches `rowText`. */
async function quickOpen(page, query, rowText) {
  // File search can be slow to start in a fresh workbench on a busy machine: try a few times.
  for (let attempt = 1; ; attempt += 1) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(query);
    // The list filters asynchronously: wait until the focused (first) row is the wanted one.
    const found = await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: rowText }).first()
      .waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`Quick Open shows no "${rowText}" for ${JSON.stringify(query)}`);
  }
  await page.keyboard.press('Enter');
}

/** Opens `rel` and goes to `line` through Quick Open, as a user would, then waits for the text. */
async function openFileAt(page, rel, line, anchor) {
  const name = path.basename(rel);
  await quickOpen(page, rel, name);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await quickOpen(page, `:${line}`, String(line));
  // Monaco renders spaces as U+00A0, so compare normalised text.
  await page.waitForFunction((text) => [...document.querySelectorAll('.editor-instance .view-lines')]
    .some((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ').includes(text)), anchor, { timeout: 15_000 });
  await page.waitForTimeout(300);
}

/** Screen position of `target` inside the first visible occurrence of `anchor` in the editor. */
async function locateText(page, anchor, target) {
  return page.evaluate(({ anchor, target }) => {
    const lines = document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line');
    for (const line of lines) {
      const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
      const at = text.indexOf(anchor);
      if (at < 0) continue;
      const start = at + anchor.indexOf(target);
      const end = start + target.length;
      // Map character offsets onto the text nodes Monaco renders (one per token).
      const range = document.createRange();
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (start >= offset && start < offset + length) range.setStart(node, start - offset);
        if (end > offset && end <= offset + length) { range.setEnd(node, end - offset); break; }
        offset += length;
      }
      const rect = range.getBoundingClientRect();
      if (rect.width > 0) return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, { anchor, target });
}

/** Text of the visible editor hover, or '' when none is showing. */
async function visibleHoverText(page) {
  return page.evaluate(() => {
    const hovers = [...document.querySelectorAll('.monaco-hover')].filter((el) => {
      const rect = el.getBoundingClientRect();
      return !el.classList.contains('hidden') && rect.width > 0 && rect.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
    return hovers.map((el) => el.textContent ?? '').join('\n');
  });
}

/** Moves the mouse onto the term and waits for a hover containing `expect`; retries a few times. */
async function hoverAndCapture(page, shot, outDir) {
  let lastText = '';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const point = await locateText(page, shot.anchor, shot.target);
    if (!point) throw new Error(`"${shot.anchor}" is not visible in the editor`);
    await page.mouse.move(5, VIEWPORT.height - 5); // away, so the next move is a fresh hover
    await page.waitForTimeout(200);
    await page.mouse.move(point.x, point.y, { steps: 8 });
    const deadline = Date.now() + HOVER_TIMEOUT_MS;
    while (Date.now() < deadline) {
      lastText = await visibleHoverText(page);
      if (shot.expect.test(lastText)) break;
      await page.waitForTimeout(200);
    }
    if (shot.expect.test(lastText)) {
      await page.waitForTimeout(600); // let the card finish rendering (math, code blocks)
      lastText = await visibleHoverText(page);
      const file = path.join(outDir, shot.file);
      await page.screenshot({ path: file });
      log(`hover over "${shot.target}" shows ${JSON.stringify(lastText.slice(0, 80))}… -> ${path.relative(REPO, file)}`);
      return;
    }
    log(`attempt ${attempt}: no hover matching ${shot.expect} yet (saw ${JSON.stringify(lastText.slice(0, 80))})`);
  }
  await page.screenshot({ path: path.join(outDir, `FAILED-${shot.file}`) });
  throw new Error(`hovering "${shot.target}" did not show a hover matching ${shot.expect}; last hover text: ${JSON.stringify(lastText)}`);
}

/** Clicks the ML Lens activity-bar icon and checks the view lists concepts. */
async function captureSidebar(page, outDir) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="ML Lens"], .activitybar .action-item [aria-label^="ML Lens"]').first();
  await icon.waitFor({ state: 'visible', timeout: 10_000 });
  await icon.click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.locator('.title-label', { hasText: /ML Lens/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const rows = sidebar.locator('.monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  // The active file uses nn.GELU, so some row of the view must name GELU.
  await sidebar.locator('.monaco-list-row', { hasText: /GELU/ }).first().waitFor({ state: 'visible', timeout: 15_000 })
    .catch(() => { throw new Error('the ML Lens view lists no GELU row while a file using nn.GELU is open'); });
  // Give focus back to the editor (no focus outline round the tree) and park the mouse.
  await page.keyboard.press('Control+1');
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page.waitForTimeout(800);
  const labels = (await rows.allTextContents()).map((text) => text.trim()).filter(Boolean);
  if (labels.length === 0) throw new Error('the ML Lens view shows no rows');
  const file = path.join(outDir, 'sidebar.png');
  await page.screenshot({ path: file });
  log(`ML Lens view shows ${labels.length} rows (${labels.slice(0, 5).join(' | ')}…) -> ${path.relative(REPO, file)}`);
}

async function main() {
  const started = Date.now();
  if (!opts['no-build']) runNpmScript('build');
  ensureHostInstalled();
  const { folder, code, prose } = chooseFolder();
  log(`workspace ${folder}: ${code.rel}:${code.line}, ${prose.rel}:${prose.line}`);
  const outDir = path.resolve(opts.out);
  fs.mkdirSync(outDir, { recursive: true });
  for (const stale of fs.readdirSync(outDir).filter((name) => name.startsWith('FAILED-'))) fs.rmSync(path.join(outDir, stale));

  const server = await startServer({
    extensionDevelopmentPath: REPO,
    quiet: true,
    // Note: the web development host offers no colour themes but its built-in Light+,
    // whatever workbench.colorTheme says, so the pictures are light.
    settings: {
      ...QUIET_SETTINGS,
      'git.openRepositoryInParentFolders': 'never',
      'editor.minimap.enabled': false,
      'editor.hover.delay': 300,
    },
  });
  let browser;
  try {
    browser = await launchChromium({ headless: !opts.headed });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: REPO }));
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 30_000 });

    await openFileAt(page, code.rel, code.line, SHOTS.code.anchor);
    await hoverAndCapture(page, SHOTS.code, outDir);
    await page.keyboard.press('Escape');

    await openFileAt(page, prose.rel, prose.line, SHOTS.prose.anchor);
    await hoverAndCapture(page, SHOTS.prose, outDir);
    await page.keyboard.press('Escape');

    // Sidebar next to the Python file, so "in this file" views have content.
    await openFileAt(page, code.rel, code.line, SHOTS.code.anchor);
    await captureSidebar(page, outDir);

    const shapes = findFile(folder, SHOTS.shapes.ext, SHOTS.shapes.pattern);
    if (!shapes) throw new Error(`no ${SHOTS.shapes.ext} file in ${folder} constructs nn.Conv2d(3, …)`);
    await openFileAt(page, shapes.rel, shapes.line, SHOTS.shapes.anchor);
    await hoverAndCapture(page, SHOTS.shapes, outDir);
    await page.keyboard.press('Escape');
  } catch (error) {
    const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
    if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'FAILED-state.png') }).catch(() => {});
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  log(`4 screenshots checked and written in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`[ui] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
