/**
 * Diagnostic codes (codes.ts): the catalogue is well-formed, every diagnostic the engine produces carries a
 * code, and each common kind of model error gets its own code (not the fallback).
 */
import { strict as assert } from 'node:assert';
import { CATALOGUE, CODES, analyzeSource, classifyMessage, codeInfo, isInternalCode, isLimitCode } from '../../../src/engine/shapes';
import { Host } from '../../../src/engine/shapes/eval/host';
import { TORCH } from './interp/helpers';

function codesOf(src: string): string[] {
  const r = analyzeSource(src, { fileName: 'codes.py' });
  const all = [...r.diagnostics, ...r.models.flatMap((m) => m.diagnostics)];
  for (const d of all) assert.ok(d.code && codeInfo(d.code), `diagnostic without a catalogue code: ${JSON.stringify(d)}`);
  return all.map((d) => d.code!);
}

describe('shapes: diagnostic codes', () => {
  it('has unique, well-formed codes and ids', () => {
    const codes = CATALOGUE.map((c) => c.code);
    const ids = CATALOGUE.map((c) => c.id);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of CATALOGUE) {
      assert.match(c.code, /^MLS\d{3}$/);
      assert.match(c.id, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.ok(c.title.length > 10, c.code);
    }
    assert.ok(isLimitCode(CODES.LIMIT_TIME.code) && isLimitCode(CODES.LIMIT_SIZE.code) && !isLimitCode(CODES.BROADCAST.code));
    assert.ok(isInternalCode('MLS900') && !isInternalCode('MLS001'));
  });

  const cases: Array<[string, string, string]> = [
    ['Linear in_features', 'MLS001', `# input: [2, 10]\nm = nn.Sequential(nn.Linear(8, 4))\n`],
    ['Conv in_channels', 'MLS002', `# input: [1, 3, 32, 32]\nm = nn.Sequential(nn.Conv2d(4, 8, 3))\n`],
    ['BatchNorm num_features', 'MLS003', `# input: [2, 6, 8, 8]\nm = nn.Sequential(nn.BatchNorm2d(4))\n`],
    [
      'torch.cat sizes',
      'MLS004',
      `class M(nn.Module):\n    def forward(self, x):\n        return torch.cat([x, torch.zeros(2, 5)], dim=0)\n# input: [2, 3]\nm = M()\n`,
    ],
    ['broadcast', 'MLS005', `class M(nn.Module):\n    def forward(self, x):\n        return x + torch.zeros(7)\n# input: [2, 3]\nm = M()\n`],
    ['view size', 'MLS006', `class M(nn.Module):\n    def forward(self, x):\n        return x.view(5, 5)\n# input: [2, 3]\nm = M()\n`],
    ['dim out of range', 'MLS007', `class M(nn.Module):\n    def forward(self, x):\n        return x.sum(dim=5)\n# input: [2, 3]\nm = M()\n`],
    ['unknown name', 'MLS100', `class M(nn.Module):\n    def forward(self, x):\n        return undefined_thing(x)\n# input: [2, 3]\nm = M()\n`],
    ['unknown layer', 'MLS101', `class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.NoSuchLayer(3)\n    def forward(self, x):\n        return self.a(x)\n`],
  ];
  for (const [what, code, src] of cases) {
    it(`${what} → ${code}`, () => {
      const codes = codesOf(TORCH + src);
      assert.ok(codes.includes(code), `${what}: got ${codes.join(', ') || 'no diagnostics'}`);
    });
  }

  it('classifies unknown messages by severity, never leaving a diagnostic without a code', () => {
    assert.equal(classifyMessage('error', 'something new went wrong'), CODES.SHAPE_ERROR.code);
    assert.equal(classifyMessage('info', 'something new to note'), CODES.NOTE.code);
    assert.equal(classifyMessage('error', 'Linear expected the last dimension of the input to be 8 (in_features=8), got 10'), CODES.LINEAR_IN_FEATURES.code);
  });

  it('reports an exception inside the interpreter as an internal error (MLS900), counted in internalErrors', () => {
    const original = Host.prototype.getAttr;
    Host.prototype.getAttr = function () {
      throw new TypeError('injected failure');
    };
    try {
      const r = analyzeSource(`${TORCH}class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 4)\n    def forward(self, x):\n        return self.fc(x)\n`);
      assert.ok(r.internalErrors > 0, JSON.stringify(r));
      const all = [...r.diagnostics, ...r.models.flatMap((m) => m.diagnostics)];
      const internal = all.filter((d) => d.code === 'MLS900');
      assert.equal(internal.length, r.internalErrors);
      assert.ok(internal.every((d) => d.severity === 'error' && /injected failure/.test(d.message)));
      for (const m of r.models) assert.equal(m.complete, false, `${m.name} must not be complete after an internal error`);
    } finally {
      Host.prototype.getAttr = original;
    }
    assert.equal(analyzeSource(`${TORCH}m = nn.Sequential(nn.Linear(4, 4))\n`).internalErrors, 0);
  });
});
