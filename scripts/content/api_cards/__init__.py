"""API card data, one module per api.* subsection of content/sections.json (same order)."""

from . import (activation, attention, autograd, conv, data, dropout, embedding, init, keras_layers, keras_training,
               linear, loss, module, norm, optim, pool, recurrent, shape, tensor, utils)

GROUPS = [linear, conv, pool, norm, dropout, activation, recurrent, attention, embedding, shape, loss, init, utils,
          module, tensor, autograd, optim, data, keras_training, keras_layers]
