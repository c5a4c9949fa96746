/**
 * The shape calculator panel, extension side: which document it shows, the user's inputs per file and model
 * (workspace state), live re-analysis through the EngineClient (debounced), the cursor ↔ row link, reveals
 * and copies. The webview (src/webviews/client/shapes/) renders what this sends.
 *
 * Command: `mlLens.openShapes(uri?: string, model?: string, row?: string)`
 *   - `uri`: the Python document to show (a URI string); default: the active Python editor.
 *   - `model`: the model to select (class, variable or function name); default: the last one chosen for that
 *     file, else the first.
 *   - `row`: a module path (`features.0`) to highlight and scroll to, used by the hover's "Shapes" link.
 * CodeLens and other callers pass `(uri, model)`.
 */
import * as vscode from 'vscode';
import { parseShapeArg } from '../../engine/shapes/input-spec';
import type { FileReport, ModelReport } from '../../engine/shapes/report';
import type { EngineAnalyzeOptions, EngineClient } from '../../providers/engineClient';
import { Commands } from '../../providers/commandIds';
import { PanelHost } from '../panel';
import {
  SHAPES_VIEW_TYPE,
  emptyState,
  panelTitle,
  parseFromWebview,
  parseModelSettings,
  parseState,
  type DocumentState,
  type FromWebview,
  type ModelSettings,
  type ShapesState,
  type ToWebview,
} from './messages';
import { computeDtype, rowAt, tableCsv, tableJson, tableMarkdown } from './table';

/** Quiet time after the last keystroke before re-analysing (the engine then needs a few ms). */
export const EDIT_DEBOUNCE_MS = 60;
/** How long a request may take before the panel shows "analysing…" with the previous table. */
const ANALYSING_NOTE_MS = 150;
const SETTINGS_KEY = 'mlLens.shapes.settings';
const MAX_REMEMBERED_FILES = 200;

/** The engine builds models from call expressions (`Net(upscale_factor=3)`) through `modelCalls`. */
type CalculatorOptions = EngineAnalyzeOptions & { modelCalls?: Record<string, string> };

/** What the workspace remembers per file. */
interface FileMemory {
  lastModel?: string;
  models: Record<string, ModelSettings>;
  /** Last use (ms since epoch), to forget the oldest files first. */
  at: number;
}

/**
 * Whether the engine reads constructor arguments. The engine's `AnalyzeOptions.modelCalls` builds a model
 * from `Net(upscale_factor=3)`; while it is missing, the field is shown disabled with a note.
 */
export const CTOR_ARGS_SUPPORTED: boolean = true;

function isPython(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return !!document && document.languageId === 'python';
}

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/** `1, 3, 224, 224` → [1, 3, 224, 224]; `N, 3, H, W` keeps the names. */
export function inputsFromSettings(settings: ModelSettings): { shapes?: Array<Array<number | string>>; errors: string[] } {
  const typed = settings.inputs.map((i) => i.shape.trim());
  if (typed.every((t) => t === '')) return { errors: [] };
  const errors: string[] = [];
  const shapes: Array<Array<number | string>> = [];
  typed.forEach((text, i) => {
    const label = settings.inputs.length > 1 ? `Input ${i + 1}` : 'Input';
    if (text === '') {
      errors.push(`${label} is empty: give every input a shape, or clear them all to use the file's own.`);
      return;
    }
    const spec = parseShapeArg(text);
    if (!spec) {
      errors.push(`${label}: "${text}" is not a shape. Use sizes or names separated by commas, e.g. 1, 3, 224, 224 or N, 3, H, W.`);
      return;
    }
    if (spec.shape.some((d) => typeof d === 'number' && d < 0)) {
      errors.push(`${label}: sizes cannot be negative ("${text}").`);
      return;
    }
    shapes.push(spec.shape.map((d) => (typeof d === 'number' ? d : String(d))));
  });
  return errors.length ? { errors } : { shapes, errors };
}

