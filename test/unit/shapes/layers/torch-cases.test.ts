/**
 * Every case in test/fixtures/layer-cases/torch.json was run in real PyTorch 1.13 by
 * scripts/fixtures/torch_layer_cases.py. For each one the catalogue must give exactly the same output
 * shape(s), parameter / trainable / buffer counts, submodule names and types, and the same order of child
 * calls with the same shapes — or, where PyTorch raised, report an error.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { EngineMessage, FlowValue, PyArg } from '../../../../src/engine/shapes/contract';
import { buildLayer, callFunction, describe as describeFlow, namedModules, newRecorder, runForward, totals, type Out } from './harness';

interface TensorSpec {
  shape: number[];
  dtype: string;
}
interface Case {
  layer?: string;
  function?: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  inputs?: TensorSpec[];
  callKwargs?: Record<string, unknown>;
  output?: Out;
  params?: number;
  trainable?: number;
  buffers?: number;
  modules?: Array<[string, string]>;
  calls?: Array<[string, Out]>;
  error?: string;
}

const file = path.join(__dirname, '../../../fixtures/layer-cases/torch.json');
const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { torch: string; cases: Case[] };

const tensor = (spec: TensorSpec): FlowValue => ({ kind: 'tensor', shape: spec.shape });

/** JSON argument → PyArg (nested layers are built, tensors become flow values). */
function toPy(v: unknown, messages: EngineMessage[]): PyArg {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => toPy(x, messages));
  const o = v as Record<string, unknown>;
  if ('tensor' in o) return tensor(o.tensor as TensorSpec);
  if ('tuple' in o) return { kind: 'tuple', items: (o.tuple as unknown[]).map((x) => toPy(x, messages) as FlowValue) };
  if ('layer' in o) {
    const kwargs: Record<string, PyArg> = {};
    for (const [k, x] of Object.entries(o.kwargs as Record<string, unknown>)) kwargs[k] = toPy(x, messages);
    return buildLayer(`torch.nn.${o.layer as string}`, (o.args as unknown[]).map((x) => toPy(x, messages)), kwargs, messages);
  }
  throw new Error(`unexpected argument ${JSON.stringify(v)}`);
}

function kwargsOf(o: Record<string, unknown> | undefined, messages: EngineMessage[]): Record<string, PyArg> {
  const out: Record<string, PyArg> = {};
  for (const [k, x] of Object.entries(o ?? {})) out[k] = toPy(x, messages);
  return out;
}

function title(c: Case): string {
  const inputs = c.inputs ? ` on ${c.inputs.map((i) => JSON.stringify(i.shape)).join(', ')}` : '';
  return `${c.layer ?? c.function}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})${inputs}${c.error ? ' → error' : ''}`;
}

const errorsOf = (ms: EngineMessage[]) => ms.filter((m) => m.severity === 'error');

describe(`catalogue vs real PyTorch ${data.torch} (${data.cases.length} cases)`, () => {
  it('has hundreds of oracle cases', () => {
    assert.ok(data.cases.length >= 500, `only ${data.cases.length} cases`);
  });

  for (const c of data.cases.filter((x) => x.layer)) {
    it(title(c), () => {
      const messages: EngineMessage[] = [];
      const layer = buildLayer(`torch.nn.${c.layer}`, c.args.map((a) => toPy(a, messages)), kwargsOf(c.kwargs, messages), messages);
      const rec = newRecorder();
      const out = runForward(layer, (c.inputs ?? []).map(tensor), kwargsOf(c.callKwargs, messages), rec);
      const all = [...messages, ...rec.messages];
      if (c.error) {
        assert.ok(errorsOf(all).length > 0, `PyTorch raised "${c.error}" but the catalogue reported no error; output ${JSON.stringify(describeFlow(out))}`);
        return;
      }
      assert.deepEqual(errorsOf(all), [], 'unexpected error messages');
      assert.deepEqual(describeFlow(out), c.output, 'output');
      assert.deepEqual(totals(layer, rec), { params: c.params, trainable: c.trainable, buffers: c.buffers }, 'params / trainable / buffers');
      assert.deepEqual(namedModules(layer), c.modules, 'named_modules');
      // AdaptiveLogSoftmaxWithLoss runs a tail cluster only when the (random) target hits it: data-dependent.
      const calls = c.layer === 'AdaptiveLogSoftmaxWithLoss' ? c.calls?.filter(([p]) => p === 'head') : c.calls;
      assert.deepEqual(
        rec.calls.map(([p, v]) => [p, describeFlow(v)]),
        calls,
        'child calls in order',
      );
    });
  }

  for (const c of data.cases.filter((x) => x.function)) {
    it(`F.${title(c)}`, () => {
      const messages: EngineMessage[] = [];
      const args = c.args.map((a) => toPy(a, messages));
      const kwargs = kwargsOf(c.kwargs, messages);
      const rec = newRecorder();
      rec.messages.push(...messages);
      const out = callFunction(`torch.nn.functional.${c.function}`, args, kwargs, rec);
      if (c.error) {
        assert.ok(errorsOf(rec.messages).length > 0, `PyTorch raised "${c.error}" but the catalogue reported no error`);
        return;
      }
      assert.deepEqual(errorsOf(rec.messages), [], 'unexpected error messages');
      assert.deepEqual(describeFlow(out), c.output, 'output');
    });
  }
});
