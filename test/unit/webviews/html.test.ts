/** The webview page builder: strict CSP on every page, hostile values escaped, state only in a data attribute. */
import * as assert from 'node:assert/strict';
import { buildCsp, buildPage, escapeAttribute, escapeHtml, makeNonce, type PageOptions } from '../../../src/webviews/html';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  'javascript:alert(1)',
  '`${alert(1)}`',
];

function page(overrides: Partial<PageOptions> = {}): string {
  return buildPage({
    title: 'GELU',
    cspSource: CSP_SOURCE,
    nonce: makeNonce(),
    styles: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/theme.css'],
    scripts: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/concept.js'],
    state: { id: 'gelu' },
    panel: 'concept',
    ...overrides,
  });
}

/** The parsed CSP directives of a page's meta tag. */
function cspOf(html: string): Map<string, string> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  const text = m[1].replace(/&#39;/g, "'");
  return new Map(text.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.slice(d.indexOf(' ') + 1)]));
}

describe('webview html', () => {
  it('makeNonce returns a fresh base64 value each time', () => {
    const seen = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(seen.size, 50);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9+/]{24}$/);
  });

  it('buildCsp forbids everything by default and allows scripts only by nonce', () => {
    const nonce = makeNonce();
    const csp = cspOf(`<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(buildCsp(nonce, CSP_SOURCE))}">`);
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('script-src'), `'nonce-${nonce}'`);
    assert.equal(csp.get('style-src'), CSP_SOURCE);
    assert.equal(csp.get('font-src'), CSP_SOURCE);
    for (const [name, value] of csp) {
      assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|\*(?!\.vscode-cdn)|https?:(?!\/\/\*\.vscode-cdn)/, `${name} ${value}`);
    }
  });

  it('buildCsp rejects a bad nonce or a cspSource that would end the directive', () => {
    assert.throws(() => buildCsp('short', CSP_SOURCE));
    assert.throws(() => buildCsp(makeNonce(), "https://x; script-src 'unsafe-inline'"));
    assert.throws(() => buildCsp(makeNonce(), "'unsafe-inline'"));
    // VS Code 1.100's real value: 'self' plus the resource host.
    assert.match(buildCsp(makeNonce(), "'self' https://*.vscode-cdn.net"), /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
  });

  it('every page carries the CSP first in <head> and nonce-tags every script', () => {
    const nonce = makeNonce();
    const html = page({ nonce });
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.ok(head.indexOf('Content-Security-Policy') < head.indexOf('<link'), 'CSP before any resource');
    assert.equal(cspOf(html).get('script-src'), `'nonce-${nonce}'`);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    for (const s of scripts) {
      assert.ok(s.includes(`nonce="${nonce}"`), s);
      assert.match(s, /\ssrc="https:/);
    }
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script body');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  });

  it('puts the state in body[data-state] as escaped JSON that round-trips', () => {
    for (const hostile of HOSTILE) {
      const state = { id: hostile, title: hostile, nested: [hostile] };
      const html = page({ state, title: hostile });
      const body = /<body data-panel="concept" data-state="([^"]*)">/.exec(html);
      assert.ok(body, 'state attribute present and not broken out of');
      const decoded = body[1]
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&#13;/g, '\r').replace(/&amp;/g, '&');
      assert.deepEqual(JSON.parse(decoded), state);
      // Text without markup characters (javascript:…) is inert inside a quoted attribute; the rest must not survive raw.
      if (/[<>"'`]/.test(hostile)) assert.ok(!html.includes(hostile), `raw ${hostile} must not appear`);
      assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'no injected script');
      assert.equal((html.match(/<img\b/g) ?? []).length, 0, 'no injected img');
    }
  });

  it('escapeHtml and escapeAttribute neutralise markup, quotes and backticks', () => {
    assert.equal(escapeHtml('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(escapeHtml('</script>'), '&lt;/script&gt;');
    assert.equal(escapeHtml('a & "b" \'c\' `d`'), 'a &amp; &quot;b&quot; &#39;c&#39; &#96;d&#96;');
    assert.equal(escapeAttribute('x"\ny'), 'x&quot;&#10;y');
    for (const hostile of HOSTILE) assert.doesNotMatch(escapeAttribute(hostile), /[<>"'`]/);
  });

  it('links only webview resource URIs', () => {
    assert.throws(() => page({ scripts: ['http://evil.example/x.js'] }), /not a webview resource/);
    assert.throws(() => page({ styles: ['javascript:alert(1)'] }), /not a webview resource/);
  });
});
