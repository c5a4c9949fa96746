/** Hover cards for ML terms: code names in Python (files and notebook cells) and terms in prose. */
import * as vscode from 'vscode';
import { hoverMarkdown } from '../engine/content/render';
import { layerSummaryMarkdown } from '../engine/shapes/format';
import { cardLinks } from './cardLinks';
import type { ShapeService } from './shapeService';
import { TRUSTED_HOVER_COMMANDS } from './commandIds';
import type { ContentService } from './contentService';
import { SUPPORTED_LANGUAGES, type DocumentIndexer } from './documentIndexer';
import type { SettingsService } from './settings';

export class ConceptHoverProvider implements vscode.HoverProvider {
  /** The shape engine's numbers for the layer constructed here, if the engine can tell. */
  private layerNumbers(document: vscode.TextDocument, position: vscode.Position): string | undefined {
    try {
      const found = this.shapes.layerAt(document, position);
      return found && layerSummaryMarkdown(found.model, found.row, found.calls);
    } catch (error) {
      console.error('ML Lens shape analysis failed:', error);
      return undefined;
    }
  }

  constructor(
    private readonly content: ContentService,
    private readonly indexer: DocumentIndexer,
    private readonly settings: SettingsService,
    private readonly shapes: ShapeService,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const settings = this.settings.value;
      if (!settings.hoverEnabled) return undefined;
      const index = await this.indexer.indexFor(document, token);
      const hit = index?.at(document.offsetAt(position));
      if (!hit || token.isCancellationRequested) return undefined;
      if (hit.kind === 'symbol' ? !settings.codeHovers : !settings.proseHovers) return undefined;
      const [card, contentIndex] = await Promise.all([this.content.card(hit.cardId), this.content.index()]);
      if (!card) return undefined;
      const conceptCard = card.kind === 'api' ? await this.content.card(card.concept) : undefined;
      const concept = conceptCard?.kind === 'concept' ? conceptCard : undefined;
      const conceptTitle = card.kind === 'api' ? this.content.header(card.concept)?.title : undefined;
      const numbers = hit.kind === 'symbol' && settings.shapeHovers ? this.layerNumbers(document, position) : undefined;
      const markdown = new vscode.MarkdownString(
        hoverMarkdown(card, {
          sections: contentIndex.sections,
          detail: settings.hoverDetail,
          links: cardLinks(card, { includeOpen: true }),
          symbol: hit.symbol,
          receiver: hit.receiver,
          conceptTitle,
          concept,
          numbers,
        }),
      );
      markdown.isTrusted = { enabledCommands: [...TRUSTED_HOVER_COMMANDS] };
      markdown.supportHtml = false;
      return new vscode.Hover(markdown, new vscode.Range(document.positionAt(hit.from), document.positionAt(hit.to)));
    } catch (error) {
      // A hover must never surface an exception; log it for the output channel and show nothing.
      console.error('ML Lens hover failed:', error);
      return undefined;
    }
  }
}

export function registerHovers(content: ContentService, indexer: DocumentIndexer, settings: SettingsService, shapes: ShapeService): vscode.Disposable {
  const selector = SUPPORTED_LANGUAGES.map((language) => ({ language }));
  return vscode.languages.registerHoverProvider(selector, new ConceptHoverProvider(content, indexer, settings, shapes));
}
