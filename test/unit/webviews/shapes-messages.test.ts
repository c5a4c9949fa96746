/**
 * The shape calculator's protocol: every message from the webview is validated (anything else is refused),
 * saved states are validated before a reload uses them, and the page the panel builds escapes hostile names
 * from the user's code and files.
 */
import { strict as assert } from 'assert';
import { analyzeSource } from '../../../src/engine/shapes';
import { buildPage } from '../../../src/webviews/html';
import { emptyState, panelTitle, parseFromWebview, parseState, type ShapesState } from '../../../src/webviews/shapes/messages';
import { DEFAULT_VIEW } from '../../../src/webviews/shapes/table';

const URI = 'file:///work/model.py';
const VIEW = { foldRepeats: true, maxDepth: 3, flops: true, toggled: ['layer1#0', '×layer1.0'] };
const RANGE = { line: 3, column: 5, endLine: 3, endColumn: 20 };

describe('shape calculator messages', () => {
  it('accepts each well-formed message from the webview', () => {
    const valid = [
      { type: 'ready', uri: URI },
      { type: 'ready', uri: null },
      { type: 'selectModel', uri: URI, model: 'Net' },
      { type: 'setInputs', uri: URI, model: 'Net', settings: { inputs: [{ shape: 'N, 3, H, W', dtype: 'float16' }], ctorArgs: 'upscale_factor=3' } },
      { type: 'resetInputs', uri: URI, model: 'Net' },
      { type: 'reveal', uri: URI, range: RANGE },
      { type: 'copy', uri: URI, model: 'Net', format: 'csv', view: VIEW },
    ];
    for (const m of valid) assert.deepEqual(parseFromWebview(m), m, JSON.stringify(m));
  });

  it('drops properties that are not part of a message', () => {
    assert.deepEqual(parseFromWebview({ type: 'reveal', uri: URI, range: { ...RANGE, extra: 1 }, command: 'workbench.action.quit' }), { type: 'reveal', uri: URI, range: RANGE });
  });

  it('refuses unknown types, wrong field types, bad ranges, dtypes, formats and oversized input', () => {
    const invalid: unknown[] = [
      null,
      'ready',
      [],
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'ready', uri: 42 },
      { type: 'selectModel', uri: URI, model: '' },
      { type: 'selectModel', uri: URI },
      { type: 'reveal', uri: URI, range: { line: 0, column: 1, endLine: 1, endColumn: 1 } },
      { type: 'reveal', uri: URI, range: { line: 5, column: 1, endLine: 4, endColumn: 1 } },
      { type: 'reveal', uri: URI, range: { line: 1.5, column: 1, endLine: 2, endColumn: 1 } },
      { type: 'reveal', uri: URI, range: { line: '1', column: 1, endLine: 2, endColumn: 1 } },
      { type: 'setInputs', uri: URI, model: 'Net', settings: { inputs: [{ shape: '1, 3', dtype: 'int128' }], ctorArgs: '' } },
      { type: 'setInputs', uri: URI, model: 'Net', settings: { inputs: [{ shape: '1, 3', dtype: 'float32' }] } },
      { type: 'setInputs', uri: URI, model: 'Net', settings: { inputs: Array.from({ length: 33 }, () => ({ shape: '1', dtype: 'float32' })), ctorArgs: '' } },
      { type: 'setInputs', uri: URI, model: 'Net', settings: { inputs: [{ shape: 'x'.repeat(513), dtype: 'float32' }], ctorArgs: '' } },
      { type: 'copy', uri: URI, model: 'Net', format: 'html', view: VIEW },
      { type: 'copy', uri: URI, model: 'Net', format: 'csv', view: { ...VIEW, maxDepth: 0 } },
      { type: 'copy', uri: URI, model: 'Net', format: 'csv', view: { ...VIEW, toggled: [1] } },
      { type: 'selectModel', uri: 'x'.repeat(9000), model: 'Net' },
    ];
    for (const m of invalid) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m)?.slice(0, 120));
  });

  it('a state the webview saved comes back after a reload; a tampered one is refused', () => {
    const report = analyzeSource('import torch.nn as nn\n\n# input: [2, 8]\nmlp = nn.Sequential(nn.Linear(8, 4), nn.ReLU())\n', { fileName: 'mlp.py' });
    const saved: ShapesState = { ...emptyState(), uri: URI, fileName: 'mlp.py', version: 7, status: 'ready', note: '', report, model: 'mlp', view: VIEW };
    // What VS Code hands back is the JSON the webview saved.
    assert.deepEqual(parseState(JSON.parse(JSON.stringify(saved))), saved);
    assert.equal(parseState({ ...saved, status: 'hacked' }), undefined);
    assert.equal(parseState({ ...saved, report: { ...report, models: [{ ...report.models[0], layers: [{ path: 1 }] }] } }), undefined);
    assert.equal(parseState({ ...saved, settings: { mlp: { inputs: 'all', ctorArgs: '' } } }), undefined);
    // A bad view alone falls back to the default view instead of losing the file.
    assert.deepEqual(parseState({ ...saved, view: { maxDepth: -1 } })?.view, DEFAULT_VIEW);
  });

  it('the tab title names the file', () => {
    assert.equal(panelTitle({ uri: URI, fileName: 'models/resnet.py' }), 'Shapes: resnet.py');
    assert.equal(panelTitle({ uri: null, fileName: '' }), 'Shapes');
  });
});

describe('shape calculator page escaping', () => {
  const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', 'javascript:alert(3)', '`${alert(4)}`', '" onmouseover="alert(5)'];

  it('hostile file paths, model names and module keys stay inside data-state as escaped JSON', () => {
    const keys = HOSTILE.map((k) => `        ${JSON.stringify(k)}: nn.Linear(2, 2),`).join('\n');
    const source = `import torch.nn as nn\n\n\n# input: [1, 2]\nclass Evil(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.ModuleDict({\n${keys}\n        })\n\n    def forward(self, x):\n        for layer in self.d.values():\n            x = layer(x)\n        return x\n`;
    const report = analyzeSource(source, { fileName: HOSTILE[0] });
    assert.deepEqual(
      report.models[0].layers.map((r) => r.path),
      HOSTILE.map((k) => `d.${k}`),
    );
    report.models[0].name = HOSTILE[1];
    const state: ShapesState = { ...emptyState(), uri: `file:///${HOSTILE[0]}`, fileName: `${HOSTILE[2]}${HOSTILE[3]}`, status: 'ready', report, model: HOSTILE[1] };
    const html = buildPage({ title: panelTitle(state), cspSource: 'https://example.vscode-cdn.net', nonce: 'bm9uY2Vub25jZW5vbmNlMTIz', styles: [], scripts: ['https://example.vscode-cdn.net/shapes.js'], state, panel: 'shapes' });
    // Nothing from the user's code becomes markup: one script (ours), no image, no event handler attribute.
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(!/<img/i.test(html));
    assert.ok(!/\sonerror=|\sonmouseover=/i.test(html.replace(/data-state="[^"]*"/, '')), 'no handler outside the escaped state');
    assert.ok(!html.includes('`'), 'backticks are escaped');
    const attr = /data-state="([^"]*)"/.exec(html)![1];
    const decoded = attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&#13;/g, '\r').replace(/&amp;/g, '&');
    assert.deepEqual(parseState(JSON.parse(decoded)), { ...state, view: DEFAULT_VIEW });
  });
});
