/**
 * The torchvision corpus: every classification model factory of the INSTALLED torchvision 0.14 (Debian's
 * python3-torchvision), read from /usr/lib/python3/dist-packages/torchvision at run time — never copied into
 * this repository — and analysed by the shape engine with a 224×224 input (299×299 for inception_v3) in eval
 * mode, then compared with what real torchvision does (test/fixtures/torchvision/expected.json, numbers only,
 * written by scripts/fixtures/torchvision_expectations.py).
 *
 * A model is exact when total and trainable parameters, the output shape and the output shape of every
 * named_modules() path (every call) equal PyTorch's, and the engine reports it complete.
 *
 *   npm run corpus:torchvision [-- name ...]        one line per model and a summary
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { analyzeSource, type AnalyzeOptions, type ModelReport, type ModuleSource } from '../../src/engine/shapes';

export const TORCHVISION_ROOT = process.env.MLLENS_TORCHVISION_DIR ?? '/usr/lib/python3/dist-packages/torchvision';
const EXPECTED = join(__dirname, '..', '..', 'test', 'fixtures', 'torchvision', 'expected.json');

export interface Expected {
  factory: string;
  file: string;
  input: number[];
  output: string | null;
  totalParams: number;
  trainableParams: number;
  modules: Record<string, Array<string | null>>;
}

export interface CorpusResult {
  name: string;
  exact: boolean;
  complete: boolean;
  /** Short reasons when not exact. */
  problems: string[];
  ms: number;
  report?: ModelReport;
}

/** Why the corpus cannot run here (undefined when it can). */
export function corpusUnavailable(): string | undefined {
  if (!existsSync(join(TORCHVISION_ROOT, 'models', 'resnet.py'))) {
    return `torchvision is not installed at ${TORCHVISION_ROOT} (Debian: apt-get install python3-torchvision; or set MLLENS_TORCHVISION_DIR)`;
  }
  if (!existsSync(EXPECTED)) return `${EXPECTED} is missing (npm run fixtures:torchvision)`;
  return undefined;
}

export function loadExpected(): Expected[] {
  return (JSON.parse(readFileSync(EXPECTED, 'utf8')) as { models: Expected[] }).models;
}

const sourceCache = new Map<string, ModuleSource | undefined>();

/** torchvision.* modules from the installed package; everything else is a library name. */
export function resolveTorchvision(name: string): ModuleSource | undefined {
  if (name !== 'torchvision' && !name.startsWith('torchvision.')) return undefined;
  if (sourceCache.has(name)) return sourceCache.get(name);
  const rel = name.split('.').slice(1);
  const file = join(TORCHVISION_ROOT, ...rel) + '.py';
  const pkg = join(TORCHVISION_ROOT, ...rel, '__init__.py');
  let out: ModuleSource | undefined;
  if (existsSync(file)) out = { source: readFileSync(file, 'utf8'), file: `torchvision/${rel.join('/')}.py` };
  else if (existsSync(pkg)) out = { source: readFileSync(pkg, 'utf8'), isPackage: true, file: `torchvision/${[...rel, '__init__.py'].join('/')}` };
  sourceCache.set(name, out);
  return out;
}

export function corpusOptions(e: Expected): { source: string; options: AnalyzeOptions } {
  const source = readFileSync(join(TORCHVISION_ROOT, 'models', `${e.file}.py`), 'utf8');
  return {
    source,
    options: {
      fileName: `torchvision/models/${e.file}.py`,
      moduleName: `torchvision.models.${e.file}`,
      model: `${e.factory}()`,
      inputs: { '*': [e.input] },
      training: false,
      resolveModule: resolveTorchvision,
      timeBudgetMs: 20000,
    },
  };
}

const shapeStr = (s: Array<number | string> | null): string | null => (s === null ? null : s.join(','));

export function runOne(e: Expected): CorpusResult {
  const { source, options } = corpusOptions(e);
  const t0 = performance.now();
  const r = analyzeSource(source, options);
  const ms = performance.now() - t0;
  const m = r.models.find((x) => x.name === e.factory);
  const problems: string[] = [];
  if (!m) {
    const why = r.diagnostics.map((d) => d.message).join('; ');
    return { name: e.factory, exact: false, complete: false, problems: [`no model (${why || 'not found'})`], ms };
  }
  if (m.totalParams !== e.totalParams) problems.push(`params ${m.totalParams} ≠ ${e.totalParams}`);
  if (m.trainableParams !== e.trainableParams) problems.push(`trainable ${m.trainableParams} ≠ ${e.trainableParams}`);
  if (shapeStr(m.output) !== e.output) problems.push(`output [${shapeStr(m.output)}] ≠ [${e.output}]`);
  const got = new Map<string, Array<string | null>>();
  for (const l of m.layers) {
    const xs = got.get(l.path) ?? [];
    xs.push(shapeStr(l.output));
    got.set(l.path, xs);
  }
  let bad = 0;
  let first = '';
  for (const [path, shapes] of Object.entries(e.modules)) {
    const g = got.get(path) ?? [];
    if (g.length !== shapes.length || g.some((x, i) => x !== shapes[i])) {
      bad++;
      if (!first) first = `${path}: [${g.join(' | ')}] ≠ [${shapes.join(' | ')}]`;
    }
  }
  let extra = 0;
  for (const path of got.keys()) if (!(path in e.modules)) extra++;
  if (bad) problems.push(`${bad} of ${Object.keys(e.modules).length} module paths differ (first: ${first})`);
  if (extra) problems.push(`${extra} paths PyTorch never calls`);
  if (!m.complete) problems.push(`partial: ${m.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line}: ${d.message}`).slice(0, 3).join(' / ') || m.diagnostics.slice(0, 2).map((d) => `${d.line}: ${d.message}`).join(' / ')}`);
  return { name: e.factory, exact: problems.length === 0, complete: m.complete, problems, ms, report: m };
}

function main(argv: string[]): number {
  const why = corpusUnavailable();
  if (why) {
    console.log(`torchvision corpus skipped: ${why}`);
    return 0;
  }
  const only = new Set(argv.filter((a) => !a.startsWith('-')));
  const all = loadExpected().filter((e) => !only.size || only.has(e.factory));
  let exact = 0;
  let silentWrong = 0;
  for (const e of all) {
    const r = runOne(e);
    if (r.exact) exact++;
    if (!r.exact && r.complete) silentWrong++;
    const status = r.exact ? 'exact  ' : r.complete ? 'WRONG  ' : 'partial';
    console.log(`${status} ${e.factory.padEnd(20)} ${String(e.totalParams).padStart(11)} params  ${r.ms.toFixed(0).padStart(5)} ms${r.problems.length ? '  ' + r.problems.join('; ') : ''}`);
  }
  console.log(`\ntorchvision ${loadExpectedVersion()} classification models: ${exact}/${all.length} exact, ${all.length - exact - silentWrong} partial (with the reason), ${silentWrong} wrong but reported complete`);
  return silentWrong ? 1 : 0;
}

function loadExpectedVersion(): string {
  return (JSON.parse(readFileSync(EXPECTED, 'utf8')) as { torchvision: string }).torchvision;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
