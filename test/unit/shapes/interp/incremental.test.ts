/**
 * ShapeAnalyzer keeps the parse tree and per-model results across edits. Whatever it reuses, its answer must
 * equal a fresh analyzeSource of the same text.
 */
import { strict as assert } from 'node:assert';
import { ShapeAnalyzer, analyzeSource, type FileReport } from '../../../../src/engine/shapes';
import { diffRange, PythonDocument, topLevelStarts } from '../../../../src/engine/shapes/python/document';
import { TORCH } from './helpers';

const SRC = `${TORCH}
WIDTH = 32

# input: [4, 16]
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, WIDTH)

    def forward(self, x):
        return self.fc(x)

# input: [4, 8]
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc(x)
`;

const summary = (r: FileReport) => r.models.map((m) => ({ name: m.name, line: m.line, out: m.output, params: m.totalParams, rows: m.layers.map((l) => [l.path, l.line, l.column]) }));

describe('shapes/interp: incremental analysis', () => {
  it('diffRange finds the single changed range', () => {
    assert.deepEqual(diffRange('abcdef', 'abXYef'), { fromA: 2, toA: 4, fromB: 2, toB: 4 });
    assert.deepEqual(diffRange('abc', 'abc'), null);
    assert.deepEqual(diffRange('abc', 'abzc'), { fromA: 2, toA: 2, fromB: 2, toB: 3 });
  });

  it('cuts the text into top-level statements (strings, brackets, decorators, else, comments)', () => {
    const text = [
      'import torch',
      'x = """', // a string spanning lines: its lines are not statements
      'class NotAClass:',
      '"""',
      'y = (1,', // open bracket
      '2)',
      '@decorator', // decorator + def are one statement
      'def f():',
      '    return 1',
      '# a comment at column 0',
      'if x:',
      '    pass',
      'else:', // continues the if
      '    pass',
      'z = f(', // half-typed call: a `class` line still starts a new statement
      'class C:',
      '    pass',
    ].join('\n');
    const firstLine = (o: number) => text.slice(o).split('\n')[0];
    assert.deepEqual(topLevelStarts(text).map(firstLine), ['import torch', 'x = """', 'y = (1,', '@decorator', 'if x:', 'z = f(', 'class C:']);
  });

  it('keeps the whole-document lezer tree up to date on demand', () => {
    const doc = new PythonDocument();
    doc.update('import torch\nx = 1\n');
    assert.equal(doc.syntaxTree.length, 19);
    doc.update('import torch\nx = 12\n');
    assert.equal(doc.syntaxTree.length, 20);
    assert.equal(doc.syntaxTree.topNode.lastChild?.name, 'AssignStatement');
  });

  it('reuses unchanged statement ASTs, even when they move', () => {
    const doc = new PythonDocument();
    doc.update(SRC);
    const before = doc.segments.find((s) => s.text.startsWith('class B'))!;
    doc.update('# a new first line\n' + SRC);
    const after = doc.segments.find((s) => s.text.startsWith('class B'))!;
    assert.equal(after, before, 'same Segment object');
    assert.equal(after.base, before.base);
    assert.equal(doc.source.indexOf('class B'), after.base);
  });

  it('matches a fresh analysis after a sequence of edits (value change, insertion above, dependency change)', () => {
    const an = new ShapeAnalyzer();
    let text = SRC;
    assert.deepEqual(summary(an.update(text)), summary(analyzeSource(text)));
    const edits: Array<(t: string) => string> = [
      (t) => t.replace('nn.Linear(8, 3)', 'nn.Linear(8, 5)'), // edit inside B
      (t) => '# header comment\n\n' + t, // everything moves down two lines
      (t) => t.replace('WIDTH = 32', 'WIDTH = 64'), // a global that A depends on
      (t) => t.replace('return self.fc(x)\n\n# input: [4, 8]', 'return self.fc(x).relu()\n\n# input: [4, 8]'),
      (t) => t.replace('# input: [4, 8]', '# input: [2, 8]'), // the input comment above B
    ];
    for (const edit of edits) {
      text = edit(text);
      assert.deepEqual(summary(an.update(text)), summary(analyzeSource(text)));
    }
    const final = an.update(text);
    const a = final.models.find((m) => m.name === 'A')!;
    const b = final.models.find((m) => m.name === 'B')!;
    assert.deepEqual(a.output, [4, 64]);
    assert.equal(a.totalParams, 16 * 64 + 64);
    assert.deepEqual(b.output, [2, 5]);
  });

  it('invalidates a cached model when a global read at definition time changes (default arguments)', () => {
    const src = `${TORCH}
WIDTH = 8
DEPTH = WIDTH // 2

class Block(nn.Module):
    def __init__(self, w=WIDTH, d=DEPTH):
        super().__init__()
        self.fc = nn.Linear(w, d)

    def forward(self, x):
        return self.fc(x)

# input: [1, 8]
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()

    def forward(self, x):
        return self.block(x)
`;
    const an = new ShapeAnalyzer();
    assert.deepEqual(an.update(src).models.find((m) => m.name === 'Net')!.output, [1, 4]);
    // DEPTH = 16 // 2 = 8 now, read only when Block's defaults were evaluated at module level.
    const edited = src.replace('WIDTH = 8', 'WIDTH = 16');
    assert.deepEqual(an.update(edited).models.find((m) => m.name === 'Net')!.output, [1, 8]);
    assert.deepEqual(summary(an.update(edited)), summary(analyzeSource(edited)));
  });

  it('accepts explicit lezer changed ranges', () => {
    const an = new ShapeAnalyzer();
    an.update(SRC);
    const from = SRC.indexOf('nn.Linear(8, 3)') + 'nn.Linear(8, '.length;
    const next = SRC.slice(0, from) + '7' + SRC.slice(from + 1);
    const r = an.update(next, [{ fromA: from, toA: from + 1, fromB: from, toB: from + 1 }]);
    assert.deepEqual(r.models.find((m) => m.name === 'B')!.output, [4, 7]);
  });

  it('re-analyses a one-line edit in a large file by evaluating only the edited model', () => {
    const parts = [TORCH];
    for (let i = 0; i < 60; i++) {
      parts.push(`# input: [2, 16]
class M${i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(16, ${16 + i})
        self.b = nn.Linear(${16 + i}, 4)

    def forward(self, x):
        return self.b(torch.relu(self.a(x)))
`);
    }
    const text = parts.join('\n');
    const an = new ShapeAnalyzer();
    an.update(text);
    const edited = text.replace('nn.Linear(16, 30)', 'nn.Linear(16, 31)').replace('nn.Linear(30, 4)', 'nn.Linear(31, 4)');
    const r = an.update(edited);
    assert.equal(r.models.length, 60);
    assert.equal(r.models[14].totalParams, 16 * 31 + 31 + 31 * 4 + 4);
    // Only the edited model is evaluated again; the other 59 results are reused (how fast that is belongs
    // to `npm run bench`, not to a test).
    assert.deepEqual(an.reuse, { hits: 59, misses: 1 });
  });
});
