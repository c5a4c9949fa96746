/**
 * MACs (multiply-accumulates, not FLOPs): one per weight per output position, bias excluded.
 * Every expectation is worked by hand in the comment next to it.
 */
import { strict as assert } from 'assert';
import type { EngineMessage, FlowValue, PyArg } from '../../../../src/engine/shapes/contract';
import { buildLayer, newRecorder, runForward } from './harness';

const T = (...shape: number[]): FlowValue => ({ kind: 'tensor', shape });

function macs(name: string, args: PyArg[], kwargs: Record<string, PyArg>, inputs: FlowValue[]): unknown {
  const messages: EngineMessage[] = [];
  const layer = buildLayer(`torch.nn.${name}`, args, kwargs, messages);
  const rec = newRecorder();
  runForward(layer, inputs, {}, rec);
  assert.deepEqual([...messages, ...rec.messages].filter((m) => m.severity === 'error'), []);
  return rec.macs;
}

describe('MACs (hand-checked)', () => {
  it('Linear(120, 84) on [1, 120]: 120·84 = 10,080', () => {
    assert.equal(macs('Linear', [120, 84], {}, [T(1, 120)]), 10080);
  });
  it('Linear(120, 84) on [4, 5, 120]: 4·5 rows × 10,080 = 201,600 (bias excluded)', () => {
    assert.equal(macs('Linear', [120, 84], {}, [T(4, 5, 120)]), 201600);
  });
  it('Conv2d(1, 6, 5) on [1, 1, 32, 32]: 28·28 positions × 6·1·25 = 784 × 150 = 117,600', () => {
    assert.equal(macs('Conv2d', [1, 6, 5], {}, [T(1, 1, 32, 32)]), 117600);
  });
  it('Conv2d(32, 64, 3, stride=2, padding=1, groups=2) on [2, 32, 16, 16]: 2·8·8 = 128 positions × 64·16·9 = 9,216 → 1,179,648', () => {
    assert.equal(macs('Conv2d', [32, 64, 3], { stride: 2, padding: 1, groups: 2 }, [T(2, 32, 16, 16)]), 1179648);
  });
  it('LeNet-5 (the issue example) totals 416,520', () => {
    // conv1 1→6 k5 on 32×32: 117,600; conv2 6→16 k5 on 14×14 → 10×10: 100·16·6·25 = 240,000;
    // fc1 400·120 = 48,000; fc2 120·84 = 10,080; fc3 84·10 = 840. Pools and activations: 0.
    const total =
      (macs('Conv2d', [1, 6, 5], {}, [T(1, 1, 32, 32)]) as number) +
      (macs('MaxPool2d', [2], {}, [T(1, 6, 28, 28)]) as number) +
      (macs('Conv2d', [6, 16, 5], {}, [T(1, 6, 14, 14)]) as number) +
      (macs('Linear', [400, 120], {}, [T(1, 400)]) as number) +
      (macs('ReLU', [], {}, [T(1, 120)]) as number) +
      (macs('Linear', [120, 84], {}, [T(1, 120)]) as number) +
      (macs('Linear', [84, 10], {}, [T(1, 84)]) as number);
    assert.equal(total, 416520);
  });
  it('LSTM(10, 20, num_layers=2, bidirectional=True) on [5, 3, 10]: 15 steps × 2 dirs × (4·20·(10+20) + 4·20·(40+20)) = 15 × 2 × 7,200 = 216,000', () => {
    // layer 0: 4 gates · 20 hidden · (10 input + 20 recurrent) = 2,400; layer 1 input is 2·20 = 40: 4·20·60 = 4,800
    assert.equal(macs('LSTM', [10, 20], { num_layers: 2, bidirectional: true }, [T(5, 3, 10)]), 216000);
  });
  it('LSTM(10, 20, proj_size=5) on [7, 2, 10]: 14 steps × (4·20·(10+5) + 20·5) = 14 × 1,300 = 18,200', () => {
    assert.equal(macs('LSTM', [10, 20], { proj_size: 5 }, [T(7, 2, 10)]), 18200);
  });
  it('GRU(8, 16) on [4, 1, 8]: 4 steps × 3·16·(8+16) = 4 × 1,152 = 4,608', () => {
    assert.equal(macs('GRU', [8, 16], {}, [T(4, 1, 8)]), 4608);
  });
  it('MultiheadAttention(16, 4) with L=5, S=7, N=2: 2 × (Q 5·256 + K 7·256 + V 7·256 + QKᵀ 5·7·16 + AV 560 + out 1,280) = 2 × 7,264 = 14,528', () => {
    assert.equal(macs('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)]), 14528);
  });
  it('MultiheadAttention(16, 4, kdim=12, vdim=10, add_bias_kv=True): S′ = 8; 2 × (1,280 + 7·12·16 + 7·10·16 + 5·8·16·2 + 1,280) = 12,608', () => {
    // Q 1,280; K 1,344; V 1,120; QKᵀ 640; AV 640; out 1,280 → 6,304 per batch element
    assert.equal(macs('MultiheadAttention', [16, 4], { kdim: 12, vdim: 10, add_bias_kv: true }, [T(5, 2, 16), T(7, 2, 12), T(7, 2, 10)]), 12608);
  });
  it('TransformerEncoderLayer(16, 4, 32) on [6, 2, 16] = self-attention + the two feed-forward Linears', () => {
    // attention: 2 × (6·256·2 [Q,out] + 6·256·2 [K,V] + 6·6·16·2) = 2 × (3,072 + 3,072 + 1,152) = 14,592
    // linear1 12 rows × 16·32 = 6,144; linear2 12 × 32·16 = 6,144 → total 26,880
    assert.equal(macs('TransformerEncoderLayer', [16, 4, 32], {}, [T(6, 2, 16)]), 26880);
  });
  it('ConvTranspose2d(4, 6, 3, stride=2) on [1, 4, 5, 5]: per input position 4·6·9 = 216 × 25 = 5,400', () => {
    assert.equal(macs('ConvTranspose2d', [4, 6, 3], { stride: 2 }, [T(1, 4, 5, 5)]), 5400);
  });
  it('norms, pools, dropout, activations and embeddings cost 0', () => {
    for (const [name, args, input] of [
      ['BatchNorm2d', [4], T(2, 4, 5, 5)],
      ['LayerNorm', [5], T(2, 4, 5)],
      ['AvgPool2d', [2], T(2, 4, 6, 6)],
      ['Dropout', [], T(2, 4)],
      ['GELU', [], T(2, 4)],
      ['Embedding', [10, 3], T(2, 4)],
    ] as const) {
      assert.equal(macs(name, [...args], {}, [input]), 0, name);
    }
  });
});
