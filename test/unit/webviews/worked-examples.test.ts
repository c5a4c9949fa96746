/** Worked examples on cards: the shape engine's numbers equal real PyTorch's for every example. */
import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/engine/shapes';
import { computeExample, examplesForSymbols, WORKED_EXAMPLES } from '../../../src/webviews/concept/workedExamples';
import { readJson } from '../../helpers/content';

const torch = readJson<{ torch: string; examples: Record<string, { output: number[]; params: number }> }>('test/fixtures/worked-examples-torch.json');

describe('worked examples on cards', () => {
  it('PyTorch was asked about every example', () => {
    assert.deepEqual(Object.keys(torch.examples).sort(), WORKED_EXAMPLES.map((e) => e.symbol).sort());
  });

  for (const spec of WORKED_EXAMPLES) {
    it(`${spec.code} on [${spec.input.join(', ')}]: engine = PyTorch ${torch.torch}`, async () => {
      const got = await computeExample(spec, (s) => analyzeSource(s));
      const want = torch.examples[spec.symbol];
      assert.equal(got.note, undefined, got.note);
      assert.equal(got.output, `[${want.output.join(', ')}]`);
      assert.equal(got.params, want.params);
    });
  }

  it('the issue example: Conv2d(3, 64, 3, stride=2, padding=1) on [1, 3, 224, 224]', async () => {
    const [spec] = examplesForSymbols(['torch.nn.Conv2d']);
    const ex = await computeExample(spec, (s) => analyzeSource(s));
    assert.equal(ex.output, '[1, 64, 112, 112]');
    assert.equal(ex.params, 1792); // 64·3·3·3 + 64
    assert.equal(ex.macs, 64 * 3 * 3 * 3 * 112 * 112); // per output position, bias excluded
    assert.match(ex.code, /^layer = nn\.Conv2d\(3, 64, 3, stride=2, padding=1\)\nx = torch\.randn\(1, 3, 224, 224\)\nout = layer\(x\)$/);
  });

  it('a failing engine becomes a note, never an exception', async () => {
    const [spec] = examplesForSymbols(['torch.nn.Linear']);
    const ex = await computeExample(spec, () => {
      throw new Error('boom');
    });
    assert.match(ex.note ?? '', /boom/);
    assert.equal(ex.params, undefined);
    const none = await computeExample(spec, async () => undefined);
    assert.match(none.note ?? '', /could not analyse/);
    assert.equal(none.output, undefined);
  });
});
