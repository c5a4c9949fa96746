/**
 * `ml-lens shapes FILE [--model NAME] [--input 1,3,224,224]... [--json]`
 *
 * Prints a torchinfo-like table per model (layer tree by path, type, output shape, parameters, MACs), the
 * totals and the diagnostics as `file:line:col`, or with `--json` the engine's FileReport.
 * Exit codes: 0 ok (possibly partial, with warnings), 1 diagnostics with errors, 2 usage or I/O errors,
 * 3 an internal error in the engine (a bug; the report is still printed).
 */
import { readFileSync, statSync } from 'fs';
import { DTYPE_NAMES, parseShapeArg, type FileReport, type InputDtype, type ModelReport } from '../engine/shapes';
import { formatBytes, formatCount, formatShape, formatShapes, toJson } from '../engine/shapes/format';
import { analyzeInWorker } from './engine';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `usage: ml-lens shapes FILE [--model NAME|CALL] [--input SHAPE]... [--eval] [--json]

Static output shapes, parameter counts and MACs for the PyTorch / Keras models in FILE.

  --model NAME     analyse only the model (class, variable or function) called NAME
  --model CALL     build the model with these arguments, evaluated in FILE's scope:
                   "Net(upscale_factor=3)", "GPT(GPTConfig(n_layer=4))", "VGG('VGG16')"
  --input SHAPE    an input shape such as 1,3,224,224 or N,3,H,W, optionally with a dtype:
                   4,20:long for index tensors (also :int, :bool, :float16, :bfloat16, :double…);
                   repeat once per forward() input
  --eval           run forward() in eval mode (self.training is False)
  --time-budget MS stop the analysis after MS milliseconds (default 10000); what was not
                   analysed is reported as partial, with a warning
  --json           print the machine-readable report

Imports of other project files (sibling modules, packages, relative imports) are read
from disk relative to FILE.
  -h, --help       show this help

MACs are multiply-accumulates (not FLOPs): one per weight per output position, bias excluded.
The engine stops itself at its limits (time budget, build caps, nesting depth): the model is then
reported as partial, with a warning naming the limit.
Exit status: 0 ok (warnings and partial results included), 1 the analysis found errors,
2 usage or I/O error, 3 internal error in the engine (please report it).`;

