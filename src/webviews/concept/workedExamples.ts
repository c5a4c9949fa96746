/**
 * Worked examples for cards about layers: a small PyTorch layer on a concrete input, with the output shape,
 * parameters and MACs computed by the shape engine (the same analysis the editor's hovers use). The examples
 * are data (worked-examples.json); the numbers are never written down, they come from the engine, and a unit
 * test checks the engine against real PyTorch for every example.
 *
 * Pure TypeScript: the caller passes the analysis (the extension: EngineClient.analyzeText, in the engine's
 * worker; tests: the engine's analyzeSource directly).
 */
import type { FileReport, JsonShape } from '../../engine/shapes/report';
import data from './worked-examples.json';

export interface WorkedExampleSpec {
  readonly symbol: string;
  readonly code: string;
  readonly input: readonly number[];
  readonly input2?: readonly number[];
  readonly call?: string;
  readonly dtype?: 'long';
}

/** What a card shows: the code, and the engine's numbers (or why there are none). */
export interface WorkedExample {
  readonly symbol: string;
  /** The Python a reader could run: `layer = nn.Conv2d(…)`, `x = torch.randn(…)`, `y = layer(x)`. */
  readonly code: string;
  readonly input: string;
  /** Output shape as text ("[1, 64, 112, 112]"), or undefined when the engine could not tell. */
  readonly output?: string;
  readonly params?: number;
  readonly macs?: number;
  /** Set when the engine's result is partial or failed; shown instead of numbers. */
  readonly note?: string;
}

export const WORKED_EXAMPLES: readonly WorkedExampleSpec[] = (data as { examples: WorkedExampleSpec[] }).examples;

const BY_SYMBOL = new Map(WORKED_EXAMPLES.map((e) => [e.symbol, e]));

/** The examples for a card's code symbols (at most `max`, in the card's order). */
export function examplesForSymbols(symbols: readonly string[], max = 2): WorkedExampleSpec[] {
  return symbols.flatMap((s) => BY_SYMBOL.get(s) ?? []).slice(0, max);
}

export function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}

/** The module the engine analyses: one layer in an nn.Module with a declared input shape. */
export function exampleSource(spec: WorkedExampleSpec): string {
  const inputs = [spec.input, ...(spec.input2 ? [spec.input2] : [])].map(shapeText).join(', ');
  const params = spec.input2 ? 'x, y' : 'x';
  return [
    'import torch',
    'import torch.nn as nn',
    '',
    '',
    `# input: ${inputs}`,
    'class Example(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    `        self.layer = ${spec.code}`,
    '',
    `    def forward(self, ${params}):`,
    `        return ${spec.call ?? 'self.layer(x)'}`,
    '',
  ].join('\n');
}

/** What a reader sees: runnable PyTorch for the example. */
function readerCode(spec: WorkedExampleSpec): string {
  const tensor = (shape: readonly number[]) =>
    spec.dtype === 'long' ? `torch.randint(0, 100, (${shape.join(', ')}))` : `torch.randn(${shape.join(', ')})`;
  const lines = [`layer = ${spec.code}`, `x = ${tensor(spec.input)}`];
  if (spec.input2) lines.push(`y = ${tensor(spec.input2)}`);
  const call = (spec.call ?? 'self.layer(x)').replace('self.layer', 'layer');
  lines.push(`out = ${call}`);
  return lines.join('\n');
}

const isConcrete = (shape: JsonShape | undefined): shape is number[] => Array.isArray(shape) && shape.every((d) => typeof d === 'number');

export type Analyze = (source: string, name: string) => FileReport | undefined | Promise<FileReport | undefined>;

/** Runs one example through the engine. Never throws: a failure becomes a note. */
export async function computeExample(spec: WorkedExampleSpec, analyze: Analyze): Promise<WorkedExample> {
  const base = { symbol: spec.symbol, code: readerCode(spec), input: [spec.input, ...(spec.input2 ? [spec.input2] : [])].map(shapeText).join(', ') };
  try {
    const report = await analyze(exampleSource(spec), `${spec.symbol}.py`);
    const model = report?.models.find((m) => m.name === 'Example');
    const row = model?.layers.find((r) => r.path === 'layer');
    if (!model || !row) return { ...base, note: 'The shape engine could not analyse this example.' };
    const output = isConcrete(model.output as JsonShape | undefined) ? shapeText(model.output as number[]) : undefined;
    const params = typeof row.params === 'number' ? row.params : undefined;
    const macs = typeof row.macs === 'number' ? row.macs : undefined;
    const note = model.complete ? undefined : 'The shape engine could not determine every number of this example.';
    return { ...base, output, params, macs, note };
  } catch (error) {
    return { ...base, note: `The shape engine failed on this example: ${(error as Error).message}` };
  }
}
