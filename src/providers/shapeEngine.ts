/**
 * The shape engine, loaded on first use. The build keeps it in its own file (dist/shapes.js), so activation
 * and prose-only sessions never load it.
 */
type ShapeEngine = typeof import('../engine/shapes');

let loaded: ShapeEngine | undefined;

export function shapeEngine(): ShapeEngine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('../engine/shapes') as ShapeEngine);
}
