/**
 * Escaping of user-controlled strings for Markdown (src/engine/text/): whatever a module path, dictionary key,
 * Keras name, symbolic dimension or diagnostic message holds, the hover Markdown holds no link, image or HTML
 * of its own. Proved by parsing the output with markdown-it (HTML and linkify on,
 * so raw HTML and bare URLs would show up as tokens) and walking every token.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { analyzeSource } from '../../../src/engine/shapes';
import type { FileReport, LayerRow, ModelReport } from '../../../src/engine/shapes/report';
import { codeSpan, escapeMarkdownText, linkTitle, MAX_SHOWN_CHARS } from '../../../src/engine/text/markdown';
import { fileNoteMarkdown, layerSummaryMarkdown } from '../../../src/engine/text/reportMarkdown';
import { stoppedReport } from '../../../src/engine/protocol';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const md = new MarkdownIt({ html: true, linkify: true });

export const HOSTILE: readonly string[] = [
  'd` ![](https://attacker.example/k.png) [Open card](command:mlLens.openConcept?%5B%22gelu%22%5D) `',
  '](command:workbench.action.terminal.new)',
  '![beacon](https://attacker.example/b.png)',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  'javascript:alert(1)',
  '[click](javascript:alert(1))',
  '``` ` `` a|b',
  'https://attacker.example/path',
  'www.attacker.example',
  'evil@attacker.example',
  '*bold* _it_ # head ~~s~~',
  '&lt;img src=x onerror=alert(1)&gt;',
  '$\\href{https://attacker.example}{x}$',
  'trailing backslash \\',
  '`leading',
  'trailing`',
  ' spaced ',
  '<https://attacker.example>',
  '[ref]: https://attacker.example',
  'line\n# heading\n\n<div>block</div>',
];

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    if (t.children) walk(t.children, visit);
  }
}

/** Every token type in the parsed Markdown, with links, images and HTML collected. */
function inspect(markdown: string) {
  const tokens = md.parse(markdown, {});
  const bad: string[] = [];
  const types = new Map<string, number>();
  walk(tokens, (t) => {
    types.set(t.type, (types.get(t.type) ?? 0) + 1);
    if (t.type === 'link_open' || t.type === 'image' || t.type === 'html_inline' || t.type === 'html_block') bad.push(`${t.type} ${t.attrGet('href') ?? t.attrGet('src') ?? t.content}`);
  });
  return { bad, types, html: md.render(markdown) };
}

describe('markdown escaping helpers', () => {
  it('escapeMarkdownText: any string reads back as itself and makes no markup', () => {
    for (const s of HOSTILE) {
      const tokens = md.parseInline(escapeMarkdownText(s), {});
      const { bad } = inspect(escapeMarkdownText(s));
      assert.deepEqual(bad, [], s);
      const text = tokens[0].children!.map((t) => (t.type === 'text' ? t.content : `<${t.type}>`)).join('');
      assert.equal(text, s.replace(/\n+/g, ' '), s);
    }
  });

  it('codeSpan: one code span whose content is the string, whatever backticks it holds', () => {
    const cases = [...HOSTILE, '`', '``', 'a ` b `` c', ' ', '  ', ' a ', 'a|b'];
    for (const s of cases) {
      const tokens = md.parseInline(codeSpan(s), {})[0].children!;
      assert.equal(tokens.length, 1, `${JSON.stringify(s)} → ${codeSpan(s)}`);
      assert.equal(tokens[0].type, 'code_inline');
      assert.equal(tokens[0].content, s.replace(/\n+/g, ' '), JSON.stringify(s));
    }
    assert.equal(codeSpan('a``b'), '```a``b```', 'the fence is longer than the longest run inside');
    assert.equal(codeSpan('`x'), '`` `x ``', 'a leading backtick gets a space so it does not join the fence');
  });

  it('property: for any printable string, codeSpan parses to exactly that code span and escapeMarkdownText to that text', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'`\\[]()!<>*_#|&:@.$ ~-+=abc/ '.split('')), maxLength: 40 });
    fc.assert(
      fc.property(printable, (s) => {
        const code = md.parseInline(codeSpan(s), {})[0].children!;
        if (s.length > 0) {
          assert.equal(code.length, 1);
          assert.equal(code[0].type, 'code_inline');
          assert.equal(code[0].content, s);
        }
        const text = md.parseInline(escapeMarkdownText(s), {})[0].children!;
        assert.ok(text.every((t) => t.type === 'text'), JSON.stringify(text.map((t) => t.type)));
        assert.equal(text.map((t) => t.content).join(''), s);
      }),
      { numRuns: 2000, seed: 6 },
    );
  });

  it('linkTitle: a tooltip holding any string keeps the link whole and makes no markup of its own', () => {
    for (const s of [...HOSTILE, 'ends with a backslash \\', 'say "hi"', 'x"\n\n![](https://attacker.example/k.png)', '\\"']) {
      const source = `[Shapes](command:mlLens.openShapes ${linkTitle(s)}) after`;
      const links: Array<{ href: string; title: string }> = [];
      const { bad } = inspect(source);
      walk(md.parse(source, {}), (t) => t.type === 'link_open' && links.push({ href: String(t.attrGet('href')), title: String(t.attrGet('title')) }));
      assert.deepEqual(links, [{ href: 'command:mlLens.openShapes', title: s.replace(/\n+/g, ' ') }], source);
      assert.deepEqual(bad, ['link_open command:mlLens.openShapes'], source);
    }
  });

  it('long values are cut with an ellipsis, on a code point boundary', () => {
    const long = '😀'.repeat(MAX_SHOWN_CHARS);
    const shown = md.parseInline(codeSpan(long), {})[0].children![0].content;
    assert.ok(shown.endsWith('…') && shown.length <= MAX_SHOWN_CHARS + 1, shown.length.toString());
    assert.ok(!/[\uD800-\uDBFF]…$/.test(shown));
  });
});

