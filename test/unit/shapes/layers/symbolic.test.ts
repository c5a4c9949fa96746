/**
 * Symbolic dimensions flow through the catalogue's formulas: a layer applied to [N, C, L] must give an
 * expression that, with L substituted, equals what real PyTorch produced for that L (from the oracle file),
 * and that prints the way the issue shows (`(H-1)//2+1`, `H`).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { EngineMessage, FlowValue, PyArg } from '../../../../src/engine/shapes/contract';
import { formatDim, substitute, sym, type Dim } from '../../../../src/engine/shapes/dims';
import { buildLayer, callFunction, newRecorder, runForward } from './harness';

interface Case {
  layer?: string;
  args: PyArg[];
  kwargs: Record<string, PyArg>;
  inputs?: Array<{ shape: number[] }>;
  output?: unknown;
  error?: string;
  callKwargs?: Record<string, unknown>;
}
const data = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/layer-cases/torch.json'), 'utf8')) as { cases: Case[] };

function forward(name: string, args: PyArg[], kwargs: Record<string, PyArg>, shape: Dim[]): readonly Dim[] | null {
  const messages: EngineMessage[] = [];
  const layer = buildLayer(`torch.nn.${name}`, args, kwargs, messages);
  const rec = newRecorder();
  const out = runForward(layer, [{ kind: 'tensor', shape } as FlowValue], {}, rec);
  return out.kind === 'tensor' ? out.shape : null;
}

describe('symbolic dimensions through the catalogue', () => {
  const sweep = data.cases.filter((c) => !c.error && c.inputs && !Object.keys(c.callKwargs ?? {}).length && ['MaxPool1d', 'AvgPool1d', 'Conv1d', 'Conv2d', 'ConvTranspose2d'].includes(c.layer ?? '') && c.inputs[0].shape.length >= 3);
  it(`agrees with PyTorch after substitution on ${sweep.length} conv/pool cases (ceil_mode, padding, dilation, stride)`, () => {
    assert.ok(sweep.length > 300);
    for (const c of sweep) {
      const shape = c.inputs![0].shape;
      const names = shape.slice(2).map((_, i) => `S${i}`);
      const symbolic = forward(c.layer!, c.args, c.kwargs, [sym('N'), shape[1], ...names.map((n) => sym(n))]);
      assert.ok(symbolic, `${c.layer} ${JSON.stringify(c.kwargs)}`);
      const values: Record<string, number> = { N: shape[0] };
      names.forEach((n, i) => (values[n] = shape[2 + i]));
      const concrete = symbolic.map((d) => substitute(d, values));
      assert.deepEqual(concrete, c.output, `${c.layer}(${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)}) on ${JSON.stringify(shape)}: ${symbolic.map(formatDim).join(', ')}`);
    }
  });

  it("prints [N, 64, (H-1)//2+1, (W-1)//2+1] for a stride-2 3×3 conv and keeps H for a 'same' conv", () => {
    const strided = forward('Conv2d', [3, 64, 3], { stride: 2, padding: 1 }, [sym('N'), 3, sym('H'), sym('W')]);
    assert.deepEqual(strided?.map(formatDim), ['N', '64', '(H-1)//2+1', '(W-1)//2+1']);
    const same = forward('Conv2d', [3, 64, 3], { padding: 'same' }, [sym('N'), 3, sym('H'), sym('W')]);
    assert.deepEqual(same?.map(formatDim), ['N', '64', 'H', 'W']);
    const pad1 = forward('Conv2d', [3, 64, 3], { padding: 1 }, [sym('N'), 3, sym('H'), sym('W')]);
    assert.deepEqual(pad1?.map(formatDim), ['N', '64', 'H', 'W']);
  });

  it('MaxPool2d(2) gives H//2, and two of them H//4', () => {
    const once = forward('MaxPool2d', [2], {}, [sym('N'), 8, sym('H'), sym('W')]);
    assert.deepEqual(once?.map(formatDim), ['N', '8', 'H//2', 'W//2']);
    const twice = forward('MaxPool2d', [2], {}, [...(once as Dim[])]);
    assert.deepEqual(twice?.map(formatDim), ['N', '8', 'H//4', 'W//4']);
  });

  it('Linear keeps leading symbolic dims; Flatten multiplies them; an LSTM keeps L and N', () => {
    assert.deepEqual(forward('Linear', [16, 4], {}, [sym('N'), sym('L'), 16])?.map(formatDim), ['N', 'L', '4']);
    assert.deepEqual(forward('Flatten', [], {}, [sym('N'), 8, sym('H'), sym('W')])?.map(formatDim), ['N', '8*H*W']);
    const messages: EngineMessage[] = [];
    const lstm = buildLayer('torch.nn.LSTM', [10, 20], { batch_first: true }, messages);
    const out = runForward(lstm, [{ kind: 'tensor', shape: [sym('N'), sym('L'), 10] }], {}, newRecorder());
    assert.equal(out.kind, 'tuple');
    const first = out.kind === 'tuple' ? out.items[0] : out;
    assert.deepEqual(first.kind === 'tensor' ? first.shape?.map(formatDim) : null, ['N', 'L', '20']);
  });

  it('F.one_hot without num_classes keeps the class count symbolic (it depends on the data)', () => {
    const rec = newRecorder();
    const out = callFunction('torch.nn.functional.one_hot', [{ kind: 'tensor', shape: [2, 5] }], {}, rec);
    assert.deepEqual(out.kind === 'tensor' ? out.shape?.map(formatDim) : null, ['2', '5', 'num_classes']);
    const fixed = callFunction('torch.nn.functional.one_hot', [{ kind: 'tensor', shape: [2, 5] }], { num_classes: 7 }, rec);
    assert.deepEqual(fixed.kind === 'tensor' ? fixed.shape : null, [2, 5, 7]);
  });

  it('GLU halves a symbolic dim exactly (H/2); interpolate(scale_factor=2) doubles it', () => {
    assert.deepEqual(forward('GLU', [1], {}, [sym('N'), sym('C'), 4])?.map(formatDim), ['N', 'C/2', '4']);
    assert.deepEqual(forward('Upsample', [], { scale_factor: 2 }, [sym('N'), 3, sym('H'), sym('W')])?.map(formatDim), ['N', '3', '2*H', '2*W']);
    assert.deepEqual(forward('Upsample', [], { scale_factor: 0.5 }, [sym('N'), 3, sym('H'), sym('W')])?.map(formatDim), ['N', '3', 'H//2', 'W//2']);
  });

  it('a symbolic pooling kernel works: F.avg_pool2d(x, x.size(3)) on [N, 64, H, W] → [N, 64, (H-W)//W+1, 1]', () => {
    // kernel = stride = W: ⌊(H − W)/W⌋ + 1 (= 1 for square inputs) and ⌊(W − W)/W⌋ + 1 = 1
    const rec = newRecorder();
    const x: FlowValue = { kind: 'tensor', shape: [sym('N'), 64, sym('H'), sym('W')] };
    const out = callFunction('torch.nn.functional.avg_pool2d', [x, sym('W')], {}, rec);
    assert.deepEqual(rec.messages, []);
    const shape = out.kind === 'tensor' ? out.shape : null;
    assert.deepEqual(shape?.map(formatDim), ['N', '64', '(H-W)//W+1', '1']);
    assert.equal(substitute(shape![2], { H: 8, W: 8 }), 1);
    assert.equal(substitute(shape![2], { H: 9, W: 4 }), 2); // PyTorch: ⌊(9 − 4)/4⌋ + 1 = 2
    const adaptive = callFunction('torch.nn.functional.adaptive_avg_pool2d', [x, [sym('K'), null]], {}, rec);
    assert.deepEqual(adaptive.kind === 'tensor' ? adaptive.shape?.map(formatDim) : null, ['N', '64', 'K', 'W']);
  });

  it('unknown input shape gives an unknown output, never an exception', () => {
    assert.equal(forward('Conv2d', [3, 8, 3], {}, null as unknown as Dim[]), null);
  });
});
