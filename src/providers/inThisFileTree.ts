/** The "In this file" view: the cards found in the active editor, with counts; occurrences underneath. */
import * as vscode from 'vscode';
import type { Hit } from '../engine/terms/hitIndex';
import { Commands } from './commandIds';
import { iconFor } from './conceptTree';
import type { ContentService } from './contentService';
import type { DocumentIndexer } from './documentIndexer';

export type InFileNode =
  | { readonly kind: 'card'; readonly cardId: string; readonly title: string; readonly hits: readonly Hit[] }
  | { readonly kind: 'occurrence'; readonly cardId: string; readonly hit: Hit; readonly line: number; readonly preview: string }
  | { readonly kind: 'message'; readonly text: string };

export class InThisFileProvider implements vscode.TreeDataProvider<InFileNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last text editor, so the view keeps its content while a preview or panel has focus. */
  private editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor(
    private readonly content: ContentService,
    private readonly indexer: DocumentIndexer,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || editor === this.editor) return;
        this.editor = editor;
        this.scheduleRefresh(0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.editor?.document) this.scheduleRefresh(300);
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
      item.command = { command: Commands.revealOccurrence, title: 'Reveal', arguments: [node.hits[0].from] };
      return item;
    }
    const item = new vscode.TreeItem(node.preview, vscode.TreeItemCollapsibleState.None);
    item.description = `line ${node.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(node.hit.kind === 'symbol' ? 'symbol-class' : 'symbol-text');
    item.command = { command: Commands.revealOccurrence, title: 'Reveal', arguments: [node.hit.from] };
    return item;
  }

  /** The document the view shows. */
  get document(): vscode.TextDocument | undefined {
    return this.editor?.document;
  }

  async getChildren(node?: InFileNode): Promise<InFileNode[]> {
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
  const reveal = vscode.commands.registerCommand(Commands.revealOccurrence, async (offset: unknown) => {
    const document = provider.document;
    if (!document || typeof offset !== 'number') return;
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
    const start = document.positionAt(offset);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  return vscode.Disposable.from(provider, view, reveal);
}
