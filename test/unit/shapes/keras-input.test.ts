/**
 * Keras: `--input` (AnalyzeOptions.inputs) fills the None dimensions and the batch of a declared Input.
 * Counts worked by hand: Embedding 20000·128 = 2,560,000; LSTM(64) on 128 features: 4·(128·64 + 64·64 + 64)
 * = 49,408, ×2 directions = 98,816 (twice); Dense(1) on 128: 129. Total 2,757,761 (the figure Keras's
 * bidirectional-LSTM IMDB example prints).
 */
import { strict as assert } from 'node:assert';
import { analyzeSource } from '../../../src/engine/shapes';

const SRC = `from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(20000, 128)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
`;

describe('shapes: Keras inputs given by the caller', () => {
  it('fills None dimensions and the batch of keras.Input', () => {
    const m = analyzeSource(SRC, { inputs: { '*': [[1, 200]] } }).models[0];
    assert.deepEqual(m.input, [[1, 200]]);
    assert.deepEqual(m.layers.find((l) => l.type === 'Embedding')!.output, [1, 200, 128]);
    assert.deepEqual(m.output, [1, 1]);
    assert.equal(m.totalParams, 2_757_761);
  });

  it('keeps the declared shape (and says so) when the given one does not fit', () => {
    const m = analyzeSource(SRC, { inputs: { '*': [[1, 200, 3]] } }).models[0];
    assert.deepEqual(m.layers.find((l) => l.type === 'Embedding')!.output?.slice(2), [128]);
    assert.ok(m.diagnostics.some((d) => /does not fit this Input/.test(d.message)) || analyzeSource(SRC, { inputs: { '*': [[1, 200, 3]] } }).diagnostics.some((d) => /does not fit/.test(d.message)));
  });
});