/** `upscale_factor=3` → `Net(upscale_factor=3)`; undefined when empty. Errors for text that cannot be arguments. */
export function modelCall(model: string, ctorArgs: string): { call?: string; error?: string } {
  const text = ctorArgs.trim();
  if (!text) return {};
  if (/[\r\n]/.test(text)) return { error: 'Constructor arguments go on one line, e.g. upscale_factor=3.' };
  let depth = 0;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) break;
    }
  }
  if (depth !== 0 || quote) return { error: `Constructor arguments "${text}" have unbalanced brackets or quotes.` };
  return { call: `${model}(${text})` };
}

export class ShapesCalculator implements vscode.Disposable {
  readonly host: PanelHost<ShapesState, ToWebview, FromWebview>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The document shown (kept while the panel or another non-text editor has focus). */
  private document: vscode.TextDocument | undefined;
  private state: DocumentState = emptyState();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Incremented per request: only the newest request's answer is shown. */
  private generation = 0;
  /** A module path to highlight once the next report for this document lands (hover "Shapes" link). */
  private pendingRow: { uri: string; path: string } | undefined;
  private readonly reported = new vscode.EventEmitter<DocumentState>();
  /** Fires after a state was sent to the webview (tests and benchmarks listen here). */
  readonly onDidShow = this.reported.event;

