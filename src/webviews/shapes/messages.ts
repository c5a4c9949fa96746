/**
 * The shape calculator's message protocol, shared by the extension (src/webviews/shapes/controller.ts) and the
 * webview (src/webviews/client/shapes/main.ts). Tagged unions in both directions; the extension validates
 * every message it receives with `parseFromWebview`, and a saved webview state with `parseState`.
 *
 * No `vscode` and no DOM here.
 */
import type { Diagnostic, FileReport, JsonShape, LayerRow, ModelReport } from '../../engine/shapes/report';
import { DEFAULT_VIEW, DTYPES, MAX_DEPTH, type DtypeName, type SourceRange, type TableView } from './table';

export const SHAPES_VIEW_TYPE = 'mlLens.shapes';

/** One forward() input as the user typed it: `1, 3, 224, 224` or `N, 3, H, W`, and its dtype. */
export interface InputSetting {
  readonly shape: string;
  readonly dtype: DtypeName;
}

/** What the user set for one model of one file (remembered in workspace state). */
export interface ModelSettings {
  readonly inputs: readonly InputSetting[];
  /** Constructor arguments as Python keyword/positional text: `upscale_factor=3`. Empty: none. */
  readonly ctorArgs: string;
}

export type DocumentStatus =
  /** The report is for this version of the file. */
  | 'ready'
  /** Analysing; `report` (if any) is the previous version's, shown until the new one lands. */
  | 'analysing'
  /** No Python editor is active and none was given. */
  | 'noEditor'
  /** The file is over ML Lens's size limit, or the engine cannot read it. */
  | 'unavailable'
  /** The analysis overran its time or memory limit and was stopped. */
  | 'stopped';

/** The document part of the panel's state: what the extension knows. */
export interface DocumentState {
  /** The document shown (a URI string), or null when there is none. */
  readonly uri: string | null;
  /** Its name as the user knows it (workspace-relative path, or "Untitled-1"). */
  readonly fileName: string;
  readonly version: number;
  readonly status: DocumentStatus;
  /** A sentence for statuses other than 'ready' (why nothing or something old is shown). */
  readonly note: string;
  readonly report: FileReport | null;
  /** The model shown, by name. */
  readonly model: string | null;
  /** The user's inputs and constructor arguments per model (only models the user changed). */
  readonly settings: Readonly<Record<string, ModelSettings>>;
  /** Problems with what the user typed (per model): shown under the fields. */
  readonly inputErrors: Readonly<Record<string, readonly string[]>>;
  /** Whether the engine accepts constructor arguments (model call expressions). */
  readonly ctorArgsSupported: boolean;
  /** Row index (in the shown model's layers) under the editor's cursor, or null. */
  readonly highlight: number | null;
}

/** The whole webview state: the document part plus how the table is viewed (kept per model). */
export interface ShapesState extends DocumentState {
  readonly view: TableView;
}

// ---------------------------------------------------------------------------------------------- messages

export type ToWebview =
  /** A new document state (new file, new version, new report or settings). The view part stays the webview's. */
  | { readonly type: 'show'; readonly state: DocumentState }
  /** The editor's cursor moved: highlight this row (or none) of the model shown for `uri`. */
  | { readonly type: 'highlight'; readonly uri: string; readonly model: string; readonly rowIndex: number | null }
  /** A copy finished: announce it. */
  | { readonly type: 'copied'; readonly format: CopyFormat; readonly ok: boolean };

export type CopyFormat = 'markdown' | 'csv' | 'json';
const COPY_FORMATS: readonly CopyFormat[] = ['markdown', 'csv', 'json'];

export type FromWebview =
  /** The page rendered its first state and listens; `uri` is the file its (possibly restored) state shows. */
  | { readonly type: 'ready'; readonly uri: string | null }
  | { readonly type: 'selectModel'; readonly uri: string; readonly model: string }
  | { readonly type: 'setInputs'; readonly uri: string; readonly model: string; readonly settings: ModelSettings }
  /** Forget the user's inputs for a model (back to the file's `# input:` comment or the inferred shape). */
  | { readonly type: 'resetInputs'; readonly uri: string; readonly model: string }
  /** A row was activated: reveal and select its source range. */
  | { readonly type: 'reveal'; readonly uri: string; readonly range: SourceRange }
  | { readonly type: 'copy'; readonly uri: string; readonly model: string; readonly format: CopyFormat; readonly view: TableView };

// ---------------------------------------------------------------------------------------------- validation

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** Longest accepted strings: URIs, model names, typed shapes, constructor arguments. */
const LIMITS = { uri: 8192, model: 512, shape: 512, ctorArgs: 4096, inputs: 32 } as const;

