/**
 * Input shape declarations: `# input: [1, 3, 224, 224]` comments above a model (several inputs separated by
 * commas, `long` after a shape for integer index tensors), and CLI/panel specs such as `1,3,224,224`.
 */
import { sym, type Dim } from './dims';

export interface InputSpec {
  readonly shape: Dim[];
  readonly dtype?: 'long' | 'float' | 'bool';
}

function parseDim(tok: string): Dim | null {
  const t = tok.trim();
  if (/^-?\d+$/.test(t)) return parseInt(t, 10);
  if (/^[A-Za-z_]\w*$/.test(t)) return sym(t);
  return null;
}

/** `[2, 10, 32], [2, 12, 32] long` → two specs. Undefined when the text holds no shape. */
export function parseInputList(text: string): InputSpec[] | undefined {
  const out: InputSpec[] = [];
  const re = /[[(]([^\])]*)[\])]\s*(long|int|int64|float|bool)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const dims = m[1].split(',').filter((x) => x.trim() !== '').map(parseDim);
    if (dims.some((d) => d === null)) return undefined;
    const dt = m[2];
    out.push({ shape: dims as Dim[], dtype: dt === 'long' || dt === 'int' || dt === 'int64' ? 'long' : dt === 'bool' ? 'bool' : undefined });
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

/** A CLI/panel spec: `1,3,224,224` or `[1, 3, 224, 224]` or `N,3,H,W`, optionally `:long`. */
export function parseShapeArg(text: string): InputSpec | undefined {
  const m = /^\s*\[?([^\]:]*)\]?\s*(?::\s*(long|int|float|bool))?\s*$/.exec(text);
  if (!m) return undefined;
  const dims = m[1].split(/[,x×\s]+/).filter(Boolean).map(parseDim);
  if (!dims.length || dims.some((d) => d === null)) return undefined;
  return { shape: dims as Dim[], dtype: m[2] === 'long' || m[2] === 'int' ? 'long' : m[2] === 'bool' ? 'bool' : undefined };
}
