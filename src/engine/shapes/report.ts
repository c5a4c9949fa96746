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
  /** The module path (a row's `path`) being called when the problem was found; absent outside layer calls. */
  path?: string;
  /**
   * Stable kind of the problem, `MLS001`…, from the catalogue in codes.ts (messages may change wording,
   * codes never change meaning). MLS2xx: an engine limit was hit (the model is `complete: false`).
   * MLS900: an internal error, a bug in the engine, reported with severity `error` and counted in
   * `FileReport.internalErrors`. Optional only so that older JSON still type-checks: the engine sets it on
   * every diagnostic it produces.
   */
  code?: string;
  /** Other places that explain the problem: where the wrong value came from, where the layer was built. */
  related?: RelatedInfo[];
  /** Edits that would fix the problem, best first (quick fixes in the editor). */
  fixes?: FixData[];
}

/** A source range, 1-based lines and columns (columns count UTF-16 code units, end exclusive). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedInfo extends SourceRange {
  message: string;
}

export interface TextEditData extends SourceRange {
  /** Replacement text (empty deletes the range; an empty range inserts). */
  text: string;
}

/**
 * A fix for a diagnostic, as data. Kinds:
 * - `set-arg`: rewrite one constructor argument (`in_features`, `in_channels`, `num_features`, `embed_dim`,
 *   `input_size`) to the value the layer really receives; `expression` is the product form when the value is
 *   a flattened shape (`16 * 5 * 5`), else the number.
 * - `insert-flatten`: insert `nn.Flatten()` before a Linear inside an `nn.Sequential(...)`.
 * - `use-lazy`: replace the layer by its Lazy variant (`nn.LazyLinear(out)`), which infers the input size.
 */
export interface FixData {
  kind: 'set-arg' | 'insert-flatten' | 'use-lazy';
  title: string;
  edits: TextEditData[];
  /** The argument (set-arg). */
  arg?: string;
  /** The value the argument should have (set-arg). */
  value?: number;
  /** The replacement text of the argument (set-arg). */
  expression?: string;
  /** The fix the editor should prefer (one per diagnostic). */
  preferred?: boolean;
}

/** Where a model's input shape came from (first that applies). */
export interface InputSource {
  /**
   * - `option`: given by the caller (the shape calculator, `--input`);
   * - `comment`: a `# input: [...]` comment above the model;
   * - `call`: a call with literal tensors in the file or notebook, `model(torch.randn(32, 1, 28, 28))`;
   * - `first-layer`: inferred from the first layer (`Conv2d(3, …)` gives `[N, 3, H, W]`);
   * - `keras`: the model's own `Input(shape=…)` / `input_shape=`;
   * - `unknown`: none of these.
   */
  kind: 'option' | 'comment' | 'call' | 'first-layer' | 'keras' | 'unknown';
  /** Short human description: "`# input:` comment, line 12", "call on line 40", "first layer (Conv2d)". */
  label: string;
  /** The line it was read from (comment, call), 1-based. */
  line?: number;
}

/**
 * One value seen while forward() ran, for inlay hints and hovers (first call only; `calls` counts them):
 * - `var`: an assignment target (`x = ...`, `out, h = ...`): its shape, dtype and the op that produced it;
 * - `call`: a module call (`self.conv2(x)`): its input and output shapes.
 */
export interface TraceEntry extends SourceRange {
  kind: 'var' | 'call';
  /** Variable name (`var`) or module path (`call`). */
  name: string;
  shape: JsonShape;
  /** Input shapes (`call`). */
  input?: JsonShape[];
  dtype?: string;
  /** The op that produced the value (`conv2 (Conv2d)`, `torch.flatten`, `+`). */
  op?: string;
  /** How many times this place ran during the forward pass (a block called twice, a loop). */
  calls: number;
  /** True when later runs of this place saw a different shape than the first (the shape shown). */
  varies?: boolean;
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
  /** Null when unknown (a layer that counts MACs saw an input of unknown shape), never a guessed 0. */
  macs: JsonDim | null;
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
  inputDtypes?: InputDtype[];
  output: JsonShape;
  layers: LayerRow[];
  totalParams: JsonCount;
  trainableParams: JsonCount;
  nonTrainableParams: JsonCount;
  buffers: JsonCount;
  /** Null when some layer's MACs are unknown. */
  macs: JsonDim | null;
  paramBytes: JsonCount;
  /** Null when some leaf's output shape is unknown. */
  activationBytes: JsonDim | null;
  receptiveField?: ReceptiveField;
  diagnostics: Diagnostic[];
  /** Where `input` came from. */
  inputSource: InputSource;
  /** Values of forward()'s assignments and module calls, in source order (see TraceEntry). */
  trace: TraceEntry[];
  /** False when the analysis stopped early (time budget, cancellation) or parameters are partly unknown. */
  complete: boolean;
}

export interface FileReport {
  file: string;
  models: ModelReport[];
  /** Problems not tied to one model (e.g. syntax the engine could not read). */
  diagnostics: Diagnostic[];
  /** Tensor values assigned at module level (a Keras functional graph), as in ModelReport.trace. */
  trace?: TraceEntry[];
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
  /**
   * Model classes in the file that were not analysed because their constructor needs arguments that neither
   * the caller (`modelCalls`), a `# model: Net(...)` comment nor a call in the file gave: where each class is
   * and the names of its required parameters.
   */
  needsArguments?: Array<{ name: string; line: number; column: number; params: string[] }>;
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
