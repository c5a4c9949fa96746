/** Commands: find a concept, reveal in the sidebar, reveal under cursor (the card and plot panels: panels.test.ts). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allTabLabels, api, closeAllEditors, openDocument, positionOf, waitFor } from './helpers';

async function selectedCard(): Promise<string | undefined> {
  const { conceptView } = await api();
  const node = conceptView.selection[0];
  return node?.kind === 'card' ? node.card.id : undefined;
}

describe('commands', () => {
  afterEach(closeAllEditors);

  it('mlLens.showInSidebar reveals and selects the card in the Concepts view', async () => {
    await vscode.commands.executeCommand('mlLens.showInSidebar', 'lstm');
    assert.equal(await waitFor(selectedCard, 5000, 'a selection'), 'lstm');
  });

  it('mlLens.findConcept offers every card in a quick pick, then reveals and opens the chosen one', async () => {
    const running = vscode.commands.executeCommand('mlLens.findConcept');
    await new Promise((r) => setTimeout(r, 800));
    // The first item is the first card of the tree (Foundations › Neurons and Layers: the seed's 10.1.1).
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await running;
    assert.equal(await selectedCard(), 'artificial-neuron');
    await waitFor(() => allTabLabels().some((l) => l.includes('Artificial Neuron')), 10000, 'the card panel');
  });

  it('mlLens.revealConceptUnderCursor reveals the concept at the cursor', async () => {
    const doc = await openDocument('python', 'import torch.nn as nn\nrnn = nn.GRU(8, 16)\n');
    const editor = vscode.window.activeTextEditor!;
    const at = positionOf(doc, 'nn.GRU');
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('mlLens.revealConceptUnderCursor');
    assert.equal(await selectedCard(), 'gru');
  });

  it('unknown card ids are refused with a message, not an exception', async () => {
    await vscode.commands.executeCommand('mlLens.openConcept', 'no-such-card');
    await vscode.commands.executeCommand('mlLens.showInSidebar', 42);
    assert.ok(!allTabLabels().some((l) => l.includes('no-such-card')));
  });
});
