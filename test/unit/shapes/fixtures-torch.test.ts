/**
 * The shape engine against real PyTorch, fixture by fixture.
 *
 * Oracle: test/fixtures/torch/expected/*.json, written by scripts/fixtures/torch_expectations.py, which runs each
 * fixture in PyTorch 1.13.1 with forward hooks on every module (`npm run fixtures:torch`). Nothing here is
 * computed by the engine under test; the engine is only run and compared.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  TORCH_FIXTURES,
  assertNoMismatches,
  compareTorchModel,
  findModel,
  listTorchExpectations,
  runEngine,
  type EngineReport,
  type TorchExpectation,
} from './fixtures-support';

const expectations = listTorchExpectations();
const reports = new Map<string, EngineReport>();

/** Analyse a fixture once (all its declared models, with their declared inputs) and reuse the report. */
function reportFor(exp: TorchExpectation): EngineReport {
  const cached = reports.get(exp.fixture);
  if (cached) return cached;
  const source = fs.readFileSync(path.join(TORCH_FIXTURES, exp.fixture), 'utf8');
  const inputs: Record<string, number[][]> = {};
  for (const m of exp.models) inputs[m.name] = m.input;
  const report = runEngine(source, { inputs, fileName: exp.fixture });
  reports.set(exp.fixture, report);
  return report;
}

describe('shape engine vs real PyTorch (test/fixtures/torch)', () => {
  it('has expectations to compare against', () => {
    assert.ok(expectations.length >= 40, `only ${expectations.length} expected files`);
  });

  for (const exp of expectations) {
    describe(exp.fixture, () => {
      for (const expected of exp.models) {
        it(`${expected.name}: every module's output shape, parameters and the model output match PyTorch`, () => {
          const model = findModel(reportFor(exp), expected.name);
          assertNoMismatches(`${exp.fixture}:${expected.name}`, compareTorchModel(expected, model));
        });
      }
    });
  }
});

describe('full architectures: engine totals equal torchvision', () => {
  const twins = expectations.filter((e) => e.torchvision);

  it('covers the five architectures the spec names', () => {
    assert.deepEqual(
      twins.map((e) => e.fixture).sort(),
      ['alexnet.py', 'mobilenet_v2.py', 'resnet18.py', 'resnet50.py', 'vgg16.py'],
    );
  });

  for (const exp of twins) {
    const tv = exp.torchvision!;
    it(`${exp.fixture}: engine total = ${tv.model} total (${tv.totalParams.toLocaleString('en-US')})`, () => {
      const model = findModel(reportFor(exp), exp.models[0].name);
      assert.equal(model.totalParams, tv.totalParams);
      assert.equal(model.trainableParams, tv.totalParams);
    });
  }
});
