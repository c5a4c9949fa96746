/**
 * The shape engine's answers where the code is: Problems entries with quick fixes, inlay hints, CodeLens and
 * tensor hovers, in Python files and notebook cells. Every report comes from the EngineClient (the engine runs
 * in a worker, never on the extension-host thread); editorShapes.ts turns reports into plain data and this
 * file turns that data into VS Code objects.
 *
 * A notebook is analysed as one file: its Python cells concatenated (editorShapes.concatCells), so a model
 * defined in one cell and called in a later one is seen whole; positions are mapped back into each cell.
 */
import * as vscode from 'vscode';
import type { FileReport, FixData, SourceRange, TraceEntry } from '../engine/shapes/report';
import type { EngineClient, EngineResult } from './engineClient';
import {
  concatCells,
  hintsOf,
  hoverAt,
  lensesOf,
  problemsOf,
  reportForCell,
  type CellMap,
  type ProblemData,
} from './editorShapes';
import { hasMlImports } from './mlImports';
import type { SettingsService } from './settings';

export const OPEN_SHAPES_COMMAND = 'mlLens.openShapes';
const SOURCE = 'ML Lens';
/** How long after the last edit diagnostics are recomputed. */
const DIAGNOSTICS_DEBOUNCE_MS = 250;
/** How long hints, lenses and hovers wait for a report before answering without one. */
const PROVIDER_WAIT_MS = 3000;
const HOVER_WAIT_MS = 200;


function rangeOf(r: SourceRange): vscode.Range {
  return new vscode.Range(Math.max(0, r.line - 1), Math.max(0, r.column - 1), Math.max(0, r.endLine - 1), Math.max(0, r.endColumn - 1));
}

/** The input shapes the user chose (in the shape calculator) per file, by model name. */
export interface InputChoices {
  inputsFor(uri: string): Record<string, Array<Array<number | string>>> | undefined;
  readonly onDidChangeInputs: vscode.Event<string>;
}

/** A report for one document, with the notebook mapping when the document is a cell. */
export interface DocumentReport {
  readonly report: FileReport;
  readonly status: EngineResult['status'];
  /** The document version the report describes. */
  readonly version: number;
  /** Set for notebook cells: related places in other cells. */
  readonly elsewhere?: ReturnType<typeof reportForCell>['elsewhere'];
  readonly notebook?: { readonly uri: vscode.Uri; readonly map: CellMap };
}

/**
 * Reports for Python documents and notebook cells through the EngineClient. A notebook goes to the engine as
 * a stand-in document holding its concatenated Python cells (URI: the notebook's; version: bumped whenever the
 * concatenation changes).
 */
export class ShapeReports {
  private readonly notebooks = new Map<string, { text: string; version: number; map: CellMap }>();
  /**
   * Stand-in versions grow across all notebooks and never restart: an untitled notebook's URI is reused after
   * it closes, and the EngineClient must not answer the new one with the old one's report.
   */
  private nextVersion = 1;

  /** The last report asked for with the user's inputs, per URI (the EngineClient caches default options only). */
  private readonly withInputs = new Map<string, { key: string; promise: Promise<EngineResult | undefined> }>();

  constructor(
    readonly engine: EngineClient,
    private readonly choices?: InputChoices,
  ) {}

