/**
 * Prose precision: words with an everyday meaning need ML context. Scored on the labelled corpus in
 * test/fixtures/prose/corpus/ (ML text written for the project, general English written for the project, and
 * the general English Debian ships, read in place). `npm run bench` prints the same numbers.
 */
import * as assert from 'node:assert/strict';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import { buildVocabulary } from '../../src/engine/terms/vocabulary';
import { realContent, realVocabulary } from '../helpers/content';
import { generalTexts, scoreCorpus } from '../helpers/proseCorpus';

function cards(text: string, languageId = 'markdown', notebook = false): string[] {
  return indexDocument({ text, languageId, notebook }, realVocabulary()).hits.map((h) => `${text.slice(h.from, h.to)}→${h.cardId}`);
}

describe('prose precision and recall (labelled corpus)', function () {
  this.timeout(60000);
  const score = scoreCorpus(realVocabulary());

  it('recall on the labelled ML terms is at least 95%', () => {
    assert.ok(score.labels >= 80, `${score.labels} labels`);
    const recall = score.found / score.labels;
    assert.ok(recall >= 0.95, `recall ${(recall * 100).toFixed(1)}%; missed: ${score.missed.join('; ')}`);
  });

  it('no false hits on general English (the corpus written for the project and Debian\'s documentation)', () => {
    assert.ok(score.generalFiles >= 1);
    assert.deepEqual(score.falseHits, []);
    if (score.debianMissing.length) console.log(`      (not on this machine: ${score.debianMissing.join(', ')})`);
  });

  it('the general-English corpus would give false hits without the context rule (it tests something)', () => {
    const noContext = buildVocabulary({ ...realContent().index, ambiguous: [] });
    const falseHits = generalTexts().flatMap((d) => indexDocument({ text: d.text, languageId: 'plaintext' }, noContext).hits);
    assert.ok(falseHits.length >= 20, `${falseHits.length} false hits without context`);
  });

  it('"the black mamba", "the transformer at the power station", "the dropout rate among students" give no card', () => {
    assert.deepEqual(cards('We saw the black mamba near the river.'), []);
    assert.deepEqual(cards('The transformer at the power station failed.'), []);
    assert.deepEqual(cards('The dropout rate among students rose.'), []);
  });

  describe('ML context makes the same words ML terms', () => {
    it('other unambiguous ML terms in the document', () => {
      assert.deepEqual(cards('Mamba is a selective state space model; it competes with self-attention.'), [
        'Mamba→mamba', 'selective state space model→mamba', 'self-attention→self-attention',
      ]);
    });

    it('code names in the document (inline code)', () => {
      assert.ok(cards('Apply dropout before `nn.Linear`.').includes('dropout→dropout'));
    });

    it('a paper-like Markdown file needs only one unambiguous term', () => {
      const paper = '# A study\n\n## Abstract\n\nWe train a Transformer with backpropagation.\n';
      assert.ok(cards(paper).includes('Transformer→transformer'));
      assert.deepEqual(cards('# Notes\n\nWe train a Transformer with backpropagation.\n').filter((c) => c.startsWith('Transformer')), []);
    });

    it('a notebook cell', () => {
      assert.deepEqual(cards('Now add dropout.', 'markdown', true), ['dropout→dropout']);
      assert.deepEqual(cards('Now add dropout.', 'markdown', false), []);
    });

    it('comments in a Python file with ML imports, not in a file without', () => {
      const withTorch = 'import torch\n# the transformer needs dropout\nx = 1\n';
      const plain = 'import os\n# the transformer needs dropout\nx = 1\n';
      assert.deepEqual(cards(withTorch, 'python'), ['transformer→transformer', 'dropout→dropout']);
      assert.deepEqual(cards(plain, 'python'), []);
    });

    it('unambiguous terms need no context', () => {
      assert.deepEqual(cards('Vanishing gradients hurt.'), ['Vanishing gradients→vanishing-gradient']);
    });
  });

  it('terms written with a comma match only where the term has one', () => {
    assert.ok(cards('Each head has its own queries, keys and values.').some((c) => c.endsWith('→attention-soft-hashmap')));
    assert.deepEqual(cards('Vanishing, gradient'), []);
  });
});
