/**
 * The CLI's contract, from outside: exit codes for each kind of outcome, and `--json` output that validates
 * against the committed JSON Schema (src/engine/shapes/report.schema.json). The model files are written here,
 * with the expected numbers worked by hand in the comments.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';

const ROOT = join(__dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'src', 'engine', 'shapes', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

function assertValid(json: string): any {
  const report = JSON.parse(json);
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
  return report;
}

/** No stack trace and no exponent notation ever reach the user. */
function assertClean(r: { out: string; err: string; signal: NodeJS.Signals | null }) {
  assert.equal(r.signal, null);
  assert.doesNotMatch(r.err, /\n\s+at .+:\d+:\d+\)?/, 'a stack trace was printed');
  assert.doesNotMatch(r.out, /\d[eE][+-]?\d+/, 'a number was printed with an exponent');
}

// Linear(8, 4) on [2, 8]: 8·4 + 4 = 36 parameters, 2·8·4 = 64 MACs, output [2, 4].
const OK = `import torch.nn as nn

# input: [2, 8]
class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        return self.fc(x)
`;

// A model-level error: the second Linear expects 5 features but gets 4.
const MODEL_ERROR = `import torch.nn as nn

# input: [2, 8]
class Broken(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 4)
        self.b = nn.Linear(5, 3)

    def forward(self, x):
        return self.b(self.a(x))
`;

// A file-level error and no model: 3·7 = 21 elements cannot be viewed as 4·5 = 20.
const FILE_ERROR = `import torch
a = torch.zeros(3, 7)
b = a.view(4, 5)
`;

describe('shapes/cli: the contract (exit codes, JSON Schema)', function () {
  this.timeout(120_000);
  let dir: string;
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mllens-cli-contract-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0: a clean model; --json validates against the schema', () => {
    const r = cli('shapes', file('ok.py', OK), '--json');
    assertClean(r);
    assert.equal(r.code, 0, r.err);
    const report = assertValid(r.out);
    assert.equal(report.models.length, 1);
    const m = report.models[0];
    assert.deepEqual([m.name, m.totalParams, m.macs, m.output, m.complete], ['Tiny', 36, 64, [2, 4], true]);
  });

  it('exit 0 for the table too, and the table shows the same numbers', () => {
    const r = cli('shapes', file('ok2.py', OK));
    assertClean(r);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /fc\s+Linear\s+\[2, 4\]\s+36\s+64/);
  });

  it('exit 1: a model-level shape error, in both output modes', () => {
    const p = file('model-error.py', MODEL_ERROR);
    const json = cli('shapes', p, '--json');
    assertClean(json);
    assert.equal(json.code, 1);
    const report = assertValid(json.out);
    const diag = report.models[0].diagnostics.find((d: { severity: string }) => d.severity === 'error');
    assert.ok(diag, 'the mismatch is an error diagnostic');
    assert.ok([8, 11].includes(diag.line), `on the line of nn.Linear(5, 3) or of its call, not ${diag.line}`);
    const table = cli('shapes', p);
    assertClean(table);
    assert.equal(table.code, 1);
  });

  it('exit 1: a file-level error outside any model', () => {
    const p = file('file-error.py', FILE_ERROR);
    const json = cli('shapes', p, '--json');
    assertClean(json);
    assert.equal(json.code, 1);
    const report = assertValid(json.out);
    assert.equal(report.models.length, 0);
    assert.ok(report.diagnostics.some((d: { severity: string; line: number }) => d.severity === 'error' && d.line === 3));
    assert.equal(cli('shapes', p).code, 1);
  });

  const usage: Array<[string, string[]]> = [
    ['no arguments', []],
    ['no file', ['shapes']],
    ['an unknown command', ['bogus', 'x.py']],
    ['an unknown option', ['shapes', 'x.py', '--frobnicate']],
  ];
  for (const [what, args] of usage) {
    it(`exit 2: usage error (${what}), with the usage text and no stack trace`, () => {
      const r = cli(...args);
      assertClean(r);
      assert.equal(r.code, 2);
      assert.match(r.err, /usage: ml-lens shapes FILE/);
      assert.equal(r.out, '');
    });
  }

  it('exit 2: a model name the file does not define', () => {
    const r = cli('shapes', file('ok3.py', OK), '--model', 'Nope');
    assertClean(r);
    assert.equal(r.code, 2);
    assert.match(r.err, /no model named 'Nope'/);
  });

  it('exit 2: I/O errors (missing file, a directory)', () => {
    for (const target of [join(dir, 'missing.py'), dir]) {
      const r = cli('shapes', target, '--json');
      assertClean(r);
      assert.equal(r.code, 2);
      assert.match(r.err, /cannot read/);
      assert.equal(r.out, '');
    }
  });

  it('the schema rejects what the contract forbids (it can fail)', () => {
    const good = JSON.parse(cli('shapes', file('ok4.py', OK), '--json').out);
    const broken = [
      { ...good, models: [{ ...good.models[0], totalParams: -1 }] },
      { ...good, models: [{ ...good.models[0], totalParams: 1e24 }] },
      { ...good, models: [{ ...good.models[0], complete: 'yes' }] },
      { ...good, diagnostics: [{ line: 0, column: 1, endLine: 1, endColumn: 1, severity: 'error', message: 'x' }] },
      { file: good.file, models: good.models },
    ];
    for (const b of broken) assert.equal(validate(b), false, JSON.stringify(b).slice(0, 200));
  });
});
