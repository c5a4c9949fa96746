/**
 * Human-readable forms of the engine's numbers, shared by the CLI table, hover cards and the Shapes view (whose
 * Markdown, with escaping, is built in src/engine/text/reportMarkdown.ts).
 */
import type { JsonDim, JsonShape } from './report';

export function formatShape(shape: JsonShape): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}

/** 7077888 → "7,077,888"; symbolic counts ("97344*N") and unknowns stay readable. */
export function formatCount(n: JsonDim | null): string {
  if (n === null) return '?';
  if (typeof n === 'string') return n;
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: JsonDim): string {
  if (typeof bytes === 'string') return `${bytes} B`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${bytes} B`;
}
