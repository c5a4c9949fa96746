/**
 * Keras has no oracle on this machine, so every expectation below is worked by hand from Keras's documented
 * rules (keras.utils.conv_utils output lengths; each layer's weight shapes), with the arithmetic shown.
 * Batch axes are concrete here so that MACs are plain numbers.
 */
import { strict as assert } from 'assert';
import type { BuiltLayer, EngineMessage, FlowValue, PyArg } from '../../../../src/engine/shapes/contract';
import { buildLayer, callFunction, describe as describeFlow, newRecorder, runForward, type Out } from './harness';

const T = (...shape: number[]): FlowValue => ({ kind: 'tensor', shape });

interface Result {
  out: Out;
  trainable: number;
  nonTrainable: number;
  macs: unknown;
  errors: string[];
}

function run(name: string, args: PyArg[], kwargs: Record<string, PyArg>, inputs: FlowValue[], callKwargs: Record<string, PyArg> = {}): Result {
  const messages: EngineMessage[] = [];
  const layer = buildLayer(`keras.layers.${name}`, args, kwargs, messages);
  const rec = newRecorder();
  const out = runForward(layer, inputs, callKwargs, rec);
  const declared = rec.declared.get(layer) ?? layer.parameters ?? { trainable: NaN, nonTrainable: NaN };
  return {
    out: describeFlow(out),
    trainable: declared.trainable,
    nonTrainable: declared.nonTrainable,
    macs: rec.macs,
    errors: [...messages, ...rec.messages].filter((m) => m.severity === 'error').map((m) => m.message),
  };
}

function layer(name: string, args: PyArg[], kwargs: Record<string, PyArg> = {}): BuiltLayer {
  return buildLayer(`keras.layers.${name}`, args, kwargs, []);
}

