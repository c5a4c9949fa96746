/** Activation values used by Plot match real PyTorch (test/fixtures/activations.json, float64). */
import * as assert from 'node:assert/strict';
import { ACTIVATIONS, erf } from '../../src/engine/activations';
import { readJson } from '../helpers/content';

const oracle = readJson<{ torch: string; x: number[]; values: Record<string, number[]> }>('test/fixtures/activations.json');

describe('activation functions', () => {
  it('covers every activation PyTorch was asked about', () => {
    assert.deepEqual(Object.keys(ACTIVATIONS).sort(), Object.keys(oracle.values).sort());
  });

  for (const [id, expected] of Object.entries(oracle.values)) {
    it(`${id} equals PyTorch ${oracle.torch} on [-6, 6] to 1e-12`, () => {
      oracle.x.forEach((x, i) => {
        const got = ACTIVATIONS[id].fn(x);
        assert.ok(Math.abs(got - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `${id}(${x}) = ${got}, PyTorch ${expected[i]}`);
      });
    });
  }

  it('erf is odd and matches known values', () => {
    // erf(1) = 0.8427007929497149 (Abramowitz & Stegun, Table 7.1)
    assert.ok(Math.abs(erf(1) - 0.8427007929497149) < 1e-15);
    assert.equal(erf(-0.5), -erf(0.5));
  });
});
