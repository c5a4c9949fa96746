/**
 * The card and plot panels, wired together: what the commands, hovers and trees call.
 * registerPanels() creates both panels, revives them after a window reload, and returns the entry points.
 */
import * as vscode from 'vscode';
import { ACTIVATION_LIST, activationsForSymbols, resolveActivation, type ActivationId } from '../engine/activations';
import type { ContentService } from '../providers/contentService';
import type { EngineClient } from '../providers/engineClient';
import { ConceptPanel } from './concept/controller';
import { PlotPanel } from './plot/controller';

export interface Panels extends vscode.Disposable {
  readonly concept: ConceptPanel;
  readonly plot: PlotPanel;
  /** Opens (or navigates) the card panel. */
  openConcept(id: string): Promise<void>;
  /**
   * Plots an activation given by name ("gelu", "nn.SiLU") or by the id of a card about one. Without a name,
   * asks which ones (several can be picked). Resolves false (after telling the user) when there is nothing
   * to plot.
   */
  plotActivation(name?: string): Promise<boolean>;
}

export function registerPanels(context: vscode.ExtensionContext, content: ContentService, engine: EngineClient): Panels {
  /** The concept card (not an API card, when one exists) that explains an activation. */
  async function cardFor(id: ActivationId): Promise<string | undefined> {
    const index = await content.index();
    const cards = index.cards.filter((c) => activationsForSymbols(c.symbols).includes(id));
    return (cards.find((c) => c.kind === 'concept') ?? cards[0])?.id;
  }

  async function activationsFor(name: string): Promise<ActivationId[]> {
    const direct = resolveActivation(name);
    if (direct) return [direct];
    const card = await content.card(name);
    return card ? activationsForSymbols(card.symbols) : [];
  }

  const plot = new PlotPanel({
    extensionUri: context.extensionUri,
    openCardFor: async (id) => {
      const cardId = await cardFor(id);
      if (cardId) await concept.open(cardId);
      else void vscode.window.showInformationMessage(`ML Lens has no card about ${id}.`);
    },
  });
  const concept = new ConceptPanel({
    extensionUri: context.extensionUri,
    content,
    globalState: context.globalState,
    analyze: (source, name) => engine.analyzeText(source, name),
    plot: (ids) => plot.open(ids, { replace: true }),
    showInSidebar: async (id) => {
      await vscode.commands.executeCommand('mlLens.showInSidebar', id);
    },
  });

  const registrations = vscode.Disposable.from(concept.host.registerSerializer(), plot.host.registerSerializer());

  return {
    concept,
    plot,
    openConcept: (id) => concept.open(id),
    async plotActivation(name?: string): Promise<boolean> {
      let ids: ActivationId[];
      if (name === undefined) {
        const picked = await vscode.window.showQuickPick(
          ACTIVATION_LIST.map((a) => ({ label: a.name, description: a.torch, detail: a.formula, id: a.id })),
          { title: 'ML Lens: Plot Activations', placeHolder: 'Pick one or more activations to compare', canPickMany: true, matchOnDescription: true },
        );
        ids = (picked ?? []).map((p) => p.id);
        if (ids.length === 0) return false;
      } else {
        ids = await activationsFor(name);
        if (ids.length === 0) {
          void vscode.window.showWarningMessage(`ML Lens: there is no activation plot for "${name}".`);
          return false;
        }
      }
      await plot.open(ids, { replace: ids.length > 1 });
      return true;
    },
    dispose(): void {
      registrations.dispose();
      concept.dispose();
      plot.dispose();
    },
  };
}
