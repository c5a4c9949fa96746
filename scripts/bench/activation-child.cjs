// One fresh process = one cold activation. Prints the milliseconds, and which heavy modules got loaded.
const { activate } = require('./load-extension.cjs');
const { ms, api } = activate();
const loaded = Object.keys(require.cache).map((p) => p.replace(/\\/g, '/'));
const heavy = ['/node_modules/katex/', '/node_modules/markdown-it/', '/dist/lezer.js', '/dist/engineWorker.js'].filter((m) => loaded.some((p) => p.includes(m)));
// The shape engine's worker thread starts on the first Python analysis, never at activation.
if (api?.engine?.stats?.starts) heavy.push(`the engine worker (${api.engine.stats.starts} started)`);
process.stdout.write(JSON.stringify({ ms, heavy }));
