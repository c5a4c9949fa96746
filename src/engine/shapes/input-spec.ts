/**
 * Input shape declarations: `# input: [1, 3, 224, 224]` comments above a model (several inputs separated by
 * commas, `long` after a shape for integer index tensors), and CLI/panel specs such as `1,3,224,224`.
 */
import { sym, type Dim } from './dims';
import type { InputDtype } from './report';

export interface InputSpec {
  readonly shape: Dim[];
  /** How the engine treats the elements: integer indices, booleans or floating point (the default). */
  readonly dtype?: 'long' | 'float' | 'bool';
  /** The declared dtype, PyTorch's name (reported per model input). */
  readonly torchDtype?: InputDtype;
}

/** Dtype spellings accepted after a shape (`:long`, `:int`, `:bool`, `:float16`…) → PyTorch's name. */
const DTYPES: ReadonlyMap<string, InputDtype> = new Map<string, InputDtype>([
  ['long', 'int64'],
  ['int64', 'int64'],
  ['int', 'int32'],
  ['int32', 'int32'],
  ['int16', 'int16'],
  ['short', 'int16'],
  ['int8', 'int8'],
  ['uint8', 'uint8'],
  ['bool', 'bool'],
  ['float', 'float32'],
  ['float32', 'float32'],
  ['double', 'float64'],
  ['float64', 'float64'],
  ['half', 'float16'],
  ['float16', 'float16'],
  ['bfloat16', 'bfloat16'],
]);

/** The dtype names `--input SHAPE:DTYPE` accepts. */
export const DTYPE_NAMES: readonly string[] = [...DTYPES.keys()];

/** The engine's element kind of a PyTorch dtype. */
export function dtypeKind(d: InputDtype): 'long' | 'float' | 'bool' {
  return d === 'bool' ? 'bool' : /^u?int/.test(d) ? 'long' : 'float';
}

/** `long` → `int64`; undefined for an unknown name. */
export function parseDtype(text: string): InputDtype | undefined {
  return DTYPES.get(text.trim().toLowerCase().replace(/^torch\./, ''));
}

function withDtype(shape: Dim[], name: string | undefined): InputSpec {
  const d = name ? parseDtype(name) : undefined;
  return d ? { shape, dtype: dtypeKind(d), torchDtype: d } : { shape };
}

function parseDim(tok: string): Dim | null {
  const t = tok.trim();
  // A size is a non-negative integer (PyTorch: "negative dimension"); anything else is not a shape.
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (/^[A-Za-z_]\w*$/.test(t)) return sym(t);
  return null;
}

/** `[2, 10, 32], [2, 12, 32] long` → two specs. Undefined when the text holds no shape. */
export function parseInputList(text: string): InputSpec[] | undefined {
  const out: InputSpec[] = [];
  const re = /[[(]([^\])]*)[\])]\s*(?::\s*)?(\w+)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const dims = m[1].split(',').filter((x) => x.trim() !== '').map(parseDim);
    if (dims.some((d) => d === null)) return undefined;
    out.push(withDtype(dims as Dim[], m[2] && parseDtype(m[2]) ? m[2] : undefined));
  }
  return out.length ? out : undefined;
}

/** The `# input:` comment in the comment block directly above the line that starts at `offset`, if any. */
export function inputCommentAbove(source: string, offset: number): InputSpec[] | undefined {
  return inputCommentAt(source, offset)?.specs;
}

/** Like inputCommentAbove, with the offset where the comment line starts. */
export function inputCommentAt(source: string, offset: number): { specs: InputSpec[]; offset: number } | undefined {
  let end = source.lastIndexOf('\n', offset - 1); // the line break ending the previous line
  for (let guard = 0; end >= 0 && guard < 200; guard++) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const text = source.slice(start, end).replace(/\r$/, '');
    const m = /^\s*#\s*input\s*:\s*(.*)$/i.exec(text);
    if (m) {
      const specs = parseInputList(m[1]);
      return specs && { specs, offset: start };
    }
    if (!/^\s*#/.test(text) && !/^\s*@/.test(text)) return undefined;
    end = start - 1;
  }
  return undefined;
}

/** `# model: Net(upscale_factor=3)` in the comment block directly above a definition: the call expression. */
export function modelCommentAbove(source: string, offset: number): string | undefined {
  let end = source.lastIndexOf('\n', offset - 1);
  for (let guard = 0; end >= 0 && guard < 200; guard++) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const text = source.slice(start, end).replace(/\r$/, '');
    const m = /^\s*#\s*model\s*:\s*(.+?)\s*$/i.exec(text);
    if (m) return m[1];
    if (!/^\s*#/.test(text) && !/^\s*@/.test(text)) return undefined;
    end = start - 1;
  }
  return undefined;
}

/**
 * A CLI/panel spec: `1,3,224,224` or `[1, 3, 224, 224]` or `N,3,H,W`, optionally `:long` (or another dtype
 * of DTYPE_NAMES). Undefined for malformed text or an unknown dtype. A dimension may be named anything,
 * `long` included: only the part after `:` is a dtype.
 */
export function parseShapeArg(text: string): InputSpec | undefined {
  const m = /^\s*\[?([^\]:]*)\]?\s*(?::\s*([\w.]+))?\s*$/.exec(text);
  if (!m) return undefined;
  const dims = m[1].split(/[,x×\s]+/).filter(Boolean).map(parseDim);
  if (!dims.length || dims.some((d) => d === null)) return undefined;
  if (m[2] !== undefined && !parseDtype(m[2])) return undefined;
  return withDtype(dims as Dim[], m[2]);
}
