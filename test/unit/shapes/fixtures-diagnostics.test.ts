/**
 * Diagnostics against real PyTorch errors.
 *
 * Each file in test/fixtures/torch/broken/ holds a realistic mistake (Linear in_features, conv in_channels, cat
 * sizes, a residual add that cannot broadcast, a view that does not fit, LSTM input_size, attention width,
 * BatchNorm width). scripts/fixtures/torch_expectations.py ran it in PyTorch 1.13.1 and recorded the error and
 * the fixture line its traceback points to (broken/expected/*.json). The engine, reading the same code, must
 * report an error diagnostic on that line, or on the line marked `# bug:` where the wrong size was written, and
 * the message must name both sizes (the `# expect-mention:` comment lists them, worked out by hand). It must
 * still report the model and its layers: diagnostics are data, not a reason to stop.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TORCH_FIXTURES, findModel, runEngine } from './fixtures-support';

interface BrokenExpectation {
  fixture: string;
  bugLines: number[];
  models: Array<{
    name: string;
    input: number[][];
    error: { type: string; message: string; line: number; source: string };
  }>;
}

const BROKEN_DIR = path.join(TORCH_FIXTURES, 'broken');
const expectations: BrokenExpectation[] = fs
  .readdirSync(path.join(BROKEN_DIR, 'expected'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(BROKEN_DIR, 'expected', f), 'utf8')) as BrokenExpectation);

function mentions(source: string): string[] {
  const m = /^#\s*expect-mention:\s*(.+)$/m.exec(source);
  return m ? m[1].split(',').map((s) => s.trim()) : [];
}

describe('diagnostics vs real PyTorch errors (test/fixtures/torch/broken)', () => {
  it('has a recorded PyTorch error for every broken fixture', () => {
    const files = fs.readdirSync(BROKEN_DIR).filter((f) => f.endsWith('.py')).sort();
    assert.ok(files.length >= 8, `only ${files.length} broken fixtures`);
    assert.deepEqual(
      expectations.map((e) => e.fixture),
      files,
    );
    for (const exp of expectations) {
      const source = fs.readFileSync(path.join(BROKEN_DIR, exp.fixture), 'utf8');
      assert.ok(mentions(source).length >= 2, `${exp.fixture}: no # expect-mention: line`);
      assert.equal(exp.bugLines.length, 1, `${exp.fixture}: mark exactly one line with # bug:`);
    }
  });

  for (const exp of expectations) {
    for (const expected of exp.models) {
      it(`${exp.fixture}: ${expected.error.type} at line ${expected.error.line} (${expected.error.message.slice(0, 60)}…)`, () => {
        const source = fs.readFileSync(path.join(BROKEN_DIR, exp.fixture), 'utf8');
        const report = runEngine(source, { inputs: { [expected.name]: expected.input }, fileName: exp.fixture });
        const model = findModel(report, expected.name);
        assert.ok((model.layers ?? []).length > 0, 'the engine stopped: no layer rows for a model with a mistake');
        const errors = (model.diagnostics ?? []).filter((d) => d.severity === 'error');
        const lines = [expected.error.line, ...exp.bugLines];
        const onLine = errors.filter((d) => lines.includes(d.line));
        assert.ok(
          onLine.length > 0,
          `no error diagnostic on line ${lines.join(' or ')} (PyTorch: "${expected.error.message}" at \`${
            expected.error.source
          }\`); engine errors: ${JSON.stringify(errors.map((d) => `${d.line}: ${d.message}`))}`,
        );
        const wanted = mentions(source);
        const named = onLine.some((d) => wanted.every((n) => new RegExp(`(^|\\D)${n}(\\D|$)`).test(d.message)));
        assert.ok(
          named,
          `the diagnostic should name both sizes ${wanted.join(' and ')}: ${JSON.stringify(onLine.map((d) => d.message))}`,
        );
      });
    }
  }
});