function parseRange(v: unknown): SourceRange | undefined {
  if (!isObj(v)) return undefined;
  const { line, column, endLine, endColumn } = v;
  if (!isInt(line, 1) || !isInt(column, 1) || !isInt(endLine, 1) || !isInt(endColumn, 1)) return undefined;
  if (endLine < line || (endLine === line && endColumn < column)) return undefined;
  return { line, column, endLine, endColumn };
}

export function parseInputSetting(v: unknown): InputSetting | undefined {
  if (!isObj(v) || !isStr(v.shape, LIMITS.shape) || !DTYPES.includes(v.dtype as DtypeName)) return undefined;
  return { shape: v.shape, dtype: v.dtype as DtypeName };
}

export function parseModelSettings(v: unknown): ModelSettings | undefined {
  if (!isObj(v) || !Array.isArray(v.inputs) || v.inputs.length > LIMITS.inputs || !isStr(v.ctorArgs, LIMITS.ctorArgs)) return undefined;
  const inputs = v.inputs.map(parseInputSetting);
  if (inputs.some((i) => i === undefined)) return undefined;
  return { inputs: inputs as InputSetting[], ctorArgs: v.ctorArgs };
}

export function parseView(v: unknown): TableView | undefined {
  if (!isObj(v) || !isBool(v.foldRepeats) || !isInt(v.maxDepth, 1, MAX_DEPTH) || !isBool(v.flops)) return undefined;
  if (!Array.isArray(v.toggled) || v.toggled.length > 10_000 || !v.toggled.every((t) => isStr(t, LIMITS.model * 4))) return undefined;
  return { foldRepeats: v.foldRepeats, maxDepth: v.maxDepth, flops: v.flops, toggled: v.toggled as string[] };
}

