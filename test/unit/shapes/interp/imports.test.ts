/**
 * Import and alias resolution inside the interpreter: every common way of naming torch.nn and Keras layers
 * reaches the same catalogue entry. Parameter counts: Linear(in, out) = in·out + out; GELU/ReLU = 0;
 * Keras Dense(units) on n features = n·units + units.
 */
import { strict as assert } from 'node:assert';
import { model } from './helpers';

describe('shapes/interp: imports and aliases', () => {
  const torchVariants: Array<[string, string]> = [
    ['import torch.nn as nn', 'nn.Linear(4, 3)'],
    ['import torch', 'torch.nn.Linear(4, 3)'],
    ['from torch import nn', 'nn.Linear(4, 3)'],
    ['from torch import nn as tnn', 'tnn.Linear(4, 3)'],
    ['from torch.nn import Linear', 'Linear(4, 3)'],
    ['from torch.nn import Linear as L', 'L(4, 3)'],
    ['import torch.nn', 'torch.nn.Linear(4, 3)'],
  ];
  for (const [imp, ctor] of torchVariants) {
    it(`${imp}; ${ctor}`, () => {
      const src = `${imp}
import torch.nn.functional as F
from torch.nn import Module

# input: [2, 4]
class M(Module):
    def __init__(self):
        super().__init__()
        self.fc = ${ctor}

    def forward(self, x):
        return F.relu(self.fc(x))
`;
      const m = model(src, 'M');
      assert.equal(m.layers[0].type, 'Linear');
      assert.equal(m.totalParams, 4 * 3 + 3);
      assert.deepEqual(m.output, [2, 3]);
    });
  }

  const kerasVariants: Array<[string, string]> = [
    ['import tensorflow as tf', 'tf.keras.Sequential([tf.keras.layers.Dense(5, input_shape=(4,))])'],
    ['from tensorflow import keras', 'keras.Sequential([keras.layers.Dense(5, input_shape=(4,))])'],
    ['from tensorflow import keras\nfrom tensorflow.keras import layers', 'keras.Sequential([layers.Dense(5, input_shape=(4,))])'],
    ['import keras\nfrom keras.layers import Dense', 'keras.Sequential([Dense(5, input_shape=(4,))])'],
    ['from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense', 'Sequential([Dense(5, input_shape=(4,))])'],
  ];
  for (const [imp, expr] of kerasVariants) {
    it(`${imp.replace('\n', '; ')}; ${expr}`, () => {
      const m = model(`${imp}\n\nnet = ${expr}\n`, 'net');
      assert.equal(m.framework, 'keras');
      assert.equal(m.layers[0].path, 'dense');
      assert.equal(m.totalParams, 4 * 5 + 5);
      assert.deepEqual(m.output, ['N', 5]);
    });
  }

  it('layers imported from project files are placeholders with unknown shapes; typing.cast passes values through', () => {
    const src = `import torch.nn as nn
from typing import List, cast
from .blocks import ResBlock

# input: [2, 8]
class Uses(nn.Module):
    def __init__(self, widths: List[int] = [8, 16]):
        super().__init__()
        self.a = nn.Linear(widths[0], cast(int, widths[1]))
        self.b = ResBlock(16)
        self.c = nn.Linear(16, 4)

    def forward(self, x):
        return self.c(self.b(self.a(x)))
`;
    const m = model(src, 'Uses');
    assert.deepEqual(m.layers.map((l) => [l.path, l.type]), [['a', 'Linear'], ['b', 'ResBlock'], ['c', 'Linear']]);
    assert.deepEqual(m.layers[0].output, [2, 16]); // 8·16 + 16 = 144 parameters
    assert.equal(m.layers[0].params, 144);
    assert.equal(m.layers[1].output, null);
    assert.equal(m.layers[1].params, null);
    assert.ok(m.diagnostics.some((d) => d.severity === 'info' && /ResBlock \(imported from a project file\)/.test(d.message)));
    assert.ok(!m.diagnostics.some((d) => /not defined/.test(d.message)));
  });

  it('a name that is not imported is not a layer', () => {
    const src = `import torch.nn as nn

# input: [2, 4]
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = Linear(4, 3)

    def forward(self, x):
        return self.fc(x)
`;
    const m = model(src, 'M');
    assert.equal(m.totalParams, 0);
    assert.equal(m.output, null);
    assert.ok(m.diagnostics.some((d) => d.severity === 'info' && /'Linear' is not defined/.test(d.message) && d.line === 7));
  });
});
