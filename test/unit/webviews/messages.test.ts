/** Messages and saved state crossing the webview boundary: only well-formed values get through. */
import * as assert from 'node:assert/strict';
import { parseConceptFromWebview, parseConceptNav, parseConceptPage } from '../../../src/webviews/concept/messages';
import { defaultPlotState, parsePlotFromWebview, parsePlotState } from '../../../src/webviews/plot/messages';

const HOSTILE_IDS = ['<img src=x onerror=alert(1)>', '</script>', 'javascript:alert(1)', '`x`', '../../etc/passwd', '', 'a'.repeat(500), 42, null, { id: 'gelu' }];

describe('concept panel messages', () => {
  it('accepts each well-formed message', () => {
    const good = [
      { type: 'ready' },
      { type: 'load', id: 'gelu' },
      { type: 'load', id: 'api.torch.nn.Conv2d' },
      { type: 'rendered', id: 'gelu', math: 3, ms: 120 },
      { type: 'setDetail', detail: 'full' },
      { type: 'copy', text: 'layer = nn.Conv2d(3, 64, 3)' },
      { type: 'openPlot', activations: ['gelu', 'relu'] },
      { type: 'showInSidebar', id: 'lstm' },
    ];
    for (const m of good) assert.deepEqual(parseConceptFromWebview(m), m, JSON.stringify(m));
  });

  it('rejects unknown types, extra fields, wrong types and hostile ids', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'ready',
      [],
      { type: 'eval', code: 'alert(1)' },
      { type: 'ready', extra: 1 },
      { type: 'setDetail', detail: 'verbose' },
      { type: 'rendered', id: 'gelu', math: '3', ms: 1 },
      { type: 'rendered', id: 'gelu', math: Number.NaN, ms: 1 },
      { type: 'copy', text: 'x'.repeat(100_001) },
      { type: 'copy', text: 42 },
      { type: 'openPlot', activations: [] },
      { type: 'openPlot', activations: ['gelu', '__proto__'] },
      { type: 'openPlot', activations: 'gelu' },
      { type: '__proto__' },
      { type: 'constructor' },
      ...HOSTILE_IDS.map((id) => ({ type: 'load', id })),
      ...HOSTILE_IDS.map((id) => ({ type: 'showInSidebar', id })),
    ];
    for (const m of bad) assert.equal(parseConceptFromWebview(m), undefined, JSON.stringify(m));
  });

  it('validates saved navigation and keeps only the navigation of a saved page', () => {
    assert.deepEqual(parseConceptNav({ history: ['gelu', 'relu'], index: 1, detail: 'simple' }), { history: ['gelu', 'relu'], index: 1, detail: 'simple' });
    assert.equal(parseConceptNav({ history: ['gelu'], index: 1, detail: 'simple' }), undefined, 'index out of range');
    assert.equal(parseConceptNav({ history: [], index: 0, detail: 'simple' }), undefined);
    assert.equal(parseConceptNav({ history: ['gelu', '<script>'], index: 0, detail: 'simple' }), undefined);
    assert.equal(parseConceptNav({ history: ['gelu'], index: 0, detail: 'everything' }), undefined);
    // The saved view is never trusted: only the navigation comes back.
    assert.deepEqual(parseConceptPage({ nav: { history: ['gelu'], index: 0, detail: 'full' }, view: { kind: 'concept', title: '<img src=x onerror=alert(1)>' } }), {
      history: ['gelu'],
      index: 0,
      detail: 'full',
    });
  });
});

describe('plot panel messages and state', () => {
  it('accepts well-formed messages and rejects the rest', () => {
    assert.deepEqual(parsePlotFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePlotFromWebview({ type: 'rendered', curves: ['gelu', 'silu'], paths: 2, ms: 5 }), { type: 'rendered', curves: ['gelu', 'silu'], paths: 2, ms: 5 });
    assert.deepEqual(parsePlotFromWebview({ type: 'openCard', id: 'mish' }), { type: 'openCard', id: 'mish' });
    for (const m of [
      { type: 'openCard', id: 'swish' }, // a card id, not an activation id
      { type: 'openCard', id: '<img src=x onerror=alert(1)>' },
      { type: 'rendered', curves: ['nope'], paths: 1, ms: 1 },
      { type: 'rendered', curves: Array(9).fill('relu'), paths: 1, ms: 1 },
      { type: 'ready', x: 1 },
      { type: 'add', id: 'gelu' }, // extension → webview only
    ]) {
      assert.equal(parsePlotFromWebview(m), undefined, JSON.stringify(m));
    }
  });

  it('parses a saved plot, clamping parameters to their slider range', () => {
    const state = parsePlotState({ curves: [{ id: 'elu', params: { alpha: 50, bogus: 1 } }, { id: 'relu', params: {}, hidden: true }], showF: true, showDf: false, x: [-3, 3], table: true });
    assert.deepEqual(state, { curves: [{ id: 'elu', params: { alpha: 3 } }, { id: 'relu', params: {}, hidden: true }], showF: true, showDf: false, x: [-3, 3], table: true });
  });

  it('rejects a tampered plot state', () => {
    const base = defaultPlotState(['gelu']);
    for (const bad of [
      { ...base, curves: [{ id: 'eval' }] },
      { ...base, curves: [{ id: 'gelu' }, { id: 'gelu' }] },
      { ...base, curves: Array.from({ length: 9 }, () => ({ id: 'relu' })) },
      { ...base, x: [3, -3] },
      { ...base, x: [0, Number.POSITIVE_INFINITY] },
      { ...base, x: [-1e9, 1e9] },
      { ...base, y: ['a', 'b'] },
      { ...base, showF: 'yes' },
    ]) {
      assert.equal(parsePlotState(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parsePlotState(base), base);
  });
});
