#!/usr/bin/env node
// UI test of the shape calculator panel in the real VS Code workbench (VS Code server + Chromium), and the
// README screenshots of it in a light and a dark theme:
//   1. open examples/resnet_tiny.py (`# input: [1, 3, 224, 224]`, `nn.Conv2d(3, 64, 3, stride=2, padding=1)`)
//   2. ML Lens: Open Shape Calculator from the command palette
//   3. inside the webview's iframes: the `stem` row shows Conv2d, [1, 64, 112, 112] and 1,792
//   4. click the `fc` row: the editor selects `nn.Linear(64, num_classes)`
//   5. type in the editor: the table follows (fc: 64·100 + 100 = 6,500 parameters); the time from the last
//      keystroke to the new row is printed (a measurement, not an assertion)
//   6. screenshots: media/screenshots/calculator-light.png and calculator-dark.png
//   7. a window reload restores the panel on the same file
// Before the workbench, the webview page alone (real page builder, CSP and bundle) renders hostile names from
// the user's code as text (checkHostileNames).
// Exits non-zero when something a user would see is wrong.
// Options: --no-build, --out DIR (default media/screenshots), --headed
import fs from 'node:fs';
import path from 'node:path';
import { startUiServer, uiOptions } from './options.mjs';
import { REPO } from '../../scripts/host/paths.mjs';
import { launchChromium, workbenchUrl } from '../../scripts/host/server.mjs';
import { openCalculatorPage, stateFor } from './webview-harness.mjs';
import { createRequire } from 'node:module';

const opts = uiOptions();

const VIEWPORT = { width: 1500, height: 900 };
const FILE = 'examples/resnet_tiny.py';
const SOURCE = fs.readFileSync(path.join(REPO, FILE), 'utf8').split('\n');
/** 1-based line and column of `needle` in the example file. */
function where(needle) {
  const line = SOURCE.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${FILE} no longer contains ${needle}`);
  return { line: line + 1, column: SOURCE[line].indexOf(needle) + 1 };
}

function log(message) {
  console.log(`[ui:calculator] ${message}`);
}

/** Runs a command from the palette by its title (clicks the matching row). */
async function palette(page, command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${command}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(command, { exact: true }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Gives the calculator more room: drags the sash between the editor and the panel to the left. */
async function widenPanel(page, by) {
  const sash = page.locator('.part.editor .monaco-sash.vertical').first();
  const box = await sash.boundingBox();
  if (!box) return;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - by, y, { steps: 10 });
  await page.mouse.up();
}

async function openFile(page, rel) {
  const name = path.basename(rel);
  // Quick Open's file search can be slow to start in a fresh workbench: try a few times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(rel);
    const found = await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`Quick Open does not find ${rel}`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-lines')].some((el) => (el.textContent ?? '').includes('TinyResNet')), undefined, { timeout: 15_000 });
}

/** The calculator's document inside VS Code's two webview iframes. */
function calculatorFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function goToLine(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
}

async function shoot(page, frame, file, outDir) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await frame.locator('table#layers').waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(600);
  const target = path.join(outDir, file);
  await page.screenshot({ path: target });
  log(`-> ${path.relative(REPO, target)}`);
}

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', 'javascript:alert(3)', '`${alert(4)}`'];

/**
 * Hostile names from the user's code and files (a file path, a model name, ModuleDict keys, a layer type, a
 * diagnostic) render as text: no element, script, dialog or CSP violation comes of them. Runs the real page
 * builder and bundle in Chromium outside VS Code (see webview-harness.mjs).
 */
async function checkHostileNames(browser) {
  const { require: tsxRequire } = createRequire(import.meta.url)('tsx/cjs/api');
  const { analyzeSource } = tsxRequire('../../src/engine/shapes/index.ts', import.meta.url);
  const keys = HOSTILE.map((k) => JSON.stringify(k)).map((k) => `            ${k}: nn.Linear(2, 2),`).join('\n');
  const source = `import torch.nn as nn\n\n\n# input: [1, 2]\nclass Evil(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.ModuleDict({\n${keys}\n        })\n\n    def forward(self, x):\n        for layer in self.d.values():\n            x = layer(x)\n        return x\n`;
  const report = analyzeSource(source, { fileName: HOSTILE[0] });
  const model = report.models[0];
  if (!model || model.layers.length < 2) throw new Error('the hostile-names model was not analysed');
  model.name = HOSTILE[1];
  model.layers[1].type = HOSTILE[3];
  model.diagnostics.push({ line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', message: HOSTILE.join(' '), path: model.layers[1].path });
  const state = { ...stateFor(report, { uri: `file:///tmp/${encodeURIComponent(HOSTILE[0])}.py`, fileName: `${HOSTILE[2]}/${HOSTILE[0]}.py`, model: model.name }), view: { foldRepeats: true, maxDepth: 8, flops: false, toggled: [] } };
  const { page, problems } = await openCalculatorPage(browser, state);
  try {
    await page.locator('tr[data-id]').first().waitFor({ state: 'visible', timeout: 10_000 });
    const found = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => h !== '#'),
      text: document.body.innerText,
    }));
    if (found.images || found.scripts !== 1 || found.links.length) throw new Error(`hostile names became markup: ${JSON.stringify({ images: found.images, scripts: found.scripts, links: found.links })}`);
    for (const h of HOSTILE) if (!found.text.includes(h)) throw new Error(`the page does not show ${JSON.stringify(h)} as text`);
    if (problems.length) throw new Error(problems.join('\n'));
    log(`hostile file path, model name, ModuleDict keys, layer type and message render as text (${HOSTILE.length} payloads, real CSP)`);
  } finally {
    await page.close();
  }
}

