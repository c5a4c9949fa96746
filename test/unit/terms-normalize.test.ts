/**
 * Word normalisation and the indexing budget, rule by rule. Every expected value is plain English spelling
 * or arithmetic on a fake clock.
 */
import { strict as assert } from 'node:assert';
import { normalizeWord, termKey, termWords } from '../../src/engine/terms/normalize';
import { timeBudget, UNLIMITED } from '../../src/engine/terms/budget';

describe('terms: normalizeWord', () => {
  const cases: Array<[string, string, string]> = [
    ['Gradients', 'gradient', 'a regular plural loses its s, and case is folded'],
    ['activities', 'activity', '-ies becomes -y'],
    ['memories', 'memory', '-ies becomes -y'],
    ['ties', 'tie', 'a 4-letter -ies word only loses its s (tie, not ty)'],
    ['losses', 'loss', '-sses loses -es'],
    ['boxes', 'box', '-xes loses -es'],
    ['patches', 'patch', '-ches loses -es'],
    ['meshes', 'mesh', '-shes loses -es'],
    ['axes', 'axe', 'a 4-letter -xes word only loses its s'],
    ['loss', 'loss', 'a word ending in ss is not a plural'],
    ['corpus', 'corpus', 'a word ending in us is not a plural'],
    ['analysis', 'analysis', 'a word ending in is is not a plural'],
    ['gas', 'gas', 'a 3-letter word keeps its s'],
    ['RNNs', 'rnn', 'abbreviation plurals'],
    ['bias', 'bias', 'bias is not a plural'],
    ['biases', 'bias', '…and biases is its plural'],
    ['Lenses', 'lens', 'lens/lenses'],
    ['aliases', 'alias', 'alias/aliases'],
    ['series', 'series', 'series is its own plural'],
  ];
  for (const [word, expected, why] of cases) {
    it(`${word} → ${expected}: ${why}`, () => assert.equal(normalizeWord(word), expected));
  }

  it('termWords splits on anything that is not a letter or digit, Unicode-aware', () => {
    assert.deepEqual(termWords('Multi-Head Attention'), ['multi', 'head', 'attention']);
    assert.deepEqual(termWords('Réseaux  de neurones'), ['réseaux', 'de', 'neurone']);
    assert.deepEqual(termWords('ReLU6'), ['relu6']);
  });

  it('termKey joins the normalised words with one space', () => {
    assert.equal(termKey('Vanishing  Gradients'), 'vanishing gradient');
    assert.equal(termKey('self-attention'), 'self attention');
  });
});

describe('terms: timeBudget', () => {
  it('is exhausted only after the deadline, on the injected clock', () => {
    let t = 1000;
    const budget = timeBudget(50, () => false, () => t);
    assert.equal(budget.exhausted(), false);
    t = 1050;
    assert.equal(budget.exhausted(), false, 'at the deadline exactly it is not yet exhausted');
    t = 1051;
    assert.equal(budget.exhausted(), true);
  });

  it('is exhausted at once when cancelled, whatever the time', () => {
    let cancelled = false;
    const budget = timeBudget(10_000, () => cancelled, () => 0);
    assert.equal(budget.exhausted(), false);
    cancelled = true;
    assert.equal(budget.exhausted(), true);
  });

  it('UNLIMITED never runs out', () => {
    assert.equal(UNLIMITED.exhausted(), false);
  });
});
