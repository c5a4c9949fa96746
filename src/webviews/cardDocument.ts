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
import type { EngineClient } from '../providers/engineClient';
import { escapeMarkdownText } from '../engine/text/markdown';
import { reportMarkdown } from '../engine/text/reportMarkdown';

export const CARD_SCHEME = 'ml-lens-card';

type View = 'card' | 'plot' | 'shapes';

/** `file` (shapes view only): the Python document whose models are shown above the card's rules. */
export function cardUri(cardId: string, view: View = 'card', file?: vscode.Uri): vscode.Uri {
  const suffix = view === 'card' ? '' : `.${view}`;
  return vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${cardId}${suffix}.md`, query: file ? `file=${encodeURIComponent(file.toString())}` : undefined });
}

/** The shapes of a file without a card: `ml-lens-card:/file.shapes.md?file=…`. */
export const FILE_ONLY = 'file';

/** How long the Shapes view waits for a report before it shows "analysing" (it refreshes when the report lands). */
const SHAPES_WAIT_MS = 1000;

function parseUri(uri: vscode.Uri): { cardId: string; view: View } | undefined {
  const m = /^\/([\w.-]+?)(?:\.(plot|shapes))?\.md$/.exec(uri.path);
  return m ? { cardId: m[1], view: (m[2] as View | undefined) ?? 'card' } : undefined;
}

export class CardDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly shown = new Set<string>();
  private readonly listeners: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly content: ContentService,
    private readonly engine: EngineClient,
  ) {
    // Shapes views follow their Python file as it is edited, reopened (a new untitled file can reuse a name)
    // or closed.
    const refresh = (document: vscode.TextDocument, delayMs: number) => {
      const source = document.uri.toString();
      const affected = [...this.shown].filter((u) => fileOf(vscode.Uri.parse(u)) === source);
      if (affected.length === 0) return;
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => affected.forEach((u) => this.changed.fire(vscode.Uri.parse(u))), delayMs);
    };
    this.listeners = vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document, 300)),
      vscode.workspace.onDidOpenTextDocument((d) => refresh(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => refresh(d, 0)),
      // A report that lands after the view was drawn (a slow analysis, a stopped one) redraws the view.
      this.engine.onDidReport((e) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === e.uri);
        if (document) refresh(document, 0);
      }),
      // Forget views the user closed.
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === CARD_SCHEME && this.shown.delete(d.uri.toString())),
    );
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.listeners.dispose();
    this.changed.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = parseUri(uri);
    if (parsed?.view === 'shapes') {
      this.shown.add(uri.toString());
      const fileShapes = await this.fileShapes(uri);
      if (parsed.cardId === FILE_ONLY) return fileShapes ?? '# Shapes\n\nOpen a Python file with a model first.\n';
      const card = await this.content.card(parsed.cardId);
      if (!card) return `# Unknown card\n\nML Lens has no card for \`${parsed.cardId}\`.\n`;
      const index = await this.content.index();
      const rules = await shapesDocument(card, index.cards.filter((c) => c.kind === 'api').map((c) => c.id), (id) => this.content.card(id));
      return fileShapes ? `${fileShapes}\n---\n\n${rules}` : rules;
    }
    const card = parsed && (await this.content.card(parsed.cardId));
    if (!parsed || !card) return `# Unknown card\n\nML Lens has no card for \`${uri.path}\`.\n`;
    const index = await this.content.index();
    const titleOf = (id: string) => this.content.header(id)?.title;
    if (parsed.view === 'plot') return plotDocument(card);
    return cardDocument(card, { sections: index.sections, titleOf, links: cardLinks(card, { includeOpen: false }) });
  }

  /** The engine's report for the Python file named in the URI, as Markdown tables. */
  private async fileShapes(uri: vscode.Uri): Promise<string | undefined> {
    const file = fileOf(uri);
    const document = file && vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
    if (!document) return undefined;
    const name = escapeMarkdownText(vscode.workspace.asRelativePath(document.uri));
    if (document.languageId !== 'python') return `# Shapes\n\n${name} is not a Python file ML Lens can analyse.\n`;
    const result = await this.engine.report(document, undefined, SHAPES_WAIT_MS);
    if (result) return reportMarkdown(result.report);
    const latest = this.engine.latest(document.uri.toString());
    // Not ready yet: show the previous numbers if there are any, marked as out of date; the view redraws
    // when the new report lands.
    if (latest) return `*Analysing the latest edit…*\n\n${reportMarkdown(latest.report)}`;
    return `# Shapes: ${name}\n\n*Analysing…* (the view updates when the shape engine is done), or the file is over the ${'`'}mlLens.index.maxFileSizeMB${'`'} limit.\n`;
  }
}

function fileOf(uri: vscode.Uri): string | undefined {
  const m = /(?:^|&)file=([^&]+)/.exec(uri.query);
  return m ? decodeURIComponent(m[1]) : undefined;
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

export async function showCard(cardId: string, view: View = 'card', file?: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', cardUri(cardId, view, file));
}

export function registerCardDocuments(content: ContentService, engine: EngineClient): vscode.Disposable {
  const provider = new CardDocumentProvider(content, engine);
  return vscode.Disposable.from(provider, vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, provider));
}
