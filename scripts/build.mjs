#!/usr/bin/env node
// Builds ML Lens: validates and compiles content/ into dist/content/, then bundles the extension host code
// (dist/extension.js) and the CLI (dist/cli.js) with esbuild. `--dev` keeps code readable with sourcemaps.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const require = createRequire(import.meta.url);

function readJsonFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(abs, f), 'utf8') }));
}

export async function compileContentToDist() {
  const { require: tsxRequire } = await import('tsx/cjs/api');
  const { compileContent, formatProblem } = tsxRequire('../src/engine/content/compile.ts', import.meta.url);
  const katex = require('katex');
  const json = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
  const result = compileContent({
    sections: json('content/sections.json').sections,
    commonWords: json('content/common-words.json').words,
    conceptSchema: json('content/schema/concept.schema.json'),
    apiSchema: json('content/schema/api.schema.json'),
    conceptFiles: readJsonFiles('content/concepts'),
    apiFiles: readJsonFiles('content/api'),
    types: json('content/types.json'),
    ambiguous: json('content/ambiguous-terms.json').terms,
    checkFormula: (latex) => {
      try {
        katex.renderToString(latex, { throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 20 });
        return undefined;
      } catch (e) {
        return e.message;
      }
    },
  });
  if (result.problems.length) {
    for (const p of result.problems) console.error(formatProblem(p));
    throw new Error(`content has ${result.problems.length} problem(s)`);
  }
  mkdirSync(join(root, 'dist/content'), { recursive: true });
  writeFileSync(join(root, 'dist/content/index.json'), JSON.stringify(result.index));
  writeFileSync(join(root, 'dist/content/bodies.json'), JSON.stringify(result.bodies));
  return result.index.cards.length;
}

/**
 * Keeps Lezer out of the extension's main file: src/engine/python/parser.ts requires './lezer', which becomes
 * the separate dist/lezer.js; any other run-time import of @lezer/* is a build error.
 */
const lazyLezer = {
  name: 'lazy-lezer',
  setup(b) {
    b.onResolve({ filter: /^\.\/lezer$/ }, (args) =>
      args.importer.endsWith(join('src', 'engine', 'python', 'parser.ts')) ? { path: './lezer.js', external: true } : undefined,
    );
    b.onResolve({ filter: /^@lezer\// }, (args) => ({
      errors: [{ text: `${relative(root, args.importer)} imports ${args.path} at run time; use lezer() from src/engine/python/parser.ts` }],
    }));
  },
};

/** The shape engine is its own file too (dist/shapes.js), required by src/providers/shapeEngine.ts on first use. */
const lazyShapes = {
  name: 'lazy-shapes',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/engine\/shapes$/ }, (args) =>
      args.importer.endsWith(join('src', 'providers', 'shapeEngine.ts')) ? { path: './shapes.js', external: true } : undefined,
    );
  },
};

async function bundle(entry, outfile, extra = {}) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: !dev,
    sourcemap: dev ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    ...extra,
  });
  return statSync(join(root, outfile)).size;
}

async function main() {
  const started = Date.now();
  const cards = await compileContentToDist();
  const sizes = {
    'dist/extension.js': await bundle('src/extension.ts', 'dist/extension.js', { plugins: [lazyLezer, lazyShapes] }),
    'dist/lezer.js': await bundle('src/engine/python/lezer.ts', 'dist/lezer.js'),
    'dist/shapes.js': await bundle('src/engine/shapes/index.ts', 'dist/shapes.js', { plugins: [lazyLezer] }),
  };
  if (existsSync(join(root, 'src/cli/main.ts'))) {
    sizes['dist/cli.js'] = await bundle('src/cli/main.ts', 'dist/cli.js');
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`content: ${cards} cards → dist/content/`);
  for (const [file, size] of Object.entries(sizes)) console.log(`${file}: ${kb(size)}${dev ? ' (dev)' : ' minified'}`);
  console.log(`build finished in ${Date.now() - started} ms`);
}

if (relative(process.argv[1] ?? '', fileURLToPath(import.meta.url)) === '') {
  main().catch((e) => {
    console.error(`build failed: ${e.message}`);
    process.exit(1);
  });
}
