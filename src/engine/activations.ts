/**
 * Activation functions as PyTorch defines them (float64 here), for plots and value tables.
 * Keyed by the card id that explains each one.
 */

/** Abramowitz–Stegun 7.1.26 is too coarse for GELU near 0; use the series/continued-fraction erf instead. */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a < 2.5) {
    // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = a;
    let sum = a;
    for (let n = 1; n < 60; n++) {
      term *= (-a * a) / n;
      const next = term / (2 * n + 1);
      sum += next;
      if (Math.abs(next) < 1e-17) break;
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  // Continued fraction for erfc at large |x|.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  return sign * (1 - erfc);
}

export const ACTIVATIONS: Readonly<Record<string, { readonly label: string; readonly fn: (x: number) => number }>> = {
  relu: { label: 'ReLU(x) = max(0, x)', fn: (x) => Math.max(0, x) },
  'leaky-relu': { label: 'LeakyReLU(x), negative_slope = 0.01', fn: (x) => (x >= 0 ? x : 0.01 * x) },
  tanh: { label: 'tanh(x)', fn: Math.tanh },
  sigmoid: { label: 'σ(x) = 1 / (1 + e^(−x))', fn: (x) => 1 / (1 + Math.exp(-x)) },
  gelu: { label: 'GELU(x) = x·Φ(x)', fn: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)) },
  swish: { label: 'SiLU / Swish(x) = x·σ(x)', fn: (x) => x / (1 + Math.exp(-x)) },
};

/** Samples `fn` on [from, to] with `steps` intervals. */
export function sample(fn: (x: number) => number, from = -3, to = 3, steps = 12): Array<{ x: number; y: number }> {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const x = from + ((to - from) * i) / steps;
    return { x, y: fn(x) };
  });
}
