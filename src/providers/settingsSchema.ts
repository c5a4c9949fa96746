/**
 * The `mlLens.*` settings: defaults and validation, without `vscode`, so the fallback rules are unit-tested.
 * A bad value (wrong type, unknown enum, out of range) falls back to its default with a warning.
 */
import type { HoverDetail } from '../engine/content/render';

export interface MlLensSettings {
  readonly hoverEnabled: boolean;
  readonly hoverDetail: HoverDetail;
  readonly codeHovers: boolean;
  readonly proseHovers: boolean;
  readonly shapeHovers: boolean;
  readonly maxFileSizeMB: number;
  readonly indexTimeBudgetMs: number;
  readonly diagnosticsEnabled: boolean;
  readonly inlayShapes: boolean;
  readonly inlayParams: boolean;
  readonly inlayWhere: InlayWhere;
  readonly codeLensEnabled: boolean;
}

/** Where shape inlay hints appear: after layer constructions (`init`), after forward() assignments, or both. */
export type InlayWhere = 'both' | 'forward' | 'init';

type Check = (value: unknown) => boolean;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isDetail: Check = (v) => v === 'compact' || v === 'simple' || v === 'full';
const isWhere: Check = (v) => v === 'both' || v === 'forward' || v === 'init';
const inRange = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** Setting key (after `mlLens.`) → the field it fills, its default and its check. */
const SPEC: ReadonlyArray<readonly [string, keyof MlLensSettings, MlLensSettings[keyof MlLensSettings], Check]> = [
  ['hover.enabled', 'hoverEnabled', true, isBoolean],
  ['hover.detail', 'hoverDetail', 'simple', isDetail],
  ['hover.code', 'codeHovers', true, isBoolean],
  ['hover.prose', 'proseHovers', true, isBoolean],
  ['hover.shapes', 'shapeHovers', true, isBoolean],
  ['index.maxFileSizeMB', 'maxFileSizeMB', 4, inRange(0.1, 64)],
  ['index.timeBudgetMs', 'indexTimeBudgetMs', 1500, inRange(50, 10000)],
  ['diagnostics.enabled', 'diagnosticsEnabled', true, isBoolean],
  ['inlayHints.shapes', 'inlayShapes', true, isBoolean],
  ['inlayHints.params', 'inlayParams', true, isBoolean],
  ['inlayHints.where', 'inlayWhere', 'both', isWhere],
  ['codeLens.enabled', 'codeLensEnabled', true, isBoolean],
];

export const DEFAULT_SETTINGS = Object.fromEntries(SPEC.map(([, field, fallback]) => [field, fallback])) as unknown as MlLensSettings;

/** Validates raw values (`get(key)` of the `mlLens` section); undefined means "not set". */
export function validateSettings(get: (key: string) => unknown): { settings: MlLensSettings; warnings: string[] } {
  const warnings: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, field, fallback, check] of SPEC) {
    const value = get(key);
    if (value === undefined || check(value)) settings[field] = value ?? fallback;
    else {
      settings[field] = fallback;
      warnings.push(`ML Lens: setting "mlLens.${key}" has an invalid value ${typeof value === 'number' ? String(value) : JSON.stringify(value)}; using ${JSON.stringify(fallback)}.`);
    }
  }
  return { settings: settings as unknown as MlLensSettings, warnings };
}
