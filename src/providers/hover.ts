/** Hover cards for ML terms: code names in Python (files and notebook cells) and terms in prose. */
import * as vscode from 'vscode';
import { hoverMarkdown } from '../engine/content/render';
import { layerAt } from '../engine/reportQuery';
import { fileNoteMarkdown, layerSummaryMarkdown } from '../engine/text/reportMarkdown';
import { cardLinks, type ShapesTarget } from './cardLinks';
import { Commands, TRUSTED_HOVER_COMMANDS } from './commandIds';
import type { ContentService } from './contentService';
import { SUPPORTED_LANGUAGES, type DocumentIndexer } from './documentIndexer';
import type { EngineClient } from './engineClient';
import type { SettingsService } from './settings';

/** How long a hover waits for the shape engine's numbers before it shows the card without them. */
export const HOVER_NUMBERS_WAIT_MS = 200;

export class ConceptHoverProvider implements vscode.HoverProvider {
  /**
   * The shape engine's numbers for the layer constructed here, if they are ready within the wait (the engine
   * runs in a worker; a late result still lands in the cache for the next hover). For a file whose analysis
   * was stopped, the note that says so. `target` is where the "Shapes" link opens the calculator.
   */
  private async layerNumbers(document: vscode.TextDocument, position: vscode.Position): Promise<{ markdown: string; target?: ShapesTarget } | undefined> {
    const result = await this.engine.report(document, undefined, HOVER_NUMBERS_WAIT_MS);
    if (!result) return undefined;
    if (result.status === 'stopped') return { markdown: fileNoteMarkdown(result.report) };
    const found = layerAt(result.report, position.line + 1, position.character + 1);
    return (
      found && {
        markdown: layerSummaryMarkdown(found.model, found.row, found.calls),
        target: { uri: document.uri.toString(), model: found.model.name, path: found.row.path },
      }
    );
  }

  constructor(
    private readonly content: ContentService,
    private readonly indexer: DocumentIndexer,
    private readonly settings: SettingsService,
    private readonly engine: EngineClient,
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
      const numbers = hit.kind === 'symbol' && settings.shapeHovers ? await this.layerNumbers(document, position) : undefined;
      if (token.isCancellationRequested) return undefined;
      const markdown = new vscode.MarkdownString(
        hoverMarkdown(card, {
          sections: contentIndex.sections,
          detail: settings.hoverDetail,
          links: [
            ...cardLinks(card, { includeOpen: true, shapes: numbers?.target }),
            ...(concept ? [{ label: `Open ${concept.title}`, command: Commands.openConcept, args: [concept.id], tooltip: 'Open the concept card' }] : []),
          ],
          symbol: hit.symbol,
          receiver: hit.receiver,
          conceptTitle,
          concept,
          numbers: numbers?.markdown,
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

export function registerHovers(content: ContentService, indexer: DocumentIndexer, settings: SettingsService, engine: EngineClient): vscode.Disposable {
  const selector = SUPPORTED_LANGUAGES.map((language) => ({ language }));
  return vscode.languages.registerHoverProvider(selector, new ConceptHoverProvider(content, indexer, settings, engine));
}
