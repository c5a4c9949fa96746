/**
 * Imports across files: Python modules whose source the engine can read.
 *
 * The engine never touches a file system (it runs in a worker and a webview too). A module's text comes
 * from, in this order:
 *   1. the caller: `AnalyzeOptions.modules` (dotted name → text) or `AnalyzeOptions.resolveModule` (the CLI
 *      reads project files relative to the analysed file; the editor fetches them through the workspace);
 *   2. the library blocks bundled with the engine (`../library/`): short Python definitions of
 *      torchvision.ops, timm.layers, … written for this project and interpreted like user code.
 * Anything else (torch, keras, numpy, …) stays an external library name handled by the layer catalogue.
 *
 * A module is executed once, in its own global scope, the first time something imports it; later imports
 * (and later analyses sharing the loader) reuse that scope. Only the module asked for is executed, not its
 * parent packages: their side effects never matter for shapes.
 */
import { PythonDocument } from '../python/document';
import type { Segment } from '../python/ast';
import type { Scope, Val } from './values';
import { libraryModule } from '../library';
import '../library/all';

export interface ModuleSource {
  /** The module's Python text. */
  readonly source: string;
  /** True when the text is a package's `__init__.py` (relative imports then start at the package itself). */
  readonly isPackage?: boolean;
  /** File name shown in diagnostics and rows (`unet_parts.py`). */
  readonly file?: string;
}

/** Returns the module's source, or undefined when the caller has none (a library, or a file not found). */
export type ModuleResolver = (name: string) => ModuleSource | string | undefined;

/** An executed module: the value `import m` binds. */
export interface PyModule {
  readonly t: 'pymodule';
  readonly name: string;
  readonly scope: Scope;
  readonly isPackage: boolean;
  readonly file?: string;
  /** 'project' for modules the caller supplied, 'library' for bundled library blocks. */
  readonly origin: 'project' | 'library';
  segments: readonly Segment[];
  /** True while its top level runs (a circular import sees the names bound so far, as in Python). */
  loading: boolean;
}

/** Top-level packages that are libraries, never project files: their imports are not reported as missing. */
const KNOWN_LIBRARIES = new Set([
  'torch', 'torchvision', 'torchaudio', 'torchtext', 'tensorflow', 'keras', 'tf_keras', 'numpy', 'scipy', 'pandas',
  'math', 'os', 'sys', 're', 'typing', 'typing_extensions', 'collections', 'functools', 'itertools', 'copy', 'dataclasses',
  'enum', 'abc', 'warnings', 'logging', 'argparse', 'json', 'pathlib', 'time', 'random', 'inspect', 'types', 'einops',
  'timm', 'transformers', 'PIL', 'matplotlib', 'tqdm', 'sklearn', 'cv2', 'operator', 'contextlib', 'string', 'io',
  'pickle', 'glob', 'shutil', 'datetime', 'urllib', 'requests', 'yaml', 'omegaconf', 'hydra', 'wandb', 'lightning',
  'pytorch_lightning', 'accelerate', 'safetensors', 'huggingface_hub', 'jax', 'flax', 'fvcore', 'thop', 'torchinfo',
  'torchsummary', 'numbers', 'weakref', 'socket', 'subprocess', 'threading', 'multiprocessing', 'csv', 'hashlib',
  'struct', 'heapq', 'bisect', 'statistics', 'fractions', 'decimal', 'textwrap', 'unicodedata', 'zipfile', 'tarfile',
  'tempfile', 'uuid', 'platform', 'traceback', 'gc', 'builtins', '__future__', 'keras_nlp', 'keras_cv', 'tensorboard',
  'torchmetrics', 'torch_geometric', 'h5py', 'sentencepiece', 'tokenizers', 'tiktoken', 'datasets', 'mmcv', 'mmengine',
  'importlib', 'accimage', 'onnx', 'onnxruntime', 'triton', 'xformers', 'apex', 'deepspeed', 'fairscale', 'optax', 'seaborn', 'skimage',
]);

/**
 * Executed modules shared by every analysis in this process, keyed by name and text: re-running torchvision's
 * 2,000-line transforms module for each model would cost more than the model. An entry is reused only while
 * every module it imported (transitively) still has the same text.
 */
interface SharedEntry {
  readonly source: string;
  readonly mod: PyModule;
  /** Modules imported while it ran (transitively), with the text each had: name → source or null (none). */
  readonly deps: ReadonlyMap<string, string | null>;
  readonly missing: readonly string[];
}
const SHARED = new Map<string, SharedEntry>();

/** FNV-1a of a module text, remembered for the last text seen per length (module texts rarely change). */
const HASHES = new Map<number, { text: string; hash: string }>();
function textHash(text: string): string {
  const known = HASHES.get(text.length);
  if (known && known.text === text) return known.hash;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  const hash = (h >>> 0).toString(36);
  if (HASHES.size > 1000) HASHES.clear();
  HASHES.set(text.length, { text, hash });
  return hash;
}
const SHARED_MAX = 300;

/** True for a module of a well-known library or the standard library (never a project file). */
export function isLibraryModule(name: string): boolean {
  return KNOWN_LIBRARIES.has(name.split('.')[0]);
}

