/**
 * Symbolic dimensions against real PyTorch.
 *
 * Each single-input fixture model is analysed again with some input dimensions left symbolic: the first
 * dimension becomes `N`, and for image models the spatial dimensions become `H` and `W` (`D`, `H`, `W` for
 * volumes). Substituting the declared sizes into every symbolic output the engine reports must give exactly the
 * shape real PyTorch recorded (test/fixtures/torch/expected), and the same at the second input PyTorch was run
 * on (first dim +1, odd spatial sizes) where the model accepts it. A formula wrong at either point, or an output
 * left unknown, fails.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  TORCH_FIXTURES,
  assertNoMismatches,
  findModel,
  fmt,
  listTorchExpectations,
  runEngine,
  type JsonDim,
  type TorchModelExpectation,
} from './fixtures-support';

/** Evaluate the engine's dim text (`(H-1)//2+1`, `3*H*W/4`, `N`) with Python's operator rules. */
export function evalDim(text: string, values: Record<string, number>): number {
  const tokens = text.match(/\d+|[A-Za-z_]\w*|\/\/|[-+*/()]/g) ?? [];
  if (tokens.join('') !== text.replace(/\s+/g, '')) throw new Error(`unreadable dim ${JSON.stringify(text)}`);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expr = (): number => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + term() : v - term();
    return v;
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      const op = peek();
      if (op === '*') (next(), (v *= unary()));
      else if (op === '/') (next(), (v /= unary()));
      else if (op === '//') (next(), (v = Math.floor(v / unary())));
      else return v;
    }
  };
  const unary = (): number => (peek() === '-' ? (next(), -unary()) : atom());
  const atom = (): number => {
    const t = next();
    if (t === '(') {
      const v = expr();
      if (next() !== ')') throw new Error(`unbalanced ${text}`);
      return v;
    }
    if (t !== undefined && /^\d+$/.test(t)) return Number(t);
    if (t !== undefined && Object.prototype.hasOwnProperty.call(values, t)) return values[t];
    throw new Error(`unknown symbol ${t} in ${JSON.stringify(text)}`);
  };
  const v = expr();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return v;
}

function evalShape(shape: JsonDim[] | null | undefined, values: Record<string, number>): number[] | string {
  if (!Array.isArray(shape)) return `unknown (${fmt(shape)})`;
  try {
    return shape.map((d) => (typeof d === 'number' ? d : evalDim(d, values)));
  } catch (err) {
    return `unevaluable ${fmt(shape)}: ${(err as Error).message}`;
  }
}

/**
 * Cases left out on purpose, with the reason. A symbolic trip count cannot be unrolled into per-call rows, so
 * PyTorch's per-step calls have no static counterpart there.
 */
const EXCLUDED: Record<string, string> = {
  'rnn_cells.py:CellUnroll first dim N': 'forward loops `for t in range(x.size(0))`: the number of cell calls is the symbol itself',
};

interface SymbolicCase {
  label: string;
  input: Array<number | string>;
  values: Record<string, number>;
  /** Input dims made symbolic (indexes), to find PyTorch's second run that varied the same dims. */
  dims: number[];
}

/** Which dims of a single input to leave symbolic. */
function symbolicCases(shape: number[]): SymbolicCase[] {
  const cases: SymbolicCase[] = [];
  if (shape.length >= 2) {
    cases.push({ label: 'first dim N', input: ['N', ...shape.slice(1)], values: { N: shape[0] }, dims: [0] });
  }
  const spatial = shape.length === 4 ? ['H', 'W'] : shape.length === 5 ? ['D', 'H', 'W'] : [];
  if (spatial.length) {
    const input: Array<number | string> = ['N', shape[1], ...spatial];
    const values: Record<string, number> = { N: shape[0] };
    spatial.forEach((s, j) => (values[s] = shape[2 + j]));
    cases.push({ label: `N, ${spatial.join(', ')}`, input, values, dims: [0, ...spatial.map((_, j) => 2 + j)] });
  }
  return cases;
}