/** Files larger than this are not read (the engine's time budget would stop long before the end). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

interface Args {
  file: string;
  model?: string;
  inputs: Array<Array<number | string>>;
  dtypes: Array<InputDtype | null>;
  json: boolean;
  eval: boolean;
  timeBudgetMs: number;
}

function parseArgs(argv: readonly string[], io: CliIO): Args | number {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) {
    (argv.length === 0 ? io.err : io.out)(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const [command, ...rest] = argv;
  if (command !== 'shapes') {
    io.err(`ml-lens: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const args: Args = { file: '', inputs: [], dtypes: [], json: false, eval: false, timeBudgetMs: 10_000 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      return rest[++i];
    };
    if (a === '--json') args.json = true;
    else if (a === '--eval') args.eval = true;
    else if (a === '--model' || a.startsWith('--model=')) {
      const v = value();
      if (!v) {
        io.err('ml-lens: --model needs a name');
        return 2;
      }
      args.model = v;
    } else if (a === '--time-budget' || a.startsWith('--time-budget=')) {
      const v = value();
      const ms = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (!(ms >= 1 && ms <= 3_600_000)) {
        io.err(`ml-lens: bad --time-budget '${v ?? ''}': expected milliseconds between 1 and 3600000`);
        return 2;
      }
      args.timeBudgetMs = ms;
    } else if (a === '--input' || a.startsWith('--input=')) {
      const v = value();
      const spec = v === undefined ? undefined : parseShapeArg(v);
      if (!spec) {
        io.err(`ml-lens: bad --input '${v ?? ''}': expected a shape of non-negative sizes or names such as 1,3,224,224 or N,3,H,W, optionally :DTYPE (${DTYPE_NAMES.join(', ')})`);
        return 2;
      }
      args.inputs.push(spec.shape.map((d) => (typeof d === 'number' ? d : String(d))));
      args.dtypes.push(spec.torchDtype ?? null);
    } else if (a.startsWith('-')) {
      io.err(`ml-lens: unknown option '${a}'\n\n${USAGE}`);
      return 2;
    } else if (!args.file) args.file = a;
    else {
      io.err(`ml-lens: only one FILE can be given (got '${args.file}' and '${a}')`);
      return 2;
    }
  }
  if (!args.file) {
    io.err(`ml-lens: missing FILE\n\n${USAGE}`);
    return 2;
  }
  return args;
}

// ---------------------------------------------------------------------------------------------- formatting

const fmtShape = formatShape;
const fmtNum = formatCount;
const fmtBytes = formatBytes;

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

export function formatModel(m: ModelReport, file: string): string {
  const lines: string[] = [];
  const dtypes = m.inputDtypes ?? [];
  const inputs = m.input.length ? m.input.map((s, i) => (dtypes[i] && dtypes[i] !== 'float32' ? `${fmtShape(s)}:${dtypes[i]}` : fmtShape(s))).join(', ') : formatShapes(m.input);
  const title = `${m.name} (${m.framework}, ${file}:${m.line})  input ${inputs}`;
  lines.push(title);
  const header = ['Layer (path)', 'Type', 'Output shape', 'Params', 'MACs'];
  const body = m.layers.map((l) => [`${'  '.repeat(Math.max(0, l.depth - 1))}${l.path}`, l.type, fmtShape(l.output), fmtNum(l.params), fmtNum(l.macs)]);
  const rendered = table([header, ...body], new Set([3, 4]));
  const rule = '='.repeat(Math.max(...rendered.map((r) => r.length), title.length));
  lines.push(rule, rendered[0], '-'.repeat(rule.length), ...rendered.slice(1), rule);
  lines.push(`Output: ${fmtShape(m.output)}`);
  if (m.complete) {
    lines.push(`Total params: ${fmtNum(m.totalParams)}`);
    lines.push(`Trainable params: ${fmtNum(m.trainableParams)}`);
    lines.push(`Non-trainable params: ${fmtNum(m.nonTrainableParams)}`);
  } else {
    // A partial analysis never prints its counts as if they were the model's totals.
    lines.push(`Total params: unknown (partial analysis; ${fmtNum(m.totalParams)} counted in what could be read)`);
    lines.push(`Trainable params: unknown (${fmtNum(m.trainableParams)} counted)`);
  }
  if (m.buffers) lines.push(`Buffers (elements): ${fmtNum(m.buffers)}`);
  lines.push(`MACs (multiply-accumulates, not FLOPs): ${fmtNum(m.macs)}`);
  lines.push(`Parameter memory (fp32): ${fmtBytes(m.paramBytes)}`);
  lines.push(`Activation memory estimate (sum of leaf outputs, fp32): ${fmtBytes(m.activationBytes)}`);
  if (m.receptiveField) lines.push(`Receptive field: ${m.receptiveField.size} (jump ${m.receptiveField.jump})`);
  if (!m.complete) lines.push('Note: the analysis is partial (see the warnings below): the numbers above are not final.');
  lines.push(rule);
  for (const d of m.diagnostics) lines.push(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  return lines.join('\n');
}

export function formatReport(r: FileReport): string {
  const parts = r.models.map((m) => formatModel(m, r.file));
  if (!r.models.length) parts.push(`${r.file}: no models found (nn.Module subclasses, nn.Sequential assignments, Keras Sequential/Model)`);
  for (const d of r.diagnostics) parts.push(`${r.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  if (r.missingImports?.length) parts.push(`${r.file}: imported project modules not found: ${r.missingImports.join(', ')}`);
  // Classes that need constructor arguments nobody gave: say how to analyse them (top-level ones first).
  const needs = r.needsArguments ?? [];
  if (needs.length && !r.models.length) {
    parts.push(
      needs
        .map((n) => `${r.file}:${n.line}:${n.column}: ${n.name} needs constructor arguments (${n.params.join(', ')}): --model "${n.name}(${n.params.map((p) => `${p}=…`).join(', ')})"`)
        .join('\n'),
    );
  }
  return parts.join('\n\n');
}

export function hasErrors(r: FileReport): boolean {
  return r.diagnostics.some((d) => d.severity === 'error') || r.models.some((m) => m.diagnostics.some((d) => d.severity === 'error'));
}

export { toJson };

// ---------------------------------------------------------------------------------------------- entry point

export async function main(argv: readonly string[], io: CliIO = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    // The engine never throws for user code; this is a bug. One line, no stack trace in the user's face.
    io.err(`ml-lens: internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (please report this)`);
    return 3;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  let source: string;
  try {
    const size = statSync(args.file).size;
    if (size > MAX_FILE_BYTES) {
      io.err(`ml-lens: ${args.file} is too large (${size.toLocaleString('en-US')} bytes; the limit is ${MAX_FILE_BYTES.toLocaleString('en-US')})`);
      return 2;
    }
    source = readFileSync(args.file, 'utf8');
  } catch (e) {
    io.err(`ml-lens: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 2;
  }
  const inputs = args.inputs.length ? { '*': args.inputs } : undefined;
  const inputDtypes = args.dtypes.some((d) => d !== null) ? { '*': args.dtypes } : undefined;
  // The engine runs in a worker thread with time and memory limits (./engine.ts), which also reads the
  // file's project imports from disk: a file that would exhaust either ends with a clear warning, not a crash.
  const { report } = await analyzeInWorker(source, args.file, { model: args.model, inputs, inputDtypes, training: !args.eval, timeBudgetMs: args.timeBudgetMs });
  if (args.model && !report.models.length) {
    const why = report.diagnostics.find((d) => d.severity === 'error')?.message;
    io.err(`ml-lens: ${why ?? `no model named '${args.model}' in ${args.file}`}`);
    return 2;
  }
  io.out(args.json ? toJson(report) : formatReport(report));
  if (report.internalErrors > 0) {
    io.err(`ml-lens: the engine had ${report.internalErrors} internal error${report.internalErrors === 1 ? '' : 's'} on this file (code MLS900; please report it)`);
    return 3;
  }
  return hasErrors(report) ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
