/** Inline LaTeX in card text becomes readable Unicode in hovers (hand-written expectations). */
import * as assert from 'node:assert/strict';
import { latexToUnicode, proseMath } from '../../src/engine/content/mathText';
import { realContent } from '../helpers/content';

describe('math in hovers', () => {
  const cases: Array<[string, string]> = [
    ['\\sigma(x) = \\frac{1}{1+e^{-x}}', 'σ(x) = 1/(1+e⁻ˣ)'],
    ['\\mathrm{GELU}(x) = x\\,\\Phi(x)', 'GELU(x) = x Φ(x)'],
    ['W \\sim \\mathcal{N}(0, \\tfrac{2}{n_{in}})', 'W ∼ N(0, 2/nᵢₙ)'],
    ['y = \\gamma \\hat{x} + \\beta', 'y = γ x̂ + β'],
    ['\\sqrt{d_k}', '√dₖ'],
    ['\\sqrt{2 / n}', '√(2 / n)'],
    ['h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t)', 'hₜ = tanh(Wₕₕ hₜ₋₁ + Wₓₕ xₜ)'],
    ['\\left\\lVert g \\right\\rVert \\le c', '‖ g ‖ ≤ c'],
    ['m \\odot x / (1-p)', 'm ⊙ x / (1−p)'],
    ['\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V', 'softmax(QKᵀ/(√dₖ))V'],
    ['x_{\\text{out}}', 'xₒᵤₜ'],
    ['x_{\\text{gq}}', 'x_(gq)'],
  ];
  for (const [tex, text] of cases) {
    it(`${tex} → ${text}`, () => assert.equal(latexToUnicode(tex), text));
  }

  it('converts $…$ and $$…$$ in prose, leaves code and prices alone', () => {
    assert.equal(proseMath('With $p = 0.5$ each unit survives.'), 'With p = 0.5 each unit survives.');
    assert.equal(proseMath('Use `$HOME` and ```\n$x$\n```'), 'Use `$HOME` and ```\n$x$\n```');
    assert.equal(proseMath('It costs $5 and $10.'), 'It costs $5 and $10.');
    assert.equal(proseMath('$$\\frac{a}{b}$$'), 'a/b');
  });

  it('leaves no LaTeX command behind in any card text shown in hovers', () => {
    const leftovers: string[] = [];
    for (const card of Object.values(realContent().bodies)) {
      const texts = card.kind === 'concept' ? [card.simple, card.full, card.example, card.hoverExample ?? ''] : [card.summary, card.shape ?? '', card.params ?? '', card.defaults ?? ''];
      for (const text of texts) {
        const converted = proseMath(text.replace(/```[\s\S]*?```|`[^`\n]*`/g, ''));
        const left = /\\[A-Za-z]{2,}/.exec(converted);
        if (left) leftovers.push(`${card.id}: ${left[0]}`);
      }
    }
    assert.deepEqual(leftovers, []);
  });
});
