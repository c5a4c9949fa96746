/** Code names in Python resolve through the file's imports; locals, strings and unknown names never do. */
import * as assert from 'node:assert/strict';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import { timeBudget } from '../../src/engine/terms/budget';
import { realContent, realVocabulary } from '../helpers/content';

/** A code name reaches its API card; this is the concept card that API card belongs to. */
function conceptOf(cardId: string | undefined): string | undefined {
  const card = cardId === undefined ? undefined : realContent().bodies[cardId];
  return card?.kind === 'api' ? card.concept : cardId;
}

/** Finds `needle` (the n-th occurrence) in `source` and returns the hit there, with its covered text. */
function hoverAt(source: string, needle: string, nth = 0, languageId = 'python') {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = source.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not in source`);
  const index = indexDocument({ text: source, languageId }, realVocabulary());
  const hit = index.at(at + Math.floor(needle.length / 2));
  return hit && { cardId: hit.cardId, text: source.slice(hit.from, hit.to), symbol: hit.symbol, kind: hit.kind };
}

describe('Python code names', () => {
  const cases: Array<[string, string, string, string]> = [
    // [imports, expression, expected card, expected hover text]
    ['import torch.nn as nn', 'nn.GELU()', 'gelu', 'nn.GELU'],
    ['import torch', 'torch.nn.GELU()', 'gelu', 'torch.nn.GELU'],
    ['from torch import nn', 'nn.GELU()', 'gelu', 'nn.GELU'],
    ['from torch.nn import GELU', 'GELU()', 'gelu', 'GELU'],
    ['import torch.nn.functional as F', 'F.gelu(x)', 'gelu', 'F.gelu'],
    ['import torch.nn as nn', 'nn.init.kaiming_normal_(w)', 'he-initialization', 'nn.init.kaiming_normal_'],
    ['import torch.nn as nn', 'nn.utils.clip_grad_norm_(p, 1.0)', 'gradient-clipping', 'nn.utils.clip_grad_norm_'],
    ['import tensorflow as tf', 'tf.keras.layers.Dense(64)', 'dense-layer', 'tf.keras.layers.Dense'],
    ['from tensorflow import keras', 'keras.layers.Dense(64)', 'dense-layer', 'keras.layers.Dense'],
    ['from tensorflow.keras import layers', 'layers.Dense(64)', 'dense-layer', 'layers.Dense'],
    ['from keras.layers import Dense', 'Dense(64)', 'dense-layer', 'Dense'],
    ['import torch.nn as nn', 'nn.LSTM(10, 20)', 'lstm', 'nn.LSTM'],
    ['import torch.nn as nn', 'nn.Conv2d(3, 16, 3)', 'convolution', 'nn.Conv2d'],
    ['from torch import nn as mynn', 'mynn.MultiheadAttention(64, 4)', 'multi-head-attention', 'mynn.MultiheadAttention'],
  ];
  for (const [imports, expression, cardId, text] of cases) {
    it(`${imports}; ${expression} → ${cardId}`, () => {
      const source = `${imports}\n\nx = ${expression}\n`;
      const hit = hoverAt(source, expression.replace(/\(.*$/, ''));
      assert.ok(hit, 'no hit');
      assert.ok(hit.cardId.startsWith('api.'), `a code name shows its own API card, got ${hit.cardId}`);
      assert.equal(conceptOf(hit.cardId), cardId);
      assert.equal(hit.text, text, 'the hover range covers the whole dotted name');
      assert.equal(hit.kind, 'symbol');
    });
  }

  it('hovering the head of a dotted name still covers the whole name', () => {
    const source = 'import torch.nn as nn\nact = nn.GELU()\n';
    const index = indexDocument({ text: source, languageId: 'python' }, realVocabulary());
    const hit = index.at(source.indexOf('nn.GELU'));
    assert.equal(source.slice(hit!.from, hit!.to), 'nn.GELU');
  });

  it('the imported name in a from-import is a hit too', () => {
    assert.equal(conceptOf(hoverAt('from torch.nn import GELU, ReLU\n', 'ReLU')?.cardId), 'relu');
  });

  it('a local variable named gelu is not a hit', () => {
    const source = 'import torch.nn.functional as F\ngelu = lambda x: x\ny = gelu(3)\n';
    assert.equal(hoverAt(source, 'gelu', 1), undefined);
    assert.equal(hoverAt(source, 'gelu', 0), undefined);
  });

  it('a name that was never imported is not a hit (nn without an import)', () => {
    assert.equal(hoverAt('act = nn.GELU()\n', 'nn.GELU'), undefined);
  });

  it('the word inside an ordinary string literal is not a hit', () => {
    const source = 'import torch.nn as nn\nname = "gelu self-attention nn.GELU"\n';
    assert.equal(hoverAt(source, 'gelu'), undefined);
    assert.equal(hoverAt(source, 'self-attention'), undefined);
    assert.equal(hoverAt(source, 'nn.GELU'), undefined);
  });

  it('comments and docstrings are prose', () => {
    const source = 'import torch.nn as nn\nclass Block(nn.Module):\n    """Pre-norm self-attention block."""\n    def forward(self, x):\n        # residual connection avoids vanishing gradients\n        return x\n';
    assert.deepEqual(hoverAt(source, 'self-attention'), { cardId: 'self-attention', text: 'self-attention', symbol: undefined, kind: 'prose' });
    assert.equal(hoverAt(source, 'vanishing gradients')?.cardId, 'vanishing-gradient');
  });

  it('later imports override earlier ones and notebook imports are inherited', () => {
    const vocab = realVocabulary();
    const cell = 'y = F.gelu(x)\n';
    const inherited = new Map([['F', 'torch.nn.functional']]);
    const index = indexDocument({ text: cell, languageId: 'python', inheritedImports: inherited }, vocab);
    assert.equal(conceptOf(index.at(cell.indexOf('gelu'))?.cardId), 'gelu');
    const overridden = indexDocument({ text: 'import mylib as F\n' + cell, languageId: 'python', inheritedImports: inherited }, vocab);
    assert.equal(overridden.at(('import mylib as F\n' + cell).indexOf('gelu')), undefined);
  });

  it('half-typed and broken code still indexes what it can and never throws', () => {
    const source = 'import torch.nn as nn\nclass M(nn.Module:\n    def __init__(self\n        self.a = nn.GELU(\n        self.b = nn.\n';
    assert.equal(conceptOf(hoverAt(source, 'nn.GELU')?.cardId), 'gelu');
    for (let cut = 0; cut < source.length; cut += 3) {
      indexDocument({ text: source.slice(0, cut), languageId: 'python' }, realVocabulary());
    }
  });

  it('a 20,000-character line is indexed and answered', () => {
    const line = 'x = [' + Array.from({ length: 4000 }, (_, i) => `a${i}`).join(',') + '] ; y = nn.GELU()';
    assert.ok(line.length > 20000);
    const source = `import torch.nn as nn\n${line}\n`;
    assert.equal(conceptOf(hoverAt(source, 'nn.GELU')?.cardId), 'gelu');
  });

  it('stops at its budget and says the index is partial', () => {
    const source = 'import torch.nn as nn\n' + 'x = nn.GELU()\n'.repeat(20000);
    const index = indexDocument({ text: source, languageId: 'python', budget: timeBudget(0, () => true) }, realVocabulary());
    assert.equal(index.complete, false);
  });
});
