/**
 * The shape engine against hand-worked Keras expectations.
 *
 * Oracle: test/fixtures/keras/expected/*.json, written by hand from Keras's documented layer rules; each
 * fixture shows the arithmetic next to the layer (e.g. `Dense(10) on 1600 features: 1600*10 + 10 = 16,010`).
 * Keras's batch axis is `None`; the expectation stores it as null and accepts any batch value there.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  KERAS_FIXTURES,
  assertNoMismatches,
  findModel,
  fmt,
  listFixtureFiles,
  runEngine,
  type EngineModel,
  type EngineReport,
  type JsonDim,
} from './fixtures-support';

interface KerasLayerExpectation {
  name: string;
  type: string;
  output: Array<number | null>;
  params: number;
  trainable: number;
}
interface KerasModelExpectation {
  name: string;
  output: Array<number | null>;
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  layers: KerasLayerExpectation[];
}
interface KerasExpectation {
  fixture: string;
  models: KerasModelExpectation[];
}

const EXPECTED_DIR = path.join(KERAS_FIXTURES, 'expected');
/** The same models rebuilt in TensorFlow.js's layers API, recorded by `npm run fixtures:keras`. */
const ORACLE_DIR = path.join(KERAS_FIXTURES, 'oracle');

function readExpectations(dir: string): KerasExpectation[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'layer-cases.json')
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as KerasExpectation);
}
const expectations = readExpectations(EXPECTED_DIR);
const oracleExpectations = readExpectations(ORACLE_DIR);

/** Same rank, equal dims, except that a null (Keras `None` batch axis) accepts anything. */
function kerasShapeMatches(actual: JsonDim[] | null, expected: Array<number | null>): boolean {
  if (!Array.isArray(actual) || actual.length !== expected.length) return false;
  return expected.every((d, i) => d === null || actual[i] === d);
}

function compareKerasModel(expected: KerasModelExpectation, model: EngineModel): string[] {
  const mismatches: string[] = [];
  if (!kerasShapeMatches(model.output, expected.output)) {
    mismatches.push(`model output: engine ${fmt(model.output)}, Keras ${fmt(expected.output)}`);
  }
  for (const key of ['totalParams', 'trainableParams', 'nonTrainableParams'] as const) {
    if (model[key] !== expected[key]) mismatches.push(`${key}: engine ${model[key]}, Keras ${expected[key]}`);
  }
  const rows = model.layers ?? [];
  for (const layer of expected.layers) {
    const row = rows.find((r) => r.path === layer.name);
    if (!row) {
      mismatches.push(`${layer.name} (${layer.type}): no engine row; Keras output ${fmt(layer.output)}`);
      continue;
    }
    if (row.type !== layer.type) mismatches.push(`${layer.name}: engine type ${row.type}, Keras ${layer.type}`);
    if (!kerasShapeMatches(row.output, layer.output)) {
      mismatches.push(`${layer.name} (${layer.type}): engine ${fmt(row.output)}, Keras ${fmt(layer.output)}`);
    }
    if (row.params !== layer.params) {
      mismatches.push(`${layer.name} (${layer.type}) params: engine ${row.params}, Keras ${layer.params}`);
    }
    if (row.trainable !== layer.trainable) {
      mismatches.push(`${layer.name} (${layer.type}) trainable: engine ${row.trainable}, Keras ${layer.trainable}`);
    }
  }
  const names = new Set(expected.layers.map((l) => l.name));
  const order = rows.filter((r) => names.has(r.path)).map((r) => r.path);
  const want = expected.layers.map((l) => l.name);
  if (order.join(',') !== want.join(',')) {
    mismatches.push(`layer order: engine ${order.join(', ')}; Keras ${want.join(', ')}`);
  }
  for (const d of model.diagnostics ?? []) {
    if (d.severity === 'error') mismatches.push(`false error diagnostic at line ${d.line}:${d.column}: ${d.message}`);
  }
  return mismatches;
}

describe('shape engine vs hand-worked Keras expectations (test/fixtures/keras)', () => {
  it('has at least 8 Keras models, one expected file per fixture', () => {
    const fixtures = listFixtureFiles(KERAS_FIXTURES);
    assert.deepEqual(
      expectations.map((e) => e.fixture),
      fixtures,
    );
    const models = expectations.reduce((n, e) => n + e.models.length, 0);
    assert.ok(models >= 8, `only ${models} Keras models`);
  });

  it('hand-entered layer rows add up to the hand-entered totals', () => {
    for (const exp of expectations) {
      for (const m of exp.models) {
        const sum = m.layers.reduce((n, l) => n + l.params, 0);
        const trainable = m.layers.reduce((n, l) => n + l.trainable, 0);
        assert.equal(sum, m.totalParams, `${exp.fixture}:${m.name} total`);
        assert.equal(trainable, m.trainableParams, `${exp.fixture}:${m.name} trainable`);
        assert.equal(m.totalParams - m.trainableParams, m.nonTrainableParams, `${exp.fixture}:${m.name}`);
      }
    }
  });

  const reports = new Map<string, EngineReport>();
  for (const exp of expectations) {
    describe(exp.fixture, () => {
      for (const expected of exp.models) {
        it(`${expected.name}: layer shapes, parameter counts and totals match the hand-worked Keras numbers`, () => {
          let report = reports.get(exp.fixture);
          if (!report) {
            const source = fs.readFileSync(path.join(KERAS_FIXTURES, exp.fixture), 'utf8');
            report = runEngine(source, { fileName: exp.fixture });
            reports.set(exp.fixture, report);
          }
          const model = findModel(report, expected.name);
          assertNoMismatches(`${exp.fixture}:${expected.name}`, compareKerasModel(expected, model));
        });
      }
    });
  }
});

describe('shape engine vs TensorFlow.js layers (a Keras port) on the same fixtures (test/fixtures/keras/oracle)', () => {
  it('the oracle covers at least 9 of the fixture models', () => {
    assert.ok(oracleExpectations.reduce((n, e) => n + e.models.length, 0) >= 9);
  });

  for (const exp of oracleExpectations) {
    for (const expected of exp.models) {
      it(`${exp.fixture}:${expected.name}: every layer's shape and parameters and the totals match the oracle`, () => {
        const source = fs.readFileSync(path.join(KERAS_FIXTURES, exp.fixture), 'utf8');
        const model = findModel(runEngine(source, { fileName: exp.fixture }), expected.name);
        assertNoMismatches(`${exp.fixture}:${expected.name} (oracle)`, compareKerasModel(expected, model));
      });
    }
  }
});
