/**
 * Hovers that make their point: every card's hover fits on a screen, keeps its example whole (or its short
 * hover form), puts the actions first, and a code name's hover shows that name's own facts with its concept.
 */
import * as assert from 'node:assert/strict';
import { cardDocument, hoverMarkdown, type HoverDetail } from '../../src/engine/content/render';
import type { Card, ConceptCard } from '../../src/engine/content/types';
import { realContent } from '../helpers/content';

const LINKS = [{ label: 'Open card', command: 'mlLens.openConcept', args: ['x'] }];
const DETAILS: HoverDetail[] = ['compact', 'simple', 'full'];

/** Height in lines when a hover wraps at 80 characters (worked here, independently of the renderer). */
function screenLines(markdown: string): number {
  let n = 0;
  for (const line of markdown.split('\n')) n += line.length === 0 ? 1 : Math.ceil(line.length / 80);
  return n;
}

/** The hover's Markdown with backslash escapes removed (what the reader sees). */
function hover(card: Card, detail: HoverDetail): string {
  const { bodies, index } = realContent();
  const concept = card.kind === 'api' ? (bodies[card.concept] as ConceptCard) : undefined;
  return hoverMarkdown(card, { sections: index.sections, detail, links: LINKS, concept }).replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

describe('hovers that make their point', () => {
  const cards = Object.values(realContent().bodies);
  const concepts = cards.filter((c): c is ConceptCard => c.kind === 'concept');

  it('every hover, in every detail mode, fits on one screen (40 lines of 80 characters)', () => {
    const tooTall: string[] = [];
    for (const card of cards) {
      for (const detail of DETAILS) {
        const lines = screenLines(hover(card, detail));
        if (lines > 40) tooTall.push(`${card.id} (${detail}): ${lines} lines`);
      }
    }
    assert.deepEqual(tooTall, []);
  });

  it('no example is cut: a hover shows the whole example or its whole short form, never a trailing "…"', () => {
    const cut: string[] = [];
    for (const card of concepts) {
      const md = hover(card, 'simple');
      if (/…\s*$/.test(md) || /\n…\n/.test(md)) cut.push(card.id);
      const shown = md.includes('**Example**');
      const expected = card.hoverExample ?? card.example;
      if (shown && !md.includes(expected.trim().split('\n').pop()!.replace(/\$[^$]*\$/g, '').trim().slice(0, 12))) {
        cut.push(`${card.id}: the last line of its example is missing`);
      }
    }
    assert.deepEqual(cut, []);
  });

  it('every long example (over 12 lines) has a short hover form of at most 12 lines', () => {
    const missing = concepts.filter((c) => c.example.trim().split('\n').length > 12 && !c.hoverExample).map((c) => c.id);
    assert.deepEqual(missing, []);
    for (const c of concepts) if (c.hoverExample) assert.ok(c.hoverExample.trim().split('\n').length <= 12, c.id);
  });

  it('the short forms keep the point of the example', () => {
    const bodies = realContent().bodies;
    const simple = (id: string) => hover(bodies[id], 'simple');
    assert.match(simple('artificial-neuron'), /σ\(15\.5\) ≈ 0\.9999998/, 'the corrected σ(15.5) line');
    assert.match(simple('training-loop'), /Update: w = 0\.5 − 0\.1·\(−8\) = 1\.3/, 'the update step');
    assert.match(simple('attention-soft-hashmap'), /\[0\.836, 0\.264\]/, 'the result of the lookup');
    assert.match(simple('attention-soft-hashmap'), /tensor\(\[\[0\.8357, 0\.2639\]\]\)/, 'its code and output, not only the import');
  });

  it('the action links come right after the title', () => {
    for (const card of cards.slice(0, 200)) {
      for (const detail of DETAILS) {
        const blocks = hover(card, detail).split('\n\n');
        assert.ok(blocks[1].startsWith('[Open card]'), `${card.id} (${detail}): ${blocks[1]}`);
      }
    }
  });

  it('compact mode: title, links, one paragraph and the formula; no example', () => {
    const gelu = realContent().bodies.gelu;
    const compact = hover(gelu, 'compact');
    assert.ok(!compact.includes('**Example**'));
    assert.ok(compact.includes('**Formula:**'));
    assert.ok(compact.length < hover(gelu, 'simple').length);
  });

  it('a code name shows its own facts with the concept: scaled_dot_product_attention, nn.GRU, Keras LeakyReLU', () => {
    const bodies = realContent().bodies;
    const sdpa = hover(bodies['api.torch.nn.functional.scaled_dot_product_attention'], 'simple');
    assert.match(sdpa.split('\n')[0], /PyTorch ≥ 2\.0/, 'the version mark is in the heading');
    assert.match(sdpa, /\*\*Concept: FlashAttention/);
    const gru = hover(bodies['api.torch.nn.GRU'], 'simple');
    assert.match(gru, /hₜ = \(1 − zₜ\) ⊙ nₜ \+ zₜ ⊙ hₜ₋₁/, 'the convention nn.GRU computes');
    assert.match(gru, /\*\*Concept: GRU/);
    const leaky = hover(bodies['api.keras.layers.LeakyReLU'], 'simple');
    assert.match(leaky, /0\.3/);
    assert.doesNotMatch(leaky.split('---')[0], /0\.01/, 'the Keras facts do not say PyTorch\'s 0.01');
  });

  it('hover formulas carry no LaTeX leftovers (`_{`, `^{`, backslashes, odd subscripts)', () => {
    const bad = cards.filter((c) => c.formulaText && /_\{|\^\{|\\[A-Za-z]|₍|‹/.test(c.formulaText)).map((c) => `${c.id}: ${c.formulaText}`);
    assert.deepEqual(bad, []);
  });

  it('the LSTM formula text names each gate\'s own weights, as the LaTeX does', () => {
    const lstm = realContent().bodies.lstm as ConceptCard;
    for (const w of ['W_f', 'W_i', 'W_o', 'W_C']) {
      assert.ok(lstm.formulaText!.includes(w), w);
      assert.ok(lstm.formula!.includes(w.replace('W_', 'W_')), w);
    }
  });

  it('the card document shows the formula once, rendered', () => {
    const { bodies, index } = realContent();
    const doc = cardDocument(bodies.gelu, { sections: index.sections, titleOf: () => undefined, links: [] });
    const gelu = bodies.gelu as ConceptCard;
    assert.ok(doc.includes(`$$\n${gelu.formula}\n$$`));
    assert.ok(!doc.includes(gelu.formulaText!), 'no second, plain-text copy of the formula');
    const api = cardDocument(bodies['api.torch.optim.AdamW'], { sections: index.sections, titleOf: () => undefined, links: [] });
    assert.match(api, /Generated by `scripts\/content\/build_api_cards\.py`/);
    assert.match(api, /## Defaults/);
  });
});
