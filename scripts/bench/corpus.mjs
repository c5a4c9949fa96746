#!/usr/bin/env node
// Shape engine on real model files: the torchvision 0.14 corpus (see scripts/corpus/torchvision.ts).
//   (a) warm in-process analysis of each corpus model (analyzeSource on the installed torchvision file, its
//       imports from the package, module cache and JIT warm): median over the models of each model's median
//       target ≤ 3 ms
//   (b) side by side with a torchinfo-style summary in real PyTorch (build + forward with a hook on every
//       module, scripts/fixtures/torchvision_timing.py) on a sample of the same models: the ratio per model.
//       Needs /usr/bin/python3 with torchvision; skipped with a note otherwise (or with --no-torch).
// Options: --runs N (engine runs per model, default 15), --no-torch.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, report, fmt } from './stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 15;
const withTorch = !argv.includes('--no-torch');
const TV = process.env.MLLENS_TORCHVISION_DIR ?? '/usr/lib/python3/dist-packages/torchvision';
const EXPECTED = join(root, 'test/fixtures/torchvision/expected.json');
// (b) compares the one-shot analysis (the CLI's path) with PyTorch. The ratio sample: one or two models per family, small to large (PyTorch builds the biggest ones for seconds).
const SAMPLE = ['alexnet', 'resnet18', 'resnet50', 'vgg16', 'densenet121', 'mobilenet_v2', 'mobilenet_v3_large', 'efficientnet_b0', 'googlenet', 'inception_v3', 'squeezenet1_0', 'shufflenet_v2_x1_0', 'mnasnet1_0', 'regnet_y_400mf', 'convnext_tiny', 'swin_t', 'vit_b_16', 'maxvit_t'];

if (!existsSync(join(TV, 'models', 'resnet.py')) || !existsSync(EXPECTED)) {
  console.log(`skipped: the torchvision corpus needs torchvision's sources at ${TV} and ${EXPECTED}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'mllens-bench-'));
const outfile = join(dir, 'shapes.cjs');
await build({ entryPoints: [join(root, 'src/engine/shapes/index.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' });
const engine = createRequire(import.meta.url)(outfile);
rmSync(dir, { recursive: true, force: true });

const sources = new Map();
function resolveModule(name) {
  if (name !== 'torchvision' && !name.startsWith('torchvision.')) return undefined;
  if (sources.has(name)) return sources.get(name);
  const rel = name.split('.').slice(1);
  const file = join(TV, ...rel) + '.py';
  const pkg = join(TV, ...rel, '__init__.py');
  const out = existsSync(file) ? { source: readFileSync(file, 'utf8') } : existsSync(pkg) ? { source: readFileSync(pkg, 'utf8'), isPackage: true } : undefined;
  sources.set(name, out);
  return out;
}

const models = JSON.parse(readFileSync(EXPECTED, 'utf8')).models;
const perModel = new Map();
const medians = [];
const oneShot = [];
for (const e of models) {
  const source = readFileSync(join(TV, 'models', `${e.file}.py`), 'utf8');
  const options = { moduleName: `torchvision.models.${e.file}`, model: `${e.factory}()`, inputs: { '*': [e.input] }, training: false, resolveModule, timeBudgetMs: 60_000 };
  // The editor's path: a ShapeAnalyzer per document, re-analysing after a one-line edit (incremental parse,
  // imported modules and unchanged models reused).
  const analyzer = new engine.ShapeAnalyzer();
  for (let i = 0; i < 3; i++) analyzer.update(`${source}\n# warm-up ${i}\n`, undefined, options);
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const text = `${source}\n# edit ${i}\n`;
    const t0 = performance.now();
    analyzer.update(text, undefined, options);
    samples.push(performance.now() - t0);
  }
  const s = summarize(samples);
  perModel.set(e.factory, s.median);
  medians.push(s.median);
  // A one-shot analyzeSource (the CLI's path: the whole file parsed again, model built and run).
  const one = [];
  for (let i = 0; i < Math.max(3, RUNS / 5); i++) {
    const t0 = performance.now();
    engine.analyzeSource(source, options);
    one.push(performance.now() - t0);
  }
  oneShot.push(summarize(one).median);
}
const overall = summarize(medians);
const ok = report(`(a) warm re-analysis of a torchvision corpus file after a one-line edit (${models.length} models; median of per-model medians; slowest ${fmt(overall.max)})`, overall, { median: 3 });
const os = summarize(oneShot);
const oneShotBy = new Map(models.map((e, i) => [e.factory, oneShot[i]]));
console.log(`    one-shot analyzeSource of a corpus file (parse + module level + build + forward of the model): median ${fmt(os.median)}, slowest ${fmt(os.max)}`);

if (withTorch) {
  const script = join(root, 'scripts/fixtures/torchvision_timing.py');
  const r = spawnSync('/usr/bin/python3', [script, ...SAMPLE, '--runs', '3'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20, timeout: 30 * 60_000 });
  if (r.status !== 0) console.log(`    (b) skipped: real PyTorch timing failed (${(r.stderr || '').trim().split('\n').pop() ?? r.status})`);
  else {
    const torch = JSON.parse(r.stdout);
    const ratios = [];
    for (const name of SAMPLE) {
      const t = torch[name];
      const m = oneShotBy.get(name);
      if (t === undefined || m === undefined) continue;
      ratios.push(t / m);
      console.log(`    ${name.padEnd(20)} engine ${fmt(m).padStart(9)}   PyTorch summary ${fmt(t).padStart(11)}   ${(t / m).toFixed(1)}×`);
    }
    const rs = summarize(ratios);
    console.log(`    (b) engine vs a torchinfo-style summary in PyTorch: median ${rs.median.toFixed(1)}× faster (min ${Math.min(...ratios).toFixed(1)}×, max ${rs.max.toFixed(1)}×) on ${ratios.length} models`);
  }
} else console.log('    (b) skipped (--no-torch)');
process.exit(ok ? 0 : 1);
