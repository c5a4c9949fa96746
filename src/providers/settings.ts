/** Reads `mlLens.*` settings; a bad value falls back to its default with a one-time warning. */
import * as vscode from 'vscode';
import type { HoverDetail } from '../engine/content/render';

export interface MlLensSettings {
  readonly hoverEnabled: boolean;
  readonly hoverDetail: HoverDetail;
  readonly codeHovers: boolean;
  readonly proseHovers: boolean;
  readonly shapeHovers: boolean;
  readonly maxFileSizeMB: number;
  readonly indexTimeBudgetMs: number;
}

export const DEFAULT_SETTINGS: MlLensSettings = {
  hoverEnabled: true,
  hoverDetail: 'simple',
  codeHovers: true,
  proseHovers: true,
  shapeHovers: true,
  maxFileSizeMB: 4,
  indexTimeBudgetMs: 1500,
};

type Check<T> = (value: unknown) => value is T;
const isBoolean: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isDetail: Check<HoverDetail> = (v): v is HoverDetail => v === 'simple' || v === 'full';
const inRange = (min: number, max: number): Check<number> => (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

const warned = new Set<string>();

function read<T>(config: vscode.WorkspaceConfiguration, key: string, check: Check<T>, fallback: T, warn: (message: string) => void): T {
  const value = config.get<unknown>(key);
  if (value === undefined || check(value)) return (value ?? fallback) as T;
  const message = `ML Lens: setting "mlLens.${key}" has an invalid value ${JSON.stringify(value)}; using ${JSON.stringify(fallback)}.`;
  if (!warned.has(message)) {
    warned.add(message);
    warn(message);
  }
  return fallback;
}

export function readSettings(warn: (message: string) => void = (m) => void vscode.window.showWarningMessage(m)): MlLensSettings {
  const c = vscode.workspace.getConfiguration('mlLens');
  const d = DEFAULT_SETTINGS;
  return {
    hoverEnabled: read(c, 'hover.enabled', isBoolean, d.hoverEnabled, warn),
    hoverDetail: read(c, 'hover.detail', isDetail, d.hoverDetail, warn),
    codeHovers: read(c, 'hover.code', isBoolean, d.codeHovers, warn),
    proseHovers: read(c, 'hover.prose', isBoolean, d.proseHovers, warn),
    shapeHovers: read(c, 'hover.shapes', isBoolean, d.shapeHovers, warn),
    maxFileSizeMB: read(c, 'index.maxFileSizeMB', inRange(0.1, 64), d.maxFileSizeMB, warn),
    indexTimeBudgetMs: read(c, 'index.timeBudgetMs', inRange(50, 10000), d.indexTimeBudgetMs, warn),
  };
}

/** Settings read once and refreshed when the user changes them. */
export class SettingsService implements vscode.Disposable {
  private current: MlLensSettings | undefined;
  private readonly listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mlLens')) this.current = undefined;
  });

  get value(): MlLensSettings {
    return (this.current ??= readSettings());
  }

  dispose(): void {
    this.listener.dispose();
  }
}
