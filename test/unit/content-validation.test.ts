/**
 * Content rules: the real content/ tree is clean, and every rule has a failing fixture whose error names the
 * file, the field and the stable code.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { compileContent, formatProblem } from '../../src/engine/content/compile';
import { realCompileInput, realContent, ROOT } from '../helpers/content';

const BAD = 'test/fixtures/content-bad';

/** The same KaTeX check the build runs. */
function checkFormula(latex: string): string | undefined {
  try {
    katex.renderToString(latex, { throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 20 });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('content validation', () => {
  it('the shipped content has no problems (schema, references, symbols, aliases, formulas)', () => {
    const result = compileContent(realCompileInput({ checkFormula }));
    assert.deepEqual(result.problems.map(formatProblem), []);
    assert.ok(result.index.cards.length >= 40);
  });

  // Each fixture is named <code>.<what>.json and holds one card with exactly that fault;
  // expectations.json says which field the error must name.
  const expectations: Record<string, { field: string; code: string }> = JSON.parse(
    readFileSync(join(ROOT, BAD, 'expectations.json'), 'utf8'),
  );
  const fixtures = readdirSync(join(ROOT, BAD)).filter((f) => f.endsWith('.json') && f !== 'expectations.json');

  it('has one failing fixture per rule', () => {
    const codes = new Set(Object.values(expectations).map((e) => e.code));
    for (const code of ['MLL001', 'MLL002', 'MLL003', 'MLL004', 'MLL005', 'MLL006', 'MLL010', 'MLL011', 'MLL012', 'MLL013', 'MLL014', 'MLL015', 'MLL016', 'MLL017', 'MLL018', 'MLL019', 'MLL020', 'MLL021']) {
      assert.ok(codes.has(code), `no fixture for ${code}`);
    }
    assert.deepEqual(fixtures.sort(), Object.keys(expectations).sort());
  });

  for (const file of fixtures) {
    it(`rejects ${file} naming its file, field and code`, () => {
      const expected = expectations[file];
      const isApi = file.includes('.api.');
      const path = isApi ? `content/api/${file}` : `content/concepts/${file.replace(/^[A-Z0-9]+\./, '')}`;
      const bad = { path, text: readFileSync(join(ROOT, BAD, file), 'utf8') };
      const real = realCompileInput();
      const input = isApi ? { ...real, apiFiles: [...real.apiFiles, bad] } : { ...real, conceptFiles: [...real.conceptFiles, bad] };
      const result = compileContent({ ...input, checkFormula });
      const mine = result.problems.filter((p) => p.file === path);
      assert.ok(
        mine.some((p) => p.code === expected.code && p.field === expected.field),
        `expected ${expected.code} at ${expected.field}; got ${JSON.stringify(mine.map(formatProblem))}`,
      );
      const text = formatProblem(mine.find((p) => p.code === expected.code)!);
      assert.ok(text.startsWith(`${path}: ${expected.field || '(file)'}: ${expected.code} `), text);
    });
  }

  it('compiles the index without card bodies', () => {
    const { index } = realContent();
    const header = index.cards.find((c) => c.id === 'gelu')!;
    assert.deepEqual(Object.keys(header).sort(), ['aliases', 'id', 'kind', 'order', 'subsection', 'symbols', 'tags', 'title']);
  });
});
