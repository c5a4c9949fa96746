/**
 * The hostile corpus (test/fixtures/hostile/manifest.ts): files built to crash, stall or fool the engine.
 *
 * In process, with a hover-sized time budget, each file must: not throw, have no internal error, give the
 * expected outcome (exact totals, or partial with the named limit warning, or a validation error), and never
 * claim `complete: true` for a model whose total nobody worked out. Bounded time is shown by the report's own
 * time-limit warning (MLS200), not by timing the test.
 *
 * As a child process, the CLI must not die by a signal, must not print a stack trace, must exit with the
 * documented status, and its `--json` must never write a number with an exponent. The only clock here is
 * a generous kill timeout that tells a hang from a slow machine.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource, type Diagnostic, type FileReport } from '../../../src/engine/shapes';
import { CASES, type HostileCase } from '../../fixtures/hostile/manifest';

/** The hover's budget: what a user waits for at most. */
const BUDGET_MS = 1500;
const ROOT = join(__dirname, '..', '..', '..');

function text(c: HostileCase): string {
  const s = c.source();
  return typeof s === 'string' ? s : s.toString('utf8');
}

function allDiagnostics(r: FileReport): Diagnostic[] {
  return [...r.diagnostics, ...r.models.flatMap((m) => m.diagnostics)];
}

/** Problems with a report against its case's expectations (empty when it passes). */
export function checkHostile(c: HostileCase, r: FileReport): string[] {
  const problems: string[] = [];
  const diags = allDiagnostics(r);
  const codes = new Set(diags.map((d) => d.code));
  const timedOut = codes.has('MLS200');
  if (r.internalErrors !== 0 || codes.has('MLS900')) problems.push(`internal error: ${diags.filter((d) => d.code === 'MLS900').map((d) => d.message).join('; ')}`);
  for (const d of diags) if (!d.code) problems.push(`diagnostic without a code: ${d.message}`);
  for (const code of c.codes ?? []) if (!codes.has(code) && !(c.mayRunOutOfTime && timedOut)) problems.push(`expected a ${code} diagnostic; got ${[...codes].join(', ') || 'none'}`);
  if (c.noModels && r.models.length) problems.push(`expected no models, got ${r.models.map((m) => m.name).join(', ')}`);
  for (const [name, want] of Object.entries(c.models ?? {})) {
    const m = r.models.find((x) => x.name === name);
    if (!m) {
      if (!(c.mayRunOutOfTime && timedOut)) problems.push(`model ${name} missing (got ${r.models.map((x) => x.name).join(', ') || 'none'})`);
      continue;
    }
    if ('total' in want) {
      if (!m.complete) problems.push(`${name} should be complete: ${m.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
      if (m.totalParams !== want.total) problems.push(`${name}: totalParams ${JSON.stringify(m.totalParams)}, expected ${JSON.stringify(want.total)}`);
    } else {
      if (m.complete) problems.push(`${name} should be partial`);
      const named = m.diagnostics.filter((d) => d.code && (want.partial.includes(d.code) || (c.mayRunOutOfTime && d.code === 'MLS200')));
      if (!named.length) problems.push(`${name}: expected a ${want.partial.join('/')} diagnostic; got ${m.diagnostics.map((d) => d.code).join(', ') || 'none'}`);
    }
  }
  // Never complete with a number nobody checked.
  for (const m of r.models) {
    if (!m.complete) continue;
    const listed = c.models?.[m.name];
    const expected = listed && 'total' in listed ? listed.total : c.everyCompleteTotal;
    if (expected === undefined) problems.push(`${m.name} is complete (${JSON.stringify(m.totalParams)} parameters) but the case expects no complete model of that name`);
    else if (m.totalParams !== expected) problems.push(`${m.name}: complete with ${JSON.stringify(m.totalParams)} parameters, expected ${JSON.stringify(expected)}`);
  }
  // What the budget did not cover is said, not hidden: every missing or partial part under a time-out names it.
  if (c.mayRunOutOfTime && r.models.some((m) => !m.complete) && !timedOut && !c.models) problems.push('partial models without a named limit');
  return problems;
}

describe('shapes: the hostile corpus', function () {
  this.timeout(120_000);

  it('lists every case of the issue (and more)', () => {
    assert.ok(CASES.length >= 25, `${CASES.length} cases`);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  for (const c of CASES) {
    it(`in process: ${c.name}`, () => {
      let r: FileReport;
      try {
        r = analyzeSource(text(c), { fileName: c.name, timeBudgetMs: BUDGET_MS });
      } catch (e) {
        assert.fail(`threw: ${(e as Error).stack}`);
      }
      const problems = checkHostile(c, r);
      assert.deepEqual(problems, [], `${c.name}:\n${problems.join('\n')}`);
      // The report is plain JSON data.
      assert.doesNotThrow(() => JSON.stringify(r));
    });
  }

  it('the corpus check can fail: a wrong total, a silent cut and an internal error are all caught', () => {
    const c: HostileCase = { name: 'x', source: () => '', models: { m: { total: 6 } }, exit: 0 };
    const base: FileReport = { file: 'x', models: [], diagnostics: [], internalErrors: 0 };
    const model = (over: object) => ({ ...analyzeSource('import torch.nn as nn\n# input: [1, 2]\nm = nn.Sequential(nn.Linear(2, 2))\n').models[0], ...over });
    assert.deepEqual(checkHostile(c, { ...base, models: [model({})] }), []);
    assert.ok(checkHostile(c, { ...base, models: [model({ totalParams: 7 })] }).some((p) => /totalParams 7/.test(p)));
    assert.ok(checkHostile(c, { ...base, models: [model({ name: 'other' })] }).some((p) => /expects no complete model/.test(p)));
    assert.ok(checkHostile(c, { ...base, internalErrors: 1, models: [model({})] }).some((p) => /internal error/.test(p)));
    const partial: HostileCase = { name: 'y', source: () => '', models: { m: { partial: ['MLS202'] } }, exit: 0 };
    assert.ok(checkHostile(partial, { ...base, models: [model({ complete: false })] }).some((p) => /expected a MLS202/.test(p)));
  });

  describe('the CLI on each file (child process)', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'mllens-hostile-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const c of CASES) {
      it(`ml-lens shapes ${c.name} --json`, () => {
        const path = join(dir, c.name.endsWith('.py') ? c.name : `${c.name}.py`);
        writeFileSync(path, c.source());
        const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'src', 'cli', 'main.ts'), 'shapes', path, '--json', '--time-budget', String(BUDGET_MS)], {
          cwd: ROOT,
          encoding: 'utf8',
          // Far above the budget: only a hang (or a crash loop) reaches it.
          timeout: 90_000,
          maxBuffer: 512 * 1024 * 1024,
        });
        assert.equal(run.error, undefined, `${c.name}: ${String(run.error)}`);
        assert.equal(run.signal, null, `${c.name}: killed by ${run.signal}`);
        assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `${c.name}: a stack trace on stderr:\n${run.stderr.slice(0, 2000)}`);
        assert.equal(run.status, c.exit, `${c.name}: exit ${run.status}, stderr: ${run.stderr.slice(0, 500)}`);
        // Numbers in --json: integers or decimals, never an exponent (counts past 2^53 are strings).
        const outsideStrings = run.stdout.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
        assert.doesNotMatch(outsideStrings, /\d[eE][+-]?\d/, `${c.name}: an exponent in --json`);
        const report = JSON.parse(run.stdout) as FileReport;
        assert.deepEqual(checkHostile(c, report), []);
      });
    }
  });
});
