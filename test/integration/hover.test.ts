/** Hover cards through vscode.executeHoverProvider, in the real extension host. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, hoverAt, openDocument, textIn } from './helpers';

const PYTHON = `import torch
import torch.nn as nn
from torch.nn import GELU
import torch.nn.functional as F
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from keras.layers import Dense


class Block(nn.Module):
    """A pre-norm block with self-attention."""

    def __init__(self, dim=64):
        super().__init__()
        self.act = nn.GELU()
        self.act2 = GELU()
        self.full = torch.nn.GELU()
        nn.init.kaiming_normal_(self.proj.weight)
        gelu = "gelu"  # a local name and a string: never cards
        self.label = gelu

    def forward(self, x):
        # the residual connection keeps vanishing gradients away
        return F.gelu(x)


head = layers.Dense(10)
head2 = tf.keras.layers.Dense(10)
head3 = Dense(10)
head4 = keras.layers.Dense(10)
`;

const MARKDOWN = `# Notes

Deep nets suffer from vanishing gradients. Self-attention relates every token to every other.
Multi-head attention runs several heads. The receptive field grows with depth.
He initialization suits ReLU. Use \`nn.GELU\` in code.

A layer of paint on the field; pay attention to the details.
`;

describe('hover cards in code', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    await api();
    doc = await openDocument('python', PYTHON);
  });
  after(closeAllEditors);

  const cases: Array<[string, number, string, string, string]> = [
    // [needle, occurrence, API card title, its concept's title, text the hover range covers]
    ['nn.GELU', 0, 'nn.GELU / F.gelu', 'GELU', 'nn.GELU'],
    ['GELU()', 1, 'nn.GELU / F.gelu', 'GELU', 'GELU'],
    ['torch.nn.GELU', 0, 'nn.GELU / F.gelu', 'GELU', 'torch.nn.GELU'],
    ['kaiming_normal_', 0, 'nn.init.kaiming_normal_ / nn.init.kaiming_normal', 'He Initialization', 'nn.init.kaiming_normal_'],
    ['F.gelu', 0, 'nn.GELU / F.gelu', 'GELU', 'F.gelu'],
    ['layers.Dense', 0, 'keras.layers.Dense', 'Dense Layer (Fully Connected)', 'layers.Dense'],
    ['tf.keras.layers.Dense', 0, 'keras.layers.Dense', 'Dense Layer (Fully Connected)', 'tf.keras.layers.Dense'],
    ['Dense(10)', 2, 'keras.layers.Dense', 'Dense Layer (Fully Connected)', 'Dense'],
    ['keras.layers.Dense', 1, 'keras.layers.Dense', 'Dense Layer (Fully Connected)', 'keras.layers.Dense'],
  ];
  for (const [needle, nth, title, concept, covered] of cases) {
    it(`${needle} (#${nth + 1}) shows the ${title} card with the ${concept} concept over "${covered}"`, async () => {
      const hover = await hoverAt(doc, needle, nth);
      assert.ok(hover, `no ML Lens hover on ${needle}`);
      assert.ok(hover.markdown.startsWith(`**${title}**`), hover.markdown.slice(0, 120));
      assert.ok(hover.markdown.includes(`**Concept: ${concept}**`), hover.markdown);
      assert.equal(textIn(doc, hover.range), covered);
    });
  }

  it('a local variable named gelu and the word in a string literal are not cards', async () => {
    assert.equal(await hoverAt(doc, 'gelu = "gelu"'), undefined);
    assert.equal(await hoverAt(doc, '"gelu"'), undefined);
    assert.equal(await hoverAt(doc, 'self.label = gelu'.slice(-4), 2), undefined);
  });

  it('comments and docstrings are prose', async () => {
    const inComment = await hoverAt(doc, 'vanishing gradients');
    assert.ok(inComment?.markdown.startsWith('**Vanishing Gradient**'), inComment?.markdown.slice(0, 80));
    assert.equal(textIn(doc, inComment!.range), 'vanishing gradients');
    const inDocstring = await hoverAt(doc, 'self-attention');
    assert.ok(inDocstring?.markdown.startsWith('**Self-Attention**'), inDocstring?.markdown.slice(0, 80));
  });

  it('the card puts its command links first, then the name\'s own facts and its concept', async () => {
    const hover = (await hoverAt(doc, 'nn.GELU'))!;
    const lines = hover.markdown.split('\n\n');
    assert.ok(lines[1].includes('command:mlLens.openConcept'), `links are the second block: ${lines[1]}`);
    assert.ok(hover.markdown.includes('API Reference › Activations'), hover.markdown);
    assert.ok(hover.markdown.includes('**Concept: GELU**'));
    for (const [command, arg] of [['mlLens.openConcept', 'api.torch.nn.GELU'], ['mlLens.showInSidebar', 'api.torch.nn.GELU'],
      ['mlLens.plotActivation', 'api.torch.nn.GELU'], ['mlLens.openConcept', 'gelu']]) {
      assert.ok(hover.markdown.includes(`command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`), `${command} ${arg} link`);
    }
    // "Shapes" opens the calculator on a layer of an analysed model (see shapes.test.ts); none elsewhere.
    assert.ok(!hover.markdown.includes('mlLens.openShapes'), 'no Shapes link outside a model');
    const prose = (await hoverAt(doc, 'vanishing gradients'))!;
    assert.ok(prose.markdown.includes('›'), 'concept breadcrumb');
    assert.ok(prose.markdown.split('\n\n')[1].includes('command:mlLens.openConcept'), 'links first on concept cards too');
  });

  it('trusts only ML Lens commands', async () => {
    const hover = (await hoverAt(doc, 'nn.GELU'))!;
    const trusted = hover.contents.isTrusted;
    assert.ok(typeof trusted === 'object' && trusted !== null, `isTrusted is ${JSON.stringify(trusted)}`);
    assert.ok(trusted.enabledCommands.length > 0);
    for (const command of trusted.enabledCommands) assert.match(command, /^mlLens\./);
  });

  it('mlLens.hover.detail = full shows the full explanation; a bad value falls back to simple', async () => {
    const config = vscode.workspace.getConfiguration('mlLens');
    try {
      await config.update('hover.detail', 'full', vscode.ConfigurationTarget.Global);
      const full = (await hoverAt(doc, 'vanishing gradients'))!;
      const simpleProse = (await config.update('hover.detail', undefined, vscode.ConfigurationTarget.Global), await hoverAt(doc, 'vanishing gradients'))!;
      assert.ok(full.markdown.length > simpleProse.markdown.length, 'the full explanation is longer');
      await config.update('hover.detail', 'compact', vscode.ConfigurationTarget.Global);
      const compact = (await hoverAt(doc, 'vanishing gradients'))!;
      assert.ok(compact.markdown.length < simpleProse.markdown.length, 'compact is shorter than simple');
      assert.ok(!compact.markdown.includes('**Example**'), 'compact has no example');
      assert.ok(compact.markdown.includes('command:mlLens.openConcept'), 'compact keeps the links');
      await config.update('hover.detail', 'full', vscode.ConfigurationTarget.Global);
      await config.update('hover.detail', 'bogus', vscode.ConfigurationTarget.Global);
      const fallback = (await hoverAt(doc, 'vanishing gradients'))!;
      const simple = (await config.update('hover.detail', undefined, vscode.ConfigurationTarget.Global), await hoverAt(doc, 'vanishing gradients'))!;
      assert.equal(fallback.markdown, simple.markdown);
      assert.notEqual(fallback.markdown, full.markdown);
    } finally {
      await config.update('hover.detail', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('hover cards in prose', () => {
  after(closeAllEditors);

  const cases: Array<[string, string, string]> = [
    ['markdown', 'vanishing gradients', 'Vanishing Gradient'],
    ['markdown', 'Self-attention', 'Self-Attention'],
    ['markdown', 'Multi-head attention', 'Multi-Head Attention'],
    ['markdown', 'receptive field', 'Receptive Field'],
    ['markdown', 'He initialization', 'He Initialization'],
    ['markdown', 'nn.GELU', 'nn.GELU / F.gelu'],
  ];
  for (const [language, needle, title] of cases) {
    it(`${language}: "${needle}" shows ${title}`, async () => {
      const doc = await openDocument(language, MARKDOWN);
      const hover = await hoverAt(doc, needle);
      assert.ok(hover, `no hover on ${needle}`);
      assert.ok(hover.markdown.startsWith(`**${title}**`), hover.markdown.slice(0, 80));
      assert.equal(textIn(doc, hover.range), needle);
    });
  }

  it('the longest match wins: "attention" inside "Multi-head attention" is the multi-head card', async () => {
    const doc = await openDocument('markdown', MARKDOWN);
    const hover = await hoverAt(doc, 'attention runs');
    assert.ok(hover?.markdown.startsWith('**Multi-Head Attention**'));
  });

  it('ordinary words stay silent: a layer of paint, the field, pay attention', async () => {
    const doc = await openDocument('markdown', MARKDOWN);
    // [needle, occurrence]: "field" #2 is the one in "on the field" (#1 is in "receptive field").
    for (const [needle, nth] of [['layer of', 0], ['field;', 0], ['attention to', 0]] as const) {
      assert.equal(await hoverAt(doc, needle, nth), undefined, needle);
    }
  });

  for (const language of ['plaintext', 'restructuredtext', 'latex']) {
    it(`${language} documents get prose cards`, async () => {
      const doc = await openDocument(language, 'Batch normalization fights internal covariate shift.\n');
      const hover = await hoverAt(doc, 'internal covariate shift');
      assert.ok(hover, `no hover in ${language}`);
      assert.equal(textIn(doc, hover.range), 'internal covariate shift');
    });
  }

  it('inline math in card text reads as Unicode in hovers (hovers cannot run KaTeX)', async () => {
    // The dropout card's simple explanation says "with probability $p$" in its source.
    const doc = await openDocument('markdown', 'We regularize a convolutional neural network with dropout and batch normalization.\n');
    const hover = await hoverAt(doc, 'dropout');
    assert.ok(hover, 'no dropout hover');
    assert.ok(hover.markdown.includes('with probability p'), hover.markdown.slice(0, 400));
    assert.ok(!/\$[^$]+\$|\\frac|\\odot/.test(hover.markdown), hover.markdown);
  });

  it('hovering nothing known returns no card and never throws', async () => {
    const doc = await openDocument('markdown', 'Nothing to see here, just words.\n');
    assert.equal(await hoverAt(doc, 'Nothing'), undefined);
  });

  it('a file over the size limit gets no cards and does not stall', async () => {
    const big = 'vanishing gradients and lots of filler text. '.repeat(Math.ceil((5 * 1024 * 1024) / 45));
    const doc = await openDocument('plaintext', big);
    const started = Date.now();
    assert.equal(await hoverAt(doc, 'vanishing gradients'), undefined);
    assert.ok(Date.now() - started < 5000, 'answered promptly');
  });
});

describe('hover cards in notebooks', () => {
  after(closeAllEditors);

  it('a code cell resolves imports made in another cell; a Markdown cell gets prose cards', async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import torch.nn as nn', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'act = nn.GELU()', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'GELU avoids vanishing gradients.', 'markdown'),
    ]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);
    const codeCell = notebook.cellAt(1).document;
    const hover = await hoverAt(codeCell, 'nn.GELU');
    assert.ok(hover?.markdown.includes('**Concept: GELU**'), 'no GELU card in the notebook cell');
    assert.equal(textIn(codeCell, hover!.range), 'nn.GELU');
    const markdownCell = notebook.cellAt(2).document;
    const prose = await hoverAt(markdownCell, 'vanishing gradients');
    assert.ok(prose?.markdown.startsWith('**Vanishing Gradient**'));
  });
});
