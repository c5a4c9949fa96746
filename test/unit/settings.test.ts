/** Bad settings fall back to their defaults with a warning naming the setting and the bad value. */
import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/providers/settingsSchema';
import { readJson } from '../helpers/content';

describe('settings', () => {
  it('unset settings take the defaults declared in package.json', () => {
    const { settings, warnings } = validateSettings(() => undefined);
    assert.deepEqual(warnings, []);
    const props = readJson<{ contributes: { configuration: { properties: Record<string, { default: unknown }> } } }>('package.json').contributes.configuration.properties;
    assert.equal(settings.hoverDetail, props['mlLens.hover.detail'].default);
    assert.equal(settings.maxFileSizeMB, props['mlLens.index.maxFileSizeMB'].default);
    assert.equal(settings.indexTimeBudgetMs, props['mlLens.index.timeBudgetMs'].default);
    assert.equal(settings.shapeHovers, props['mlLens.hover.shapes'].default);
    assert.equal(Object.keys(props).length, Object.keys(DEFAULT_SETTINGS).length);
  });

  it('keeps valid values', () => {
    const values: Record<string, unknown> = { 'hover.detail': 'full', 'index.maxFileSizeMB': 0.5, 'hover.prose': false };
    const { settings, warnings } = validateSettings((k) => values[k]);
    assert.deepEqual(warnings, []);
    assert.equal(settings.hoverDetail, 'full');
    assert.equal(settings.maxFileSizeMB, 0.5);
    assert.equal(settings.proseHovers, false);
  });

  it('replaces each bad value by its default and says so', () => {
    const values: Record<string, unknown> = { 'hover.detail': 'verbose', 'index.maxFileSizeMB': -3, 'hover.enabled': 'yes', 'index.timeBudgetMs': Number.NaN };
    const { settings, warnings } = validateSettings((k) => values[k]);
    assert.equal(settings.hoverDetail, 'simple');
    assert.equal(settings.maxFileSizeMB, 4);
    assert.equal(settings.hoverEnabled, true);
    assert.equal(settings.indexTimeBudgetMs, 1500);
    assert.deepEqual(warnings, [
      'ML Lens: setting "mlLens.hover.enabled" has an invalid value "yes"; using true.',
      'ML Lens: setting "mlLens.hover.detail" has an invalid value "verbose"; using "simple".',
      'ML Lens: setting "mlLens.index.maxFileSizeMB" has an invalid value -3; using 4.',
      'ML Lens: setting "mlLens.index.timeBudgetMs" has an invalid value NaN; using 1500.',
    ]);
  });
});