  /** The engine's report, with the inputs the user chose in the calculator for this file when there are some. */
  private request(document: vscode.TextDocument, uriForChoices: string, waitMs: number | undefined): Promise<EngineResult | undefined> {
    const inputs = this.choices?.inputsFor(uriForChoices);
    if (!inputs) return this.engine.report(document, undefined, waitMs);
    const uri = document.uri.toString();
    const key = `${document.version}\n${JSON.stringify(inputs)}`;
    let entry = this.withInputs.get(uri);
    if (!entry || entry.key !== key) {
      entry = { key, promise: this.engine.report(document, { inputs }) };
      this.withInputs.set(uri, entry);
    }
    if (waitMs === undefined) return entry.promise;
    const promise = entry.promise;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      void promise.then((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
  }

  private notebookDocument(nb: vscode.NotebookDocument): { doc: vscode.TextDocument; map: CellMap } {
    const cells = nb.getCells().map((c, i) => ({
      key: c.document.uri.toString(),
      text: c.document.getText(),
      python: c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python',
      index: i + 1,
    }));
    const map = concatCells(cells);
    const key = nb.uri.toString();
    let entry = this.notebooks.get(key);
    if (!entry || entry.text !== map.text) {
      entry = { text: map.text, version: this.nextVersion++, map };
      this.notebooks.set(key, entry);
    }
    const text = entry.text;
    const version = entry.version;
    // The EngineClient reads only these members of a document.
    const doc = {
      uri: nb.uri,
      fileName: nb.uri.path,
      languageId: 'python',
      version,
      isClosed: nb.isClosed,
      getText: () => text,
    } as unknown as vscode.TextDocument;
    return { doc, map: entry.map };
  }

  /** The text the engine analyses for this document (the whole notebook for a cell). */
  analysedText(document: vscode.TextDocument): string {
    const nb = this.notebookOf(document);
    return nb ? this.notebookDocument(nb).map.text : document.getText();
  }

  forgetNotebook(uri: vscode.Uri): void {
    this.notebooks.delete(uri.toString());
  }

  async forDocument(document: vscode.TextDocument, waitMs?: number): Promise<DocumentReport | undefined> {
    if (document.languageId !== 'python') return undefined;
    const version = document.version;
    const nb = this.notebookOf(document);
    if (nb) {
      const { doc, map } = this.notebookDocument(nb);
      if (!hasMlImports(map.text)) return undefined;
      const result = await this.request(doc, document.uri.toString(), waitMs);
      if (!result) return undefined;
      const { report, elsewhere } = reportForCell(result.report, map, document.uri.toString());
      return { report, status: result.status, version, elsewhere, notebook: { uri: nb.uri, map } };
    }
    if (!hasMlImports(document.getText())) return undefined;
    const result = await this.request(document, document.uri.toString(), waitMs);
    if (!result || result.version !== version) return undefined;
    return { report: result.report, status: result.status, version };
  }

  forget(uri: vscode.Uri): void {
    this.withInputs.delete(uri.toString());
  }

  dispose(): void {
    this.notebooks.clear();
    this.withInputs.clear();
  }
}

// ---------------------------------------------------------------------------------------------- diagnostics

/** Problems entries per document, refreshed after edits (debounced) and cleared when the document closes. */
export class ShapeDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mlLens');
  /** The problems behind the diagnostics shown, by document URI (quick fixes read their fixes here). */
  readonly problems = new Map<string, ProblemData[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's diagnostics were recomputed (tests wait on it). */
  readonly onDidUpdate = this.emitter.event;

  constructor(
    private readonly reports: ShapeReports,
    private readonly settings: SettingsService,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.schedule(e.document, DIAGNOSTICS_DEBOUNCE_MS);
        // A change in one cell can change what the other cells of the notebook report.
        const nb = this.reports.notebookOf(e.document);
        if (nb) for (const c of nb.getCells()) if (c.document !== e.document) this.schedule(c.document, DIAGNOSTICS_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.clear(d.uri);
        this.reports.forget(d.uri);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        for (const c of nb.getCells()) this.clear(c.document.uri);
        this.reports.forgetNotebook(nb.uri);
      }),
      vscode.workspace.onDidOpenNotebookDocument((nb) => nb.getCells().forEach((c) => this.schedule(c.document, 0))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlLens')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** A report landed for `uri` (a file, or a notebook's concatenated cells): show it. */
  reported(uri: string): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (doc) this.schedule(doc, 0);
    const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri);
    if (nb) for (const c of nb.getCells()) this.schedule(c.document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== 'python') return;
    const key = document.uri.toString();
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document);
      }, delayMs),
    );
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.collection.delete(uri);
    this.problems.delete(key);
  }

  /** Recompute one document's diagnostics now (waits for the engine). */
  async refresh(document: vscode.TextDocument): Promise<void> {
    try {
      if (document.isClosed) return;
      if (!this.settings.value.diagnosticsEnabled) {
        this.clear(document.uri);
        this.emitter.fire(document.uri);
        return;
      }
      const key = document.uri.toString();
      if (!hasMlImports(this.reports.analysedText(document))) {
        // Not model code: no engine work, no problems.
        this.collection.delete(document.uri);
        this.problems.delete(key);
        this.emitter.fire(document.uri);
        return;
      }
      const result = await this.reports.forDocument(document);
      // No result: a newer version was requested meanwhile; its report refreshes this document when it lands.
      if (!result || document.isClosed || result.version !== document.version) return;
      const lineText = (line: number) => (line >= 1 && line <= document.lineCount ? document.lineAt(line - 1).text : '');
      const problems = problemsOf(result.report, lineText);
      this.problems.set(key, problems);
      this.collection.set(document.uri, problems.map((p) => this.toDiagnostic(document, p, result)));
      this.emitter.fire(document.uri);
    } catch (error) {
      console.error('ML Lens diagnostics failed:', error);
    }
  }

  private toDiagnostic(document: vscode.TextDocument, p: ProblemData, result: DocumentReport): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(p), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = SOURCE;
    if (p.code) d.code = p.code;
    d.relatedInformation = p.related.map((r) => {
      const other = result.elsewhere?.get(r);
      if (other) {
        return new vscode.DiagnosticRelatedInformation(
          new vscode.Location(vscode.Uri.parse(other.key), new vscode.Range(other.line - 1, r.column - 1, other.endLine - 1, r.endColumn - 1)),
          r.message,
        );
      }
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, rangeOf(r)), r.message);
    });
    return d;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.disposables.forEach((d) => d.dispose());
    this.collection.dispose();
    this.emitter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------- quick fixes

