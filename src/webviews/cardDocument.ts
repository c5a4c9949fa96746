/**
 * Read-only card documents shown in VS Code's Markdown preview (which renders math), until the card webview
 * lands. Documents live under the `ml-lens-card:` scheme and are generated on demand.
 */
import * as vscode from 'vscode';
import { ACTIVATIONS, sample } from '../engine/activations';
import { cardDocument } from '../engine/content/render';
import type { Card } from '../engine/content/types';
import { cardLinks } from '../providers/cardLinks';
import type { ContentService } from '../providers/contentService';

export const CARD_SCHEME = 'ml-lens-card';

type View = 'card' | 'plot' | 'shapes';

export function cardUri(cardId: string, view: View = 'card'): vscode.Uri {
  const suffix = view === 'card' ? '' : `.${view}`;
  return vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${cardId}${suffix}.md` });
}

function parseUri(uri: vscode.Uri): { cardId: string; view: View } | undefined {
  const m = /^\/([\w.-]+?)(?:\.(plot|shapes))?\.md$/.exec(uri.path);
  return m ? { cardId: m[1], view: (m[2] as View | undefined) ?? 'card' } : undefined;
}

export class CardDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly content: ContentService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parseUri(uri);
    const card = parsed && (await this.content.card(parsed.cardId));
    if (!parsed || !card) return `# Unknown card\n\nML Lens has no card for \`${uri.path}\`.\n`;
    const index = await this.content.index();
    const titleOf = (id: string) => this.content.header(id)?.title;
    if (parsed.view === 'plot') return plotDocument(card);
    if (parsed.view === 'shapes') return shapesDocument(card, index.cards.filter((c) => c.kind === 'api').map((c) => c.id), (id) => this.content.card(id));
    return cardDocument(card, { sections: index.sections, titleOf, links: cardLinks(card, { includeOpen: false }) });
  }
}

function plotDocument(card: Card): string {
  const activation = ACTIVATIONS[card.id];
  if (!activation) return `# ${card.title}\n\nNo plot is available for this card.\n`;
  const points = sample(activation.fn);
  const rows = points.map((p) => `| ${p.x.toFixed(2)} | ${p.y.toFixed(4)} | ${bar(p.y)} |`);
  return [`# ${card.title}: values`, `\`${activation.label}\``, '| x | f(x) | |', '|---:|---:|:---|', ...rows, ''].join('\n');
}

function bar(y: number): string {
  const width = Math.round(Math.min(Math.abs(y), 3) * 8);
  return y < 0 ? `−${'▇'.repeat(width)}` : '▇'.repeat(width);
}

async function shapesDocument(card: Card, apiIds: readonly string[], load: (id: string) => Promise<Card | undefined>): Promise<string> {
  const out = [`# ${card.title}: shapes and parameters`];
  const rules: Card[] = [];
  if (card.kind === 'api') rules.push(card);
  else for (const id of apiIds) {
    const api = await load(id);
    if (api?.kind === 'api' && api.concept === card.id) rules.push(api);
  }
  if (rules.length === 0) out.push('No shape rules are recorded for this card.');
  for (const r of rules) {
    if (r.kind !== 'api') continue;
    out.push(`## ${r.title}`, `**Shape:** ${r.shape}`, `**Parameters:** ${r.params}`);
  }
  return out.join('\n\n') + '\n';
}

export async function showCard(cardId: string, view: View = 'card'): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', cardUri(cardId, view));
}

export function registerCardDocuments(content: ContentService): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, new CardDocumentProvider(content));
}
