"""api.utils: containers, parameters, distances, gradient clipping, Keras model building and merge layers."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.utils"
L = ["layer"]
NONE = "0."
MERGE_SHAPE = "A list of inputs of the same shape `(batch, …)` → one output of that shape."

CARDS = [
    card(["torch.nn.Sequential"],
         "Container that calls its modules in order, feeding each output to the next; modules can be indexed, "
         "sliced, or named with an `OrderedDict`.",
         "Input shape of the first module → output shape of the last.",
         "Sum of its modules' parameters (a module added twice is counted once).", "feedforward-network", L),
    card(["torch.nn.ModuleList"],
         "A Python-list-like container that registers its modules (so `.parameters()`, `.to()` and `state_dict` see "
         "them); it has no `forward` — you loop over it yourself.",
         "None of its own: the shapes depend on how `forward` uses the modules.", "Sum of its modules' parameters.",
         "layer", L),
    card(["torch.nn.ModuleDict"],
         "A dict-like container that registers its modules under string keys; no `forward` of its own.",
         "None of its own: the shapes depend on how `forward` uses the modules.", "Sum of its modules' parameters.",
         "layer", L),
    card(["torch.nn.ParameterList"],
         "A list-like container that registers `nn.Parameter`s (plain tensors are wrapped).",
         "Each entry keeps its own shape.", "Sum of the entries' `numel()`.", "parameters-vs-hyperparameters", L),
    card(["torch.nn.ParameterDict"],
         "A dict-like container that registers `nn.Parameter`s under string keys.",
         "Each entry keeps its own shape.", "Sum of the entries' `numel()`.", "parameters-vs-hyperparameters", L),
    card(["torch.nn.Parameter"],
         "A tensor that a module registers as a learnable parameter when assigned as an attribute "
         "(`requires_grad=True` by default); what `.parameters()` returns and optimizers update.",
         "Any shape: the shape of the tensor it wraps.", "`numel()` of the wrapped tensor.",
         "parameters-vs-hyperparameters", L),
    card(["torch.nn.CosineSimilarity", "torch.nn.functional.cosine_similarity"],
         "Cosine of the angle between two tensors along `dim` (default 1), with `eps` guarding against division by zero.",
         "x1 `(*₁, D, *₂)` and x2 (broadcastable) → `(*₁, *₂)`: the `dim` axis is reduced.", NONE, "layer", L,
         formula=r"\cos(x_1, x_2) = \frac{x_1 \cdot x_2}{\max(\lVert x_1\rVert\,\lVert x_2\rVert, \epsilon)}",
         formula_text="cos(x1, x2) = x1·x2 / max(‖x1‖·‖x2‖, ε)",
         aliases=['cosine similarity']),
    card(["torch.nn.PairwiseDistance", "torch.nn.functional.pairwise_distance"],
         "p-norm distance between corresponding rows of two tensors: `‖x1 − x2 + eps‖_p` (p = 2 by default).",
         "x1 `(N, D)`, x2 `(N, D)` → `(N)` (`keepdim=True` → `(N, 1)`).", NONE, "layer", L,
         formula=r"d(x_1, x_2) = \lVert x_1 - x_2 + \epsilon \rVert_p", formula_text="d = ‖x1 − x2 + ε‖ₚ"),
    card(["torch.nn.functional.pdist"],
         "p-norm distance between every pair of rows of one matrix (upper triangle, like `scipy.spatial.distance.pdist`).",
         "Input `(N, M)` → `(N·(N − 1)/2)`.", "Functional: no parameters.", "layer", L),
    card(["torch.nn.utils.clip_grad_norm_"],
         "Rescales all gradients together so their total `norm_type`-norm (default 2) is at most `max_norm`; call "
         "between `loss.backward()` and `optimizer.step()`. Returns the total norm before clipping.",
         "Gradients keep their shapes; returns a scalar tensor.", "None: it modifies `.grad` in place.",
         "exploding-gradient", ["training"], prefer=["gradient-clipping"],
         formula=r"g \leftarrow g \cdot \min\!\Big(1, \frac{\text{max\_norm}}{\lVert g\rVert + 10^{-6}}\Big)",
         formula_text="g ← g·min(1, max_norm / (‖g‖ + 1e-6))"),
    card(["torch.nn.utils.clip_grad_value_"],
         "Clamps every gradient element to [−`clip_value`, `clip_value`] in place.",
         "Gradients keep their shapes.", "None: it modifies `.grad` in place.", "exploding-gradient", ["training"],
         prefer=["gradient-clipping"],
         formula=r"g \leftarrow \mathrm{clamp}(g, -c, c)", formula_text="g ← clamp(g, −clip_value, clip_value)"),
    # ----------------------------------------------------------- Keras ---
    card(["keras.Input", "keras.layers.Input"],
         "Creates a symbolic input tensor for the functional API: `inputs = keras.Input(shape=(28, 28, 1))`.",
         "`shape` excludes the batch dim: `keras.Input(shape=(d,))` → `(None, d)`.", NONE, "computational-graph", L),
    card(["keras.layers.InputLayer"],
         "The layer behind `keras.Input`; in a `Sequential` model it only declares the input shape.",
         "`(None, *shape)`.", NONE, "computational-graph", L),
    card(["keras.Model", "keras.models.Model"],
         "A trainable graph of layers: built functionally (`keras.Model(inputs, outputs)`) or by subclassing; "
         "provides `compile`, `fit`, `evaluate`, `predict`, `summary`.",
         "Inputs and outputs as defined by the graph; `model.summary()` lists each layer's output shape.",
         "Sum of its layers' weights; `summary()` splits trainable and non-trainable.", "computational-graph", L),
    card(["keras.Sequential", "keras.models.Sequential"],
         "A model that is a plain stack of layers, each with one input and one output.",
         "Input shape of the first layer → output shape of the last (`None` batch dim).",
         "Sum of its layers' weights.", "feedforward-network", L),
    card(["keras.layers.Lambda"],
         "Wraps an arbitrary expression as a layer: `Lambda(lambda x: x ** 2)`; its variables are not tracked.",
         "Whatever the function returns (give `output_shape` if it cannot be inferred).", "0 (not trainable).", "layer", L),
    card(["keras.layers.Rescaling"],
         "Multiplies by `scale` and adds `offset`, e.g. `Rescaling(1./255)` maps pixels to [0, 1].",
         "Output shape = input shape.", NONE, "layer", L,
         formula=r"y = x \cdot \text{scale} + \text{offset}", formula_text="y = x·scale + offset"),
    card(["keras.layers.Concatenate", "keras.layers.concatenate"],
         "Concatenates a list of inputs along `axis` (default −1).",
         "Inputs that match except on `axis` → that axis is the sum of their sizes, e.g. `(b, 3)` + `(b, 5)` → `(b, 8)`.",
         NONE, "layer", L),
    card(["keras.layers.Add", "keras.layers.add"],
         "Elementwise sum of a list of inputs (e.g. a residual connection `Add()([x, f(x)])`).", MERGE_SHAPE, NONE,
         "residual-connection", L),
    card(["keras.layers.Subtract", "keras.layers.subtract"],
         "Elementwise difference of exactly two inputs: `inputs[0] − inputs[1]`.", MERGE_SHAPE, NONE, "layer", L),
    card(["keras.layers.Multiply", "keras.layers.multiply"],
         "Elementwise product of a list of inputs (e.g. gating).", MERGE_SHAPE, NONE, "layer", L),
    card(["keras.layers.Average", "keras.layers.average"],
         "Elementwise mean of a list of inputs (e.g. an ensemble).", MERGE_SHAPE, NONE, "layer", L),
    card(["keras.layers.Maximum", "keras.layers.maximum"], "Elementwise maximum of a list of inputs.", MERGE_SHAPE, NONE, "layer", L),
    card(["keras.layers.Minimum", "keras.layers.minimum"], "Elementwise minimum of a list of inputs.", MERGE_SHAPE, NONE, "layer", L),
    card(["keras.layers.Dot", "keras.layers.dot"],
         "Dot product of two inputs along `axes`; `normalize=True` L2-normalizes first (cosine similarity).",
         "`(batch, n)` · `(batch, n)` with `axes=1` → `(batch, 1)`; `(batch, T, d)` · `(batch, S, d)` with `axes=2` → "
         "`(batch, T, S)`.", NONE, "layer", L),
]

CHECKS = [
    ParamCheck("Sequential(Linear(4,3), ReLU, Linear(3,2))",
               lambda: nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)), 15 + 8),
    ParamCheck("Sequential with a shared module counts once", lambda: (lambda l: nn.Sequential(l, l))(nn.Linear(3, 3)), 12),
    ParamCheck("ModuleList", lambda: nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 1)]), 6 + 3),
    ParamCheck("ParameterList", lambda: nn.ParameterList([nn.Parameter(torch.zeros(3, 4)), nn.Parameter(torch.zeros(5))]), 17),
    ShapeCheck("cosine_similarity reduces dim 1", lambda: F.cosine_similarity(torch.ones(4, 3, 5), torch.ones(4, 3, 5)), (4, 5)),
    ValueCheck("cosine_similarity orthogonal", lambda: F.cosine_similarity(torch.tensor([[1.0, 0.0]]), torch.tensor([[0.0, 1.0]]))[0], 0.0),
    ShapeCheck("PairwiseDistance", lambda: nn.PairwiseDistance()(torch.zeros(4, 3), torch.ones(4, 3)), (4,)),
    # N = 5 rows → 5·4/2 = 10
    ShapeCheck("pdist", lambda: F.pdist(torch.randn(5, 3)), (10,)),
]
