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

  it('cancels common factors under a symbolic divisor and parenthesises product divisors', () => {
    // ⌊24·N·H·W / (64·N)⌋ = ⌊3·H·W / 8⌋ because N > 0 (the shape_ops fixture's reshape(n, -1, 8, 8))
    const q = floorDiv(product([24, N, H, W]), mul(64, N));
    assert.equal(formatDim(q), '3*H*W//8');
    assert.equal(substitute(q, { N: 2, H: 8, W: 8 }), 24);
    // nothing to cancel: the divisor keeps its parentheses
    assert.equal(formatDim(floorDiv(add(H, 1), mul(2, W))), '(H+1)//(2*W)');
    assert.equal(formatDim(floorDiv(add(H, 1), W)), '(H+1)//W');
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

  it('tolerates a float factor (1.5·H = 3·H/2) without hanging', () => {
    assert.equal(formatDim(mul(H, 1.5)), '3*H/2');
    assert.equal(dimEquals(mul(mul(H, 1.5), 2), mul(H, 3)), true);
  });

  it('lists symbols and substitutes', () => {
    assert.deepEqual(symbolsOf(add(floorDiv(H, 2), W)).sort(), ['H', 'W']);
    assert.equal(formatDim(substitute(add(H, W), { H: 4 })), 'W+4');
  });
});

// ------------------------------------------------------------------------------------------------ properties

import fc from 'fast-check';
import type { Dim } from '../../../src/engine/shapes/dims';

/** Evaluate the printed form with Python semantics (+, -, *, /, // with floor), to check that it is faithful. */
function evalPython(text: string, env: Record<string, number>): number {
  const tokens = text.match(/\d+|[A-Za-z_]\w*|\/\/|[-+*/()]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      i++; // ')'
      return v;
    }
    if (t === '-') return -primary();
    if (/^\d+$/.test(t)) return Number(t);
    return env[t];
  };
  const product = (): number => {
    let v = primary();
    while (peek() === '*' || peek() === '/' || peek() === '//') {
      const op = tokens[i++];
      const r = primary();
      v = op === '*' ? v * r : op === '/' ? v / r : Math.floor(v / r);
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  return sum();
}

type Expr = { op: 'sym'; name: string } | { op: 'const'; k: number } | { op: 'add' | 'sub' | 'mul'; a: Expr; b: Expr } | { op: 'floor' | 'ceil'; a: Expr; k: number } | { op: 'scale'; a: Expr; k: number };

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>({ op: 'sym', name: 'H' }, { op: 'sym', name: 'W' }, { op: 'sym', name: 'N' }),
    fc.integer({ min: -9, max: 9 }).map((k): Expr => ({ op: 'const', k })),
    fc.record({ op: fc.constantFrom<'add' | 'sub' | 'mul'>('add', 'sub', 'mul'), a: tie('e'), b: tie('e') }) as fc.Arbitrary<Expr>,
    fc.record({ op: fc.constantFrom<'floor' | 'ceil'>('floor', 'ceil'), a: tie('e'), k: fc.integer({ min: 1, max: 5 }) }) as fc.Arbitrary<Expr>,
    fc.record({ op: fc.constant<'scale'>('scale'), a: tie('e'), k: fc.integer({ min: -4, max: 4 }) }) as fc.Arbitrary<Expr>,
  ),
})).e;

function build(e: Expr): Dim {
  switch (e.op) {
    case 'sym': return sym(e.name);
    case 'const': return e.k;
    case 'add': return add(build(e.a), build(e.b));
    case 'sub': return sub(build(e.a), build(e.b));
    case 'mul': return mul(build(e.a), build(e.b));
    case 'scale': return mul(build(e.a), e.k);
    case 'floor': return floorDiv(build(e.a), e.k);
    case 'ceil': return ceilDiv(build(e.a), e.k);
  }
}

/** Direct integer evaluation (−0 folded to 0). */
function evaluate(e: Expr, env: Record<string, number>): number {
  return evaluateRaw(e, env) || 0;
}

function evaluateRaw(e: Expr, env: Record<string, number>): number {
  switch (e.op) {
    case 'sym': return env[e.name];
    case 'const': return e.k;
    case 'add': return evaluate(e.a, env) + evaluate(e.b, env);
    case 'sub': return evaluate(e.a, env) - evaluate(e.b, env);
    case 'mul': return evaluate(e.a, env) * evaluate(e.b, env);
    case 'scale': return evaluate(e.a, env) * e.k;
    case 'floor': return Math.floor(evaluate(e.a, env) / e.k);
    case 'ceil': return Math.ceil(evaluate(e.a, env) / e.k);
  }
}

describe('dims: properties', () => {
  const envArb = fc.record({ H: fc.integer({ min: -20, max: 60 }), W: fc.integer({ min: -20, max: 60 }), N: fc.integer({ min: 0, max: 9 }) });

  it('normalisation never changes the value (substitute = direct integer arithmetic)', () => {
    fc.assert(
      fc.property(exprArb, envArb, (e, env) => {
        assert.equal((substitute(build(e), env) as number) || 0, evaluate(e, env));
      }),
      { numRuns: 3000 },
    );
  });

  it('the printed form evaluates (as Python) to the same value', () => {
    fc.assert(
      fc.property(exprArb, envArb, (e, env) => {
        const d = build(e);
        assert.equal(evalPython(formatDim(d), env) || 0, evaluate(e, env), formatDim(d));
      }),
      { numRuns: 3000 },
    );
  });

  it('floor division by a positive symbolic product keeps the value (sizes ≥ 1)', () => {
    const positive = fc.record({ H: fc.integer({ min: 1, max: 40 }), W: fc.integer({ min: 1, max: 40 }), N: fc.integer({ min: 1, max: 9 }) });
    const divisorArb = fc.record({ k: fc.integer({ min: 1, max: 6 }), names: fc.subarray(['H', 'W', 'N'], { minLength: 1 }) });
    fc.assert(
      fc.property(exprArb, divisorArb, positive, (e, dv, env) => {
        const divisor = product([dv.k, ...dv.names.map((n) => sym(n))]);
        const q = floorDiv(build(e), divisor);
        const expected = Math.floor(evaluate(e, env) / (dv.k * dv.names.reduce((acc, n) => acc * env[n as 'H'], 1))) || 0;
        assert.equal((substitute(q, env) as number) || 0, expected, formatDim(q));
        assert.equal(evalPython(formatDim(q), env) || 0, expected, formatDim(q));
      }),
      { numRuns: 3000 },
    );
  });

  it('dimEquals never answers wrongly', () => {
    fc.assert(
      fc.property(exprArb, exprArb, envArb, (a, b, env) => {
        const eq = dimEquals(build(a), build(b));
        if (eq === true) assert.equal(evaluate(a, env), evaluate(b, env));
        if (eq === false) assert.notEqual(evaluate(a, env) - evaluate(b, env), 0);
      }),
      { numRuns: 3000 },
    );
  });
});
