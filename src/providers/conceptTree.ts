/** The "Concepts" view: sections → subsections → cards, in the seed's order. */
import * as vscode from 'vscode';
import type { CardHeader, ContentIndex, Section, Subsection } from '../engine/content/types';
import { byPosition } from '../engine/content/order';
import { Commands } from './commandIds';
import type { ContentService } from './contentService';

export type ConceptNode =
  | { readonly kind: 'section'; readonly section: Section }
  | { readonly kind: 'subsection'; readonly section: Section; readonly subsection: Subsection }
  | { readonly kind: 'card'; readonly card: CardHeader };

export class ConceptTreeProvider implements vscode.TreeDataProvider<ConceptNode> {
  private model: Promise<TreeModel> | undefined;

  constructor(private readonly content: ContentService) {}

  private load(): Promise<TreeModel> {
    return (this.model ??= this.content.index().then((index) => new TreeModel(index)));
  }

  async getChildren(node?: ConceptNode): Promise<ConceptNode[]> {
    const model = await this.load();
    if (!node) return model.index.sections.map((section) => ({ kind: 'section', section }));
    if (node.kind === 'section') {
      return node.section.subsections
        .filter((subsection) => model.cardsIn(subsection.id).length > 0)
        .map((subsection) => ({ kind: 'subsection', section: node.section, subsection }));
    }
    if (node.kind === 'subsection') return model.cardsIn(node.subsection.id).map((card) => model.cardNode(card.id)!);
    return [];
  }

  async getParent(node: ConceptNode): Promise<ConceptNode | undefined> {
    const model = await this.load();
    if (node.kind === 'section') return undefined;
    if (node.kind === 'subsection') return model.sectionNode(node.section.id);
    return model.subsectionNode(node.card.subsection);
  }

  getTreeItem(node: ConceptNode): vscode.TreeItem {
    if (node.kind === 'section') {
      const item = new vscode.TreeItem(node.section.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `section:${node.section.id}`;
      item.iconPath = new vscode.ThemeIcon('book');
      return item;
    }
    if (node.kind === 'subsection') {
      const item = new vscode.TreeItem(node.subsection.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `subsection:${node.subsection.id}`;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      return item;
    }
    const item = new vscode.TreeItem(node.card.title, vscode.TreeItemCollapsibleState.None);
    item.id = `card:${node.card.id}`;
    item.description = node.card.kind === 'api' ? node.card.symbols[0] : undefined;
    item.iconPath = new vscode.ThemeIcon(iconFor(node.card));
    item.contextValue = node.card.kind === 'api' ? 'mlLens.apiCard' : 'mlLens.conceptCard';
    item.command = { command: Commands.openConcept, title: 'Open Card', arguments: [node.card.id] };
    return item;
  }

  /** Tooltips carry the simple explanation, loaded only when the user hovers an item. */
  async resolveTreeItem(item: vscode.TreeItem, node: ConceptNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'card') return item;
    const card = await this.content.card(node.card.id);
    if (card) {
      const text = card.kind === 'concept' ? card.simple : card.summary;
      item.tooltip = new vscode.MarkdownString(`**${card.title}**\n\n${text}`);
    }
    return item;
  }

  async nodeFor(cardId: string): Promise<ConceptNode | undefined> {
    return (await this.load()).cardNode(cardId);
  }
}

/** A codicon that says what kind of card this is. */
export function iconFor(card: Pick<CardHeader, 'kind' | 'tags'>): string {
  if (card.kind === 'api') return 'symbol-method';
  if (card.tags.includes('activation')) return 'pulse';
  if (card.tags.includes('layer')) return 'layers';
  if (card.tags.includes('attention')) return 'eye';
  if (card.tags.includes('architecture')) return 'type-hierarchy';
  return 'lightbulb';
}

/** Node objects are created once so that TreeView.reveal gets the same identity back. */
class TreeModel {
  private readonly byId = new Map<string, ConceptNode>();
  private readonly bySubsection = new Map<string, CardHeader[]>();

  constructor(readonly index: ContentIndex) {
    for (const section of index.sections) {
      this.byId.set(`section:${section.id}`, { kind: 'section', section });
      for (const subsection of section.subsections) {
        this.byId.set(`subsection:${subsection.id}`, { kind: 'subsection', section, subsection });
        this.bySubsection.set(subsection.id, []);
      }
    }
    for (const card of index.cards) {
      this.bySubsection.get(card.subsection)?.push(card);
      this.byId.set(`card:${card.id}`, { kind: 'card', card });
    }
    for (const list of this.bySubsection.values()) list.sort(byPosition);
  }

  cardsIn(subsectionId: string): readonly CardHeader[] {
    return this.bySubsection.get(subsectionId) ?? [];
  }
  sectionNode(id: string): ConceptNode | undefined {
    return this.byId.get(`section:${id}`);
  }
  subsectionNode(id: string): ConceptNode | undefined {
    return this.byId.get(`subsection:${id}`);
  }
  cardNode(id: string): ConceptNode | undefined {
    return this.byId.get(`card:${id}`);
  }
}
