/**
 * The shape engine against a real Keras implementation: TensorFlow.js's layers API (a port of Keras),
 * recorded once by `npm run fixtures:keras` into test/fixtures/keras/oracle/layer-cases.json. Each case is one
 * layer applied to `keras.Input`s; the engine must give the same output shape (batch axis aside) and the same
 * total and trainable parameter counts. Where Keras 3 differs from tfjs-layers, the case records Keras 3's rule
 * and count, and the engine must follow Keras 3.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../../src/engine/shapes';

interface OracleCase {
  python: string;
  inputs: number[][];
  output: Array<number | null>;
  params: number;
  trainable: number;
  keras3?: { rule: string; params: number };
}

const ROOT = join(__dirname, '..', '..', '..');
const oracle: { oracle: string; cases: OracleCase[] } = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/keras/oracle/layer-cases.json'), 'utf8'));

function source(c: OracleCase): string {
  const names = c.inputs.map((_, i) => `x${i}`);
  const inputs = c.inputs.map((shape, i) => `${names[i]} = keras.Input(shape=(${shape.join(', ')},))`).join('\n');
  const call = names.length === 1 ? names[0] : `[${names.join(', ')}]`;
  return `from tensorflow import keras
from tensorflow.keras import layers

${inputs}
y = ${c.python}(${call})
model = keras.Model(${names.length === 1 ? names[0] : `[${names.join(', ')}]`}, y)
`;
}

describe(`shapes: Keras layers against ${oracle.oracle}`, () => {
  it('has a recorded oracle with many layer cases', () => {
    assert.ok(oracle.cases.length >= 60, `${oracle.cases.length} cases`);
  });

  for (const c of oracle.cases) {
    it(`${c.python} on ${c.inputs.map((s) => `[None, ${s.join(', ')}]`).join(' + ')}`, () => {
      const report = analyzeSource(source(c));
      const model = report.models.find((m) => m.name === 'model');
      assert.ok(model, `no model found; diagnostics: ${JSON.stringify(report.diagnostics)}`);
      const errors = model.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], 'no error diagnostics');
      const output = model.output;
      assert.ok(Array.isArray(output), `output shape unknown: ${JSON.stringify(output)}`);
      assert.deepEqual(output.slice(1), c.output, 'output shape (batch axis aside)');
      const expectedParams = c.keras3?.params ?? c.params;
      assert.equal(model.totalParams, expectedParams, c.keras3 ? `Keras 3 rule: ${c.keras3.rule}` : 'total parameters');
      if (!c.keras3) assert.equal(model.trainableParams, c.trainable, 'trainable parameters');
      assert.equal(model.complete, true);
    });
  }
});
