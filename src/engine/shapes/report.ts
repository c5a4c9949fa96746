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
/**
 * A count (parameters, buffers, bytes): a number while it is at most 2^53 − 1 (`Number.MAX_SAFE_INTEGER`),
 * beyond that the exact decimal string (`"9007199254740993"`). Never an exponent. Counts are computed
 * with BigInt, so a string count is exact. (MACs and activation bytes are `JsonDim`s: a concrete one past
 * 2^53 is also a full decimal string, but it comes from floating point, so the model is then marked partial
 * with an MLS208 warning.)
 */
export type JsonCount = number | string;
export type JsonShape = JsonDim[] | null;

export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /**
   * Stable kind of the problem, `MLS001`…, from the catalogue in codes.ts (messages may change wording,
   * codes never change meaning). MLS2xx: an engine limit was hit (the model is `complete: false`).
   * MLS900: an internal error, a bug in the engine, reported with severity `error` and counted in
   * `FileReport.internalErrors`. Optional only so that older JSON still type-checks: the engine sets it on
   * every diagnostic it produces.
   */
  code?: string;
}

export interface LayerRow {
  path: string;
  type: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Set when the layer is built in another file (an imported module): the position is in that file. */
  file?: string;
  /** Nesting depth of the module path (1 for a direct child of the model). */
  depth: number;
  /** True for modules without children (the rows whose outputs count as activations). */
  leaf: boolean;
  input: JsonShape[];
  output: JsonShape;
  params: JsonCount | null;
  trainable: JsonCount | null;
  nonTrainable: JsonCount | null;
  macs: JsonDim;
}

export interface ReceptiveField {
  /** Receptive field size in input pixels/steps along the first spatial axis. */
  size: number;
  /** Distance in input pixels between neighbouring outputs (the product of strides). */
  jump: number;
}

/** Element type of a model input, by PyTorch's name (`torch.int64` is `int64`; `:long` on the CLI). */
export type InputDtype = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface ModelReport {
  name: string;
  framework: 'torch' | 'keras';
  /** Where the model is defined (class, assignment or function). */
  line: number;
  column: number;
  input: JsonShape[];
  /**
   * One dtype per input: as declared (`--input 4,20:long`, `# input: [4, 20] long`, AnalyzeOptions.
   * inputDtypes), `int64` when inferred for an Embedding, else `float32`.
   */
  inputDtypes: InputDtype[];
  output: JsonShape;
  layers: LayerRow[];
  totalParams: JsonCount;
  trainableParams: JsonCount;
  nonTrainableParams: JsonCount;
  buffers: JsonCount;
  macs: JsonDim;
  paramBytes: JsonCount;
  activationBytes: JsonDim;
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
  /**
   * Number of internal-error diagnostics (code MLS900) in the file and in every model: exceptions inside the
   * engine. Always 0 unless the engine has a bug; tests fail on anything else.
   */
  internalErrors: number;
  /**
   * Project modules the file imports whose source the engine did not get (dotted names, relative imports
   * made absolute: `unet_parts`, `models.blocks`). A caller that can read files supplies them through
   * `modules`/`resolveModule` and analyses again. Library imports (torch, numpy…) are never listed.
   */
  missingImports?: string[];
}

/** Text of an importable module (see `AnalyzeOptions.modules`). */
export interface ModuleSource {
  readonly source: string;
  /** True for a package's `__init__.py`. */
  readonly isPackage?: boolean;
  /** File name used in diagnostics (`unet_parts.py`). */
  readonly file?: string;
}

export interface AnalyzeOptions {
  /** Input shapes per model name (one shape per forward() input); key `*` applies to every model. */
  inputs?: Record<string, Array<Array<number | string>>>;
  /**
   * Dtypes of those inputs, same keys and order (`null` or missing: float32). A string dimension is always a
   * symbol, whatever its name (`long` included).
   */
  inputDtypes?: Record<string, Array<InputDtype | null>>;
  /**
   * Analyse only this model: a name (`ResNet`), or a call expression evaluated in the file's scope after
   * the file's top level has run (`Net(upscale_factor=3)`, `GPT(GPTConfig(n_layer=4))`, `VGG('VGG16')`,
   * `resnet50(num_classes=10)`), which builds the model with those arguments.
   */
  model?: string;
  /**
   * Constructor calls per model name, e.g. `{ Net: "Net(upscale_factor=3)" }` (what the shape calculator's
   * constructor-arguments field sends). Same rules as a call expression in `model`; a model without an entry
   * is built from a `# model: Net(...)` comment above its class, or from the arguments the file itself
   * passes where it instantiates the model (`model = Net(upscale_factor=opt.upscale_factor)`), or with no
   * arguments.
   */
  modelCalls?: Record<string, string>;
  /** `self.training` while the forward pass runs (default true, PyTorch's default; the CLI's `--eval`). */
  training?: boolean;
  /**
   * Other modules' text by dotted name (`unet_parts`, `models.blocks`, a package by its own name with
   * `isPackage`), for imports across files. The engine never reads files itself.
   */
  modules?: Readonly<Record<string, ModuleSource | string>>;
  /** Called for an imported module not in `modules`; return its text, or undefined when there is none. */
  resolveModule?: (name: string) => ModuleSource | string | undefined;
  /** Dotted module name of the analysed file (`pkg.models.resnet`), for its relative imports. */
  moduleName?: string;
  /** The analysed file is a package's `__init__.py`. */
  isPackage?: boolean;
  fileName?: string;
  /** Wall-clock budget for the whole file, in ms (default 3000). */
  timeBudgetMs?: number;
  signal?: { readonly aborted: boolean };
  /** ShapeAnalyzer only: reuse per-model results whose code and dependencies are unchanged (default true). */
  cache?: boolean;
}
