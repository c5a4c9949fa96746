/**
 * `ml-lens shapes` end to end: spawned as a real process on real files. Expected numbers are the LeNet-5
 * figures of issue 3 (61,706 parameters, 416,520 MACs; conv1 6·(1·25)+6 = 156 parameters, 6·25·28·28 =
 * 117,600 MACs).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource } from '../../../../src/engine/shapes';

const ROOT = join(__dirname, '..', '..', '..', '..');
const LENET = join(ROOT, 'test', 'fixtures', 'torch', 'lenet5.py');

/** Runs the CLI from source (so the test sees the current code, not a stale bundle). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shapes/cli: ml-lens shapes', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mllens-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--json prints the FileReport with the issue example numbers, exit 0', () => {
    const r = cli('shapes', LENET, '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    const m = report.models.find((x: { name: string }) => x.name === 'LeNet5');
    assert.deepEqual(m.input, [[1, 1, 28, 28]]);
    assert.deepEqual(m.output, [1, 10]);
    assert.equal(m.totalParams, 61706);
    assert.equal(m.macs, 416520);
    const conv1 = m.layers.find((l: { path: string }) => l.path === 'conv1');
    assert.deepEqual([conv1.type, conv1.line, conv1.params, conv1.macs], ['Conv2d', 11, 156, 117600]);
    // The --json object is exactly the engine's FileReport.
    assert.deepEqual(report, analyzeSource(readFileSync(LENET, 'utf8'), { fileName: LENET, timeBudgetMs: 10_000 }));
    assert.match(r.out, /"output": \[1, 10\]/, 'shapes are printed on one line');
  });

  it('prints a table with the layer tree, totals and MACs', () => {
    const r = cli('shapes', LENET);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /conv1\s+Conv2d\s+\[1, 6, 28, 28\]\s+156\s+117,600/);
    assert.match(r.out, /Total params: 61,706/);
    assert.match(r.out, /MACs \(multiply-accumulates, not FLOPs\): 416,520/);
  });

  it('--input overrides the declared input; --model selects one model', () => {
    const r = cli('shapes', LENET, '--model', 'LeNet5', '--input', '4,1,28,28', '--json');
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(r.out).models[0];
    assert.deepEqual(m.output, [4, 10]);
    // MACs scale with the batch: 4 · 416,520
    assert.equal(m.macs, 4 * 416520);
  });

  it('exit 1 with file:line:col diagnostics when the model has shape errors', () => {
    const file = join(dir, 'bad.py');
    writeFileSync(
      file,
      `import torch.nn as nn

# input: [2, 8]
class Bad(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 16)
        self.b = nn.Linear(32, 4)

    def forward(self, x):
        return self.b(self.a(x))
`,
    );
    const r = cli('shapes', file);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:\\d+: error: .*16.*32|${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:\\d+: error: .*32.*16`));
  });

  it('exit 2 for usage and I/O errors', () => {
    assert.equal(cli().code, 2);
    assert.equal(cli('shapes').code, 2);
    assert.equal(cli('frobnicate', LENET).code, 2);
    assert.equal(cli('shapes', LENET, '--input', 'not-a-shape').code, 2);
    assert.equal(cli('shapes', LENET, '--model', 'NoSuchModel').code, 2);
    const missing = cli('shapes', join(dir, 'missing.py'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read/);
  });

  it('the bin launcher runs (bundle or TypeScript fallback)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ml-lens.js'), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /usage: ml-lens shapes FILE/);
  });
});
