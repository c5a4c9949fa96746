// Reduces a Stryker mutation-testing-report-schema JSON to per-folder counts and a score.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker defines it
// (compile and runtime errors and ignored mutants are excluded).
import path from 'node:path';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export function summarise(report, repo) {
  const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  const survivors = [];
  for (const [file, entry] of Object.entries(report.files ?? {})) {
    for (const m of entry.mutants ?? []) {
      if (m.status === 'Killed') counts.killed++;
      else if (m.status === 'Timeout') counts.timeout++;
      else if (m.status === 'Survived') counts.survived++;
      else if (m.status === 'NoCoverage') counts.noCoverage++;
      else if (m.status === 'Ignored') counts.ignored++;
      else counts.errors++;
      if (UNDETECTED.has(m.status)) {
        const rel = path.isAbsolute(file) ? path.relative(repo, file) : file;
        survivors.push({ file: rel, line: m.location?.start?.line, mutator: m.mutatorName, replacement: m.replacement, status: m.status });
      }
    }
  }
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return { ...counts, score: valid ? (100 * detected) / valid : 100, survivors };
}

export function renderSummary(all) {
  const lines = [
    '# Mutation score per folder',
    '',
    'Written by `npm run mutate` (StrykerJS over the unit suite). Score = detected / (detected + survived + no coverage).',
    '',
    '| Folder | Score | Killed | Timeout | Survived | No coverage | Date |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const [folder, s] of Object.entries(all.folders).sort()) {
    lines.push(`| \`${folder}\` | ${s.score.toFixed(1)}% | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.date} |`);
  }
  return `${lines.join('\n')}\n`;
}