describe('Keras catalogue (hand-worked from Keras rules)', () => {
  describe('Dense', () => {
    it('Dense(64) on (1, 784): 784·64 + 64 = 50,240 weights; 784·64 = 50,176 MACs', () => {
      const r = run('Dense', [64], {}, [T(1, 784)]);
      assert.deepEqual(r.out, [1, 64]);
      assert.equal(r.trainable, 50240);
      assert.equal(r.nonTrainable, 0);
      assert.equal(r.macs, 50176);
    });
    it('acts on the last axis: Dense(10) on (2, 5, 32) → (2, 5, 10); 32·10 + 10 = 330; MACs 2·5·320 = 3,200', () => {
      const r = run('Dense', [10], {}, [T(2, 5, 32)]);
      assert.deepEqual(r.out, [2, 5, 10]);
      assert.equal(r.trainable, 330);
      assert.equal(r.macs, 3200);
    });
    it('use_bias=False: 4·8 = 32; trainable=False moves them to non-trainable', () => {
      assert.equal(run('Dense', [8], { use_bias: false }, [T(1, 4)]).trainable, 32);
      const frozen = run('Dense', [8], { trainable: false }, [T(1, 4)]);
      assert.deepEqual([frozen.trainable, frozen.nonTrainable], [0, 40]); // 4·8 + 8
    });
    it('is lazy: no parameters until called', () => {
      assert.equal(layer('Dense', [8]).parameters, null);
    });
    it('rejects a 1-D input like Keras', () => {
      const r = run('Dense', [8], {}, [T(4)]);
      assert.match(r.errors.join(), /expected min_ndim=2, found ndim=1/);
    });
  });

  describe('Convolutions', () => {
    it("Conv2D(32, 3) 'valid' on (1, 28, 28, 1): 28−3+1 = 26; 3·3·1·32 + 32 = 320; MACs 26·26·32·9 = 194,688", () => {
      const r = run('Conv2D', [32, 3], {}, [T(1, 28, 28, 1)]);
      assert.deepEqual(r.out, [1, 26, 26, 32]);
      assert.equal(r.trainable, 320);
      assert.equal(r.macs, 194688);
    });
    it("Conv2D(64, (3,3), strides=2, padding='same') on (1, 32, 32, 3): ⌈32/2⌉ = 16; 3·3·3·64 + 64 = 1,792", () => {
      const r = run('Conv2D', [64, [3, 3]], { strides: 2, padding: 'same' }, [T(1, 32, 32, 3)]);
      assert.deepEqual(r.out, [1, 16, 16, 64]);
      assert.equal(r.trainable, 1792);
    });
    it("Conv2D(16, 5, strides=2) 'valid' on 31×31×3: ⌊(31−5)/2⌋+1 = 14; 5·5·3·16 + 16 = 1,216", () => {
      const r = run('Conv2D', [16, 5], { strides: 2 }, [T(1, 31, 31, 3)]);
      assert.deepEqual(r.out, [1, 14, 14, 16]);
      assert.equal(r.trainable, 1216);
    });
    it('Conv2D(8, 3, dilation_rate=2) on 10×10×4: effective kernel 5 → 10−5+1 = 6; 9·4·8 + 8 = 296', () => {
      const r = run('Conv2D', [8, 3], { dilation_rate: 2 }, [T(1, 10, 10, 4)]);
      assert.deepEqual(r.out, [1, 6, 6, 8]);
      assert.equal(r.trainable, 296);
    });
    it("Conv1D(16, 3, padding='causal') keeps the length: (2, 20, 8) → (2, 20, 16); 3·8·16 + 16 = 400", () => {
      const r = run('Conv1D', [16, 3], { padding: 'causal' }, [T(2, 20, 8)]);
      assert.deepEqual(r.out, [2, 20, 16]);
      assert.equal(r.trainable, 400);
    });
    it('Conv3D(4, 3) on (1, 8, 8, 8, 2): 6×6×6; 27·2·4 + 4 = 220', () => {
      const r = run('Conv3D', [4, 3], {}, [T(1, 8, 8, 8, 2)]);
      assert.deepEqual(r.out, [1, 6, 6, 6, 4]);
      assert.equal(r.trainable, 220);
    });
    it('Conv2D groups=2: Conv2D(8, 3, groups=2) on 6×6×4 → 3·3·(4/2)·8 + 8 = 152', () => {
      assert.equal(run('Conv2D', [8, 3], { groups: 2 }, [T(1, 6, 6, 4)]).trainable, 152);
    });
    it("channels_first: Conv2D(8, 3, data_format='channels_first') on (1, 3, 10, 10) → (1, 8, 8, 8)", () => {
      assert.deepEqual(run('Conv2D', [8, 3], { data_format: 'channels_first' }, [T(1, 3, 10, 10)]).out, [1, 8, 8, 8]);
    });
    it("Conv2DTranspose(16, 3, strides=2, padding='same') on 8×8×32: 8·2 = 16; kernel 3·3·16·32 + 16 = 4,624", () => {
      const r = run('Conv2DTranspose', [16, 3], { strides: 2, padding: 'same' }, [T(1, 8, 8, 32)]);
      assert.deepEqual(r.out, [1, 16, 16, 16]);
      assert.equal(r.trainable, 4624);
    });
    it("Conv2DTranspose 'valid': 8·2 + max(3−2, 0) = 17", () => {
      assert.deepEqual(run('Conv2DTranspose', [16, 3], { strides: 2 }, [T(1, 8, 8, 32)]).out, [1, 17, 17, 16]);
    });
    it("Conv2DTranspose output_padding=1, 'same', k=4, s=2: (8−1)·2 + 4 − 2·⌊4/2⌋ + 1 = 15", () => {
      assert.deepEqual(run('Conv2DTranspose', [8, 4], { strides: 2, padding: 'same', output_padding: 1 }, [T(1, 8, 8, 3)]).out, [1, 15, 15, 8]);
    });
    it('DepthwiseConv2D(3, depth_multiplier=2) on 10×10×8: 8×8×16; 3·3·8·2 + 16 = 160; MACs 8·8·16·9 = 9,216', () => {
      const r = run('DepthwiseConv2D', [3], { depth_multiplier: 2 }, [T(1, 10, 10, 8)]);
      assert.deepEqual(r.out, [1, 8, 8, 16]);
      assert.equal(r.trainable, 160);
      assert.equal(r.macs, 9216);
    });
    it("SeparableConv2D(32, 3, padding='same') on 16×16×8: depthwise 3·3·8 = 72, pointwise 8·32 = 256, bias 32 → 360", () => {
      const r = run('SeparableConv2D', [32, 3], { padding: 'same' }, [T(1, 16, 16, 8)]);
      assert.deepEqual(r.out, [1, 16, 16, 32]);
      assert.equal(r.trainable, 360);
      // MACs: 16·16 positions × (72 depthwise + 256 pointwise) = 256 · 328 = 83,968
      assert.equal(r.macs, 83968);
    });
    it('reports a wrong rank the way Keras does', () => {
      assert.match(run('Conv2D', [8, 3], {}, [T(1, 10, 10)]).errors.join(), /expected ndim=4, found ndim=3/);
    });
    it('reports an input too small for the kernel', () => {
      assert.ok(run('Conv2D', [8, 5], {}, [T(1, 3, 3, 1)]).errors.length > 0);
    });
  });

  describe('Pooling', () => {
    it('MaxPooling2D() on 28×28×32 → 14×14×32 (pool 2, stride 2)', () => {
      const r = run('MaxPooling2D', [], {}, [T(1, 28, 28, 32)]);
      assert.deepEqual(r.out, [1, 14, 14, 32]);
      assert.equal(r.trainable, 0);
    });
    it('MaxPooling2D(3, strides=2) on 15: ⌊(15−3)/2⌋+1 = 7', () => {
      assert.deepEqual(run('MaxPooling2D', [3], { strides: 2 }, [T(1, 15, 15, 4)]).out, [1, 7, 7, 4]);
    });
    it("AveragePooling2D(2, padding='same') on 7: ⌈7/2⌉ = 4; MaxPool1D alias with 'valid' on 9: ⌊(9−2)/2⌋+1 = 4", () => {
      assert.deepEqual(run('AveragePooling2D', [2], { padding: 'same' }, [T(1, 7, 7, 4)]).out, [1, 4, 4, 4]);
      assert.deepEqual(run('MaxPool1D', [], {}, [T(2, 9, 3)]).out, [2, 4, 3]);
    });
    it('GlobalAveragePooling2D: (1, 7, 7, 64) → (1, 64); keepdims → (1, 1, 1, 64); GlobalMaxPooling1D (2, 10, 5) → (2, 5)', () => {
      assert.deepEqual(run('GlobalAveragePooling2D', [], {}, [T(1, 7, 7, 64)]).out, [1, 64]);
      assert.deepEqual(run('GlobalAveragePooling2D', [], { keepdims: true }, [T(1, 7, 7, 64)]).out, [1, 1, 1, 64]);
      assert.deepEqual(run('GlobalMaxPooling1D', [], {}, [T(2, 10, 5)]).out, [2, 5]);
    });
    it('ZeroPadding2D(1) and Cropping2D(((1, 0), (2, 2))) on 5×6: 7×8 and 4×2; UpSampling2D() doubles', () => {
      assert.deepEqual(run('ZeroPadding2D', [1], {}, [T(1, 5, 6, 3)]).out, [1, 7, 8, 3]);
      assert.deepEqual(run('Cropping2D', [[[1, 0], [2, 2]]], {}, [T(1, 5, 6, 3)]).out, [1, 4, 2, 3]);
      assert.deepEqual(run('UpSampling2D', [], {}, [T(1, 5, 6, 3)]).out, [1, 10, 12, 3]);
    });
  });

  describe('Reshaping', () => {
    it('Flatten: (1, 7, 7, 64) → (1, 7·7·64 = 3,136)', () => {
      assert.deepEqual(run('Flatten', [], {}, [T(1, 7, 7, 64)]).out, [1, 3136]);
    });
    it('Reshape((7, 7, 64)) on (1, 3136); Reshape((-1, 8)) on (2, 4, 6) → (2, 24/8 = 3, 8); bad sizes are reported', () => {
      assert.deepEqual(run('Reshape', [[7, 7, 64]], {}, [T(1, 3136)]).out, [1, 7, 7, 64]);
      assert.deepEqual(run('Reshape', [[-1, 8]], {}, [T(2, 4, 6)]).out, [2, 3, 8]);
      assert.match(run('Reshape', [[5, 5]], {}, [T(1, 24)]).errors.join(), /total size of new array must be unchanged/);
    });
    it('Permute((2, 1)) on (1, 10, 64) → (1, 64, 10); RepeatVector(3) on (2, 5) → (2, 3, 5)', () => {
      assert.deepEqual(run('Permute', [[2, 1]], {}, [T(1, 10, 64)]).out, [1, 64, 10]);
      assert.deepEqual(run('RepeatVector', [3], {}, [T(2, 5)]).out, [2, 3, 5]);
    });
    it('Dropout and Activation keep the shape and own no weights', () => {
      for (const [name, args] of [['Dropout', [0.5]], ['Activation', ['relu']], ['SpatialDropout2D', [0.2]]] as const) {
        const r = run(name, [...args], {}, [T(2, 4, 4, 3)]);
        assert.deepEqual(r.out, [2, 4, 4, 3], name);
        assert.deepEqual([r.trainable, r.nonTrainable], [0, 0], name);
      }
    });
  });

  describe('Normalization', () => {
    it('BatchNormalization on (1, 28, 28, 32): γ, β trainable 2·32 = 64; moving mean/var non-trainable 2·32 = 64', () => {
      const r = run('BatchNormalization', [], {}, [T(1, 28, 28, 32)]);
      assert.deepEqual([r.trainable, r.nonTrainable], [64, 64]);
      assert.deepEqual(r.out, [1, 28, 28, 32]);
    });
    it('center=False leaves only γ (32); scale=False and center=False leave none trainable', () => {
      assert.deepEqual(Object.values(pick(run('BatchNormalization', [], { center: false }, [T(1, 4, 4, 32)]))), [32, 64]);
      assert.deepEqual(Object.values(pick(run('BatchNormalization', [], { center: false, scale: false }, [T(1, 4, 4, 32)]))), [0, 64]);
    });
    it('BatchNormalization(axis=1) on (2, 10, 5) normalises the 10 axis: 20 + 20', () => {
      assert.deepEqual(Object.values(pick(run('BatchNormalization', [], { axis: 1 }, [T(2, 10, 5)]))), [20, 20]);
    });
    it('LayerNormalization on (2, 5, 16): γ, β = 2·16 = 32', () => {
      assert.deepEqual(Object.values(pick(run('LayerNormalization', [], {}, [T(2, 5, 16)]))), [32, 0]);
    });
  });

  describe('Embedding', () => {
    it('Embedding(1000, 64) on (2, 10): 1000·64 = 64,000 weights; output (2, 10, 64)', () => {
      const r = run('Embedding', [1000, 64], {}, [T(2, 10)]);
      assert.deepEqual(r.out, [2, 10, 64]);
      assert.equal(r.trainable, 64000);
    });
  });

  describe('Recurrent', () => {
    it('SimpleRNN(32) on (4, 10, 8): 8·32 + 32·32 + 32 = 256 + 1024 + 32 = 1,312; output (4, 32)', () => {
      const r = run('SimpleRNN', [32], {}, [T(4, 10, 8)]);
      assert.deepEqual(r.out, [4, 32]);
      assert.equal(r.trainable, 1312);
      assert.deepEqual(run('SimpleRNN', [32], { return_sequences: true }, [T(4, 10, 8)]).out, [4, 10, 32]);
    });
    it('LSTM(64) on (2, 20, 16): 4·(16·64 + 64·64 + 64) = 4·5,184 = 20,736; MACs 2·20·4·(1,024 + 4,096) = 819,200', () => {
      const r = run('LSTM', [64], {}, [T(2, 20, 16)]);
      assert.deepEqual(r.out, [2, 64]);
      assert.equal(r.trainable, 20736);
      assert.equal(r.macs, 819200);
    });
    it('GRU(32) on (2, 10, 8): reset_after=True 3·(8·32 + 32·32 + 2·32) = 3·1,344 = 4,032; reset_after=False 3·1,312 = 3,936', () => {
      assert.equal(run('GRU', [32], {}, [T(2, 10, 8)]).trainable, 4032);
      assert.equal(run('GRU', [32], { reset_after: false }, [T(2, 10, 8)]).trainable, 3936);
    });
    it('LSTM(16, return_sequences=True, return_state=True) → [sequence, h, c]', () => {
      const r = run('LSTM', [16], { return_sequences: true, return_state: true }, [T(2, 5, 4)]);
      assert.deepEqual(r.out, { tuple: [[2, 5, 16], [2, 16], [2, 16]] });
    });
    it("Bidirectional(LSTM(64)) on (2, 20, 16): 2·20,736 = 41,472; 'concat' → (2, 128), 'sum' → (2, 64)", () => {
      const r = run('Bidirectional', [layer('LSTM', [64])], {}, [T(2, 20, 16)]);
      assert.deepEqual(r.out, [2, 128]);
      assert.equal(r.trainable, 41472);
      assert.deepEqual(run('Bidirectional', [layer('LSTM', [64])], { merge_mode: 'sum' }, [T(2, 20, 16)]).out, [2, 64]);
    });
    it('Bidirectional(GRU(8, return_sequences=True)) → (2, 5, 16) with 2·3·(4·8 + 8·8 + 16) = 672 weights', () => {
      const r = run('Bidirectional', [layer('GRU', [8], { return_sequences: true })], {}, [T(2, 5, 4)]);
      assert.deepEqual(r.out, [2, 5, 16]);
      assert.equal(r.trainable, 672);
    });
    it('TimeDistributed(Dense(8)) on (2, 5, 16): (2, 5, 8); 16·8 + 8 = 136', () => {
      const r = run('TimeDistributed', [layer('Dense', [8])], {}, [T(2, 5, 16)]);
      assert.deepEqual(r.out, [2, 5, 8]);
      assert.equal(r.trainable, 136);
    });
  });

  describe('MultiHeadAttention', () => {
    it('num_heads=2, key_dim=16, query (1, 8, 32), value (1, 10, 32): 4 × (32·2·16 + 2·16) = 4 × 1,056 = 4,224', () => {
      // query/key/value EinsumDense: 32·(2·16) + 2·16 = 1,056 each; output: (2·16)·32 + 32 = 1,056.
      const r = run('MultiHeadAttention', [], { num_heads: 2, key_dim: 16 }, [T(1, 8, 32), T(1, 10, 32)]);
      assert.deepEqual(r.out, [1, 8, 32]);
      assert.equal(r.trainable, 4224);
      // MACs: Q 8·32·32 = 8,192; K 10·32·32 = 10,240; V 10,240; QKᵀ 8·10·32 = 2,560; AV 2,560; out 8·32·32 = 8,192
      assert.equal(r.macs, 8192 + 10240 + 10240 + 2560 + 2560 + 8192);
    });
    it('return_attention_scores gives (B, heads, T, S)', () => {
      const r = run('MultiHeadAttention', [2, 16], {}, [T(1, 8, 32), T(1, 10, 32)], { return_attention_scores: true });
      assert.deepEqual(r.out, { tuple: [[1, 8, 32], [1, 2, 8, 10]] });
    });
    it('value_dim, output_shape, use_bias=False, separate key: 12·4·8 + 10·4·8 + 6·4·16 + 4·16·20 = 2,368', () => {
      // query 384, key 320, value 384, output 1,280
      const r = run('MultiHeadAttention', [], { num_heads: 4, key_dim: 8, value_dim: 16, output_shape: 20, use_bias: false }, [T(2, 5, 12), T(2, 7, 6), T(2, 7, 10)]);
      assert.deepEqual(r.out, [2, 5, 20]);
      assert.equal(r.trainable, 2368);
    });
  });

  describe('Preprocessing and dot-product attention', () => {
    const list = (...ts: FlowValue[]): FlowValue => ({ kind: 'tuple', items: ts });
    it('Normalization on (2, 5, 3): mean 3 + variance 3 + count 1 = 7 non-trainable; none when mean/variance are given', () => {
      assert.deepEqual(Object.values(pick(run('Normalization', [], {}, [T(2, 5, 3)]))), [0, 7]);
      assert.deepEqual(Object.values(pick(run('Normalization', [], { mean: 0.5, variance: 2.0 }, [T(2, 5, 3)]))), [0, 0]);
    });
    it('Rescaling keeps the shape; Resizing(64, 64) on (1, 32, 48, 3) → (1, 64, 64, 3); CenterCrop(16, 20) → (1, 16, 20, 3)', () => {
      assert.deepEqual(run('Rescaling', [1 / 255], {}, [T(1, 32, 48, 3)]).out, [1, 32, 48, 3]);
      assert.deepEqual(run('Resizing', [64, 64], {}, [T(1, 32, 48, 3)]).out, [1, 64, 64, 3]);
      assert.deepEqual(run('CenterCrop', [16, 20], {}, [T(1, 32, 48, 3)]).out, [1, 16, 20, 3]);
    });
    it('Attention()([q (2, 4, 8), v (2, 6, 8)]) → (2, 4, 8), no weights; use_scale adds 1; MACs 2·4·6·(8 + 8) = 768', () => {
      const r = run('Attention', [], {}, [list(T(2, 4, 8), T(2, 6, 8))]);
      assert.deepEqual(r.out, [2, 4, 8]);
      assert.equal(r.trainable, 0);
      assert.equal(r.macs, 768);
      assert.equal(run('Attention', [], { use_scale: true }, [list(T(2, 4, 8), T(2, 6, 8))]).trainable, 1);
    });
    it('AdditiveAttention: a scale vector of size D = 8; scores (2, 4, 6)', () => {
      const r = run('AdditiveAttention', [], {}, [list(T(2, 4, 8), T(2, 6, 8))], { return_attention_scores: true });
      assert.equal(r.trainable, 8);
      assert.deepEqual(r.out, { tuple: [[2, 4, 8], [2, 4, 6]] });
    });
  });

  describe('Merging and activations', () => {
    const list = (...ts: FlowValue[]): FlowValue => ({ kind: 'tuple', items: ts });
    it('Concatenate() on (2,3,4) & (2,3,5) → (2,3,9); axis=1 on (2,3,4) & (2,5,4) → (2,8,4); mismatch reported', () => {
      assert.deepEqual(run('Concatenate', [], {}, [list(T(2, 3, 4), T(2, 3, 5))]).out, [2, 3, 9]);
      assert.deepEqual(run('Concatenate', [], { axis: 1 }, [list(T(2, 3, 4), T(2, 5, 4))]).out, [2, 8, 4]);
      assert.ok(run('Concatenate', [], {}, [list(T(2, 3, 4), T(2, 5, 4))]).errors.length > 0);
    });
    it('Add on equal shapes; incompatible shapes reported', () => {
      assert.deepEqual(run('Add', [], {}, [list(T(2, 8), T(2, 8))]).out, [2, 8]);
      assert.ok(run('Add', [], {}, [list(T(2, 8), T(2, 7))]).errors.length > 0);
    });
    it('PReLU(shared_axes=[1, 2]) on (2, 10, 10, 3): one alpha per channel = 3; without sharing 10·10·3 = 300', () => {
      assert.equal(run('PReLU', [], { shared_axes: [1, 2] }, [T(2, 10, 10, 3)]).trainable, 3);
      assert.equal(run('PReLU', [], {}, [T(2, 10, 10, 3)]).trainable, 300);
    });
    it('keras.Input(shape=(28, 28, 1)) → [N, 28, 28, 1]; keras.layers.concatenate works as a function', () => {
      const rec = newRecorder();
      assert.deepEqual(describeFlow(callFunction('keras.Input', [], { shape: [28, 28, 1] }, rec)), ['N', 28, 28, 1]);
      assert.deepEqual(describeFlow(callFunction('tensorflow.keras.layers.concatenate', [[T(2, 3), T(2, 4)]], {}, rec)), [2, 7]);
    });
  });
});

function pick(r: Result): { trainable: number; nonTrainable: number } {
  return { trainable: r.trainable, nonTrainable: r.nonTrainable };
}
