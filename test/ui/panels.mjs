#!/usr/bin/env node
// UI test of the concept card and activation plot panels in the real VS Code workbench (VS Code server +
// Chromium), and their README screenshots in a light and a dark theme. It drives the workbench as a person
// would and asserts what they would see inside the webviews (two nested iframes):
//   1. ML Lens: Open Concept Card… from the palette, pick GELU: the card shows its formula rendered by KaTeX
//      (KaTeX HTML with its math font, no raw TeX), the worked numbers and the live plot
//   2. the related link "ReLU" navigates inside the panel; Back returns to GELU; Full shows the full text
//   3. "Open plot panel", then pick ReLU, SiLU / Swish and Mish: one curve per chosen activation (4 paths), f′
//      adds a dashed path per curve, the crosshair readout lists every curve with engine values
//   4. reload the window: both panels come back (the serializer revives them from their saved state)
//   5. screenshots: media/screenshots/{card,plot}-{light,dark}.png
// Exits non-zero when something a user would see is wrong. Prints the time from command to painted card.
// Options: --no-build, --out DIR (default media/screenshots), --headed
import path from 'node:path';
import { startUiServer, uiOptions } from './options.mjs';
import { REPO } from '../../scripts/host/paths.mjs';
import { launchChromium, workbenchUrl } from '../../scripts/host/server.mjs';

const opts = uiOptions();

const VIEWPORT = { width: 1400, height: 900 };

function log(message) {
  console.log(`[ui:panels] ${message}`);
}

function fail(message) {
  throw new Error(message);
}

