/**
 * One fuzz case: the engine must not throw, must return a well-formed report, and must not hang.
 *
 * The hang guard is deliberately far above the engine's real cost (a few ms per case): it tells a runaway
 * loop from a busy machine. How fast the engine is belongs to `npm run bench`, not to a test.
 */
import { analyzeSource, codeInfo, isInternalCode, ShapeAnalyzer, type FileReport } from '../../src/engine/shapes';

/** A count in a report: a safe non-negative integer, or an exact decimal string for larger ones. */
export function isExactCount(n: unknown): boolean {
  if (typeof n === 'number') return Number.isSafeInteger(n) && n >= 0;
  return typeof n === 'string' && /^[1-9]\d{15,}$/.test(n) && BigInt(n) > BigInt(Number.MAX_SAFE_INTEGER);
}

export const CASE_HANG_GUARD_MS = 2000;

/**
 * A report is well-formed, and the engine had no internal error: an exception inside the engine becomes an
 * MLS900 diagnostic (never an `info` the fuzzer would not see), so any such diagnostic fails the case.
 */
export function wellFormed(r: FileReport): string | undefined {
  if (!r || !Array.isArray(r.models) || !Array.isArray(r.diagnostics)) return 'malformed report';
  const all = [...r.diagnostics, ...r.models.flatMap((m) => (Array.isArray(m.diagnostics) ? m.diagnostics : []))];
  const internal = all.filter((d) => isInternalCode(d.code));
  if (internal.length || r.internalErrors !== 0) return `internal error in the engine (${r.internalErrors}): ${internal.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`;
  for (const d of all) if (!d.code || !codeInfo(d.code)) return `diagnostic without a catalogue code: ${JSON.stringify(d)}`;
  for (const m of r.models) {
    if (typeof m.name !== 'string' || !Array.isArray(m.layers)) return `malformed model ${String(m?.name)}`;
    if (!isExactCount(m.totalParams)) return `totalParams of ${m.name} is not an exact count: ${String(m.totalParams)}`;
    for (const d of m.diagnostics) if (!(d.line >= 1 && d.column >= 1)) return `bad diagnostic position in ${m.name}`;
    for (const l of m.layers) if (!(l.line >= 1)) return `bad row position in ${m.name}`;
  }
  try {
    JSON.stringify(r);
  } catch {
    return 'report is not JSON-serialisable';
  }
  return undefined;
}

/** JIT-warm the engine so that the per-case budget measures the engine, not start-up. */
export function warmUp(files: readonly string[]): void {
  for (let k = 0; k < 3; k++) for (const f of files) analyzeSource(f);
}

/** Returns a problem description, or undefined when the case passes. */
export function checkCase(src: string): string | undefined {
  const run = (): { ms: number; problem?: string } => {
    const t0 = performance.now();
    let r: FileReport;
    try {
      r = analyzeSource(src);
    } catch (e) {
      return { ms: 0, problem: `threw: ${(e as Error).stack ?? String(e)}` };
    }
    const ms = performance.now() - t0;
    return { ms, problem: wellFormed(r) };
  };
  const r = run();
  if (r.problem) return r.problem;
  return r.ms <= CASE_HANG_GUARD_MS ? undefined : `took ${r.ms.toFixed(0)} ms: a runaway case (hang guard ${CASE_HANG_GUARD_MS} ms)`;
}

/**
 * Incremental path: analyse the original, then the mutated text, then the original again, with one
 * ShapeAnalyzer; each answer must equal a fresh analysis of the same text (whatever the caches reused).
 */
export function checkIncremental(before: string, after: string): string | undefined {
  try {
    const an = new ShapeAnalyzer();
    an.update(before);
    for (const text of [after, before]) {
      const r = an.update(text);
      const problem = wellFormed(r);
      if (problem) return problem;
      const fresh = analyzeSource(text);
      const a = JSON.stringify(r.models);
      const b = JSON.stringify(fresh.models);
      if (a !== b && !(r.models.some((m) => !m.complete) || fresh.models.some((m) => !m.complete))) {
        return `incremental result differs from a fresh analysis:\n${a.slice(0, 400)}\n${b.slice(0, 400)}`;
      }
    }
    return undefined;
  } catch (e) {
    return `threw: ${(e as Error).stack ?? String(e)}`;
  }
}
