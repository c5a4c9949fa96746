/**
 * The engine's activations and derivatives equal real PyTorch (float64; f′ from autograd) to |error| ≤ 1e-9
 * on a dense grid with the kinks and large |x| (test/fixtures/activation-reference.json, written by
 * scripts/fixtures/activation_reference.py).
 */
import * as assert from 'node:assert/strict';
import {
  ACTIVATION_LIST,
  activation,
  activationsForSymbols,
  erf,
  isActivationId,
  resolveActivation,
  sanitizeParams,
} from '../../src/engine/activations';
import { readJson } from '../helpers/content';

interface Reference {
  torch: string;
  x: number[];
  cases: Array<{ id: string; params: Record<string, number>; f: Array<number | null>; df: Array<number | null> }>;
}

const ref = readJson<Reference>('test/fixtures/activation-reference.json');
const TOLERANCE = 1e-9;

describe('activations against PyTorch', () => {
  it('the reference covers every activation the engine offers, with a dense grid, kinks and large |x|', () => {
    assert.deepEqual([...new Set(ref.cases.map((c) => c.id))].sort(), ACTIVATION_LIST.map((a) => a.id).sort());
    assert.ok(ref.x.length >= 800);
    for (const x of [-1000, -3, -1, 0, 1, 3, 6, 20, 1000]) assert.ok(ref.x.includes(x), `grid has ${x}`);
    // Every parameter is exercised away from its default somewhere.
    for (const a of ACTIVATION_LIST) {
      for (const s of a.params) assert.ok(ref.cases.some((c) => c.id === a.id && c.params[s.name] !== s.default), `${a.id}.${s.name} non-default`);
    }
  });

  for (const c of ref.cases) {
    const label = `${c.id}(${Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    it(`${label}: f and f′ within ${TOLERANCE} of PyTorch ${ref.torch} at ${ref.x.length} points`, () => {
      assert.ok(isActivationId(c.id));
      const a = activation(c.id);
      let worst = { err: 0, x: 0, what: '' };
      ref.x.forEach((x, i) => {
        for (const [what, got, want] of [['f', a.f(x, c.params), c.f[i]], ['df', a.df(x, c.params), c.df[i]]] as const) {
          assert.notEqual(want, null, `PyTorch gave a non-finite ${what} at ${x}`);
          const err = Math.abs(got - (want as number));
          if (!(err <= worst.err)) worst = { err, x, what };
        }
      });
      assert.ok(worst.err <= TOLERANCE, `${label}: worst |error| ${worst.err} for ${worst.what} at x = ${worst.x}`);
    });
  }

  it('follows PyTorch at the kinks (spot checks written from autograd by hand)', () => {
    assert.equal(activation('relu').df(0, {}), 0);
    assert.equal(activation('leaky_relu').df(0, { negative_slope: 0.01 }), 0.01);
    assert.equal(activation('relu6').df(6, {}), 0);
    assert.equal(activation('hardswish').df(3, {}), 1); // vectorised kernel; see activations.ts
    assert.equal(activation('hardswish').df(-3, {}), -0.5);
    assert.equal(activation('elu').df(0, { alpha: 0.5 }), 0.5);
  });

  it('erf is odd and matches known values', () => {
    // erf(1) = 0.8427007929497149 (Abramowitz & Stegun, Table 7.1)
    assert.ok(Math.abs(erf(1) - 0.8427007929497149) < 1e-15);
    assert.equal(erf(-0.5), -erf(0.5));
  });
});

describe('activation names and parameters', () => {
  it('resolves ids, card ids and PyTorch names', () => {
    assert.equal(resolveActivation('gelu'), 'gelu');
    assert.equal(resolveActivation('leaky-relu'), 'leaky_relu');
    assert.equal(resolveActivation('swish'), 'silu');
    assert.equal(resolveActivation('nn.GELU'), 'gelu');
    assert.equal(resolveActivation('torch.nn.functional.relu6'), 'relu6');
    assert.equal(resolveActivation('<img src=x>'), undefined);
    assert.equal(resolveActivation('constructor'), undefined);
  });

  it('maps PyTorch card symbols to activations and ignores Keras names', () => {
    assert.deepEqual(activationsForSymbols(['torch.nn.GELU', 'torch.nn.functional.gelu', 'keras.activations.gelu']), ['gelu']);
    assert.deepEqual(activationsForSymbols(['keras.activations.hard_sigmoid']), []);
    assert.deepEqual(activationsForSymbols(['torch.sigmoid', 'torch.nn.Sigmoid']), ['sigmoid']);
  });

  it('sanitizes parameters: clamps to the slider range, drops unknown and non-finite values', () => {
    const elu = activation('elu');
    assert.deepEqual(sanitizeParams(elu, { alpha: 99, evil: 1 }), { alpha: 3 });
    assert.deepEqual(sanitizeParams(elu, { alpha: Number.NaN }), { alpha: 1 });
    assert.deepEqual(sanitizeParams(elu, '<script>'), { alpha: 1 });
  });
});
