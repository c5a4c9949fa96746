// One fresh process = one cold activation. Prints the milliseconds, and which heavy modules got loaded.
const { activate } = require('./load-extension.cjs');
const { ms } = activate();
const loaded = Object.keys(require.cache).map((p) => p.replace(/\\/g, '/'));
const heavy = ['/node_modules/katex/', '/node_modules/markdown-it/', '/dist/lezer.js', '/dist/shapes.js'].filter((m) => loaded.some((p) => p.includes(m)));
process.stdout.write(JSON.stringify({ ms, heavy }));
