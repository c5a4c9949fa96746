/**
 * Keras models: Sequential with `.add`, the functional API, subclassed models, and Keras's automatic layer
 * names (snake_case class name, `_1`, `_2` … for repeats, shared by the whole script, or `name=`).
 * Parameter rules (keras.io): Dense(units) on n features = n·units + units; Conv2D = kh·kw·Cin·filters + filters;
 * BatchNormalization = 4·C of which 2·C (moving mean/variance) are non-trainable.
 */
import { strict as assert } from 'node:assert';
import { analyzeSource } from '../../../../src/engine/shapes';
import { model, paths } from './helpers';

describe('shapes/interp: Keras models', () => {
  it('Sequential built with .add(), automatic names continue across models', () => {
    const src = `from tensorflow import keras
from tensorflow.keras import layers

first = keras.Sequential([layers.Dense(8, input_shape=(4,))])
second = keras.Sequential()
second.add(layers.Dense(16, input_shape=(3,)))
second.add(layers.BatchNormalization())
second.add(layers.Dense(2, name="logits"))
`;
    const a = model(src, 'first');
    assert.deepEqual(paths(a), ['dense']);
    const b = model(src, 'second');
    assert.deepEqual(paths(b), ['dense_1', 'batch_normalization', 'logits']);
    // 3·16+16 = 64; BN 4·16 = 64 (32 non-trainable); 16·2+2 = 34
    assert.equal(b.totalParams, 64 + 64 + 34);
    assert.equal(b.nonTrainableParams, 32);
    assert.deepEqual(b.output, ['N', 2]);
  });

  it('functional API: Input → layers → Model, with a residual add', () => {
    const src = `from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Conv2D(4, 3, padding="same")(inputs)
y = layers.Conv2D(4, 1)(x)
z = layers.add([x, y])
out = layers.Dense(5)(layers.Flatten()(z))
net = keras.Model(inputs, out)
`;
    const m = model(src, 'net');
    // conv2d 3·3·3·4+4 = 112; conv2d_1 1·1·4·4+4 = 20; dense 8·8·4·5+5 = 1285
    assert.equal(m.totalParams, 112 + 20 + 1285);
    assert.deepEqual(m.output, ['N', 5]);
    assert.ok(paths(m).includes('add'));
  });

  it('subclassed keras.Model with a custom layer and call()', () => {
    const src = `from tensorflow import keras
from tensorflow.keras import layers

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(units, activation="relu")
        self.d2 = layers.Dense(units)

    def call(self, x):
        return x + self.d2(self.d1(x))

# input: [8, 32]
class MyModel(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.inp = layers.Dense(64)
        self.block = Block(64)
        self.head = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        return self.head(self.block(self.inp(inputs)))
`;
    const report = analyzeSource(src);
    const m = report.models.find((x) => x.name === 'MyModel')!;
    assert.equal(m.framework, 'keras');
    // 32·64+64 = 2112; block 2·(64·64+64) = 8320; head 64·10+10 = 650
    assert.equal(m.totalParams, 2112 + 8320 + 650);
    assert.deepEqual(m.output, [8, 10]);
    assert.deepEqual(paths(m), ['dense', 'block', 'dense_1', 'dense_2', 'dense_3']);
  });
});
