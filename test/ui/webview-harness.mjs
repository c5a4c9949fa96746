// A webview page outside VS Code, for the calculator's browser checks and benchmarks: the real page builder
// (src/webviews/html.ts: CSP, nonce, state in data-state), the real bundles from dist/webview/, served from
// https://mllens.test/ through Playwright routing (so Chromium enforces the real CSP), and a stand-in for
// acquireVsCodeApi that records what the page posts and saves.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from '../../scripts/host/paths.mjs';

const ORIGIN = 'https://mllens.test';
const require = createRequire(import.meta.url);

let html;
function pageBuilder() {
  if (!html) {
    const { require: tsxRequire } = require('tsx/cjs/api');
    html = tsxRequire('../../src/webviews/html.ts', import.meta.url);
  }
  return html;
}

/** Serves dist/webview/* and the page itself; returns the page URL. */
async function route(page, state) {
  const { buildPage, makeNonce } = pageBuilder();
  const body = buildPage({
    title: 'Shapes',
    cspSource: ORIGIN,
    nonce: makeNonce(),
    styles: [`${ORIGIN}/theme.css`, `${ORIGIN}/shapes.css`],
    scripts: [`${ORIGIN}/shapes.js`],
    state,
    panel: 'shapes',
  });
  await page.route(`${ORIGIN}/**`, (r) => {
    const name = new URL(r.request().url()).pathname.slice(1);
    if (name === 'page.html') return r.fulfill({ body, contentType: 'text/html; charset=utf-8' });
    const file = path.join(REPO, 'dist', 'webview', path.basename(name));
    if (!fs.existsSync(file)) return r.fulfill({ status: 404, body: '' });
    return r.fulfill({ path: file, contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript' });
  });
  return `${ORIGIN}/page.html`;
}

/**
 * Opens the calculator webview with `state` in a new page of `browser`. The page records a `__firstRow`
 * timestamp (performance.now()) when the first table row appears, posted messages in `__posted`, and saved
 * states in `__saved`.
 */
export async function openCalculatorPage(browser, state, { viewport = { width: 1000, height: 800 } } = {}) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused/.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__posted = [];
    window.__saved = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => undefined,
      setState: (s) => {
        window.__saved = s;
      },
    });
    new MutationObserver((_, observer) => {
      if (document.querySelector('tr[data-id]')) {
        window.__firstRow = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const url = await route(page, state);
  await page.goto(url);
  return { page, problems };
}

/** Sends a message to the page as the extension would, and returns the ms until the next frame after it. */
export async function postAndTime(page, message) {
  return page.evaluate(async (m) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: m }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - t0;
  }, message);
}

/** A document state for the calculator from an engine report (what the extension sends). */
export function stateFor(report, { uri = 'file:///work/model.py', fileName = 'model.py', version = 1, model } = {}) {
  return {
    uri,
    fileName,
    version,
    status: 'ready',
    note: '',
    report,
    model: model ?? report.models[0]?.name ?? null,
    settings: {},
    inputErrors: {},
    ctorArgsSupported: true,
    highlight: null,
  };
}

export { ORIGIN, REPO };