  constructor(
    extensionUri: vscode.Uri,
    private readonly engine: EngineClient,
    private readonly memento: vscode.Memento,
  ) {
    this.host = new PanelHost<ShapesState, ToWebview, FromWebview>(
      extensionUri,
      {
        viewType: SHAPES_VIEW_TYPE,
        bundle: 'shapes',
        title: panelTitle,
        parseState,
        fallbackState: emptyState,
        parseMessage: parseFromWebview,
        icon: 'activity-bar.svg',
      },
      (message) => this.onMessage(message),
    );
    this.disposables.push(
      this.host,
      this.reported,
      this.host.onDidDisposePanel(() => {
        this.document = undefined;
        this.state = emptyState();
        if (this.debounce) clearTimeout(this.debounce);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to the panel itself (or to no editor) keeps the file; any other editor is followed.
        if (!this.host.panel || !editor || editor.document === this.document) return;
        void this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.host.panel || e.document !== this.document || e.contentChanges.length === 0) return;
        this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d !== this.document || !this.host.panel) return;
        // Forget its report: a new document may reuse the URI (untitled files), and must not inherit it.
        this.document = undefined;
        this.state = emptyState();
        const next = vscode.window.activeTextEditor?.document;
        void (next && next !== d ? this.follow(next) : this.send(emptyState()));
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.host.panel || e.textEditor.document !== this.document) return;
        this.highlightAt(e.selections[0]?.active);
      }),
    );
  }

  registerSerializer(): vscode.Disposable {
    return this.host.registerSerializer();
  }

  /** Handles a raw message exactly as if the webview sent it: validated, then dispatched (used by tests). */
  receive(raw: unknown): Promise<void> {
    return this.host.receive(raw);
  }

  /** The document state last sent (tests read it). */
  get current(): DocumentState {
    return this.state;
  }

  /** `mlLens.openShapes(uri?, model?, row?)`. */
  async open(uri?: unknown, model?: unknown, row?: unknown): Promise<void> {
    let document: vscode.TextDocument | undefined;
    if (typeof uri === 'string' && uri !== '') {
      try {
        document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
      } catch (error) {
        void vscode.window.showWarningMessage(`ML Lens: cannot open ${uri} for the shape calculator (${(error as Error).message}).`);
        return;
      }
    } else {
      const active = vscode.window.activeTextEditor?.document;
      document = isPython(active) ? active : this.document ?? vscode.window.visibleTextEditors.map((e) => e.document).find(isPython);
    }
    if (typeof model === 'string' && model !== '' && document) this.remember(document.uri.toString(), (m) => ({ ...m, lastModel: model }));
    if (typeof row === 'string' && row !== '' && document) this.pendingRow = { uri: document.uri.toString(), path: row };
    const beside = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const initial = document ? this.placeholder(document) : emptyState();
    const opened = this.host.show({ ...initial, view: parseState(initial)?.view ?? emptyState().view }, { column: this.host.panel ? undefined : beside, preserveFocus: true });
    if (opened === 'created') this.state = initial;
    if (document) await this.follow(document, true);
    else await this.send(emptyState());
  }

  // ------------------------------------------------------------------------------------------ documents

  /** A state for a document before its report is known: names the file, shows nothing stale. */
  private placeholder(document: vscode.TextDocument): DocumentState {
    const uri = document.uri.toString();
    const memory = this.memory(uri);
    const keep = this.state.uri === uri ? this.state : undefined;
    const python = document.languageId === 'python';
    return {
      ...emptyState(),
      uri,
      fileName: displayName(document.uri),
      version: document.version,
      status: python ? 'analysing' : 'unavailable',
      note: python ? 'Analysing…' : `${displayName(document.uri)} is not a Python file: open a PyTorch or Keras model file.`,
      report: keep?.report ?? null,
      model: memory.lastModel ?? keep?.model ?? null,
      settings: memory.models,
      ctorArgsSupported: CTOR_ARGS_SUPPORTED,
    };
  }

  /** Shows `document` (a new one, or the same one again) and analyses it. */
  private async follow(document: vscode.TextDocument, force = false): Promise<void> {
    if (!force && document === this.document) return;
    this.document = document;
    if (this.debounce) clearTimeout(this.debounce);
    const placeholder = this.placeholder(document);
    if (placeholder.status !== 'analysing') {
      this.generation++;
      await this.send(placeholder);
      return;
    }
    if (this.state.uri !== placeholder.uri) await this.send(placeholder);
    await this.analyse();
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.analyse();
    }, EDIT_DEBOUNCE_MS);
  }

  /** Engine options from the user's settings for this file; input errors per model. */
  private options(uri: string): { options: CalculatorOptions; errors: Record<string, string[]> } {
    const memory = this.memory(uri);
    const inputs: Record<string, Array<Array<number | string>>> = {};
    const modelCalls: Record<string, string> = {};
    const errors: Record<string, string[]> = {};
    for (const [model, settings] of Object.entries(memory.models)) {
      const parsed = inputsFromSettings(settings);
      const call = CTOR_ARGS_SUPPORTED ? modelCall(model, settings.ctorArgs) : {};
      const problems = [...parsed.errors, ...(call.error ? [call.error] : [])];
      if (problems.length) errors[model] = problems;
      if (parsed.shapes) inputs[model] = parsed.shapes;
      if (call.call) modelCalls[model] = call.call;
    }
    const options: CalculatorOptions = {};
    if (Object.keys(inputs).length) options.inputs = inputs;
    if (Object.keys(modelCalls).length) options.modelCalls = modelCalls;
    return { options, errors };
  }

  /** Re-analyses the shown document through the engine worker and sends the result. */
  private async analyse(): Promise<void> {
    const document = this.document;
    if (!document || !this.host.panel) return;
    const generation = ++this.generation;
    const uri = document.uri.toString();
    const version = document.version;
    const { options, errors } = this.options(uri);
    // A slow analysis shows "analysing…" over the previous table (never an empty panel, never silence).
    const slow = setTimeout(() => {
      if (generation === this.generation) void this.send({ ...this.state, status: 'analysing', note: 'Analysing…' });
    }, ANALYSING_NOTE_MS);
    let result = await this.engine.report(document, options);
    // No result for the same version: another feature's request for this file (other options) took its place
    // in the engine's queue. Ask again, a few times.
    for (let retry = 0; !result && retry < 3 && generation === this.generation && !document.isClosed && document.version === version; retry++) {
      result = await this.engine.report(document, options);
    }
    clearTimeout(slow);
    if (generation !== this.generation || document !== this.document) return;
    const memory = this.memory(uri);
    const base: DocumentState = { ...this.placeholder(document), version, settings: memory.models, inputErrors: errors };
    if (!result) {
      // Not Python after all, over the size limit, or superseded by a newer version (then a newer request runs).
      if (document.version !== version) return;
      await this.send({ ...base, status: 'unavailable', note: `ML Lens could not analyse ${base.fileName}: it is over the size limit (mlLens.index.maxFileSizeMB), or the shape engine is busy — edit the file to try again.`, report: null });
      return;
    }
    const report = result.report;
    const model = pickModel(report, base.model);
    const stopped = result.status === 'stopped';
    let highlight: number | null = null;
    const selected = report.models.find((m) => m.name === model);
    if (selected && this.pendingRow?.uri === uri) {
      const path = this.pendingRow.path;
      const index = selected.layers.findIndex((r) => r.path === path);
      highlight = index >= 0 ? index : null;
      this.pendingRow = undefined;
    } else if (selected) highlight = this.rowUnderCursor(selected);
    await this.send({
      ...base,
      status: stopped ? 'stopped' : 'ready',
      note: stopped ? 'The analysis was stopped: the file is too large or too slow to analyse. Showing what is known.' : '',
      report,
      model,
      highlight,
    });
  }

  private rowUnderCursor(model: ModelReport): number | null {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const at = editor?.selection.active;
    if (!at) return null;
    return rowAt(model, at.line + 1, at.character + 1) ?? null;
  }

  private highlightAt(position: vscode.Position | undefined): void {
    const report = this.state.report;
    const model = report?.models.find((m) => m.name === this.state.model);
    const uri = this.state.uri;
    if (!position || !model || !uri || this.state.version !== this.document?.version) return;
    const index = rowAt(model, position.line + 1, position.character + 1) ?? null;
    if (index === this.state.highlight) return;
    this.state = { ...this.state, highlight: index };
    void this.host.post({ type: 'highlight', uri, model: model.name, rowIndex: index });
  }

  private async send(state: DocumentState): Promise<void> {
    this.state = state;
    this.host.setTitle({ ...state, view: emptyState().view });
    await this.host.post({ type: 'show', state });
    this.reported.fire(state);
  }

  // ------------------------------------------------------------------------------------------ messages

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready': {
        if (this.document) {
          await this.send(this.state);
          return;
        }
        // A panel revived after a reload: show the file its saved state names, else the active Python editor.
        const active = vscode.window.activeTextEditor?.document;
        let target: vscode.TextDocument | undefined = isPython(active) ? active : undefined;
        if (!target && message.uri) {
          try {
            target = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.uri, true));
          } catch {
            target = undefined; // the file is gone: fall through to the empty state
          }
        }
        if (target) await this.follow(target, true);
        else await this.send(emptyState());
        return;
      }
      case 'selectModel':
        if (message.uri !== this.state.uri) return;
        this.remember(message.uri, (m) => ({ ...m, lastModel: message.model }));
        await this.send({ ...this.state, model: message.model, highlight: null });
        return;
      case 'setInputs': {
        if (message.uri !== this.state.uri) return;
        const settings = parseModelSettings(message.settings);
        if (!settings) return;
        this.remember(message.uri, (m) => ({ ...m, lastModel: message.model, models: { ...m.models, [message.model]: settings } }));
        await this.analyse();
        return;
      }
      case 'resetInputs': {
        if (message.uri !== this.state.uri) return;
        this.remember(message.uri, (m) => {
          const models = { ...m.models };
          delete models[message.model];
          return { ...m, models };
        });
        await this.analyse();
        return;
      }
      case 'reveal':
        if (message.uri !== this.state.uri) return;
        await this.reveal(message.uri, message.range);
        return;
      case 'copy': {
        if (message.uri !== this.state.uri) return;
        const report = this.state.report;
        const model = report?.models.find((m) => m.name === message.model);
        if (!report || !model) {
          await this.host.post({ type: 'copied', format: message.format, ok: false });
          return;
        }
        const settings = this.state.settings[model.name];
        const dtype = computeDtype(settings?.inputs.map((i) => i.dtype) ?? []);
        const text =
          message.format === 'markdown'
            ? tableMarkdown(this.state.fileName, model, message.view, dtype)
            : message.format === 'csv'
              ? tableCsv(model, message.view)
              : tableJson(report, model);
        await vscode.env.clipboard.writeText(text);
        await this.host.post({ type: 'copied', format: message.format, ok: true });
        return;
      }
      default: {
        const unhandled: never = message;
        void unhandled;
      }
    }
  }

  private async reveal(uri: string, range: { line: number; column: number; endLine: number; endColumn: number }): Promise<void> {
    const document = this.document?.uri.toString() === uri ? this.document : await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
    const clamp = (line: number, column: number) => {
      const l = Math.min(Math.max(line - 1, 0), Math.max(document.lineCount - 1, 0));
      return new vscode.Position(l, Math.min(Math.max(column - 1, 0), document.lineAt(l).text.length));
    };
    const selection = new vscode.Selection(clamp(range.line, range.column), clamp(range.endLine, range.endColumn));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  // ------------------------------------------------------------------------------------------ memory

  private all(): Record<string, FileMemory> {
    const raw = this.memento.get<unknown>(SETTINGS_KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, FileMemory>) : {};
  }

  /** The remembered settings of a file, validated (workspace state may come from an older version). */
  private memory(uri: string): FileMemory {
    const raw = this.all()[uri] as Partial<FileMemory> | undefined;
    const models: Record<string, ModelSettings> = {};
    if (raw && typeof raw.models === 'object' && raw.models !== null) {
      for (const [name, value] of Object.entries(raw.models)) {
        const parsed = parseModelSettings(value);
        if (parsed) models[name] = parsed;
      }
    }
    return { lastModel: typeof raw?.lastModel === 'string' ? raw.lastModel : undefined, models, at: typeof raw?.at === 'number' ? raw.at : 0 };
  }

  private remember(uri: string, change: (m: FileMemory) => FileMemory): void {
    const all = { ...this.all(), [uri]: { ...change(this.memory(uri)), at: Date.now() } };
    const files = Object.entries(all).sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0));
    void this.memento.update(SETTINGS_KEY, Object.fromEntries(files.slice(0, MAX_REMEMBERED_FILES))).then(() => this.inputsChanged.fire(uri));
  }

  private readonly inputsChanged = new vscode.EventEmitter<string>();
  /** Fires (with the file's URI) when the user's inputs for a file may have changed. */
  readonly onDidChangeInputs = this.inputsChanged.event;

  /**
   * The input shapes the user set in the calculator for a file's models (engine `inputs` option), if any: the
   * editor's hints, lenses and Problems use the same input as the table.
   */
  inputsFor(uri: string): Record<string, Array<Array<number | string>>> | undefined {
    return this.options(uri).options.inputs;
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    for (const d of this.disposables) d.dispose();
    this.inputsChanged.dispose();
  }
}

/**
 * The model to show: the requested one if the file has it (analysed, or waiting for constructor arguments),
 * else the first analysed one, else the first that needs arguments.
 */
export function pickModel(report: FileReport, wanted: string | null): string | null {
  const pending = report.needsArguments ?? [];
  if (wanted && (report.models.some((m) => m.name === wanted) || pending.some((p) => p.name === wanted))) return wanted;
  return report.models[0]?.name ?? pending[0]?.name ?? null;
}

export function registerShapesCalculator(context: vscode.ExtensionContext, engine: EngineClient): { calculator: ShapesCalculator; disposable: vscode.Disposable } {
  const calculator = new ShapesCalculator(context.extensionUri, engine, context.workspaceState);
  const disposable = vscode.Disposable.from(
    calculator,
    calculator.registerSerializer(),
    vscode.commands.registerCommand(Commands.openShapes, (uri?: unknown, model?: unknown, row?: unknown) => calculator.open(uri, model, row)),
  );
  return { calculator, disposable };
}
