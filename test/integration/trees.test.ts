/** The Concepts and In This File views, read through the providers the extension registered. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConceptNode } from '../../src/providers/conceptTree';
import { api, closeAllEditors, openDocument, waitFor } from './helpers';

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

describe('Concepts view', () => {
  it('lists sections, then subsections, then cards in the seed order', async () => {
    const { concepts } = await api();
    const sections = await concepts.getChildren();
    const titles = sections.map((s) => label(concepts.getTreeItem(s)));
    assert.deepEqual(titles.slice(0, 3), ['10. Neural Networks Foundations', '11. Deep Learning Architectures', 'Chapter 4. Model Components']);
    assert.equal(titles[3], 'API Reference');

    const subsections = await concepts.getChildren(sections[0]);
    assert.deepEqual(subsections.map((s) => label(concepts.getTreeItem(s))), [
      '10.1 Building Blocks',
      '10.2 Activation Functions',
      '10.3 Backpropagation',
      '10.4 Weight Initialization',
    ]);
    const activations = await concepts.getChildren(subsections[1]);
    const names = activations.map((c) => label(concepts.getTreeItem(c)));
    // Seed order 10.2.1 … 10.2.6, then ML Lens's own sigmoid and softmax cards.
    assert.deepEqual(names.slice(0, 6), ['Activation Function', 'ReLU (Rectified Linear Unit)', 'Leaky ReLU', 'Tanh', 'GELU', 'Swish']);
    const architectures = await concepts.getChildren(sections[1]);
    const cnn = await concepts.getChildren(architectures[0]);
    assert.equal(label(concepts.getTreeItem(cnn[0])), 'Convolutional Neural Network');
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

  it('getParent walks back up to the section, so reveal works', async () => {
    const { concepts } = await api();
    const node = (await concepts.nodeFor('lstm'))!;
    const subsection = (await concepts.getParent(node))!;
    assert.equal(label(concepts.getTreeItem(subsection)), '11.2 RNNs (Recurrent Neural Networks)');
    const section = (await concepts.getParent(subsection))!;
    assert.equal(label(concepts.getTreeItem(section)), '11. Deep Learning Architectures');
  });
});

describe('In This File view', () => {
  after(closeAllEditors);

  it('lists the concepts of the active editor with counts and updates when the editor changes', async () => {
    const { inThisFile } = await api();
    await openDocument('python', 'import torch.nn as nn\na = nn.GELU()\nb = nn.GELU()\nc = nn.LSTM(4, 8)\n# vanishing gradients\n');
    const items = await waitFor(async () => {
      const nodes = await inThisFile.getChildren();
      return nodes.some((n) => n.kind === 'card') ? nodes : undefined;
    }, 5000, 'cards in the view');
    const summary = items.map((n) => {
      const item = inThisFile.getTreeItem(n);
      return `${label(item)} ${item.description ?? ''}`.trim();
    });
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
