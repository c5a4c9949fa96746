/**
 * HTML for webview panels, built in one place so every page gets the same strict Content Security Policy and
 * every inserted value is escaped. Pure TypeScript (no `vscode`): the panel host passes webview URIs as
 * strings, and unit tests call these functions directly.
 *
 * A page is an empty shell: the webview bundle renders everything from the initial state, which travels as
 * JSON in the `data-state` attribute of <body> (never as inline script, so the CSP can forbid inline scripts).
 */

/** A fresh random nonce from the platform's CSPRNG (Web Crypto: Node 20 and browsers alike). */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const NONCE = /^[A-Za-z0-9+/=]{16,}$/;
/**
 * `webview.cspSource`: one or more sources such as `'self' https://*.vscode-cdn.net` (VS Code 1.100). Only
 * host/scheme sources and 'self' are accepted: nothing that ends the directive or adds 'unsafe-…'.
 */
const CSP_SOURCE = /^(?:'self'|[^\s;,'"]+)(?:\s+(?:'self'|[^\s;,'"]+))*$/;

/**
 * The Content Security Policy of every panel: nothing is allowed unless listed. Scripts run only with the
 * page's nonce (no inline handlers, no eval); styles, fonts and images come only from the extension's own
 * webview resources (`cspSource`), plus `data:` images (KaTeX and SVG icons use none today, but a copied
 * plot image would).
 */
export function buildCsp(nonce: string, cspSource: string): string {
  if (!NONCE.test(nonce)) throw new Error('buildCsp: the nonce must be a base64 string of at least 16 characters');
  if (!CSP_SOURCE.test(cspSource)) throw new Error(`buildCsp: invalid webview cspSource ${JSON.stringify(cspSource)}`);
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/** Escapes text for a double-quoted HTML attribute value (also escapes newlines so values stay on one line). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;');
}

/** Only our webview resource URIs may be linked from a page: https (VS Code's resource host) or vscode-resource. */
function checkResourceUri(uri: string): string {
  if (!/^(https:|vscode-resource:|vscode-webview-resource:)/.test(uri)) throw new Error(`not a webview resource URI: ${uri}`);
  return uri;
}

export interface PageOptions {
  /** Page title (screen readers announce it). */
  readonly title: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** From makeNonce(), fresh for each page. */
  readonly nonce: string;
  /** Webview URIs (`webview.asWebviewUri(...).toString()`) of the style sheets, in order. */
  readonly styles: readonly string[];
  /** Webview URIs of the scripts (ES modules are not needed; each bundle is an IIFE). */
  readonly scripts: readonly string[];
  /** The initial state, serialised to JSON into `<body data-state>`. */
  readonly state: unknown;
  /** Identifies the panel to the stylesheet and tests: `<body data-panel>`. */
  readonly panel: string;
  /** Optional text shown until the script renders (escaped). */
  readonly loadingText?: string;
}

/** A complete webview page: CSP meta first, linked CSS and nonce'd scripts, state in a data attribute. */
export function buildPage(o: PageOptions): string {
  const csp = buildCsp(o.nonce, o.cspSource);
  const styles = o.styles.map((href) => `<link rel="stylesheet" href="${escapeAttribute(checkResourceUri(href))}">`);
  const scripts = o.scripts.map((src) => `<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(checkResourceUri(src))}"></script>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    ...styles,
    `<title>${escapeHtml(o.title)}</title>`,
    '</head>',
    `<body data-panel="${escapeAttribute(o.panel)}" data-state="${escapeAttribute(JSON.stringify(o.state ?? null))}">`,
    `<main id="app" aria-busy="true"><p class="loading">${escapeHtml(o.loadingText ?? 'Loading…')}</p></main>`,
    ...scripts,
    '</body>',
    '</html>',
  ].join('\n');
}