async function main() {
  const started = Date.now();
  const { server, outDir } = await startUiServer(opts);
  let browser;
  try {
    browser = await launchChromium({ headless: !opts.headed });
    await checkHostileNames(browser);
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(workbenchUrl({ port: server.port, folder: path.join(REPO, 'examples'), extensionDevelopmentPath: REPO }));
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 30_000 });

    await openFile(page, path.basename(FILE));
    await palette(page, 'View: Close Primary Side Bar');
    const t0 = Date.now();
    await palette(page, 'ML Lens: Open Shape Calculator');
    const frame = calculatorFrame(page);
    const stem = frame.locator('tr[data-id="stem#0"]');
    await stem.waitFor({ state: 'visible', timeout: 30_000 });
    log(`the calculator showed its first row ${Date.now() - t0} ms after the command (includes the palette and the webview's start)`);
    const stemText = (await stem.innerText()).replace(/\s+/g, ' ');
    for (const expected of ['Conv2d', '[1, 64, 112, 112]', '1,792']) {
      if (!stemText.includes(expected)) throw new Error(`the stem row does not show ${expected}: ${JSON.stringify(stemText)}`);
    }
    log(`stem row: ${JSON.stringify(stemText)}`);
    const fileLine = await frame.locator('.file-line').innerText();
    if (!fileLine.includes('resnet_tiny.py')) throw new Error(`the panel does not name the file: ${JSON.stringify(fileLine)}`);
    const folded = frame.locator('tr.repeat', { hasText: '×3' });
    await folded.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {
      throw new Error('the three identical BasicBlocks are not folded into one ×3 row');
    });

    // A row click reveals and selects its source: `nn.Linear(64, num_classes)` (26 characters); the status bar
    // shows the cursor at the end of the selection.
    const fc = where('nn.Linear(64, num_classes)');
    const fcStatus = `Ln ${fc.line}, Col ${fc.column + 26} (26 selected)`;
    await frame.locator('tr[data-id="fc#0"]').click();
    await page.locator('.statusbar-item', { hasText: fcStatus }).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
      const status = await page.locator('.statusbar').innerText();
      throw new Error(`clicking the fc row did not select nn.Linear(64, num_classes) (expected "${fcStatus}"); status bar: ${JSON.stringify(status)}`);
    });
    log(`clicking the fc row selected nn.Linear(64, num_classes): ${fcStatus}`);

    // Keyboard: the focused row moves with the arrows, Right opens the folded ×3 row, Enter reveals the row.
    // (A click reveals the row in the editor, which takes the focus: start from the focused stem row instead.)
    await frame.locator('tr[data-id="stem#0"]').focus();
    for (let i = 0; i < 4; i++) await frame.locator('tr[data-id]:focus').press('ArrowDown');
    const focused = await frame.locator('tr[data-id]:focus').getAttribute('data-id');
    if (focused !== '×layer1.0') throw new Error(`four ArrowDowns from stem should focus the folded layer1 blocks, focus is on ${focused}`);
    await frame.locator('tr[data-id]:focus').press('ArrowRight');
    await frame.locator('tr[data-id="layer1.0#0"]').waitFor({ state: 'visible', timeout: 5000 });
    await frame.locator('tr[data-id="×layer1.0"]').press('ArrowDown');
    await frame.locator('tr[data-id="layer1.0#0"]:focus').press('Enter');
    const block = where('BasicBlock(64)');
    await page.locator('.statusbar-item', { hasText: `Ln ${block.line}, Col ${block.column + 'BasicBlock(64)'.length}` }).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
      throw new Error(`Enter on layer1.0 did not select its BasicBlock(64); status bar: ${JSON.stringify(await page.locator('.statusbar').innerText())}`);
    });
    await frame.locator('tr[data-id="×layer1.0"]').focus();
    await frame.locator('tr[data-id="×layer1.0"]').press('ArrowLeft');
    await frame.locator('tr[data-id="layer1.0#0"]').waitFor({ state: 'detached', timeout: 5000 });
    // Enter on the folded row reveals its first block and gives the keyboard back to the editor.
    await frame.locator('tr[data-id="×layer1.0"]').press('Enter');
    await page.locator('.statusbar-item', { hasText: `Ln ${block.line}, Col ${block.column + 'BasicBlock(64)'.length}` }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(300);
    log('keyboard: arrows move, Right/Left open and close the ×3 row, Enter reveals layer1.0');

    // Live: edit num_classes=10 → 100 and wait for fc's parameters to become 64·100 + 100 = 6,500.
    const classes = where('num_classes=10');
    await goToLine(page, classes.line, classes.column + 'num_classes=10'.length);
    await page.keyboard.type('0', { delay: 30 });
    const typed = Date.now();
    await frame.locator('tr[data-id="fc#0"]', { hasText: '6,500' }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {
      throw new Error('after typing num_classes=100 the fc row does not show 6,500 parameters');
    });
    log(`the table followed the edit ${Date.now() - typed} ms after the keystroke (debounce + engine + render, measured through the UI)`);
    await page.keyboard.press('Control+Z');
    await frame.locator('tr[data-id="fc#0"]', { hasText: '650' }).waitFor({ state: 'visible', timeout: 10_000 });

    // The cursor on a layer highlights its row.
    const stemAt = where('nn.Conv2d(3, 64');
    await goToLine(page, stemAt.line, stemAt.column + 4);
    await frame.locator('tr.cursor[data-id="stem#0"]').waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {
      throw new Error('the cursor on nn.Conv2d(3, 64, …) did not highlight the stem row');
    });
    log('the cursor on the stem conv highlights its row');

    await widenPanel(page, 260);
    await shoot(page, frame, 'calculator-light.png', outDir);
    // Dark theme through the theme picker, as a user switches; the webview follows the workbench's colours.
    await palette(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Dark Modern');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().click();
    await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 15_000 });
    await frame.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 10_000 });
    await page.locator('.statusbar', { hasText: 'Activating Extensions' }).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    await page.waitForTimeout(1500);
    await shoot(page, frame, 'calculator-dark.png', outDir);

    // A window reload brings the panel back (serializer + saved state), on the same file, with its table.
    await page.reload();
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    const revived = calculatorFrame(page);
    await revived.locator('tr[data-id="stem#0"]').waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
      throw new Error('after a window reload the calculator did not come back with its table');
    });
    const revivedFile = await revived.locator('.file-line').innerText();
    if (!revivedFile.includes('resnet_tiny.py')) throw new Error(`after a reload the calculator names ${JSON.stringify(revivedFile)}`);
    log('a window reload restores the calculator on resnet_tiny.py');
  } catch (error) {
    const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
    if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'FAILED-calculator.png') }).catch(() => {});
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  log(`checked in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`[ui:calculator] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
