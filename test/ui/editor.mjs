#!/usr/bin/env node
// UI test of the shape features in the editor, in the real VS Code workbench (VS Code server + Chromium), and
// the README screenshots in a light and a dark theme:
//   1. open examples/lenet_mistake.py (fc1 = nn.Linear(16 * 4 * 4, 120) receives 16·5·5 = 400 features)
//   2. the CodeLens above the class shows its parameters and MACs
//   3. the inlay hints after the constructions and assignments show shapes and parameters
//      (conv1: Conv2d(1, 6, 5) on [32, 1, 32, 32] → [32, 6, 28, 28], 1·6·25 + 6 = 156 parameters)
//   4. the mismatch is squiggled and listed in the Problems panel with its code MLS001
//   5. screenshots: media/screenshots/editor-light.png and editor-dark.png
// Exits non-zero when something a user would see is wrong.
// Options: --no-build, --out DIR (default media/screenshots), --headed
import path from 'node:path';
import { startUiServer, uiOptions } from './options.mjs';
import { REPO } from '../../scripts/host/paths.mjs';
import { launchChromium, workbenchUrl } from '../../scripts/host/server.mjs';

const opts = uiOptions();

const VIEWPORT = { width: 1400, height: 900 };
const FILE = 'lenet_mistake.py';

function log(message) {
  console.log(`[ui:editor] ${message}`);
}

async function palette(page, command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${command}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(command, { exact: true }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** The editor's rendered text (inlay hints are rendered inline), spaces normalised. */
async function editorText(page) {
  return page.evaluate(() => [...document.querySelectorAll('.editor-instance .view-lines')].map((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
}

async function waitForText(page, what, probe, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what} did not appear`);
}

async function checkEditor(page) {
  const lens = await waitForText(page, 'the CodeLens above LeNet', async () => {
    const texts = await page.locator('.contentWidgets .codelens-decoration').allTextContents();
    return texts.find((t) => /params .* MACs · Open shape calculator/.test(t)) ?? '';
  });
  log(`CodeLens: ${JSON.stringify(lens)}`);
  const hints = await waitForText(page, 'the inlay hint after conv1', async () => {
    const text = await editorText(page);
    return text.includes('→ [32, 6, 28, 28] · 156 params') ? text : '';
  });
  if (!hints.includes(': [32, 400]')) throw new Error('no inlay hint `: [32, 400]` after `x = torch.flatten(x, 1)`');
  log('inlay hints: conv1 → [32, 6, 28, 28] · 156 params; x: [32, 400] after the flatten');
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 }).catch(() => {
    throw new Error('the Linear mismatch is not squiggled');
  });
}

async function shoot(page, file, outDir) {
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page.waitForTimeout(800);
  const target = path.join(outDir, file);
  await page.screenshot({ path: target });
  log(`-> ${path.relative(REPO, target)}`);
}

async function main() {
  const started = Date.now();
  const { server, outDir } = await startUiServer(opts, {
    'editor.inlayHints.enabled': 'on',
    'editor.codeLens': true,
  });
  let browser;
  try {
    browser = await launchChromium({ headless: !opts.headed });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(workbenchUrl({ port: server.port, folder: path.join(REPO, 'examples'), extensionDevelopmentPath: REPO }));
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 30_000 });

    await openFile(page, FILE);
    await palette(page, 'View: Close Primary Side Bar');
    await checkEditor(page);
    await palette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'MLS001' }).first();
    await problem.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
      throw new Error('the Problems panel does not list the MLS001 mismatch');
    });
    const row = (await problem.innerText()).replace(/\s+/g, ' ');
    if (!/Linear expects 256 input features .* gets 400 = 16×5×5/.test(row)) throw new Error(`unexpected Problems entry: ${JSON.stringify(row)}`);
    log(`Problems: ${JSON.stringify(row.slice(0, 120))}…`);
    await page.keyboard.press('Control+1');
    await shoot(page, 'editor-light.png', outDir);

    await palette(page, 'Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Dark Modern');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().click();
    await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 15_000 });
    await checkEditor(page);
    await shoot(page, 'editor-dark.png', outDir);
  } catch (error) {
    const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
    if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'FAILED-editor.png') }).catch(() => {});
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  log(`checked in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`[ui:editor] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
