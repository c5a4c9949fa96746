/**
 * The engine's result types: the JSON contract of `ml-lens shapes --json` (issue 3 §4).
 *
 * Conventions:
 * - Lines and columns are 1-based. A symbolic dimension is a string (`"N"`, `"(H-1)//2+1"`), an unknown
 *   shape is `null`.
 * - MACs are multiply-accumulates, not FLOPs: one per weight per output position, bias excluded
 *   (Linear: in·out per output row; Conv: Cout·(Cin/groups)·∏k per output position; norms, activations,
 *   pools and dropout: 0). `macs` of a row includes the calls nested inside it.
 * - `params` of a row is `sum(p.numel() for p in module.parameters())` (shared parameters once).
 * - `paramBytes` = totalParams · 4 (fp32). `activationBytes` = Σ over leaf-module calls of the output's
 *   element count · 4 bytes: a forward-pass estimate of activation memory, not a peak.
 */
export type JsonDim = number | string;
export type JsonShape = JsonDim[] | null;

export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The module path (a row's `path`) being called when the problem was found; absent outside layer calls. */
  path?: string;
}

export interface LayerRow {
  path: string;
  type: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Nesting depth of the module path (1 for a direct child of the model). */
  depth: number;
  /** True for modules without children (the rows whose outputs count as activations). */
  leaf: boolean;
  input: JsonShape[];
  output: JsonShape;
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  /** Null when unknown (a layer that counts MACs saw an input of unknown shape), never a guessed 0. */
  macs: JsonDim | null;
}

export interface ReceptiveField {
  /** Receptive field size in input pixels/steps along the first spatial axis. */
  size: number;
  /** Distance in input pixels between neighbouring outputs (the product of strides). */
  jump: number;
}

export interface ModelReport {
  name: string;
  framework: 'torch' | 'keras';
  /** Where the model is defined (class, assignment or function). */
  line: number;
  column: number;
  input: JsonShape[];
  output: JsonShape;
  layers: LayerRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  buffers: number;
  /** Null when some layer's MACs are unknown. */
  macs: JsonDim | null;
  paramBytes: number;
  /** Null when some leaf's output shape is unknown. */
  activationBytes: JsonDim | null;
  receptiveField?: ReceptiveField;
  diagnostics: Diagnostic[];
  /** False when the analysis stopped early (time budget, cancellation) or parameters are partly unknown. */
  complete: boolean;
}

export interface FileReport {
  file: string;
  models: ModelReport[];
  /** Problems not tied to one model (e.g. syntax the engine could not read). */
  diagnostics: Diagnostic[];
}

export interface AnalyzeOptions {
  /** Input shapes per model name (one shape per forward() input); key `*` applies to every model. */
  inputs?: Record<string, Array<Array<number | string>>>;
  /** Analyse only this model. */
  model?: string;
  fileName?: string;
  /** Wall-clock budget for the whole file, in ms (default 3000). */
  timeBudgetMs?: number;
  signal?: { readonly aborted: boolean };
  /** ShapeAnalyzer only: reuse per-model results whose code and dependencies are unchanged (default true). */
  cache?: boolean;
}
