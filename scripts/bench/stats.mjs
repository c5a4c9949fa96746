// Small statistics helpers shared by the benchmark scripts.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

export function fmt(ms) {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

/** Prints one result line and returns whether it met its budget. */
export function report(label, stats, budget) {
  const ok = budget === undefined || (stats.median <= budget.median && (budget.p99 === undefined || stats.p99 <= budget.p99));
  const target = budget ? ` (target median ≤ ${fmt(budget.median)}${budget.p99 !== undefined ? `, p99 ≤ ${fmt(budget.p99)}` : ''})` : '';
  console.log(`${ok ? '✓' : '✗'} ${label}: median ${fmt(stats.median)}, p99 ${fmt(stats.p99)} over ${stats.n} runs${target}`);
  return ok;
}
