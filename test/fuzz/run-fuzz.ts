/**
 * `npm run fuzz -- [COUNT] [--seed N]`: as many fuzz cases as you like (default 20,000), split between mutated
 * fixtures, random text and incremental re-analysis. Exits non-zero on the first failing case, printing it.
 */
import fc from 'fast-check';
import { checkCase, checkIncremental, warmUp } from './check';
import { corpus, editedPair, mutatedSource, randomText } from './mutations';

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 20000);
const seedIdx = args.indexOf('--seed');
const seed = seedIdx >= 0 ? Number(args[seedIdx + 1]) : Date.now() % 2 ** 31;
const files = corpus();

console.log(`fuzzing the shape engine: ${count} cases, seed ${seed}, corpus ${files.length} files`);
warmUp(files);
const started = Date.now();
let failures = 0;
const run = (name: string, arb: fc.Arbitrary<string | [string, string]>, n: number, check: (v: never) => string | undefined) => {
  const res = fc.check(
    fc.property(arb, (v) => {
      const p = check(v as never);
      if (p) throw new Error(p);
    }),
    { numRuns: n, seed },
  );
  if (res.failed) {
    failures++;
    console.error(`✗ ${name}: ${res.errorInstance instanceof Error ? res.errorInstance.message : ''}\n${fc.defaultReportMessage(res)}`);
  } else console.log(`✓ ${name}: ${n} cases`);
};
run('mutated fixtures', mutatedSource(files), Math.round(count * 0.65), (s: string) => checkCase(s));
run('random text', randomText, Math.round(count * 0.3), (s: string) => checkCase(s));
run('incremental', editedPair(files), Math.round(count * 0.05), ([a, b]: [string, string]) => checkIncremental(a, b));
console.log(`${failures ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