function sameRange(a: vscode.Range, p: SourceRange): boolean {
  return a.isEqual(rangeOf(p));
}

export class ShapeFixProvider implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: ShapeDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const problems = this.diagnostics.problems.get(document.uri.toString()) ?? [];
    if (!problems.length) return [];
    const actions: vscode.CodeAction[] = [];
    const done = new Set<ProblemData>();
    // The problems VS Code asks about (the squiggle under the cursor) …
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const p = problems.find((x) => sameRange(d.range, x) && x.message === d.message);
      if (p && !done.has(p)) {
        done.add(p);
        actions.push(...this.actionsFor(document, p, d));
      }
    }
    // … and the ones whose wrong argument is under the cursor (the constructor line has no squiggle).
    for (const p of problems) {
      if (done.has(p)) continue;
      if (p.related.some((r) => / is set here/.test(r.message) && rangeOf(r).intersection(range) !== undefined)) {
        done.add(p);
        actions.push(...this.actionsFor(document, p, undefined));
      }
    }
    return actions;
  }

  private actionsFor(document: vscode.TextDocument, p: ProblemData, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction[] {
    const out = p.fixes.map((f: FixData) => {
      const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of f.edits) edit.replace(document.uri, rangeOf(e), e.text);
      action.edit = edit;
      action.isPreferred = !!f.preferred;
      if (diagnostic) action.diagnostics = [diagnostic];
      return action;
    });
    if (p.code && diagnostic) {
      const line = document.lineAt(p.line - 1);
      const action = new vscode.CodeAction(`Ignore ${p.code} on this line`, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, line.range.end, `  # mllens: ignore[${p.code}]`);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      out.push(action);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------- inlay hints

export class ShapeInlayHints implements vscode.InlayHintsProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.emitter.event;

  constructor(
    private readonly reports: ShapeReports,
    private readonly settings: SettingsService,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    try {
      const s = this.settings.value;
      if (!s.inlayShapes && !s.inlayParams) return [];
      const result = await this.reports.forDocument(document, PROVIDER_WAIT_MS);
      if (!result || token.isCancellationRequested || result.version !== document.version) return [];
      const hints = hintsOf(result.report, { shapes: s.inlayShapes, params: s.inlayParams, where: s.inlayWhere }, { from: range.start.line + 1, to: range.end.line + 1 });
      const out: vscode.InlayHint[] = [];
      for (const h of hints) {
        if (h.line < 1 || h.line > document.lineCount) continue;
        const position = document.validatePosition(new vscode.Position(h.line - 1, h.column - 1));
        if (!range.contains(position)) continue;
        const hint = new vscode.InlayHint(position, h.label, vscode.InlayHintKind.Type);
        const tooltip = new vscode.MarkdownString(h.tooltip);
        tooltip.isTrusted = false;
        tooltip.supportHtml = false;
        hint.tooltip = tooltip;
        hint.paddingLeft = h.kind === 'layer';
        out.push(hint);
      }
      return out;
    } catch (error) {
      console.error('ML Lens inlay hints failed:', error);
      return [];
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------- CodeLens

export class ShapeCodeLenses implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly reports: ShapeReports,
    private readonly settings: SettingsService,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      if (!this.settings.value.codeLensEnabled) return [];
      const result = await this.reports.forDocument(document, PROVIDER_WAIT_MS);
      if (!result || token.isCancellationRequested || result.version !== document.version) return [];
      return lensesOf(result.report)
        .filter((l) => l.line >= 1 && l.line <= document.lineCount)
        .map((l) => {
          const range = new vscode.Range(l.line - 1, 0, l.line - 1, 0);
          return new vscode.CodeLens(range, { title: l.title, tooltip: l.tooltip, command: OPEN_SHAPES_COMMAND, arguments: [document.uri.toString(), l.model] });
        });
    } catch (error) {
      console.error('ML Lens CodeLens failed:', error);
      return [];
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------- tensor hovers

export class TensorHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly reports: ShapeReports,
    private readonly settings: SettingsService,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const s = this.settings.value;
      if (!s.hoverEnabled || !s.shapeHovers) return undefined;
      const result = await this.reports.forDocument(document, HOVER_WAIT_MS);
      if (!result || token.isCancellationRequested || result.version !== document.version) return undefined;
      const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
      const word = wordRange && { text: document.getText(wordRange), column: wordRange.start.character + 1, endColumn: wordRange.end.character + 1 };
      const calleeEnd = (t: TraceEntry) => {
        if (t.line < 1 || t.line > document.lineCount) return 0;
        const text = document.lineAt(t.line - 1).text;
        const paren = text.indexOf('(', t.column - 1);
        return paren < 0 ? t.endColumn : paren + 1;
      };
      const functionStart = (line: number) => {
        for (let l = Math.min(line, document.lineCount) - 1; l >= 0; l--) if (/^\s*(?:async\s+)?def\s/.test(document.lineAt(l).text)) return l + 1;
        return 1;
      };
      const markdown = hoverAt(result.report, position.line + 1, position.character + 1, word, calleeEnd, functionStart);
      if (!markdown) return undefined;
      const md = new vscode.MarkdownString(markdown);
      md.supportThemeIcons = true;
      md.isTrusted = false;
      md.supportHtml = false;
      return new vscode.Hover(md, wordRange);
    } catch (error) {
      console.error('ML Lens tensor hover failed:', error);
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------- wiring

export interface ShapeEditor extends vscode.Disposable {
  readonly diagnostics: ShapeDiagnostics;
  readonly reports: ShapeReports;
}

/** Diagnostics, quick fixes, inlay hints, CodeLens and tensor hovers for Python files and notebook cells. */
export function registerShapeEditor(engine: EngineClient, settings: SettingsService, choices?: InputChoices): ShapeEditor {
  const selector: vscode.DocumentSelector = [{ language: 'python' }];
  const reports = new ShapeReports(engine, choices);
  const diagnostics = new ShapeDiagnostics(reports, settings);
  const hints = new ShapeInlayHints(reports, settings);
  const lenses = new ShapeCodeLenses(reports, settings);
  const onReport = engine.onDidReport((e) => {
    diagnostics.reported(e.uri);
    hints.refresh();
    lenses.refresh();
  });
  // The user set an input in the calculator: everything follows it.
  const onInputs = choices?.onDidChangeInputs((uri) => {
    diagnostics.reported(uri);
    hints.refresh();
    lenses.refresh();
  });
  const onConfig = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlLens')) {
      hints.refresh();
      lenses.refresh();
    }
  });
  const disposable = vscode.Disposable.from(
    diagnostics,
    hints,
    lenses,
    onReport,
    onConfig,
    ...(onInputs ? [onInputs] : []),
    vscode.languages.registerCodeActionsProvider(selector, new ShapeFixProvider(diagnostics), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerHoverProvider(selector, new TensorHoverProvider(reports, settings)),
    { dispose: () => reports.dispose() },
  );
  return { diagnostics, reports, dispose: () => disposable.dispose() };
}