/** Validates a message from the webview; undefined for anything that is not exactly one of FromWebview. */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  const type = v.type as FromWebview['type'];
  switch (type) {
    case 'ready':
      return v.uri === null || isStr(v.uri, LIMITS.uri) ? { type, uri: v.uri } : undefined;
    case 'selectModel':
      return isStr(v.uri, LIMITS.uri) && isStr(v.model, LIMITS.model) && v.model !== '' ? { type, uri: v.uri, model: v.model } : undefined;
    case 'setInputs': {
      const settings = parseModelSettings(v.settings);
      return settings && isStr(v.uri, LIMITS.uri) && isStr(v.model, LIMITS.model) && v.model !== '' ? { type, uri: v.uri, model: v.model, settings } : undefined;
    }
    case 'resetInputs':
      return isStr(v.uri, LIMITS.uri) && isStr(v.model, LIMITS.model) && v.model !== '' ? { type, uri: v.uri, model: v.model } : undefined;
    case 'reveal': {
      const range = parseRange(v.range);
      return range && isStr(v.uri, LIMITS.uri) ? { type, uri: v.uri, range } : undefined;
    }
    case 'copy': {
      const view = parseView(v.view);
      const format = v.format as CopyFormat;
      return view && COPY_FORMATS.includes(format) && isStr(v.uri, LIMITS.uri) && isStr(v.model, LIMITS.model)
        ? { type, uri: v.uri, model: v.model, format, view }
        : undefined;
    }
    default: {
      // Unknown types are rejected; the assignment proves every member of the union is handled above.
      const unhandled: never = type;
      void unhandled;
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------- state

function isShape(v: unknown): v is JsonShape {
  return v === null || (Array.isArray(v) && v.length <= 64 && v.every((d) => isInt(d, -Number.MAX_SAFE_INTEGER) || isStr(d, 4096)));
}

const isDim = (v: unknown): boolean => v === null || typeof v === 'number' || isStr(v, 100_000);

function isDiagnostic(v: unknown): v is Diagnostic {
  return (
    isObj(v) &&
    isInt(v.line) &&
    isInt(v.column) &&
    isInt(v.endLine) &&
    isInt(v.endColumn) &&
    (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info') &&
    isStr(v.message, 100_000) &&
    (v.path === undefined || isStr(v.path))
  );
}

function isRow(v: unknown): v is LayerRow {
  return (
    isObj(v) &&
    isStr(v.path) &&
    isStr(v.type) &&
    isInt(v.line) &&
    isInt(v.column) &&
    isInt(v.endLine) &&
    isInt(v.endColumn) &&
    isInt(v.depth) &&
    isBool(v.leaf) &&
    Array.isArray(v.input) &&
    v.input.every(isShape) &&
    isShape(v.output) &&
    (v.params === null || isInt(v.params)) &&
    (v.trainable === null || isInt(v.trainable)) &&
    (v.nonTrainable === null || isInt(v.nonTrainable)) &&
    isDim(v.macs)
  );
}

function isModel(v: unknown): v is ModelReport {
  return (
    isObj(v) &&
    isStr(v.name) &&
    (v.framework === 'torch' || v.framework === 'keras') &&
    isInt(v.line) &&
    Array.isArray(v.input) &&
    v.input.every(isShape) &&
    isShape(v.output) &&
    Array.isArray(v.layers) &&
    v.layers.every(isRow) &&
    isInt(v.totalParams) &&
    isInt(v.trainableParams) &&
    isInt(v.nonTrainableParams) &&
    isDim(v.macs) &&
    isInt(v.paramBytes) &&
    isDim(v.activationBytes) &&
    Array.isArray(v.diagnostics) &&
    v.diagnostics.every(isDiagnostic) &&
    isBool(v.complete) &&
    (v.inputSource === undefined || (isObj(v.inputSource) && isStr(v.inputSource.kind, 32) && isStr(v.inputSource.label)))
  );
}

function isPendingModel(v: unknown): boolean {
  return isObj(v) && isStr(v.name, LIMITS.model) && isInt(v.line) && isInt(v.column) && Array.isArray(v.params) && v.params.every((p) => isStr(p, LIMITS.model));
}

function isReport(v: unknown): v is FileReport {
  return (
    isObj(v) &&
    isStr(v.file) &&
    Array.isArray(v.models) &&
    v.models.every(isModel) &&
    Array.isArray(v.diagnostics) &&
    v.diagnostics.every(isDiagnostic) &&
    (v.needsArguments === undefined || (Array.isArray(v.needsArguments) && v.needsArguments.every(isPendingModel)))
  );
}

const STATUSES: readonly DocumentStatus[] = ['ready', 'analysing', 'noEditor', 'unavailable', 'stopped'];

function parseRecord<T>(v: unknown, item: (x: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v)) {
    const parsed = item(x);
    if (parsed === undefined) return undefined;
    out[k] = parsed;
  }
  return out;
}

export function parseDocumentState(v: unknown): DocumentState | undefined {
  if (!isObj(v)) return undefined;
  const settings = parseRecord(v.settings, parseModelSettings);
  const inputErrors = parseRecord(v.inputErrors, (x) => (Array.isArray(x) && x.every((e) => isStr(e)) ? (x as string[]) : undefined));
  if (
    !(v.uri === null || isStr(v.uri, LIMITS.uri)) ||
    !isStr(v.fileName, LIMITS.uri) ||
    !isInt(v.version, -1) ||
    !STATUSES.includes(v.status as DocumentStatus) ||
    !isStr(v.note) ||
    !(v.report === null || isReport(v.report)) ||
    !(v.model === null || isStr(v.model, LIMITS.model)) ||
    !settings ||
    !inputErrors ||
    !isBool(v.ctorArgsSupported) ||
    !(v.highlight === null || isInt(v.highlight))
  ) {
    return undefined;
  }
  return {
    uri: v.uri,
    fileName: v.fileName,
    version: v.version,
    status: v.status as DocumentStatus,
    note: v.note,
    report: v.report,
    model: v.model,
    settings,
    inputErrors,
    ctorArgsSupported: v.ctorArgsSupported,
    highlight: v.highlight,
  };
}

/** Validates a whole state (the initial one, or one the webview saved and VS Code hands back on reload). */
export function parseState(v: unknown): ShapesState | undefined {
  const doc = parseDocumentState(v);
  if (!doc || !isObj(v)) return undefined;
  return { ...doc, view: parseView(v.view) ?? DEFAULT_VIEW };
}

export function emptyState(): ShapesState {
  return {
    uri: null,
    fileName: '',
    version: -1,
    status: 'noEditor',
    note: 'Open a Python file with a PyTorch or Keras model.',
    report: null,
    model: null,
    settings: {},
    inputErrors: {},
    ctorArgsSupported: false,
    highlight: null,
    view: DEFAULT_VIEW,
  };
}

/** The tab title: names the file, so the panel never looks like it belongs to another one. */
export function panelTitle(state: Pick<DocumentState, 'fileName' | 'uri'>): string {
  if (!state.uri) return 'Shapes';
  const base = state.fileName.slice(state.fileName.lastIndexOf('/') + 1) || state.fileName;
  return `Shapes: ${base}`;
}
