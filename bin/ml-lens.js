#!/usr/bin/env node
// ml-lens command-line launcher. Runs the esbuild bundle dist/cli.js (built by `npm run build`); when it is
// missing (a fresh checkout), runs the TypeScript source through tsx instead.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
let cli;
if (existsSync(bundle)) {
  cli = require(bundle);
} else {
  let tsx;
  try {
    tsx = require('tsx/cjs/api');
  } catch {
    process.stderr.write('ml-lens: dist/cli.js is missing and tsx is not installed; run `npm run build` first\n');
    process.exit(2);
  }
  cli = tsx.require(join(__dirname, '..', 'src', 'cli', 'main.ts'), __filename);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