export class ModuleLoader {
  private readonly modules = new Map<string, PyModule | null>();
  /** Text each module name resolved to in this analysis (null: none). */
  private readonly texts = new Map<string, string | null>();
  /** Dependency sets of the modules being executed (innermost last). */
  private readonly recording: Array<Map<string, string | null>> = [];
  /** Project modules that were imported but whose source nobody supplied, with the importing line. */
  readonly missing = new Set<string>();

  constructor(
    private readonly resolve: ModuleResolver | undefined,
    private readonly supplied: Readonly<Record<string, ModuleSource | string>> | undefined,
  ) {}

  /**
   * The module called `name`, executed on first use by `run` (which executes its segments in its scope);
   * undefined when no source is available.
   */
  load(name: string, run: (mod: PyModule) => void): PyModule | undefined {
    if (this.modules.has(name)) {
      for (const r of this.recording) r.set(name, this.texts.get(name) ?? null);
      return this.modules.get(name) ?? undefined;
    }
    const found = this.source(name);
    for (const r of this.recording) r.set(name, found ? found.ms.source : null);
    if (!found) {
      this.modules.set(name, null);
      return undefined;
    }
    const { ms, origin } = found;
    const key = `${name}\0${ms.isPackage ? 1 : 0}`;
    const shared = SHARED.get(key);
    if (shared && shared.source === ms.source && this.depsHold(shared.deps)) {
      this.modules.set(name, shared.mod);
      for (const [n, t] of shared.deps) {
        for (const r of this.recording) r.set(n, t);
      }
      for (const m of shared.missing) this.missing.add(m);
      return shared.mod;
    }
    const doc = new PythonDocument();
    doc.update(ms.source);
    const mod: PyModule = {
      t: 'pymodule',
      name,
      scope: { vars: new Map<string, Val>(), parent: null, isGlobal: true },
      isPackage: ms.isPackage === true,
      file: ms.file,
      origin,
      segments: doc.segments,
      loading: true,
    };
    for (const seg of doc.segments) seg.module = { name, isPackage: mod.isPackage, file: ms.file ?? `${name.replace(/\./g, '/')}.py` };
    this.modules.set(name, mod);
    const deps = new Map<string, string | null>();
    const missingBefore = new Set(this.missing);
    this.recording.push(deps);
    try {
      run(mod);
    } finally {
      mod.loading = false;
      this.recording.pop();
    }
    deps.delete(name);
    if (SHARED.size >= SHARED_MAX) SHARED.delete(SHARED.keys().next().value!);
    SHARED.set(key, { source: ms.source, mod, deps, missing: [...this.missing].filter((m) => !missingBefore.has(m)) });
    return mod;
  }

  /** The text of module `name` (caller first, then the bundled library), remembered for this analysis. */
  private source(name: string): { ms: ModuleSource; origin: PyModule['origin'] } | undefined {
    let src: ModuleSource | string | undefined = this.supplied && Object.hasOwn(this.supplied, name) ? this.supplied[name] : undefined;
    let origin: PyModule['origin'] = 'project';
    if (src === undefined && this.resolve) {
      try {
        src = this.resolve(name);
      } catch {
        src = undefined;
      }
    }
    if (src === undefined) {
      src = libraryModule(name);
      origin = 'library';
    }
    if (src === undefined || (typeof src !== 'string' && typeof src?.source !== 'string')) {
      this.texts.set(name, null);
      return undefined;
    }
    const ms: ModuleSource = typeof src === 'string' ? { source: src } : src;
    this.texts.set(name, ms.source);
    return { ms, origin };
  }

  private depsHold(deps: ReadonlyMap<string, string | null>): boolean {
    for (const [n, text] of deps) {
      if (!this.texts.has(n)) this.source(n);
      if ((this.texts.get(n) ?? null) !== text) return false;
    }
    return true;
  }

  /** Note an import of project code that could not be read. Library names are never reported. */
  noteMissing(name: string): void {
    if (isLibraryModule(name)) return;
    if (this.missing.size < 200) this.missing.add(name);
  }

  /** The modules read so far and a hash of their text (a model result depends on the sources it imported). */
  signature(): string {
    const parts: string[] = [];
    for (const [name, text] of this.texts) if (text !== null) parts.push(`${name}:${textHash(text)}`);
    return parts.join(',');
  }
}

/**
 * The absolute dotted name of an import as the converter wrote it (`<local>.^.ops.misc.X` for
 * `from ..ops.misc import X`), seen from module `current` (undefined: the analysed file, which is then
 * treated as a top-level module, its siblings being top-level modules too).
 */
export function absoluteImport(qualified: string, current: { name: string; isPackage: boolean } | undefined): string {
  if (!qualified.startsWith('<local>')) return qualified;
  const parts = qualified.split('.').slice(1);
  let up = 0;
  while (parts[0] === '^') {
    parts.shift();
    up++;
  }
  // The package of the current module: the module itself for a package's __init__, else its parent.
  const pkg = current ? current.name.split('.') : [];
  if (current && !current.isPackage) pkg.pop();
  for (let i = 0; i < up && pkg.length; i++) pkg.pop();
  return [...pkg, ...parts].join('.');
}
