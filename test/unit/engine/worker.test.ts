/**
 * The engine boundary: the protocol's validation, the worker-side EngineHost (superseding, LRU of analyzers),
 * and EngineConnection driving a real worker thread (the TypeScript entry through tsx), including the
 * wall-clock limit, an out-of-memory death and version superseding.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseRequest, parseResponse, STOPPED_MESSAGE, type EngineResponse } from '../../../src/engine/protocol';
import { EngineConnection, type EngineWorkerEvents } from '../../../src/engine/worker/connection';
import { EngineHost } from '../../../src/engine/worker/host';
import { nodeEngineWorker } from '../../../src/engine/worker/nodeWorker';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'src', 'engine', 'worker', 'main.ts');
const TSX = require.resolve('tsx/cjs');

const MLP = `import torch.nn as nn

# input: [4, 10]
model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))
`;
// Linear(10, 20): 10·20 + 20 = 220 parameters; Linear(20, 5): 20·5 + 5 = 105; total 325.

function analyze(id: number, uri: string, version: number, text = MLP) {
  return { kind: 'analyze', id, uri, version, text, fileName: uri, options: {} };
}

describe('engine protocol: validation', () => {
  it('accepts well-formed requests and rejects malformed ones with a reason', () => {
    assert.ok(parseRequest(analyze(1, 'a', 1)).ok);
    assert.ok(parseRequest({ kind: 'close', uri: 'a' }).ok);
    assert.ok(parseRequest({ kind: 'ping', id: 3 }).ok);
    const bad: unknown[] = [
      null,
      'analyze',
      { kind: 'analyze', id: 1.5, uri: 'a', version: 1, text: '', fileName: 'a', options: {} },
      { kind: 'analyze', id: 1, uri: 'a', version: 1, text: 7, fileName: 'a', options: {} },
      { ...analyze(1, 'a', 1), options: { timeBudgetMs: -1 } },
      { ...analyze(1, 'a', 1), options: { inputs: { '*': [[1, {}]] } } },
      { kind: 'exec', id: 1 },
      { kind: 'close' },
    ];
    for (const message of bad) {
      const r = parseRequest(message);
      assert.equal(r.ok, false, JSON.stringify(message));
      assert.ok(!r.ok && r.error.length > 0);
    }
  });

  it('checks the report inside a response down to layer rows', () => {
    const row = { path: 'x', type: 'Linear', line: 1, column: 1, endLine: 1, endColumn: 2, depth: 1, leaf: true, input: [[1, 2]], output: [1, 3], params: 9, trainable: 9, nonTrainable: 0, macs: 6 };
    const model = { name: 'm', framework: 'torch', line: 1, column: 1, input: [[1, 2]], output: [1, 3], layers: [row], totalParams: 9, trainableParams: 9, nonTrainableParams: 0, buffers: 0, macs: 6, paramBytes: 36, activationBytes: 12, diagnostics: [], complete: true };
    const good = { kind: 'report', id: 1, uri: 'u', version: 1, report: { file: 'f', models: [model], diagnostics: [] } };
    assert.ok(parseResponse(good).ok);
    const broken = { ...good, report: { file: 'f', models: [{ ...model, layers: [{ ...row, output: 'big' }] }], diagnostics: [] } };
    const r = parseResponse(broken);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /malformed layer row/);
    assert.equal(parseResponse({ ...good, report: { ...good.report, diagnostics: [{ line: 1 }] } }).ok, false);
    assert.equal(parseResponse({ kind: 'report', id: 1, uri: 'u', version: 1 }).ok, false);
    assert.equal(parseResponse({ kind: 'eval', code: 'x' }).ok, false);
  });
});

describe('engine worker host (in process)', () => {
  function host(options = {}) {
    const sent: EngineResponse[] = [];
    const tasks: Array<() => void> = [];
    const h = new EngineHost((r) => sent.push(r), { schedule: (run) => tasks.push(run), ...options });
    const drain = () => {
      while (tasks.length) tasks.shift()!();
    };
    return { h, sent, drain };
  }

  it('answers a valid request with a report and a malformed one with a protocol error', () => {
    const { h, sent, drain } = host();
    h.receive(analyze(1, 'file:///a.py', 1));
    h.receive({ kind: 'analyze', id: 2 });
    h.receive({ kind: 'ping', id: 3 });
    drain();
    const report = sent.find((r) => r.kind === 'report');
    assert.ok(report && report.kind === 'report');
    assert.equal(report.report.models[0].totalParams, 325);
    assert.deepEqual(sent.find((r) => r.kind === 'protocolError'), { kind: 'protocolError', id: 2, message: 'analyze: uri must be a string' });
    assert.ok(sent.some((r) => r.kind === 'pong' && r.id === 3));
  });

  it('a newer version queued for the same document supersedes the older one, which is never analysed', () => {
    const { h, sent, drain } = host();
    h.receive(analyze(1, 'u', 1, 'import torch.nn as nn\n# input: [1, 4]\nm = nn.Sequential(nn.Linear(4, 4))\n'));
    h.receive(analyze(2, 'u', 2));
    h.receive(analyze(3, 'v', 1));
    drain();
    assert.deepEqual(
      sent.map((r) => [r.kind, 'id' in r ? r.id : undefined]),
      [
        ['superseded', 1],
        ['report', 2],
        ['report', 3],
      ],
    );
  });

  it('keeps analyzers in an LRU bounded by count and bytes, and frees them on close', () => {
    const { h, drain } = host({ maxAnalyzers: 2 });
    for (const uri of ['a', 'b', 'c']) {
      h.receive(analyze(1, uri, 1));
      drain();
    }
    assert.deepEqual(h.documents, ['b', 'c']);
    h.receive(analyze(2, 'b', 2));
    drain();
    assert.deepEqual(h.documents, ['c', 'b'], 'used, not created, decides the order');
    h.receive({ kind: 'close', uri: 'c' });
    assert.deepEqual(h.documents, ['b']);

    const small = host({ maxAnalyzerBytes: MLP.length * 80 * 1.5 });
    for (const uri of ['a', 'b']) {
      small.h.receive(analyze(1, uri, 1));
      small.drain();
    }
    assert.deepEqual(small.h.documents, ['b'], 'two analyzers do not fit the byte budget');
  });
});

describe('engine connection with a real worker thread', function () {
  this.timeout(60_000);
  const spawnTs = (resourceLimits?: import('node:worker_threads').ResourceLimits) => nodeEngineWorker({ file: WORKER, execArgv: ['--require', TSX], resourceLimits });
  let connection: EngineConnection | undefined;
  afterEach(() => connection?.dispose());

  it('analyses in the worker and answers a ping', async () => {
    connection = new EngineConnection(spawnTs(), { hardLimitMs: () => 30_000 });
    const outcome = await connection.analyze({ uri: 'file:///m.py', version: 1, text: MLP, fileName: 'm.py' });
    assert.equal(outcome.status, 'ok');
    assert.equal(outcome.status === 'ok' && outcome.report.models[0].totalParams, 325);
    assert.equal(outcome.status === 'ok' && outcome.report.file, 'm.py');
    assert.ok((await connection.ping()) >= 0);
    assert.equal(connection.stats.starts, 1);
  });

  it('a request past its wall-clock limit stops the worker; the next request gets a fresh one', async () => {
    // The limit is far shorter than the worker's start-up plus analysis, so the first request must overrun.
    let limit = 1;
    connection = new EngineConnection(spawnTs(), { hardLimitMs: () => limit });
    const stopped = await connection.analyze({ uri: 'u', version: 1, text: MLP, fileName: 'slow.py' });
    assert.equal(stopped.status, 'stopped');
    assert.ok(stopped.status === 'stopped' && stopped.reason === 'time');
    assert.equal(stopped.status === 'stopped' && stopped.report.models.length, 0);
    assert.ok(stopped.status === 'stopped' && stopped.report.diagnostics[0].message.startsWith(STOPPED_MESSAGE), JSON.stringify(stopped));
    assert.equal(connection.stats.timeouts, 1);
    limit = 30_000;
    const ok = await connection.analyze({ uri: 'u', version: 2, text: MLP, fileName: 'slow.py' });
    assert.equal(ok.status, 'ok');
    assert.equal(connection.stats.starts, 2);
  });

  it('a worker that runs out of memory is reported stopped (memory) and replaced', async () => {
    const greedy = nodeEngineWorker({ file: join(ROOT, 'test', 'fixtures', 'worker', 'greedy-worker.js'), resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    let spawns = 0;
    // The first worker is the greedy one; its replacement is the real engine.
    const real = spawnTs();
    connection = new EngineConnection((events) => (spawns++ === 0 ? greedy(events) : real(events)), { hardLimitMs: () => 30_000, memoryLimit: '16 MB memory' });
    const first = await connection.analyze({ uri: 'h', version: 1, text: MLP, fileName: 'hog.py' });
    assert.equal(first.status, 'stopped');
    assert.ok(first.status === 'stopped' && first.reason === 'memory', JSON.stringify(first));
    assert.match(first.status === 'stopped' ? first.report.diagnostics[0].message : '', /^analysis stopped: too large or too slow \(it ran past the 16 MB memory limit/);
    assert.equal(connection.stats.deaths, 1);
    const next = await connection.analyze({ uri: 'u', version: 1, text: MLP, fileName: 'm.py' });
    assert.equal(next.status, 'ok');
    assert.equal(spawns, 2);
  });

  it('an older version requested before a newer one resolves superseded; only the newest lands', async () => {
    connection = new EngineConnection(spawnTs(), { hardLimitMs: () => 30_000 });
    const texts = [1, 2, 3].map((n) => MLP.replace('nn.Linear(20, 5)', `nn.Linear(20, ${n})`));
    const outcomes = await Promise.all(texts.map((text, i) => connection!.analyze({ uri: 'u', version: i + 1, text, fileName: 'm.py' })));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['superseded', 'superseded', 'ok'],
    );
    // Linear(20, 3): 63; total 220 + 63 = 283.
    assert.equal(outcomes[2].status === 'ok' && outcomes[2].report.models[0].totalParams, 283);
  });

  it('a malformed message from the worker never reaches the caller', async () => {
    let events: EngineWorkerEvents | undefined;
    const logs: string[] = [];
    connection = new EngineConnection(
      (e) => {
        events = e;
        return { post: (m) => m.kind === 'analyze' && setTimeout(() => events!.message({ kind: 'report', id: m.id, uri: m.uri, version: m.version, report: { file: 1 } })), terminate() {} };
      },
      { hardLimitMs: () => 30_000, log: (m) => logs.push(m) },
    );
    const outcome = await connection.analyze({ uri: 'u', version: 1, text: MLP, fileName: 'm.py' });
    assert.equal(outcome.status, 'stopped');
    assert.ok(outcome.status === 'stopped' && outcome.reason === 'failed');
    assert.ok(logs.some((l) => l.includes('malformed')), logs.join('\n'));
  });
});
