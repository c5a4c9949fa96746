#!/usr/bin/env node
// Builds ML Lens: validates and compiles content/ into dist/content/, then bundles the extension host code
// (dist/extension.js) and the CLI (dist/cli.js) with esbuild. `--dev` keeps code readable with sourcemaps.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
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
    topics: json('content/sections.json').topics,
    commonWords: json('content/common-words.json').words,
    conceptSchema: json('content/schema/concept.schema.json'),
    apiSchema: json('content/schema/api.schema.json'),
    conceptFiles: readJsonFiles('content/concepts'),
    apiFiles: readJsonFiles('content/api'),
    types: json('content/types.json'),
    hoverExamples: json('content/hover-examples.json').examples,
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

/**
 * The extension host never runs the shape engine: it talks to dist/engineWorker.js through EngineClient.
 * Importing the engine's entry point from host code (anything but types) is a build error.
 */
const noEngineInHost = {
  name: 'no-engine-in-host',
  setup(b) {
    b.onResolve({ filter: /(^|\/)shapes(\/index)?$/ }, (args) =>
      /[\\/]engine[\\/]shapes[\\/]/.test(args.importer)
        ? undefined
        : { errors: [{ text: `${relative(root, args.importer)} imports the shape engine (${args.path}) into the extension host; use EngineClient` }] },
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

/**
 * KaTeX's stylesheet lists each font as woff2, woff and ttf; every browser a webview runs in reads woff2, so
 * only those are bundled (the other two would add about 1 MB to the package for nothing).
 */
const katexWoff2Only = {
  name: 'katex-woff2-only',
  setup(b) {
    b.onLoad({ filter: /katex(\.min)?\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, ''),
      loader: 'css',
      resolveDir: dirname(args.path),
    }));
  },
};

/** Libraries that belong to webviews only; the build fails if one reaches the extension-host bundle. */
const WEBVIEW_ONLY_MARKERS = [
  ['KaTeX', 'KaTeX parse error'],
  ['markdown-it', 'Rules manager: invalid rule name'],
  ['@lezer/highlight', 'tags.definitionKeyword'],
  ['the panel scripts', 'acquireVsCodeApi'],
];

/**
 * The webview side of each panel: src/webviews/client/<panel>/main.ts (+ style.css) becomes
 * dist/webview/<panel>.js (+ .css) for the browser, apart from the extension-host bundle; the shared theme
 * becomes dist/webview/theme.css. Fonts referenced by CSS are copied to dist/webview/fonts/.
 */
async function bundleWebviews() {
  const clientDir = join(root, 'src/webviews/client');
  const outdir = join(root, 'dist/webview');
  if (!existsSync(clientDir)) return {};
  const panels = readdirSync(clientDir).filter((d) => d !== 'shared' && existsSync(join(clientDir, d, 'main.ts')));
  const entryPoints = [{ in: join(clientDir, 'shared/theme.css'), out: 'theme' }];
  for (const p of panels) {
    entryPoints.push({ in: join(clientDir, p, 'main.ts'), out: p });
    if (existsSync(join(clientDir, p, 'style.css'))) entryPoints.push({ in: join(clientDir, p, 'style.css'), out: p });
  }
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    minify: !dev,
    sourcemap: dev ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.woff2': 'file' },
    assetNames: 'fonts/[name]-[hash]',
    plugins: [katexWoff2Only],
  });
  const sizes = {};
  for (const p of panels) {
    for (const ext of ['js', 'css']) {
      const file = join(outdir, `${p}.${ext}`);
      if (!existsSync(file)) writeFileSync(file, ''); // the panel host links both
      sizes[`dist/webview/${p}.${ext}`] = statSync(file).size;
    }
  }
  sizes['dist/webview/theme.css'] = statSync(join(outdir, 'theme.css')).size;
  const fonts = join(outdir, 'fonts');
  if (existsSync(fonts)) sizes['dist/webview/fonts/ (KaTeX woff2)'] = readdirSync(fonts).reduce((n, f) => n + statSync(join(fonts, f)).size, 0);
  return sizes;
}

/** Fails the build when webview-only code (KaTeX, markdown-it, highlighting, DOM code) reaches extension.js. */
export function checkExtensionBundle(file = join(root, 'dist/extension.js')) {
  const text = readFileSync(file, 'utf8');
  const found = WEBVIEW_ONLY_MARKERS.filter(([, marker]) => text.includes(marker)).map(([name]) => name);
  if (found.length) throw new Error(`${relative(root, file)} contains webview-only code: ${found.join(', ')}`);
}

async function main() {
  const started = Date.now();
  const cards = await compileContentToDist();
  const sizes = {
    'dist/extension.js': await bundle('src/extension.ts', 'dist/extension.js', { plugins: [lazyLezer, noEngineInHost] }),
    'dist/lezer.js': await bundle('src/engine/python/lezer.ts', 'dist/lezer.js'),
    // The shape engine runs only in its worker thread (see src/providers/workerEngineClient.ts).
    'dist/engineWorker.js': await bundle('src/engine/worker/main.ts', 'dist/engineWorker.js', { plugins: [lazyLezer] }),
  };
  if (existsSync(join(root, 'src/cli/main.ts'))) {
    sizes['dist/cli.js'] = await bundle('src/cli/main.ts', 'dist/cli.js');
  }
  checkExtensionBundle();
  Object.assign(sizes, await bundleWebviews());
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
