/**
 * Hostile Python in the real extension host: code that used to crash, hang or stall the engine, huge files,
 * and names built to inject Markdown. Hovering a layer must answer within a second while the extension host
 * keeps running (a concurrent timer must keep ticking), the shape calculator must say when the analysis was
 * stopped, and no hover may hold a link, image or HTML that ML Lens did not write.
 *
 * The cases below are generated here; every .py file of the shared hostile corpus (test/fixtures/hostile/)
 * is exercised the same way.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { TRUSTED_HOVER_COMMANDS } from '../../src/providers/commandIds';
import { bigFile, longSum, megabyteList, nestedParentheses } from '../fixtures/hostile/generated';
import { api, closeAllEditors, positionOf, waitFor } from './helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');
const HOSTILE_DIR = path.join(REPO, 'test', 'fixtures', 'hostile');

const HEAD = 'import torch\nimport torch.nn as nn\n';
const INJECT = 'd` ![](https://attacker.example/k.png) [Open card](command:mlLens.openConcept?%5B%22gelu%22%5D) <img src=x onerror=alert(1)> </script> javascript:alert(1) `';

/** name → source; each has an `nn.Linear` (or `layers.Dense`) to hover. */
const GENERATED: ReadonlyArray<readonly [string, string]> = [
  ['list doubling (2^60 entries)', `${HEAD}L = [0]\nfor i in range(60):\n    L = L + L\nm = nn.Sequential(nn.Linear(8, 8))\n`],
  ['a Sequential appended to itself', `${HEAD}m = nn.Sequential(nn.Linear(8, 8))\nm.append(m)\nm.append(m)\n`],
  ['one 1 MB line', `${HEAD}m = nn.Sequential(${'nn.Linear(8, 8), '.repeat(62_000)})\n`],
  ['20,000 module-level Sequentials', HEAD + Array.from({ length: 20_000 }, (_, i) => `m${i} = nn.Sequential(nn.Linear(8, 8))`).join('\n') + '\n'],
  ['1,000 nested Sequentials', `${HEAD}m = ${'nn.Sequential('.repeat(1000)}nn.Linear(8, 8)${')'.repeat(1000)}\n`],
  ['a billion appends', `${HEAD}layers = []\nfor i in range(10**9):\n    layers.append(nn.Linear(8, 8))\nm = nn.Sequential(*layers)\n`],
  ['negative sizes', `${HEAD}# input: [4, 8]\nm = nn.Sequential(nn.Linear(8, -5), nn.Conv2d(3, 8, -3, stride=0))\n`],
  ['classes named like Object.prototype', `${HEAD}class toString(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n\nclass constructor(toString):\n    pass\n`],
  [
    'Markdown injection in keys and names',
    `${HEAD}from collections import OrderedDict\n# input: [2, 4]\nclass Evil(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.d = nn.ModuleDict({${JSON.stringify(INJECT)}: nn.Linear(4, 4)})\n        self.s = nn.Sequential(OrderedDict([(${JSON.stringify(INJECT)}, nn.Linear(4, 3))]))\n\n    def forward(self, x):\n        return self.s(self.d[${JSON.stringify(INJECT)}](x))\n`,
  ],
  ['binary garbage around a model', `${HEAD}${'\u0001\u00ff\ufffd\u0007\ud800'.repeat(1000)}\nm = nn.Sequential(nn.Linear(8, 8))\n`],
  // The shared corpus's generated inputs (test/fixtures/hostile/generated.ts).
  ['a 1 MB list literal on one line', megabyteList()],
  ['a 2,000-term sum as a layer size', longSum(2000)],
  ['500 nested parentheses', nestedParentheses(500)],
  ['a 5 MB file (over the size limit)', bigFile(5 * 1024 * 1024)],
];

function corpus(): Array<readonly [string, string]> {
  if (!fs.existsSync(HOSTILE_DIR)) return [];
  return fs
    .readdirSync(HOSTILE_DIR)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => [`corpus ${f}`, fs.readFileSync(path.join(HOSTILE_DIR, f), 'latin1')] as const);
}

const md = new MarkdownIt({ html: true, linkify: true });

/** Links (href), images (src) and raw HTML in the Markdown, as markdown-it with HTML and linkify on sees them. */
function foreignMarkup(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.type === 'link_open') found.push(`link ${t.attrGet('href')}`);
      if (t.type === 'image') found.push(`image ${t.attrGet('src')}`);
      if (t.type === 'html_inline' || t.type === 'html_block') found.push(`html ${t.content}`);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return found;
}

/** The links ML Lens itself writes into a hover: its own trusted commands only. */
const OURS = new RegExp(`^link command:(${TRUSTED_HOVER_COMMANDS.map((c) => c.replace(/\./g, '\\.')).join('|')})\\?`);

/** Hover at the first occurrence of a layer, with a 5 ms timer ticking meanwhile; returns the largest gap. */
async function timedHover(document: vscode.TextDocument, needle: string) {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  // VS Code asks every hover provider at the same moment; this one only notes when. The hover's time is from
  // then until the answer, without the workbench's own work before (syncing a large document to the renderer).
  let asked: number | undefined;
  const probe = vscode.languages.registerHoverProvider({ language: 'python' }, {
    provideHover: () => {
      asked ??= performance.now();
      return undefined;
    },
  });
  const started = performance.now();
  try {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, needle));
    const elapsed = performance.now() - (asked ?? started);
    // One more tick so a block at the very end is measured too.
    await new Promise((r) => setTimeout(r, 20));
    const markdown = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
    return { elapsed, maxGap: Math.max(maxGap, performance.now() - last), markdown };
  } finally {
    clearInterval(timer);
    probe.dispose();
  }
}

