/**
 * The "In this file" view: the cards found in the active editor, with counts; occurrences underneath. With a
 * notebook active, the cards of all its cells (code and Markdown), each occurrence in its own cell.
 */
import * as vscode from 'vscode';
import type { Hit } from '../engine/terms/hitIndex';
import { Commands } from './commandIds';
import { iconFor } from './conceptTree';
import type { ContentService } from './contentService';
import type { DocumentIndexer } from './documentIndexer';

export type InFileNode =
  | {
      readonly kind: 'card';
      readonly cardId: string;
      readonly title: string;
      readonly hits: readonly Hit[];
      /** In a notebook: the cell document of each hit (same order as `hits`). */
      readonly documents?: readonly vscode.TextDocument[];
    }
  | { readonly kind: 'occurrence'; readonly cardId: string; readonly hit: Hit; readonly line: number; readonly preview: string; readonly document?: vscode.TextDocument; readonly cell?: number }
  | { readonly kind: 'message'; readonly text: string };

export class InThisFileProvider implements vscode.TreeDataProvider<InFileNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last text editor, so the view keeps its content while a preview or panel has focus. */
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  /** The active notebook, when a notebook (rather than a text file) was focused last. */
  private notebook: vscode.NotebookDocument | undefined = notebookOfEditor(vscode.window.activeTextEditor) ?? vscode.window.activeNotebookEditor?.notebook;

  constructor(
    private readonly content: ContentService,
    private readonly indexer: DocumentIndexer,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor) return;
        // A cell editor stands for its whole notebook.
        const nb = notebookOfEditor(editor);
        if (nb) {
          if (nb === this.notebook) return;
          this.notebook = nb;
        } else {
          if (editor === this.editor && !this.notebook) return;
          this.notebook = undefined;
        }
        this.editor = editor;
        this.scheduleRefresh(0);
      }),
      vscode.window.onDidChangeActiveNotebookEditor((editor) => {
        if (!editor || editor.notebook === this.notebook) return;
        this.notebook = editor.notebook;
        this.scheduleRefresh(0);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        if (nb !== this.notebook) return;
        this.notebook = vscode.window.activeNotebookEditor?.notebook;
        this.scheduleRefresh(0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.editor?.document || (this.notebook && e.document.uri.scheme === 'vscode-notebook-cell' && this.notebook.getCells().some((c) => c.document === e.document))) {
          this.scheduleRefresh(300);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d !== this.editor?.document) return;
        this.editor = vscode.window.activeTextEditor;
        this.scheduleRefresh(0);
      }),
    );
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.changed.fire(), delayMs);
  }

  getTreeItem(node: InFileNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    if (node.kind === 'card') {
      const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `infile:${node.cardId}`;
      item.description = `×${node.hits.length}`;
      const header = this.content.header(node.cardId);
      item.iconPath = new vscode.ThemeIcon(header ? iconFor(header) : 'lightbulb');
      item.tooltip = `${node.hits.length} occurrence${node.hits.length === 1 ? '' : 's'}: click to reveal the first`;
      item.command = { command: Commands.revealOccurrence, title: 'Reveal', arguments: node.documents ? [node.hits[0].from, node.documents[0].uri.toString()] : [node.hits[0].from] };
      return item;
    }
    const item = new vscode.TreeItem(node.preview, vscode.TreeItemCollapsibleState.None);
    item.description = node.cell !== undefined ? `cell ${node.cell}, line ${node.line + 1}` : `line ${node.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(node.hit.kind === 'symbol' ? 'symbol-class' : 'symbol-text');
    item.command = { command: Commands.revealOccurrence, title: 'Reveal', arguments: node.document ? [node.hit.from, node.document.uri.toString()] : [node.hit.from] };
    return item;
  }

  /** The document the view shows (for a notebook: its first cell). */
  get document(): vscode.TextDocument | undefined {
    return this.notebook ? this.notebook.cellAt(0)?.document : this.editor?.document;
  }

  /** The notebook the view shows, if a notebook was focused last. */
  get activeNotebook(): vscode.NotebookDocument | undefined {
    return this.notebook;
  }

  /** The cards of every cell of a notebook, merged: one node per card, occurrences in cell order. */
  private async notebookChildren(nb: vscode.NotebookDocument, node?: InFileNode): Promise<InFileNode[]> {
    const cellNumber = new Map(nb.getCells().map((c, i) => [c.document, i + 1]));
    if (node?.kind === 'card') {
      return node.hits.map((hit, i) => {
        const document = node.documents![i];
        const position = document.positionAt(hit.from);
        return { kind: 'occurrence', cardId: node.cardId, hit, line: position.line, preview: document.lineAt(position.line).text.trim().slice(0, 80), document, cell: cellNumber.get(document) };
      });
    }
    if (node) return [];
    const merged = new Map<string, { hits: Hit[]; documents: vscode.TextDocument[] }>();
    let indexed = 0;
    for (const cell of nb.getCells()) {
      const document = cell.document;
      if (!this.indexer.isSupported(document)) continue;
      const index = await this.indexer.indexFor(document);
      if (!index) continue;
      indexed++;
      await this.content.index();
      for (const [hitCardId, hits] of index.occurrences()) {
        // The view lists concepts: a code name (its API card) counts for the concept it belongs to.
        const cardId = this.content.conceptOf(hitCardId);
        let entry = merged.get(cardId);
        if (!entry) merged.set(cardId, (entry = { hits: [], documents: [] }));
        for (const hit of hits) {
          entry.hits.push(hit);
          entry.documents.push(document);
        }
      }
    }
    if (!indexed) return [{ kind: 'message', text: 'This notebook has no cells ML Lens reads.' }];
    await this.content.index();
    const nodes: InFileNode[] = [...merged].map(([cardId, e]) => ({ kind: 'card', cardId, title: this.content.header(cardId)?.title ?? cardId, hits: e.hits, documents: e.documents }));
    if (nodes.length === 0) return [{ kind: 'message', text: 'No ML concepts found in this notebook.' }];
    return nodes;
  }

  async getChildren(node?: InFileNode): Promise<InFileNode[]> {
    // A text editor that is active now wins over a notebook remembered from an earlier event (closing editors
    // can make a notebook active for a moment).
    const active = vscode.window.activeTextEditor;
    if (this.notebook && active && !notebookOfEditor(active)) {
      this.notebook = undefined;
      this.editor = active;
    }
    if (this.notebook && !this.notebook.isClosed) return this.notebookChildren(this.notebook, node);
    const editor = this.editor;
    if (!editor) return node ? [] : [{ kind: 'message', text: 'Open a Python, Markdown or text file.' }];
    const document = editor.document;
    if (node?.kind === 'card') {
      return node.hits.map((hit) => {
        const position = document.positionAt(hit.from);
        return { kind: 'occurrence', cardId: node.cardId, hit, line: position.line, preview: document.lineAt(position.line).text.trim().slice(0, 80) };
      });
    }
    if (node) return [];
    if (!this.indexer.isSupported(document)) return [{ kind: 'message', text: `ML Lens does not read ${document.languageId} files.` }];
    const index = await this.indexer.indexFor(document);
    if (!index) return [{ kind: 'message', text: 'This file is too large to index (see mlLens.index.maxFileSizeMB).' }];
    await this.content.index();
    const nodes: InFileNode[] = [];
    // The view lists concepts: a code name (its API card) counts for the concept it belongs to.
    const byConcept = new Map<string, Hit[]>();
    for (const [cardId, hits] of index.occurrences()) {
      const concept = this.content.conceptOf(cardId);
      byConcept.set(concept, [...(byConcept.get(concept) ?? []), ...hits]);
    }
    for (const [cardId, hits] of byConcept) {
      nodes.push({ kind: 'card', cardId, title: this.content.header(cardId)?.title ?? cardId, hits: [...hits].sort((a, b) => a.from - b.from) });
    }
    if (nodes.length === 0) return [{ kind: 'message', text: 'No ML concepts found in this file.' }];
    return nodes;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}

export function registerInThisFileView(viewId: string, provider: InThisFileProvider): vscode.Disposable {
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: provider, showCollapseAll: true });
  const reveal = vscode.commands.registerCommand(Commands.revealOccurrence, async (offset: unknown, cellUri?: unknown) => {
    const nb = provider.activeNotebook;
    const document = typeof cellUri === 'string' && nb ? nb.getCells().find((c) => c.document.uri.toString() === cellUri)?.document : provider.document;
    if (!document || typeof offset !== 'number') return;
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
    const start = document.positionAt(offset);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  return vscode.Disposable.from(provider, view, reveal);
}

/** The notebook a cell editor belongs to. */
function notebookOfEditor(editor: vscode.TextEditor | undefined): vscode.NotebookDocument | undefined {
  if (!editor || editor.document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === editor.document));
}