function hostileReport(name: string): FileReport {
  const row = (i: number): LayerRow => ({
    path: `${name}.${i}`,
    type: name,
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 9,
    depth: 2,
    leaf: true,
    input: [['N', name, 3]],
    output: [name, 4],
    params: 12,
    trainable: 12,
    nonTrainable: 0,
    macs: `${name}*4`,
  });
  const model: ModelReport = {
    name,
    framework: 'torch',
    line: 2,
    column: 1,
    input: [['N', name]],
    output: [name],
    layers: [row(0), row(1)],
    totalParams: 24,
    trainableParams: 24,
    nonTrainableParams: 0,
    buffers: 0,
    macs: name,
    paramBytes: 96,
    activationBytes: name,
    diagnostics: [
      {
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 2,
        severity: 'error',
        message: `bad ${name}`,
        code: name,
        related: [{ line: 3, column: 2, endLine: 3, endColumn: 3, message: `${name} is set here` }],
      },
    ],
    inputSource: { kind: 'comment', label: name, line: 2 },
    trace: [],
    complete: false,
  };
  return { file: name, models: [model], diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', message: name }], internalErrors: 0 };
}

describe('hover Markdown with hostile names in every position', () => {
  for (const name of HOSTILE) {
    it(`hover numbers and notes: ${JSON.stringify(name).slice(0, 60)}`, () => {
      const report = hostileReport(name);
      const m = report.models[0];
      const hover = inspect(layerSummaryMarkdown(m, m.layers[0], 2));
      assert.deepEqual(hover.bad, [], layerSummaryMarkdown(m, m.layers[0], 2));
      // Exactly the structure we wrote: five paragraphs (model and layer, numbers, input source, the error at
      // this layer, partial), no heading, list, quote or code block of the name's.
      assert.equal(hover.types.get('paragraph_open'), 5, layerSummaryMarkdown(m, m.layers[0], 2));
      for (const type of ['heading_open', 'bullet_list_open', 'ordered_list_open', 'blockquote_open', 'fence', 'code_block', 'table_open', 'hr']) {
        assert.ok(!hover.types.has(type), `${type} in ${layerSummaryMarkdown(m, m.layers[0], 2)}`);
      }
      const codes: string[] = [];
      walk(md.parse(layerSummaryMarkdown(m, m.layers[0], 2), {}), (t) => t.type === 'code_inline' && codes.push(t.content));
      assert.equal(codes[0], name.replace(/\n+/g, ' '), 'the model name reads back exactly');
      assert.equal(codes[1], `${name}.0`.replace(/\n+/g, ' '), 'the module path reads back exactly');

      assert.deepEqual(inspect(fileNoteMarkdown(stoppedReport(name, 'time', '3.0 s time'))).bad, []);
      const note = inspect(fileNoteMarkdown(report));
      assert.deepEqual(note.bad, []);
      assert.equal(note.types.get('paragraph_open'), 1);
    });
  }

  it('real engine reports from hostile Python: ModuleDict / OrderedDict keys, Keras names', () => {
    const payload = HOSTILE[0];
    const lit = JSON.stringify(payload);
    const torch = `import torch.nn as nn
from collections import OrderedDict

# input: [2, 4]
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = nn.ModuleDict({${lit}: nn.Linear(4, 4)})
        self.s = nn.Sequential(OrderedDict([(${lit}, nn.Linear(4, 3))]))

    def forward(self, x):
        return self.s(self.d[${lit}](x))
`;
    const keras = `import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(4, name=${lit}), layers.Dense(2, name=${JSON.stringify(HOSTILE[3])})])
`;
    for (const [source, fileName] of [
      [torch, HOSTILE[1]],
      [keras, HOSTILE[4]],
    ]) {
      const report = analyzeSource(source, { fileName });
      const paths = report.models.flatMap((m) => m.layers.map((l) => l.path));
      assert.ok(paths.some((p) => p.includes('attacker.example')), `the hostile name reached the report: ${paths.join(' | ')}`);
      assert.deepEqual(inspect(fileNoteMarkdown(report)).bad, []);
      for (const m of report.models) for (const row of m.layers) assert.deepEqual(inspect(layerSummaryMarkdown(m, row, 1)).bad, []);
    }
  });
});
