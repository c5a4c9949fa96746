import { strict as assert } from 'assert';
import { UNKNOWN } from '../../../../src/engine/shapes/contract';
import { bindArgs, lookupFunction, lookupLayer, layerNames, functionNames } from '../../../../src/engine/shapes/layers/registry';

describe('argument binding and lookup', () => {
  const conv = lookupLayer('torch.nn.Conv2d')!;

  it('binds positionals in order, keywords by name, and fills defaults', () => {
    const { args, messages } = bindArgs(conv.signature, [3, 16, 3], { padding: 1 }, 'Conv2d');
    assert.deepEqual(messages, []);
    assert.equal(args.in_channels, 3);
    assert.equal(args.kernel_size, 3);
    assert.equal(args.padding, 1);
    assert.equal(args.stride, 1);
    assert.equal(args.bias, true);
  });

  it('reports unknown keywords, too many positionals, duplicates and missing arguments like Python', () => {
    assert.deepEqual(
      bindArgs(conv.signature, [3, 16, 3], { kernal_size: 3 }, 'Conv2d').messages.map((m) => m.message),
      ["Conv2d() got an unexpected keyword argument 'kernal_size'"],
    );
    const linear = lookupLayer('torch.nn.Linear')!;
    assert.match(bindArgs(linear.signature, [1, 2, true, null, null, 9], {}, 'Linear').messages[0].message, /takes from 2 to 5 positional arguments but 6 were given/);
    assert.match(bindArgs(linear.signature, [1, 2], { in_features: 3 }, 'Linear').messages[0].message, /multiple values for argument 'in_features'/);
    const missing = bindArgs(linear.signature, [4], {}, 'Linear');
    assert.match(missing.messages[0].message, /missing required argument 'out_features'/);
    assert.equal(missing.args.out_features, UNKNOWN);
  });

  it('collects *args / **kwargs (nn.Identity accepts anything)', () => {
    const identity = lookupLayer('torch.nn.Identity')!;
    const { args, messages } = bindArgs(identity.signature, [1, 2], { foo: 3 }, 'Identity');
    assert.deepEqual(messages, []);
    assert.deepEqual(args.args, [1, 2]);
    assert.deepEqual(args.kwargs, [['foo', 3]]);
  });

  it('finds Keras layers under keras., tensorflow.keras. and tf.keras.', () => {
    assert.ok(lookupLayer('keras.layers.Dense'));
    assert.equal(lookupLayer('tensorflow.keras.layers.Dense'), lookupLayer('keras.layers.Dense'));
    assert.equal(lookupLayer('tf.keras.layers.Conv2D'), lookupLayer('keras.layers.Conv2D'));
    assert.equal(lookupLayer('keras.layers.MaxPool2D'), lookupLayer('keras.layers.MaxPooling2D'));
    assert.equal(lookupLayer('torch.nn.NoSuchLayer'), undefined);
  });

  it('covers every torch.nn layer class named in the issue', () => {
    const required = [
      'Linear', 'Bilinear', 'Identity', 'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d',
      'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d',
      'AdaptiveAvgPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d', 'LPPool1d', 'LPPool2d',
      'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'LayerNorm', 'GroupNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d',
      'LocalResponseNorm', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout', 'Flatten', 'Unflatten',
      'Embedding', 'EmbeddingBag', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell', 'MultiheadAttention',
      'TransformerEncoderLayer', 'TransformerDecoderLayer', 'TransformerEncoder', 'TransformerDecoder', 'Transformer',
      'ELU', 'Hardshrink', 'Hardsigmoid', 'Hardtanh', 'Hardswish', 'LeakyReLU', 'LogSigmoid', 'PReLU', 'ReLU', 'ReLU6', 'RReLU',
      'SELU', 'CELU', 'GELU', 'Sigmoid', 'SiLU', 'Mish', 'Softplus', 'Softshrink', 'Softsign', 'Tanh', 'Tanhshrink', 'Threshold',
      'GLU', 'Softmin', 'Softmax', 'Softmax2d', 'LogSoftmax', 'Upsample', 'PixelShuffle', 'PixelUnshuffle', 'ChannelShuffle',
      'ZeroPad2d', 'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d',
      'ReplicationPad1d', 'ReplicationPad2d', 'ReplicationPad3d',
    ];
    const missing = required.filter((n) => !lookupLayer(`torch.nn.${n}`));
    assert.deepEqual(missing, []);
    const keras = ['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling2D',
      'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Flatten', 'Reshape', 'Permute', 'Dropout',
      'BatchNormalization', 'LayerNormalization', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'MultiHeadAttention',
      'Activation', 'Concatenate', 'Add'];
    assert.deepEqual(keras.filter((n) => !lookupLayer(`keras.layers.${n}`)), []);
    assert.ok(lookupFunction('torch.nn.functional.interpolate'));
    assert.ok(layerNames().length > 200 && functionNames().length > 80, `${layerNames().length} layer names, ${functionNames().length} function names`);
  });
});
