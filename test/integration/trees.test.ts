/** The Concepts and In This File views, read through the providers the extension registered. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConceptNode } from '../../src/providers/conceptTree';
import { api, closeAllEditors, openDocument, waitFor } from './helpers';

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

describe('Concepts view', () => {
  it('lists topics, then groups, then cards, with short titles', async () => {
    const { concepts } = await api();
    const topics = await concepts.getChildren();
    assert.deepEqual(topics.map((t) => label(concepts.getTreeItem(t))), [
      'Foundations',
      'Training',
      'Autograd',
      'Tensors',
      'Convolutional Networks',
      'Sequence Models',
      'Attention and Transformers',
      'Modern LLMs',
      'API Reference',
    ]);

    const foundations = await concepts.getChildren(topics[0]);
    assert.deepEqual(foundations.map((s) => label(concepts.getTreeItem(s))), ['Neurons and Layers', 'Activations', 'Backpropagation', 'Initialization']);
    const activations = await concepts.getChildren(foundations[1]);
    const names = activations.map((c) => label(concepts.getTreeItem(c)));
    // Seed order 10.2.1 … 10.2.6, then ML Lens's own sigmoid and softmax cards.
    assert.deepEqual(names.slice(0, 6), ['Activation Function', 'ReLU (Rectified Linear Unit)', 'Leaky ReLU', 'Tanh', 'GELU', 'Swish']);

    // One topic gathers the cheatsheet's, the chapter notes' and ML Lens's own cards.
    const training = await concepts.getChildren(topics[1]);
    const regularization = training.find((n) => label(concepts.getTreeItem(n)) === 'Regularization')!;
    assert.deepEqual((await concepts.getChildren(regularization)).map((c) => label(concepts.getTreeItem(c))), [
      'Regularization',
      'Dropout',
      'Spatial Dropout',
      'Early Stopping',
      'Data Augmentation',
    ]);

    // A topic without groups lists its cards directly.
    const autograd = await concepts.getChildren(topics[2]);
    assert.equal(autograd[0].kind, 'card');
    assert.equal(label(concepts.getTreeItem(autograd[0])), 'Computational Graph');
  });

  it('a card item opens the card on click and carries the simple explanation as its tooltip', async () => {
    const { concepts } = await api();
    const node = (await concepts.nodeFor('gelu')) as ConceptNode;
    const item = concepts.getTreeItem(node);
    assert.deepEqual(item.command?.arguments, ['gelu']);
    assert.equal(item.command?.command, 'mlLens.openConcept');
    const resolved = await concepts.resolveTreeItem(item, node);
    const tooltip = resolved.tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.includes('GELU'), tooltip.value);
    assert.ok(tooltip.value.length > 60);
  });

  it('getParent walks back up to the topic, so reveal works', async () => {
    const { concepts } = await api();
    const node = (await concepts.nodeFor('lstm'))!;
    const group = (await concepts.getParent(node))!;
    assert.equal(label(concepts.getTreeItem(group)), 'Recurrent Networks');
    const topic = (await concepts.getParent(group))!;
    assert.equal(label(concepts.getTreeItem(topic)), 'Sequence Models');
    assert.equal(await concepts.getParent(topic), undefined);

    const detach = (await concepts.nodeFor('detach'))!;
    assert.equal(label(concepts.getTreeItem((await concepts.getParent(detach))!)), 'Autograd');
  });
});

describe('In This File view', () => {
  after(closeAllEditors);

  it('lists the concepts of the active editor with counts and updates when the editor changes', async () => {
    const { inThisFile } = await api();
    await openDocument('python', 'import torch.nn as nn\na = nn.GELU()\nb = nn.GELU()\nc = nn.LSTM(4, 8)\n# vanishing gradients\n');
    const summaryNow = async () =>
      (await inThisFile.getChildren()).map((n) => {
        const item = inThisFile.getTreeItem(n);
        return `${label(item)} ${item.description ?? ''}`.trim();
      });
    // Until the view has indexed the new editor it may still show the previous one: wait for this file's cards.
    const summary = await waitFor(async () => {
      const now = await summaryNow();
      return now.some((l) => l.startsWith('GELU')) ? now : undefined;
    }, 20000, 'this file\'s cards in the view');
    assert.deepEqual(summary, ['GELU ×2', 'LSTM (Long Short-Term Memory) ×1', 'Vanishing Gradient ×1']);

    await openDocument('markdown', 'Self-attention and more self-attention.\n');
    const next = await inThisFile.getChildren();
    assert.deepEqual(next.map((n) => `${label(inThisFile.getTreeItem(n))} ${inThisFile.getTreeItem(n).description}`), ['Self-Attention ×2']);
  });

  it('keeps showing the last file while a card preview has focus', async () => {
    const { inThisFile } = await api();
    await openDocument('markdown', 'Notes on batch normalization.\n');
    await vscode.commands.executeCommand('mlLens.openConcept', 'gelu');
    await waitFor(() => vscode.window.activeTextEditor === undefined || undefined, 5000, 'the preview to take focus');
    const nodes = await inThisFile.getChildren();
    assert.deepEqual(nodes.map((n) => label(inThisFile.getTreeItem(n))), ['Batch Normalization']);
  });

  it('clicking a concept reveals its first occurrence in the editor', async () => {
    const { inThisFile } = await api();
    const doc = await openDocument('markdown', 'Intro line.\n\nLater: the receptive field.\n');
    const [node] = await inThisFile.getChildren();
    const item = inThisFile.getTreeItem(node);
    assert.equal(item.command?.command, 'mlLens.revealOccurrence');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document, doc);
    assert.deepEqual(editor.selection.active, doc.positionAt(doc.getText().indexOf('receptive field')));
    const occurrences = await inThisFile.getChildren(node);
    assert.equal(occurrences.length, 1);
    assert.equal(inThisFile.getTreeItem(occurrences[0]).description, 'line 3');
  });
});