/** Symbol values at an input point: each symbolic input dim takes that point's size. */
function valuesAt(c: SymbolicCase, input: number[]): Record<string, number> {
  const values: Record<string, number> = {};
  c.input.forEach((d, j) => {
    if (typeof d === 'string') values[d] = input[j];
  });
  return values;
}

function compareSymbolic(
  expected: { output: number[] | null; modules: Array<{ path: string; type: string; output: number[] | null }> },
  rows: Array<{ path: string; output: JsonDim[] | null }>,
  output: JsonDim[] | null,
  values: Record<string, number>,
  where: string,
): string[] {
  const mismatches: string[] = [];
  const got = evalShape(output, values);
  if (fmt(got) !== fmt(expected.output)) {
    mismatches.push(`${where}model output ${fmt(output)} -> ${fmt(got)}, PyTorch ${fmt(expected.output)}`);
  }
  const byPath = new Map<string, Array<JsonDim[] | null>>();
  for (const r of rows) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.output]);
  const seen = new Map<string, number>();
  for (const call of expected.modules) {
    const k = seen.get(call.path) ?? 0;
    seen.set(call.path, k + 1);
    const engineOut = byPath.get(call.path)?.[k];
    if (engineOut === undefined) {
      mismatches.push(`${where}${call.path} (${call.type}): no engine row for call ${k + 1}`);
      continue;
    }
    const v = evalShape(engineOut, values);
    if (fmt(v) !== fmt(call.output)) {
      mismatches.push(`${where}${call.path} (${call.type}): ${fmt(engineOut)} -> ${fmt(v)}, PyTorch ${fmt(call.output)}`);
    }
  }
  return mismatches;
}

describe('symbolic dimensions, substituted, equal real PyTorch (test/fixtures/torch)', () => {
  it('evaluates dim text with Python operator rules', () => {
    assert.equal(evalDim('(H-1)//2+1', { H: 224 }), 112);
    assert.equal(evalDim('3*H*W/4', { H: 4, W: 6 }), 18);
    assert.equal(evalDim('-N+10', { N: 3 }), 7);
    assert.equal(evalDim('(H-7)//2', { H: 4 }), -2); // floors towards −∞ like Python
    assert.throws(() => evalDim('H+Q', { H: 1 }));
  });

  it('excludes only cases that exist (see EXCLUDED for the reasons)', () => {
    const labels = new Set<string>();
    for (const exp of listTorchExpectations())
      for (const m of exp.models)
        if (m.input.length === 1) for (const c of symbolicCases(m.input[0])) labels.add(`${exp.fixture}:${m.name} ${c.label}`);
    for (const key of Object.keys(EXCLUDED)) assert.ok(labels.has(key), `stale exclusion ${key}`);
  });

  for (const exp of listTorchExpectations()) {
    const single = exp.models.filter((m) => m.input.length === 1);
    if (!single.length) continue;
    describe(exp.fixture, () => {
      const source = fs.readFileSync(path.join(TORCH_FIXTURES, exp.fixture), 'utf8');
      for (const expected of single) {
        for (const c of symbolicCases(expected.input[0])) {
          if (EXCLUDED[`${exp.fixture}:${expected.name} ${c.label}`]) continue;
          it(`${expected.name} with ${c.label}`, () => {
            const report = runEngine(source, { inputs: { [expected.name]: [c.input] }, fileName: exp.fixture });
            const model = findModel(report, expected.name);
            const rows = model.layers ?? [];
            const mismatches = compareSymbolic(expected, rows, model.output, c.values, '');
            // The same formulas at PyTorch's second input point, when it recorded one for these dims.
            const alt = expected.alternatives?.find((a) => fmt(a.changed) === fmt(c.dims));
            if (alt) {
              const altExpected = {
                output: alt.output,
                modules: expected.modules.map((m, i) => ({ ...m, output: alt.moduleOutputs[i] })),
              };
              const where = `at [${alt.input.join(', ')}]: `;
              mismatches.push(...compareSymbolic(altExpected, rows, model.output, valuesAt(c, alt.input), where));
            }
            assertNoMismatches(`${exp.fixture}:${expected.name} [${c.input.join(', ')}]`, mismatches);
          });
        }
      }
    });
  }
});
