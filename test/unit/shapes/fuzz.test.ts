/**
 * Robustness (issue 3 §6): fixtures cut at random offsets, with tokens deleted and inserted, and random text.
 * The engine never throws, returns a well-formed report, and never runs away (see CASE_HANG_GUARD_MS).
 * 10,000 cases in total here; `npm run fuzz -- COUNT` runs more.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkCase, checkIncremental, warmUp } from '../../fuzz/check';
import { corpus, editedPair, mutatedSource, randomText } from '../../fuzz/mutations';

const files = corpus();
const SEED = 20261121;

describe('shapes: fuzzing the engine (10,000 cases)', function () {
  this.timeout(180_000);

  before(() => warmUp(files));

  it('has a corpus of fixture files to mutate', () => {
    assert.ok(files.length >= 10, `only ${files.length} files`);
  });

  it('mutated fixtures (cuts, token deletions and insertions): 6,500 cases', () => {
    fc.assert(
      fc.property(mutatedSource(files), (src) => {
        const problem = checkCase(src);
        assert.equal(problem, undefined, problem);
      }),
      { numRuns: 6500, seed: SEED },
    );
  });

  it('random text and random token soup: 3,000 cases', () => {
    fc.assert(
      fc.property(randomText, (src) => {
        const problem = checkCase(src);
        assert.equal(problem, undefined, problem);
      }),
      { numRuns: 3000, seed: SEED + 1 },
    );
  });

  it('incremental re-analysis (fixture → edited → fixture) equals fresh analysis: 500 cases', () => {
    fc.assert(
      fc.property(editedPair(files), ([before, after]) => {
        const problem = checkIncremental(before, after);
        assert.equal(problem, undefined, problem);
      }),
      { numRuns: 500, seed: SEED + 2 },
    );
  });
});
