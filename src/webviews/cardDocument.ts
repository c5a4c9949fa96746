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

type View = 'card' | 'plot';

export function cardUri(cardId: string, view: View = 'card'): vscode.Uri {
  const suffix = view === 'card' ? '' : `.${view}`;
  return vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${cardId}${suffix}.md` });
}

function parseUri(uri: vscode.Uri): { cardId: string; view: View } | undefined {
  const m = /^\/([\w.-]+?)(?:\.(plot))?\.md$/.exec(uri.path);
  return m ? { cardId: m[1], view: (m[2] as View | undefined) ?? 'card' } : undefined;
}

export class CardDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly content: ContentService) {}

  dispose(): void {
    this.changed.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parseUri(uri);
    const card = parsed && (await this.content.card(parsed.cardId));
    if (!parsed || !card) return `# Unknown card\n\nML Lens has no card for \`${uri.path}\`.\n`;
    const index = await this.content.index();
    const titleOf = (id: string) => this.content.header(id)?.title;
    if (parsed.view === 'plot') return plotDocument(card);
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

export async function showCard(cardId: string, view: View = 'card'): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', cardUri(cardId, view));
}

export function registerCardDocuments(content: ContentService): vscode.Disposable {
  const provider = new CardDocumentProvider(content);
  return vscode.Disposable.from(provider, vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, provider));
}
