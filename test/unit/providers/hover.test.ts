/**
 * The hover provider without VS Code: in-memory documents, a fake CancellationToken, settings changed at run
 * time, and a fake EngineClient. Ranges are worked out by hand from the text.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { ContentService } from '../../../src/providers/contentService';
import { DocumentIndexer } from '../../../src/providers/documentIndexer';
import type { EngineClient, EngineResult } from '../../../src/providers/engineClient';
import { ConceptHoverProvider } from '../../../src/providers/hover';
import { SettingsService } from '../../../src/providers/settings';
import type { FileReport } from '../../../src/engine/shapes/report';
import { CancellationTokenSource, EventEmitter, InMemoryDocument, Position, Uri, fake } from '../fakes/vscode';

const PY = `import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = nn.GELU()  # vanishing gradients are rare with it
`;
// Line 5 is "        self.act = nn.GELU()  # vanishing gradients are rare with it":
//   "nn.GELU" starts at column 19 and ends at 26; "vanishing gradients" starts at 32 and ends at 51.
const GELU_LINE = 5;

class FakeEngine implements EngineClient {
  readonly emitter = new EventEmitter<never>();
  readonly onDidReport = this.emitter.event as unknown as EngineClient['onDidReport'];
  calls = 0;
  constructor(public result: EngineResult | undefined = undefined) {}
  async report(): Promise<EngineResult | undefined> {
    this.calls++;
    return this.result;
  }
  latest(): EngineResult | undefined {
    return this.result;
  }
  async analyzeText(): Promise<undefined> {
    return undefined;
  }
  dispose(): void {}
}

function doc(text: string, languageId = 'python', name = 'model.py') {
  return new InMemoryDocument(Uri.file(`/workspace/${name}`), text, languageId) as unknown as vscode.TextDocument;
}

function markdownOf(hover: vscode.Hover | undefined): string {
  assert.ok(hover, 'no hover');
  return (hover.contents as unknown as Array<{ value: string }>).map((c) => c.value).join('\n');
}

function rangeOf(hover: vscode.Hover | undefined): [number, number, number, number] {
  assert.ok(hover?.range, 'no range');
  return [hover.range.start.line, hover.range.start.character, hover.range.end.line, hover.range.end.character];
}

describe('providers: hover (in memory)', function () {
  this.timeout(30_000);
  let settings: SettingsService;
  let content: ContentService;
  let indexer: DocumentIndexer;
  let engine: FakeEngine;
  let provider: ConceptHoverProvider;
  const token = () => new CancellationTokenSource().token as unknown as vscode.CancellationToken;
  const hover = (d: vscode.TextDocument, line: number, character: number, t = token()) =>
    provider.provideHover(d, new Position(line, character) as unknown as vscode.Position, t);

  beforeEach(() => {
    fake.reset();
    settings = new SettingsService();
    content = new ContentService(Uri.file('/ext') as unknown as vscode.Uri);
    indexer = new DocumentIndexer(content, settings);
    engine = new FakeEngine();
    provider = new ConceptHoverProvider(content, indexer, settings, engine);
  });
  afterEach(() => {
    indexer.dispose();
    settings.dispose();
  });

  it('a code name: the range covers exactly the dotted name, from any character inside it', async () => {
    const d = doc(PY);
    for (const character of [19, 22, 25]) {
      const h = await hover(d, GELU_LINE, character);
      assert.deepEqual(rangeOf(h), [GELU_LINE, 19, GELU_LINE, 26], `hovering at ${character}`);
      assert.match(markdownOf(h), /GELU/);
    }
    assert.equal(await hover(d, GELU_LINE, 18), undefined, 'the space before nn.GELU is not a hit');
  });

  it('prose in a comment: the range covers exactly the term', async () => {
    const h = await hover(doc(PY), GELU_LINE, 40);
    assert.deepEqual(rangeOf(h), [GELU_LINE, 32, GELU_LINE, 51]);
    assert.match(markdownOf(h), /[Vv]anishing [Gg]radient/);
  });

  it('prose in Markdown: multi-line documents map offsets to the right line', async () => {
    const d = doc('# Notes\n\nDeep nets suffer from vanishing gradients.\n', 'markdown', 'notes.md');
    const h = await hover(d, 2, 25);
    assert.deepEqual(rangeOf(h), [2, 22, 2, 41]);
  });

  it('only ML Lens commands are trusted, and HTML is off', async () => {
    const h = await hover(doc(PY), GELU_LINE, 20);
    const md = (h!.contents as unknown as Array<{ isTrusted: { enabledCommands: string[] }; supportHtml: boolean }>)[0];
    assert.ok(md.isTrusted.enabledCommands.length > 0);
    for (const c of md.isTrusted.enabledCommands) assert.match(c, /^mlLens\./);
    assert.equal(md.supportHtml, false);
  });

  it('mlLens.hover.enabled, hover.code and hover.prose switch exactly their own hovers, at once', async () => {
    const d = doc(PY);
    fake.set('mlLens.hover.code', false);
    assert.equal(await hover(d, GELU_LINE, 20), undefined, 'code hover off');
    assert.ok(await hover(d, GELU_LINE, 40), 'prose hover still on');
    fake.set('mlLens.hover.code', true);
    fake.set('mlLens.hover.prose', false);
    assert.ok(await hover(d, GELU_LINE, 20), 'code hover back on');
    assert.equal(await hover(d, GELU_LINE, 40), undefined, 'prose hover off');
    fake.set('mlLens.hover.prose', true);
    fake.set('mlLens.hover.enabled', false);
    assert.equal(await hover(d, GELU_LINE, 20), undefined);
    assert.equal(await hover(d, GELU_LINE, 40), undefined);
    fake.set('mlLens.hover.enabled', true);
    assert.ok(await hover(d, GELU_LINE, 40));
  });

  it('mlLens.hover.detail switches between the simple and the full text at once', async () => {
    const d = doc(PY);
    const simple = markdownOf(await hover(d, GELU_LINE, 40));
    fake.set('mlLens.hover.detail', 'full');
    const full = markdownOf(await hover(d, GELU_LINE, 40));
    assert.notEqual(simple, full);
  });

  it('a settings change outside hover.* (index.maxFileSizeMB) takes effect at once too', async () => {
    const big = doc(`${PY}# ${'x'.repeat(200_000)}\n`);
    assert.ok(await hover(big, GELU_LINE, 20));
    fake.set('mlLens.index.maxFileSizeMB', 0.1); // 0.1 MB = 104,857 characters < 200,000
    const bigger = doc(`${PY}# ${'y'.repeat(200_000)}\n`, 'python', 'other.py');
    assert.equal(await hover(bigger, GELU_LINE, 20), undefined, 'over the new limit: no index, no hover');
    assert.ok(fake.messages.some((m) => m.kind === 'status' && /over the 0\.1 MB limit/.test(m.text)));
  });

  it('a cancelled request gives no hover', async () => {
    const source = new CancellationTokenSource();
    source.cancel();
    assert.equal(await hover(doc(PY), GELU_LINE, 20, source.token as unknown as vscode.CancellationToken), undefined);
  });

  it('shows the engine numbers of the layer under the mouse, and the card alone when they are not ready', async () => {
    const d = doc(PY);
    const report: FileReport = {
      file: 'model.py',
      diagnostics: [],
      internalErrors: 0,
      models: [
        {
          name: 'Net', framework: 'torch', line: 3, column: 7, input: [[8, 16]], output: [8, 16], totalParams: 0, trainableParams: 0,
          nonTrainableParams: 0, buffers: 0, macs: 0, paramBytes: 0, activationBytes: 512, diagnostics: [], complete: true,
          inputSource: { kind: 'comment', label: '`# input:` comment, line 2', line: 2 }, trace: [],
          layers: [{ path: 'act', type: 'GELU', line: 6, column: 20, endLine: 6, endColumn: 29, depth: 1, leaf: true, input: [[8, 16]], output: [8, 16], params: 0, trainable: 0, nonTrainable: 0, macs: 0 }],
        },
      ],
    };
    engine.result = { uri: d.uri.toString(), version: 1, report, status: 'ok' };
    const withNumbers = markdownOf(await hover(d, GELU_LINE, 20));
    assert.match(withNumbers, /\[8, 16\]/);
    assert.ok(engine.calls >= 1);
    engine.result = undefined;
    const without = markdownOf(await hover(d, GELU_LINE, 20));
    assert.doesNotMatch(without, /\[8, 16\]/);
    assert.match(without, /GELU/);
    fake.set('mlLens.hover.shapes', false);
    engine.result = { uri: d.uri.toString(), version: 1, report, status: 'ok' };
    const calls = engine.calls;
    assert.doesNotMatch(markdownOf(await hover(d, GELU_LINE, 20)), /\[8, 16\]/);
    assert.equal(engine.calls, calls, 'hover.shapes off: the engine is not asked');
  });
});
