/**
 * Human-readable forms of the engine's numbers, shared by the CLI table, hover cards and the Shapes view (whose
 * Markdown, with escaping, is built in src/engine/text/reportMarkdown.ts).
 */
import type { JsonDim, JsonShape } from './report';

export function formatShape(shape: JsonShape): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

/** Thousands separators on a run of digits: "9007199254740993" → "9,007,199,254,740,993". */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * 7077888 → "7,077,888". Counts past 2^53 arrive as exact decimal strings and keep every digit
 * ("9,007,199,254,740,993"); symbolic counts ("97344*N") and unknowns stay readable. Never an exponent.
 */
export function formatCount(n: JsonDim | null): string {
  if (n === null) return '?';
  if (typeof n === 'string') return /^-?\d+$/.test(n) ? (n.startsWith('-') ? `-${groupDigits(n.slice(1))}` : groupDigits(n)) : n;
  if (Number.isSafeInteger(n)) return (n < 0 ? '-' : '') + groupDigits(String(Math.abs(n)));
  if (Number.isFinite(n) && Number.isInteger(n)) return formatCount(BigInt(n).toString());
  if (Number.isFinite(n)) return n.toLocaleString('en-US', { maximumFractionDigits: 20 });
  return String(n);
}

const UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['GB', 1024n ** 3n],
  ['MB', 1024n ** 2n],
  ['KB', 1024n],
];

/** Bytes with a binary unit and two decimals, exact for counts of any size (decimal strings included). */
export function formatBytes(bytes: JsonDim): string {
  const exact = typeof bytes === 'number' ? (Number.isFinite(bytes) && Number.isInteger(bytes) && bytes >= 0 ? BigInt(bytes) : null) : /^\d+$/.test(bytes) ? BigInt(bytes) : null;
  if (exact === null) return `${typeof bytes === 'string' ? bytes : formatCount(bytes)} B`;
  for (const [unit, size] of UNITS) {
    if (exact >= size) {
      // Two decimals, rounded half up, in integers (no float rounding for huge values).
      const hundredths = (exact * 100n + size / 2n) / size;
      return `${formatCount((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, '0')} ${unit}`;
    }
  }
  return `${exact} B`;
}
