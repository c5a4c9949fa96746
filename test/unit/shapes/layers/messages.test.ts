/**
 * Diagnostics quote what was received, NumPy-style, in the format the engine brief specifies
 * ("Conv2d expected input with 3 channels (in_channels=3), got 4 channels in input of shape [1, 4, 32, 32]").
 */
import { strict as assert } from 'assert';
import type { EngineMessage, FlowValue, PyArg } from '../../../../src/engine/shapes/contract';
import { sym } from '../../../../src/engine/shapes/dims';
import { buildLayer, newRecorder, runForward } from './harness';

const T = (...shape: Array<number | ReturnType<typeof sym>>): FlowValue => ({ kind: 'tensor', shape });

function errors(name: string, args: PyArg[], kwargs: Record<string, PyArg>, inputs: FlowValue[], callKwargs: Record<string, PyArg> = {}): string[] {
  const messages: EngineMessage[] = [];
  const layer = buildLayer(name, args, kwargs, messages);
  const rec = newRecorder();
  runForward(layer, inputs, callKwargs, rec);
  return [...messages, ...rec.messages].filter((m) => m.severity === 'error').map((m) => m.message);
}

describe('diagnostic messages', () => {
  it('conv in_channels vs the real channel count (the brief’s example, word for word)', () => {
    assert.deepEqual(errors('torch.nn.Conv2d', [3, 6, 3], {}, [T(1, 4, 32, 32)]), [
      'Conv2d expected input with 3 channels (in_channels=3), got 4 channels in input of shape [1, 4, 32, 32]',
    ]);
  });
  it('Linear in_features vs the last dimension', () => {
    assert.deepEqual(errors('torch.nn.Linear', [120, 84], {}, [T(1, 400)]), [
      'Linear expected the last dimension of the input to be 120 (in_features=120), got 400 in input of shape [1, 400]',
    ]);
  });
  it('symbolic dims are quoted as written and never cause false alarms', () => {
    assert.deepEqual(errors('torch.nn.Linear', [120, 84], {}, [T(sym('N'), sym('D'))]), []);
    assert.match(errors('torch.nn.Conv2d', [3, 6, 3], {}, [T(sym('N'), 4, sym('H'), sym('W'))])[0], /in input of shape \[N, 4, H, W\]/);
  });
  it('RNN input_size, BatchNorm channels, LayerNorm trailing shape, MHA embed_dim', () => {
    assert.match(errors('torch.nn.LSTM', [10, 20], {}, [T(7, 3, 11)])[0], /input\.size\(-1\) must be equal to input_size\. Expected 10, got 11/);
    assert.match(errors('torch.nn.BatchNorm2d', [6], {}, [T(4, 5, 5, 5)])[0], /expected input with 6 channels \(num_features=6\), got 5 channels in input of shape \[4, 5, 5, 5\]/);
    assert.match(errors('torch.nn.LayerNorm', [10], {}, [T(2, 5, 11)])[0], /normalized_shape=\[10\].*got input of shape \[2, 5, 11\]/);
    assert.match(errors('torch.nn.MultiheadAttention', [16, 4], {}, [T(5, 2, 12), T(7, 2, 16), T(7, 2, 16)])[0], /expecting embedding dimension of 16, but got 12/);
  });
  it('constructor problems are reported at build time with the argument named', () => {
    const messages: EngineMessage[] = [];
    buildLayer('torch.nn.Conv2d', [3, 6, 3], { stride: 2, padding: 'same' }, messages);
    assert.equal(messages[0].arg, 'padding');
    assert.match(messages[0].message, /padding='same' is not supported for strided convolutions/);
    const gn: EngineMessage[] = [];
    buildLayer('torch.nn.GroupNorm', [4, 6], {}, gn);
    assert.match(gn[0].message, /num_channels must be divisible by num_groups \(num_channels=6, num_groups=4\)/);
  });
  it('a tuple where a tensor belongs is named', () => {
    const tupleIn: FlowValue = { kind: 'tuple', items: [T(1, 4), T(1, 4)] };
    assert.match(errors('torch.nn.Linear', [4, 2], {}, [tupleIn])[0], /Linear expected a tensor for 'input', got a tuple/);
  });
});
