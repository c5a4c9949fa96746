/**
 * The "Concepts" view: topics → groups → cards, as content/sections.json `topics` arranges them (short topic
 * titles; each card's breadcrumb still names the seed section it comes from).
 */
import * as vscode from 'vscode';
import type { CardHeader, ContentIndex, ResolvedTopic, ResolvedTopicGroup } from '../engine/content/types';
import { Commands } from './commandIds';
import type { ContentService } from './contentService';

export type ConceptNode =
  | { readonly kind: 'topic'; readonly topic: ResolvedTopic }
  | { readonly kind: 'group'; readonly topic: ResolvedTopic; readonly group: ResolvedTopicGroup }
  | { readonly kind: 'card'; readonly card: CardHeader };

export class ConceptTreeProvider implements vscode.TreeDataProvider<ConceptNode> {
  private model: Promise<TreeModel> | undefined;

  constructor(private readonly content: ContentService) {}

  private load(): Promise<TreeModel> {
    return (this.model ??= this.content.index().then((index) => new TreeModel(index)));
  }

  async getChildren(node?: ConceptNode): Promise<ConceptNode[]> {
    const model = await this.load();
    if (!node) return model.topicNodes();
    if (node.kind === 'topic') return model.childrenOfTopic(node.topic);
    if (node.kind === 'group') return model.cardNodes(node.group.cards);
    return [];
  }

  async getParent(node: ConceptNode): Promise<ConceptNode | undefined> {
    const model = await this.load();
    if (node.kind === 'topic') return undefined;
    if (node.kind === 'group') return model.topicNode(node.topic.id);
    return model.parentOf(node.card.id);
  }

  getTreeItem(node: ConceptNode): vscode.TreeItem {
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(node.topic.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `topic:${node.topic.id}`;
      item.iconPath = new vscode.ThemeIcon('book');
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${node.topic.id}/${node.group.id}`;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.description = `${node.group.cards.length}`;
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
  private readonly topics = new Map<string, ConceptNode>();
  private readonly groups = new Map<ResolvedTopicGroup, ConceptNode>();
  private readonly cards = new Map<string, ConceptNode>();
  private readonly parents = new Map<string, ConceptNode>();

  constructor(readonly index: ContentIndex) {
    for (const card of index.cards) this.cards.set(card.id, { kind: 'card', card });
    for (const topic of index.topics) {
      const topicNode: ConceptNode = { kind: 'topic', topic };
      this.topics.set(topic.id, topicNode);
      for (const id of topic.cards ?? []) this.parents.set(id, topicNode);
      for (const group of topic.groups ?? []) {
        const groupNode: ConceptNode = { kind: 'group', topic, group };
        this.groups.set(group, groupNode);
        for (const id of group.cards) this.parents.set(id, groupNode);
      }
    }
  }

  /** Topics and groups with no cards (e.g. an API section not yet generated) are not shown. */
  topicNodes(): ConceptNode[] {
    return this.index.topics.filter((t) => this.count(t) > 0).map((t) => this.topics.get(t.id)!);
  }
  childrenOfTopic(topic: ResolvedTopic): ConceptNode[] {
    if (topic.cards) return this.cardNodes(topic.cards);
    return (topic.groups ?? []).filter((g) => g.cards.length > 0).map((g) => this.groups.get(g)!);
  }
  cardNodes(ids: readonly string[]): ConceptNode[] {
    return ids.map((id) => this.cards.get(id)).filter((n): n is ConceptNode => n !== undefined);
  }
  topicNode(id: string): ConceptNode | undefined {
    return this.topics.get(id);
  }
  parentOf(cardId: string): ConceptNode | undefined {
    return this.parents.get(cardId);
  }
  cardNode(id: string): ConceptNode | undefined {
    return this.cards.get(id);
  }
  private count(t: ResolvedTopic): number {
    return t.cards?.length ?? (t.groups ?? []).reduce((n, g) => n + g.cards.length, 0);
  }
}