let fileCount = 0;
const TEMP = fs.mkdtempSync(path.join(os.tmpdir(), 'mllens-hostile-'));

/** Opens the source as a file of its own, with a fresh name each time (untitled documents reuse names). */
async function openFile(source: string): Promise<vscode.TextDocument> {
  const file = path.join(TEMP, `hostile_${++fileCount}.py`);
  fs.writeFileSync(file, source);
  // VS Code refuses to open a file with NUL bytes as text; such content can still be typed or pasted.
  const document = source.includes('\u0000')
    ? await vscode.workspace.openTextDocument({ language: 'python', content: source })
    : await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}


/** The shape calculator showing this document once its analysis is done (ready or stopped). */
async function calculatorOn(document: vscode.TextDocument) {
  const { calculator } = await api();
  await vscode.commands.executeCommand('mlLens.openShapes', document.uri.toString());
  return waitFor(() => {
    const state = calculator.current;
    return state.uri === document.uri.toString() && state.version === document.version && (state.status === 'ready' || state.status === 'stopped') ? state : undefined;
  }, 30_000, 'the shape calculator');
}

describe('hostile Python in the editor', function () {
  this.timeout(120_000);
  afterEach(closeAllEditors);
  after(() => fs.rmSync(TEMP, { recursive: true, force: true }));
  // The first hover of a session loads the cards and the vocabulary; that one-time cost is not what is measured.
  before(async () => {
    await timedHover(await openFile('import torch.nn as nn\nm = nn.Linear(2, 2)\n'), 'nn.Linear');
  });

  for (const [name, source] of [...GENERATED, ...corpus()]) {
    it(`${name}: a layer hover answers within 1 s, the host keeps ticking, no foreign markup`, async () => {
      const document = await openFile(source);
      const needle = source.includes('nn.Linear') ? 'nn.Linear' : source.includes('layers.Dense') ? 'layers.Dense' : source.includes('nn.') ? 'nn.' : 'import';
      const first = await timedHover(document, needle);
      const timing = `the hover took ${first.elapsed.toFixed(0)} ms; the extension host was blocked for up to ${first.maxGap.toFixed(0)} ms`;
      assert.ok(first.elapsed < 1000 && first.maxGap < 1000, `${name}: ${timing}`);
      for (const markdown of first.markdown) {
        const foreign = foreignMarkup(markdown).filter((m) => !OURS.test(m));
        assert.deepEqual(foreign, [], markdown);
      }
      // Once the engine is done (or stopped), the shape calculator says so.
      const result = await (await api()).engine.report(document);
      if (source.length > 4 * 1024 * 1024) {
        assert.equal(result, undefined, 'over mlLens.index.maxFileSizeMB (4 MB): not analysed at all');
        return;
      }
      assert.ok(result, 'the engine answers (a report or a stopped note)');
      const state = await calculatorOn(document);
      assert.equal(state.status, result.status === 'stopped' ? 'stopped' : 'ready');
      if (result.status === 'stopped') assert.match(state.note, /stopped/);
    });
  }

  it('an analysis past the time limit is cut short, shown as such in the shape calculator, and the next file still gets its numbers', async () => {
    const config = vscode.workspace.getConfiguration('mlLens');
    // The smallest budget: the engine must stop itself at 50 ms (an MLS200 warning, status 'ok'), or, if it
    // overran, the worker's hard limit (2.1 s) stops and restarts it (status 'stopped'). Either way no model of
    // the 60,000 is reported complete. (The kill-and-restart path is forced in test/unit/engine/worker.test.ts,
    // with a worker that really overruns.)
    await config.update('index.timeBudgetMs', 50, vscode.ConfigurationTarget.Global);
    try {
      const engine = (await api()).engine;
      const source = HEAD + Array.from({ length: 60_000 }, (_, i) => `m${i} = nn.Sequential(nn.Linear(8, ${i + 1}), nn.ReLU())`).join('\n') + '\n';
      const document = await openFile(source);
      const result = await engine.report(document);
      console.log(`      time-limit case: ${JSON.stringify(result?.status)} ${JSON.stringify(result?.report.diagnostics[0])}`);
      assert.ok(result, 'a result');
      assert.ok(!result.report.models.some((m) => m.complete), 'no model is complete');
      if (result.status === 'stopped') assert.match(result.report.diagnostics[0].message, /^analysis stopped: too large or too slow/);
      else assert.ok(result.report.diagnostics.some((d) => d.code === 'MLS200' && /time budget of 50 ms/.test(d.message)), JSON.stringify(result.report.diagnostics));
      const state = await calculatorOn(document);
      assert.equal(state.status, result.status === 'stopped' ? 'stopped' : 'ready');
      const said = state.report?.diagnostics.map((d) => d.message).join('\n') ?? '';
      assert.match(said, result.status === 'stopped' ? /^analysis stopped: too large or too slow/ : /time budget of 50 ms/);
      // The worker was replaced: a small file right after gets its numbers.
      await config.update('index.timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
      const small = await openFile(`${HEAD}# input: [2, 8]\nm = nn.Sequential(nn.Linear(8, 4))\n`);
      const ok = await engine.report(small);
      assert.equal(ok?.status, 'ok');
      // Linear(8, 4): 8·4 + 4 = 36 parameters.
      assert.equal(ok?.report.models[0].totalParams, 36);
    } finally {
      await config.update('index.timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
