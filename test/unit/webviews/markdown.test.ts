/**
 * Card text → HTML in the card panel: markdown-it without raw HTML, KaTeX without trusted commands, links only
 * to http(s), code highlighted and escaped. Every card in the content renders without a KaTeX error.
 */
import * as assert from 'node:assert/strict';
import { codeBlock, createMarkdown, highlightPython, renderMath } from '../../../src/webviews/client/concept/markdown';
import { realContent } from '../../helpers/content';

const md = createMarkdown();

describe('card markdown', () => {
  it('escapes raw HTML, script tags and backticks in card text', () => {
    const html = md.render('Hi <img src=x onerror=alert(1)> and </script><script>alert(1)</script> `a<b>`');
    assert.doesNotMatch(html, /<img|<script|<\/script>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<code>a&lt;b&gt;<\/code>/);
  });

  it('drops javascript:, data: and file: links and images; keeps https links', () => {
    const html = md.render('[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd) ![i](https://x.example/i.png) [ok](https://pytorch.org)');
    assert.doesNotMatch(html, /href="(javascript|data|file):/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /<a href="https:\/\/pytorch\.org">ok<\/a>/);
  });

  it('renders $…$ and $$…$$ with KaTeX, and leaves money and escaped dollars alone', () => {
    assert.match(md.render('Softmax: $\\sigma(z)_i$.'), /class="katex"/);
    assert.match(md.render('$$\nx^2\n$$'), /class="math-block"><span class="katex-display">/);
    assert.doesNotMatch(md.render('It costs $5 and $6 today.'), /katex/);
    assert.doesNotMatch(md.render('A literal \\$x\\$ here.'), /katex/);
    // Inside code, $ is code.
    assert.doesNotMatch(md.render('`$x$`'), /katex/);
  });

  it('KaTeX refuses trusted commands and bounds expansion', () => {
    const href = renderMath('\\href{javascript:alert(1)}{x}', false);
    assert.doesNotMatch(href, /href="javascript/);
    const bomb = renderMath('\\def\\a{\\a\\a}\\a', false);
    assert.match(bomb, /katex-error/, 'macro expansion is capped (an error, not a hang)');
    // Inline styles are moved to a data attribute (the CSP blocks style attributes).
    const frac = renderMath('\\frac{1}{2}', true);
    assert.doesNotMatch(frac, / style="/);
    assert.match(frac, / data-katex-style="/);
  });

  it('highlights Python with escaped text and a copy button carrying the raw code', () => {
    const html = highlightPython('x = "<b>" # </script>');
    assert.match(html, /<span class="tok-string">&#34;&#60;b&#62;&#34;<\/span>/);
    assert.doesNotMatch(html, /<\/script>|<b>/);
    const block = codeBlock(html, 'python', 'x = "<b>"');
    assert.match(block, /data-copy="x = &#34;&#60;b&#62;&#34;"/);
    assert.match(md.render('```python\nimport torch\n```'), /<span class="tok-keyword">import<\/span>/);
  });

  it('every card renders without a KaTeX error', () => {
    const cards = Object.values(realContent().bodies);
    assert.ok(cards.length > 200);
    for (const card of cards) {
      const texts = card.kind === 'concept'
        ? [card.simple, card.full, card.example, ...(card.notes ?? []).map((n) => n.body), ...(card.corrections ?? []).flatMap((c) => [c.original, c.corrected, c.reason])]
        : [card.summary, card.shape ?? '', card.params ?? '', card.defaults ?? ''];
      for (const text of texts) assert.doesNotMatch(md.render(text), /katex-error/, `${card.id}: ${text.slice(0, 80)}`);
      if (card.formula) assert.doesNotMatch(renderMath(card.formula, true), /katex-error/, `${card.id} formula`);
    }
  });
});
