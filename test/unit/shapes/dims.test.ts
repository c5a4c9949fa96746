import { strict as assert } from 'assert';
import {
  add,
  ceilDiv,
  compareDims,
  dimEquals,
  dimToJSON,
  exactDiv,
  floorDiv,
  formatDim,
  isConcrete,
  mul,
  product,
  sub,
  substitute,
  sym,
  symbolsOf,
} from '../../../src/engine/shapes/dims';

const H = sym('H');
const W = sym('W');
const N = sym('N');
const L = sym('L');

/** Conv output size (H + 2p − d(k−1) − 1)//s + 1, written with the dims API. */
function convOut(h: ReturnType<typeof sym> | number, k: number, s: number, p: number, d = 1) {
  return add(floorDiv(sub(add(h, 2 * p), d * (k - 1) + 1), s), 1);
}

describe('dims: symbolic dimension arithmetic', () => {
  it('keeps concrete arithmetic in plain numbers', () => {
    assert.equal(add(3, 4), 7);
    assert.equal(sub(3, 4), -1);
    assert.equal(mul(6, 7), 42);
    assert.equal(floorDiv(7, 2), 3); // 7//2 = 3
    assert.equal(floorDiv(-7, 2), -4); // Python floors towards −∞
    assert.equal(ceilDiv(7, 2), 4);
    assert.equal(exactDiv(8, 2), 4);
    assert.equal(exactDiv(7, 2), 3); // not exact → floor
    assert.equal(product([2, 3, 4]), 24);
    assert.equal(product([]), 1);
  });

  it('prints a bare symbol and simple affine forms', () => {
    assert.equal(formatDim(N), 'N');
    assert.equal(formatDim(mul(2, L)), '2*L');
    assert.equal(formatDim(add(H, 1)), 'H+1');
    assert.equal(formatDim(sub(H, 1)), 'H-1');
    assert.equal(formatDim(sub(1, H)), '-H+1');
    assert.equal(dimToJSON(N), 'N');
    assert.equal(dimToJSON(5), 5);
    assert.equal(JSON.stringify([N, 3]), '["N",3]');
  });

  it("folds a 'same' convolution back to exactly H", () => {
    // k=3, s=1, p=1: (H + 2 − 2 − 1)//1 + 1 = H − 1 + 1 = H
    const out = convOut(H, 3, 1, 1);
    assert.equal(dimEquals(out, H), true);
    assert.equal(formatDim(out), 'H');
    // (H + 2 − 3)//1 + 1 from the brief, term by term.
    assert.equal(formatDim(add(floorDiv(sub(add(H, 2), 3), 1), 1)), 'H');
  });

  it('writes a stride-2 convolution as (H-1)//2+1', () => {
    // k=3, s=2, p=1: (H + 2 − 2 − 1)//2 + 1 = (H − 1)//2 + 1
    const out = convOut(H, 3, 2, 1);
    assert.equal(formatDim(out), '(H-1)//2+1');
    assert.equal(isConcrete(out), false);
    // Substituting H = 32: (31)//2 + 1 = 16 (PyTorch gives 16 for a 32-pixel input).
    assert.equal(substitute(out, { H: 32 }), 16);
    assert.equal(substitute(out, { H: 33 }), 17); // 32//2 + 1 = 17
    // (H+1)//2 is the same number ((H−1)//2 + 1 = (H−1+2)//2) and normalises to the same form.
    assert.equal(dimEquals(floorDiv(add(H, 1), 2), out), true);
    assert.equal(formatDim(floorDiv(add(H, 1), 2)), '(H-1)//2+1');
  });

  it('pulls exact multiples out of a floor: (2H+3)//2 = H+1', () => {
    // (2H + 3)//2 = H + 3//2 = H + 1 because 2H/2 = H is an integer.
    assert.equal(formatDim(floorDiv(add(mul(2, H), 3), 2)), 'H+1');
    // 2x2 max-pool of H: H//2 (kept as a floor)
    assert.equal(formatDim(floorDiv(H, 2)), 'H//2');
  });

  it('merges nested floors: (H//2)//2 = H//4', () => {
    assert.equal(formatDim(floorDiv(floorDiv(H, 2), 2)), 'H//4');
    assert.equal(dimEquals(floorDiv(floorDiv(H, 2), 2), floorDiv(H, 4)), true);
  });

  it('keeps exact division rational so that doubling restores the symbol', () => {
    const half = exactDiv(H, 2);
    assert.equal(formatDim(half), 'H/2');
    assert.equal(dimEquals(mul(half, 2), H), true);
    assert.equal(formatDim(exactDiv(mul(4, H), 2)), '2*H');
    assert.equal(formatDim(add(exactDiv(H, 2), 1)), 'H/2+1');
  });

  it('divides products by a symbolic factor (view(-1) style)', () => {
    const numel = product([N, 3, H, W]);
    // Products print in the order they were written (a display form); equality uses the canonical form.
    assert.equal(formatDim(numel), '3*N*H*W');
    assert.equal(dimEquals(numel, product([W, H, 3, N])), true);
    const perRow = exactDiv(numel, N);
    assert.equal(formatDim(perRow), '3*H*W');
    assert.equal(dimEquals(exactDiv(numel, mul(3, mul(H, W))), N), true);
    assert.equal(floorDiv(H, H), 1);
  });

  it('collects like terms and cancels', () => {
    assert.equal(formatDim(sub(add(H, W), W)), 'H');
    assert.equal(sub(add(H, 5), H), 5);
    assert.equal(formatDim(add(H, H)), '2*H');
    assert.equal(formatDim(mul(H, H)), 'H*H');
    // (H+1)(H−1) = H² − 1: printed as written, equal to the expansion
    assert.equal(formatDim(mul(add(H, 1), sub(H, 1))), '(H+1)*(H-1)');
    assert.equal(dimEquals(mul(add(H, 1), sub(H, 1)), sub(mul(H, H), 1)), true);
    assert.equal(formatDim(add(mul(add(H, 1), sub(H, 1)), 1)), 'H*H'); // any further sum drops the factored form
    // a conv's MACs stay readable: 9408·N·((H−1)//2+1)
    assert.equal(formatDim(mul(mul(N, add(floorDiv(sub(H, 1), 2), 1)), 9408)), '9408*N*((H-1)//2+1)');
    assert.equal(formatDim(mul(3, add(H, 1))), '3*(H+1)');
  });

  it('answers equality as true, false or unknown', () => {
    assert.equal(dimEquals(3, 3), true);
    assert.equal(dimEquals(3, 4), false);
    assert.equal(dimEquals(H, H), true);
    assert.equal(dimEquals(H, add(H, 1)), false); // differs by the constant 1 whatever H is
    assert.equal(dimEquals(H, W), 'unknown');
    assert.equal(dimEquals(H, 3), 'unknown');
    assert.equal(compareDims(add(H, 2), H), 1);
    assert.equal(compareDims(H, W), 'unknown');
  });

  it('ceil division for ceil_mode pooling', () => {
    // ⌈(H − 1)/2⌉ = (H − 1 + 1)//2 = H//2
    assert.equal(formatDim(ceilDiv(sub(H, 1), 2)), 'H//2');
    assert.equal(substitute(ceilDiv(sub(H, 1), 2), { H: 7 }), 3); // ⌈6/2⌉ = 3
    assert.equal(substitute(ceilDiv(H, 3), { H: 7 }), 3); // ⌈7/3⌉ = 3
  });

  it('formats negative floor terms with parentheses', () => {
    assert.equal(formatDim(sub(10, floorDiv(H, 2))), '-(H//2)+10');
    assert.equal(formatDim(mul(2, floorDiv(H, 3))), '2*(H//3)');
  });

  it('lists symbols and substitutes', () => {
    assert.deepEqual(symbolsOf(add(floorDiv(H, 2), W)).sort(), ['H', 'W']);
    assert.equal(formatDim(substitute(add(H, W), { H: 4 })), 'W+4');
  });
});
