/** Prose matching: multi-word terms, case and plural insensitive, longest match, common words silent. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import { ProseMatcher } from '../../src/engine/terms/proseMatcher';
import { realVocabulary, ROOT } from '../helpers/content';

function terms(text: string, languageId = 'markdown'): Array<[string, string]> {
  const index = indexDocument({ text, languageId }, realVocabulary());
  return index.hits.map((h) => [text.slice(h.from, h.to), h.cardId]);
}

describe('prose terms', () => {
  it('matches multi-word terms in every spelling the cards list', () => {
    assert.deepEqual(terms('Vanishing gradients hurt deep RNNs.'), [['Vanishing gradients', 'vanishing-gradient'], ['RNNs', 'rnn']]);
    assert.deepEqual(terms('We use self-attention, or self attention.'), [['self-attention', 'self-attention'], ['self attention', 'self-attention']]);
    // "receptive field" is also a neuroscience term: it needs ML context (here, a second ML term).
    assert.deepEqual(terms('The receptive field of a convolutional neural network trained by backpropagation.'), [
      ['receptive field', 'receptive-field'],
      ['convolutional neural network', 'cnn'],
      ['backpropagation', 'backpropagation'],
    ]);
    assert.deepEqual(terms('He initialization and Kaiming initialization'), [['He initialization', 'he-initialization'], ['Kaiming initialization', 'he-initialization']]);
  });

  it('is case- and plural-insensitive', () => {
    assert.deepEqual(terms('VANISHING GRADIENT'), [['VANISHING GRADIENT', 'vanishing-gradient']]);
    assert.deepEqual(terms('two LSTMs'), [['LSTMs', 'lstm']]);
    assert.deepEqual(terms('Transformers replaced RNNs in sequence-to-sequence models.'), [
      ['Transformers', 'transformer'],
      ['RNNs', 'rnn'],
      ['sequence-to-sequence', 'encoder-decoder'],
    ]);
  });

  it('the longest match wins', () => {
    assert.deepEqual(terms('Multi-head attention'), [['Multi-head attention', 'multi-head-attention']]);
    assert.deepEqual(terms('multihead attention'), [['multihead attention', 'multi-head-attention']]);
    // Two candidates share the first word: the shorter one is a card of its own, and must lose.
    assert.deepEqual(terms('encoder-decoder'), [['encoder-decoder', 'encoder-decoder']]);
    assert.deepEqual(terms('encoder-decoder attention'), [['encoder-decoder attention', 'attention']]);
    assert.deepEqual(terms('average pooling'), [['average pooling', 'average-pooling']]);
    assert.deepEqual(terms('Average pooling layers'), [['Average pooling layers', 'average-pooling']]);
  });

  it('plurals in -ies become -y (memories → memory)', () => {
    assert.deepEqual(terms('long short-term memories'), [['long short-term memories', 'lstm']]);
  });

  it('common English words never trigger on their own', () => {
    assert.deepEqual(terms('Apply a layer of paint to the field, and pay attention.'), []);
    assert.deepEqual(terms('The model has weights, a kernel and a loss.'), []);
  });

  it('does not match across punctuation or inside identifiers', () => {
    assert.deepEqual(terms('vanishing. Gradients'), []);
    assert.deepEqual(terms('my_gelu_fn', 'plaintext'), []);
  });

  it('reads Markdown: inline code names, Python fences, no URLs', () => {
    const md = 'Use `nn.GELU` or `F.gelu`.\n\n```python\nx = nn.LSTM(10, 20)\n```\n\n```bash\npip install self-attention\n```\n\nSee [the paper](https://example.com/self-attention).\n';
    assert.deepEqual(terms(md), [['nn.GELU', 'api.torch.nn.GELU'], ['F.gelu', 'api.torch.nn.GELU'], ['nn.LSTM', 'api.torch.nn.LSTM']]);
  });

  it('reads plain text, reStructuredText and LaTeX as prose', () => {
    for (const lang of ['plaintext', 'restructuredtext', 'latex']) {
      assert.deepEqual(terms('Batch normalization fights internal covariate shift.', lang), [
        ['Batch normalization', 'batch-normalization'],
        ['internal covariate shift', 'internal-covariate-shift'],
      ]);
    }
  });

  it('short abbreviations match only in their written case', () => {
    const m = new ProseMatcher([{ term: 'RNN', cardId: 'rnn' }, { term: 'BN', cardId: 'bn' }]);
    assert.deepEqual(m.match('RNN RNNs rnn BN bn').map((h) => h.cardId), ['rnn', 'rnn', 'bn']);
  });

  it('a real README about a model reads naturally: cards on ML terms, silence elsewhere', () => {
    const readme = readFileSync(join(ROOT, 'test/fixtures/prose/model-readme.md'), 'utf8');
    const found = terms(readme).map(([text]) => text.toLowerCase().replace(/\s+/g, ' '));
    // Each expected term was marked by hand in the fixture; the common words around them must stay silent.
    const expected = readFileSync(join(ROOT, 'test/fixtures/prose/model-readme.expected.txt'), 'utf8').trim().split('\n').map((l) => l.trim().toLowerCase());
    assert.deepEqual(found, expected);
  });
});
