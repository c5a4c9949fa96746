/**
 * Single-layer facts that earlier mutation checks showed no test guarded. Expected values are what real
 * PyTorch 1.13 does (run with Debian's python3-torch):
 *
 *   >>> nn.Conv2d(3, 8, 3, stride=(2, 1), padding='same')
 *   ValueError: padding='same' is not supported for strided convolutions
 *   >>> l = nn.LazyLinear(4, bias=False); l(torch.zeros(2, 3)); sum(p.numel() for p in l.parameters())
 *   12                                   # 3·4 weights, no bias
 *   >>> l = nn.LazyLinear(4); l(torch.zeros(2, 3)); sum(p.numel() for p in l.parameters())
 *   16                                   # 3·4 + 4
 */
import { strict as assert } from 'node:assert';
import { analyzeSource } from '../../../../src/engine/shapes';

function model(layer: string, input: number[]) {
  const src = `import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = ${layer}

    def forward(self, x):
        return self.layer(x)
`;
  const report = analyzeSource(src, { inputs: { M: [input] } });
  const m = report.models.find((x) => x.name === 'M');
  assert.ok(m, 'model M found');
  return m;
}

describe('shapes/layers: facts no other test pinned down', () => {
  for (const stride of ['(2, 1)', '(1, 2)', '2']) {
    it(`Conv2d(padding='same') with stride=${stride} is rejected as PyTorch rejects it`, () => {
      const m = model(`nn.Conv2d(3, 8, 3, stride=${stride}, padding='same')`, [1, 3, 8, 8]);
      assert.ok(
        m.diagnostics.some((d) => d.severity === 'error' && /padding='same' is not supported for strided convolutions/.test(d.message)),
        JSON.stringify(m.diagnostics),
      );
    });
  }

  it("Conv2d(padding='same') with stride=(1, 1) is accepted and keeps the size", () => {
    const m = model(`nn.Conv2d(3, 8, 3, stride=(1, 1), padding='same')`, [1, 3, 8, 8]);
    assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(m.output, [1, 8, 8, 8]);
  });

  it('LazyLinear(4, bias=False) on [2, 3] has 12 parameters; with a bias, 16', () => {
    assert.equal(model('nn.LazyLinear(4, bias=False)', [2, 3]).totalParams, 12);
    assert.equal(model('nn.LazyLinear(4)', [2, 3]).totalParams, 16);
  });
});
