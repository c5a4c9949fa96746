/**
 * The torchvision corpus (scripts/corpus/torchvision.ts, `npm run corpus:torchvision`): every classification
 * model factory of the installed torchvision 0.14, read from its package directory at test time, analysed with
 * a 224×224 input (299 for inception_v3) in eval mode and compared with real torchvision
 * (test/fixtures/torchvision/expected.json): total and trainable parameters, the output shape and the output
 * shape of every named_modules() path.
 *
 * Needs torchvision's Python sources (Debian's python3-torchvision, or MLLENS_TORCHVISION_DIR pointing at an
 * extracted copy; .ci/run extracts the .deb without installing PyTorch). Without them the suite is skipped and
 * says why.
 */
import { strict as assert } from 'node:assert';
import { corpusUnavailable, loadExpected, runOne, type CorpusResult } from '../../../scripts/corpus/torchvision';

describe('shapes: the torchvision 0.14 classification corpus against real torchvision', function () {
  this.timeout(20 * 60_000);
  const why = corpusUnavailable();
  const results: CorpusResult[] = [];

  before(function () {
    if (why) {
      console.log(`      (skipped: ${why})`);
      this.skip();
    }
    for (const e of loadExpected()) results.push(runOne(e));
  });

  it('covers every classification factory of torchvision 0.14', () => {
    const names = loadExpected().map((e) => e.factory);
    assert.ok(names.length >= 80, `only ${names.length} models in the expectations`);
    for (const family of ['alexnet', 'convnext_tiny', 'densenet121', 'efficientnet_b0', 'efficientnet_v2_s', 'googlenet', 'inception_v3', 'maxvit_t', 'mnasnet1_0', 'mobilenet_v2', 'mobilenet_v3_large', 'regnet_y_400mf', 'resnet50', 'resnext50_32x4d', 'wide_resnet50_2', 'shufflenet_v2_x1_0', 'squeezenet1_0', 'swin_t', 'swin_v2_t', 'vgg16', 'vit_b_16']) {
      assert.ok(names.includes(family), `${family} missing`);
    }
  });

  it('never a silent wrong number: no model is reported complete unless it equals torchvision', () => {
    const silent = results.filter((r) => r.complete && !r.exact).map((r) => `${r.name}: ${r.problems.join('; ')}`);
    assert.deepEqual(silent, []);
  });

  it('every model is exact: parameters, output and every module path equal real torchvision', () => {
    const wrong = results.filter((r) => !r.exact).map((r) => `${r.name}: ${r.problems.join('; ')}`);
    assert.deepEqual(wrong, []);
  });
});
