/** Reads `mlLens.*` settings; a bad value falls back to its default with a one-time warning. */
import * as vscode from 'vscode';
import { validateSettings, type MlLensSettings } from './settingsSchema';

export type { MlLensSettings } from './settingsSchema';

const warned = new Set<string>();

export function readSettings(warn: (message: string) => void = (m) => void vscode.window.showWarningMessage(m)): MlLensSettings {
  const config = vscode.workspace.getConfiguration('mlLens');
  const { settings, warnings } = validateSettings((key) => config.get<unknown>(key));
  for (const message of warnings) {
    if (warned.has(message)) continue;
    warned.add(message);
    warn(message);
  }
  return settings;
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
