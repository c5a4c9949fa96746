/** Commands: open a card, find a concept, reveal it in the sidebar, reveal the concept under the cursor. */
import * as vscode from 'vscode';
import { breadcrumb } from '../engine/content/render';
import { cardsInTreeOrder } from '../engine/content/order';
import type { Panels } from '../webviews/panels';
import { Commands } from './commandIds';
import type { ConceptNode, ConceptTreeProvider } from './conceptTree';
import type { ContentService } from './contentService';
import type { DocumentIndexer } from './documentIndexer';

interface CommandDeps {
  readonly content: ContentService;
  readonly indexer: DocumentIndexer;
  readonly tree: ConceptTreeProvider;
  readonly treeView: vscode.TreeView<ConceptNode>;
  /** The card and plot webview panels. */
  readonly panels: Pick<Panels, 'openConcept' | 'plotActivation'>;
}

function isCardId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.-]{1,120}$/.test(value);
}

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const { content, indexer, tree, treeView, panels } = deps;

  async function known(id: unknown): Promise<string | undefined> {
    if (!isCardId(id)) return undefined;
    await content.index();
    if (content.header(id)) return id;
    void vscode.window.showWarningMessage(`ML Lens: there is no card "${id}".`);
    return undefined;
  }

  async function reveal(id: string): Promise<void> {
    const node = await tree.nodeFor(id);
    if (node) await treeView.reveal(node, { select: true, focus: false, expand: true });
  }

  async function findConcept(): Promise<string | undefined> {
    const index = await content.index();
    const items = cardsInTreeOrder(index).map((c) => ({
      label: c.title,
      description: [...c.aliases.slice(0, 4), ...c.symbols.slice(0, 3)].join(' · '),
      detail: breadcrumb(c, index.sections),
      id: c.id,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'ML Lens: Find Concept',
      placeHolder: 'Type a concept, an alias or a code name (e.g. GELU, self-attention, nn.Conv2d)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.id;
  }

  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.openConcept, async (id?: unknown) => {
      const cardId = id === undefined ? await findConcept() : await known(id);
      if (cardId) await panels.openConcept(cardId);
    }),
    vscode.commands.registerCommand(Commands.showInSidebar, async (id?: unknown) => {
      const cardId = await known(id);
      if (cardId) await reveal(cardId);
    }),
    vscode.commands.registerCommand(Commands.findConcept, async () => {
      const cardId = await findConcept();
      if (!cardId) return;
      await reveal(cardId);
      await panels.openConcept(cardId);
    }),
    vscode.commands.registerCommand(Commands.revealConceptUnderCursor, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const index = await indexer.indexFor(editor.document);
      const hit = index?.at(editor.document.offsetAt(editor.selection.active));
      if (!hit) {
        void vscode.window.showInformationMessage('ML Lens: no ML concept under the cursor.');
        return;
      }
      await content.index();
      // The concept a code name belongs to (its API card links there too).
      const concept = content.conceptOf(hit.cardId);
      await reveal(concept);
      await panels.openConcept(concept);
    }),
    vscode.commands.registerCommand(Commands.plotActivation, async (name?: unknown) => {
      // A name ("gelu", "nn.SiLU") or a card id; none (from the palette): pick from a list.
      if (name === undefined) await panels.plotActivation();
      else if (isCardId(name)) await panels.plotActivation(name);
      else void vscode.window.showWarningMessage('ML Lens: Plot Activation expects an activation name such as "gelu".');
    }),
  );
}