/** Runs a command from the palette by its title. */
async function palette(page, command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${command}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(command, { exact: true }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** The document of the visible webview (VS Code nests it in two iframes). */
function webview(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

async function shoot(page, file, outDir, { keepMouse = false } = {}) {
  if (!keepMouse) await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page.waitForTimeout(500);
  const target = path.join(outDir, file);
  await page.screenshot({ path: target });
  log(`-> ${path.relative(REPO, target)}`);
}

async function setTheme(page, name, bodyClass) {
  await palette(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), bodyClass === 'vscode-dark' ? 'vs-dark' : 'vs', { timeout: 15_000 });
}

/** Opens a card through the palette's Find (the concept quick pick). Returns the ms until the card's formula is painted. */
async function openCard(page, title) {
  const t0 = Date.now();
  await palette(page, 'ML Lens: Open Concept Card…');
  const input = page.locator('.quick-input-widget input');
  await input.fill(title);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await webview(page).locator('h1', { hasText: new RegExp(`^${title}$`) }).waitFor({ state: 'visible', timeout: 30_000 });
  return Date.now() - t0;
}

/** What a person sees of the GELU card: the formula as KaTeX, not TeX source. */
async function checkGeluCard(frame) {
  const formula = frame.locator('section.formula .katex-display .katex-html');
  await formula.waitFor({ state: 'visible', timeout: 10_000 });
  const text = (await formula.innerText()).replace(/\s+/g, ' ');
  if (/\\mathrm|\\Phi|\\left|\$\$/.test(text)) fail(`the formula shows raw TeX: ${JSON.stringify(text)}`);
  if (!/GELU/.test(text) || !/Φ/.test(text)) fail(`the rendered formula does not read GELU(x) = xΦ(x)…: ${JSON.stringify(text)}`);
  const katexFont = await frame.locator('section.formula .katex .mord').first().evaluate((el) => getComputedStyle(el).fontFamily);
  if (!/KaTeX/.test(katexFont)) fail(`the formula is not set in KaTeX's font (${katexFont})`);
  const fontLoaded = await frame.locator('body').evaluate(() => document.fonts.check('16px KaTeX_Main'));
  if (!fontLoaded) fail('KaTeX_Main (bundled woff2) did not load');
  const inline = await frame.locator('.explanation .katex, .notes .katex').count();
  const sections = await frame.locator('section h2').allInnerTexts();
  for (const wanted of ['Formula', 'Live plot', 'Example', 'From the chapter notes', 'Corrections to the source notes', 'Related']) {
    if (!sections.includes(wanted)) fail(`the GELU card has no "${wanted}" section (has ${sections.join(', ')})`);
  }
  const livePaths = await frame.locator('.live-plot svg path.curve').count();
  if (livePaths < 1) fail('the GELU card does not embed the live plot');
  log(`GELU card: formula ${JSON.stringify(text.slice(0, 60))} in ${katexFont.split(',')[0]}; ${inline} inline formulas; sections ${sections.join(' · ')}`);
}

async function main() {
  const started = Date.now();
  const { server, outDir } = await startUiServer(opts);
  let browser;
  try {
    browser = await launchChromium({ headless: !opts.headed });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    const cspViolations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(workbenchUrl({ port: server.port, folder: path.join(REPO, 'examples'), extensionDevelopmentPath: REPO }));
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 30_000 });
    // ML Lens's activity-bar icon: the extension's contributions are registered (its commands are in the palette).
    await page.locator('.activitybar [aria-label^="ML Lens"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    await palette(page, 'View: Close Primary Side Bar');

    // 1. The GELU card from the palette.
    const ms = await openCard(page, 'GELU');
    log(`the GELU card was on screen ${ms} ms after choosing the command (palette, quick pick and the webview's first start included)`);
    const frame = webview(page);
    await checkGeluCard(frame);
    await shoot(page, 'card-light.png', outDir);

    // 2. Navigation inside the panel, and the Simple/Full toggle.
    await frame.locator('section.related a', { hasText: /^ReLU/ }).first().click();
    await frame.locator('h1', { hasText: /^ReLU/ }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail('the related link ReLU did not navigate the panel'));
    await frame.getByRole('button', { name: 'Back' }).click();
    await frame.locator('h1', { hasText: /^GELU$/ }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail('Back did not return to GELU'));
    const simple = await frame.locator('section.explanation').innerText();
    await frame.getByRole('radio', { name: 'Full' }).click();
    await frame.locator('section.explanation', { hasText: 'Gaussian Error Linear Unit' }).waitFor({ state: 'visible', timeout: 5000 }).catch(() => fail('Full did not show the full explanation'));
    const full = await frame.locator('section.explanation').innerText();
    if (full === simple) fail('Simple and Full show the same text');
    await frame.getByRole('radio', { name: 'Simple' }).click();
    log('related link, Back and Simple/Full work inside the panel');

    // 2b. A layer card: the worked example computed by the shape engine.
    await frame.locator('body').evaluate(() => window.scrollTo(0, 0));
    await openCard(page, 'Convolution Operation');
    const example = webview(page).locator('.worked-example[data-symbol="torch.nn.Conv2d"]');
    await example.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail('the Convolution Operation card has no worked example for nn.Conv2d'));
    const exampleText = (await example.innerText()).replace(/\s+/g, ' ');
    for (const wanted of ['nn.Conv2d(3, 64, 3, stride=2, padding=1)', '[1, 3, 224, 224]', '[1, 64, 112, 112]', '1,792']) {
      if (!exampleText.includes(wanted)) fail(`the Conv2d worked example does not show ${wanted}: ${JSON.stringify(exampleText)}`);
    }
    log(`Convolution card, worked example: ${JSON.stringify(exampleText.slice(0, 160))}`);
    await example.scrollIntoViewIfNeeded();
    await shoot(page, 'card-example-light.png', outDir);
    await webview(page).getByRole('button', { name: 'Back' }).click();
    await webview(page).locator('h1', { hasText: /^GELU$/ }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail('Back did not return from Convolution to GELU'));

    // 3. The plot panel: GELU from the card, then ReLU, SiLU / Swish and Mish from the picker.
    await frame.getByRole('button', { name: 'Open plot panel' }).click();
    const plot = webview(page);
    await plot.locator('h1', { hasText: 'Activation functions' }).waitFor({ state: 'visible', timeout: 30_000 });
    for (const name of ['ReLU', 'SiLU / Swish', 'Mish']) await plot.locator('.picker button', { hasText: new RegExp(`^${name.replace(/[/]/g, '\\/')}$`) }).click();
    const curves = plot.locator('svg.chart path.curve.value');
    await page.waitForTimeout(300);
    const drawn = await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('data-activation')));
    if (JSON.stringify(drawn) !== JSON.stringify(['gelu', 'relu', 'silu', 'mish'])) fail(`the plot draws ${JSON.stringify(drawn)}, not one curve for each of GELU, ReLU, SiLU, Mish`);
    await plot.locator('#show-df').check();
    const dashed = await plot.locator('svg.chart path.curve.derivative').count();
    if (dashed !== 4) fail(`f′ shows ${dashed} dashed curves, not 4`);
    // The crosshair: move over x ≈ −1 and read every curve's values.
    const box = plot.locator('.chart-box');
    const size = await box.boundingBox();
    await box.hover({ position: { x: size.width * 0.42, y: size.height / 2 } });
    const readout = (await plot.locator('.readout').innerText()).replace(/\s+/g, ' ');
    for (const name of ['GELU', 'ReLU', 'SiLU / Swish', 'Mish']) if (!readout.includes(name)) fail(`the crosshair readout lacks ${name}: ${JSON.stringify(readout)}`);
    if (!/x = /.test(readout)) fail(`the crosshair readout has no x: ${JSON.stringify(readout)}`);
    log(`plot: ${drawn.length} curves + ${dashed} derivatives; readout ${JSON.stringify(readout.slice(0, 120))}`);
    await shoot(page, 'plot-light.png', outDir, { keepMouse: true });

    // 4. Reload the window as a user does (Developer: Reload Window: the workbench saves its state, then
    // reloads): the plot (active) comes back from its saved state, and so does the card tab.
    await palette(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    const revived = webview(page);
    await revived.locator('svg.chart path.curve.value').nth(3).waitFor({ state: 'attached', timeout: 60_000 }).catch(() => fail('after a reload the plot did not come back with its 4 curves'));
    const after = await revived.locator('svg.chart path.curve.value').evaluateAll((paths) => paths.map((p) => p.getAttribute('data-activation')));
    if (JSON.stringify(after) !== JSON.stringify(drawn)) fail(`after a reload the plot shows ${JSON.stringify(after)}`);
    if ((await revived.locator('svg.chart path.curve.derivative').count()) !== 4) fail('after a reload the plot lost f′');
    const cardTab = page.locator('.tabs-container .tab', { hasText: 'GELU' });
    await cardTab.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail('after a reload the card tab is gone'));
    await cardTab.first().click();
    await webview(page).locator('section.formula .katex').waitFor({ state: 'visible', timeout: 30_000 }).catch(() => fail('after a reload the card panel did not render GELU'));
    log('after a window reload both panels are back with their state (4 curves with f′; the GELU card)');

    // 5. Dark theme.
    await setTheme(page, 'Dark Modern', 'vscode-dark');
    await webview(page).locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 10_000 });
    await checkGeluCard(webview(page));
    await shoot(page, 'card-dark.png', outDir);
    await page.locator('.tabs-container .tab', { hasText: 'Plot' }).first().click();
    await webview(page).locator('body.vscode-dark svg.chart path.curve.value').nth(3).waitFor({ state: 'attached', timeout: 30_000 });
    const darkBox = webview(page).locator('.chart-box');
    const darkSize = await darkBox.boundingBox();
    await darkBox.hover({ position: { x: darkSize.width * 0.42, y: darkSize.height / 2 } });
    await shoot(page, 'plot-dark.png', outDir, { keepMouse: true });

    if (cspViolations.length) fail(`the panels broke their Content Security Policy:\n${cspViolations.slice(0, 3).join('\n')}`);
  } catch (error) {
    const pages = browser?.contexts().flatMap((context) => context.pages()) ?? [];
    if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'FAILED-panels.png') }).catch(() => {});
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  log(`checked in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`[ui:panels] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
