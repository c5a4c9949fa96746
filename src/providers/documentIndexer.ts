/**
 * Indexes each open document once per version (code names through imports, ML terms in prose), within a
 * size and time budget, honouring cancellation. Hovers and the "In this file" view read from here.
 */
import * as vscode from 'vscode';
import { collectImports } from '../engine/python/imports';
import { timeBudget } from '../engine/terms/budget';
import { IncrementalPythonParse } from '../engine/python/incremental';
import { cellVariables, parsePython } from '../engine/terms/codeIndex';
import type { ValueType } from '../engine/terms/localTypes';
import type { Vocabulary } from '../engine/terms/vocabulary';
import type { HitIndex } from '../engine/terms/hitIndex';
import { indexDocument, PerDocument, VersionedCache, PROSE_LANGUAGES, PYTHON_LANGUAGES } from '../engine/terms/indexDocument';
import type { ContentService } from './contentService';
import type { SettingsService } from './settings';

export const SUPPORTED_LANGUAGES: readonly string[] = [...PYTHON_LANGUAGES, ...PROSE_LANGUAGES];

export class DocumentIndexer implements vscode.Disposable {
  private readonly cache = new VersionedCache<HitIndex>();
  private readonly importCache = new VersionedCache<Map<string, string>>(256);
  /** One incremental parser per open Python document: each version re-parses only what changed. */
  private readonly parsers = new PerDocument(() => new IncrementalPythonParse(), 32);
  private readonly tooLargeNoticed = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private warmTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly content: ContentService,
    private readonly settings: SettingsService,
  ) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.parsers.delete(d.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mlLens.index') && this.cache.clear()),
      // Index the active document while the user is idle, so the first hover finds it ready.
      vscode.window.onDidChangeActiveTextEditor(() => this.warmSoon(50)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && this.warmSoon(250)),
    );
    this.warmSoon(50);
  }

  private warmSoon(delayMs: number): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => {
      const document = vscode.window.activeTextEditor?.document;
      if (document) this.indexFor(document).catch((error) => console.error('ML Lens indexing failed:', error));
    }, delayMs);
  }

  private parserFor(document: vscode.TextDocument): IncrementalPythonParse | undefined {
    return document.languageId === 'python' ? this.parsers.get(document.uri.toString()) : undefined;
  }

  isSupported(document: vscode.TextDocument): boolean {
    return SUPPORTED_LANGUAGES.includes(document.languageId);
  }

  async indexFor(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<HitIndex | undefined> {
    if (!this.isSupported(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.cache.get(key, document.version);
    if (cached) return cached;

    const settings = this.settings.value;
    const text = document.getText();
    const limit = settings.maxFileSizeMB * 1024 * 1024;
    if (text.length > limit) {
      this.noticeTooLarge(document, text.length, settings.maxFileSizeMB);
      return undefined;
    }
    const vocabulary = await this.content.vocabulary();
    if (token?.isCancellationRequested) return undefined;
    const notebook = document.uri.scheme === 'vscode-notebook-cell';
    const inheritedImports = this.notebookImports(document);
    const index = indexDocument(
      {
        text,
        languageId: document.languageId,
        notebook,
        inheritedImports,
        inheritedVariables: notebook && inheritedImports ? this.notebookVariables(document, vocabulary, inheritedImports) : undefined,
        parser: this.parserFor(document),
        budget: timeBudget(settings.indexTimeBudgetMs, () => token?.isCancellationRequested ?? false),
      },
      vocabulary,
    );
    // A cancelled run is thrown away; a run that hit the time budget is kept (partial) so we never retry per hover.
    if (!token?.isCancellationRequested) this.cache.set(key, document.version, index);
    return index;
  }

  /** Imports from the other Python cells of the notebook that holds this cell. */
  private notebookImports(document: vscode.TextDocument): Map<string, string> | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    if (!notebook) return undefined;
    const imports = new Map<string, string>();
    for (const cell of notebook.getCells()) {
      const cellDoc = cell.document;
      if (cellDoc === document || cellDoc.languageId !== 'python') continue;
      const key = cellDoc.uri.toString();
      let cellImports = this.importCache.get(key, cellDoc.version);
      if (!cellImports) {
        const tree = parsePython(cellDoc.getText(), timeBudget(200));
        cellImports = tree ? collectImports(tree, cellDoc.getText()) : new Map();
        this.importCache.set(key, cellDoc.version, cellImports);
      }
      for (const [name, target] of cellImports) imports.set(name, target);
    }
    return imports;
  }

  /** Variables of the Python cells above this one whose type is known (`model = Net()` in an earlier cell). */
  private notebookVariables(document: vscode.TextDocument, vocabulary: Vocabulary, imports: ReadonlyMap<string, string>): Map<string, ValueType> | undefined {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    if (!notebook) return undefined;
    let variables = new Map<string, ValueType>();
    for (const cell of notebook.getCells()) {
      if (cell.document === document) break;
      if (cell.document.languageId !== 'python') continue;
      variables = cellVariables(cell.document.getText(), vocabulary, imports, variables, timeBudget(200));
    }
    return variables;
  }

  private noticeTooLarge(document: vscode.TextDocument, size: number, limitMB: number): void {
    const key = `${document.uri.toString()}@${document.version}`;
    if (this.tooLargeNoticed.has(key)) return;
    this.tooLargeNoticed.add(key);
    const mb = (size / 1024 / 1024).toFixed(1);
    vscode.window.setStatusBarMessage(
      `$(info) ML Lens: ${mb} MB is over the ${limitMB} MB limit (mlLens.index.maxFileSizeMB); no cards in this file.`,
      10000,
    );
  }

  dispose(): void {
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}
