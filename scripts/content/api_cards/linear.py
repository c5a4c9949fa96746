"""api.linear: fully connected layers and the identity layer."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.linear"

CARDS = [
    card(["torch.nn.Linear", "torch.nn.functional.linear"],
         "Affine map of the last dimension: `y = x Wᵀ + b`, with `W` of shape `(out_features, in_features)`.",
         "Input `(*, in_features)` → output `(*, out_features)`; all leading dimensions are kept.",
         "`in_features·out_features + out_features` with `bias=True` (default); `in_features·out_features` without bias.",
         "dense-layer", ["layer"],
         formula=r"y = xW^\top + b", formula_text="y = x·Wᵀ + b"),
    card(["torch.nn.LazyLinear"],
         "A `Linear` layer whose `in_features` is not given: it is read from the last dimension of the first input, "
         "and the layer then turns into an ordinary `nn.Linear`.",
         "Input `(*, H_in)` → output `(*, out_features)`; `H_in` is fixed by the first call.",
         "Not allocated until the first forward (an `UninitializedParameter` has no shape yet); afterwards "
         "`H_in·out_features + out_features` "
         "(no `+ out_features` when `bias=False`).",
         "dense-layer", ["layer"]),
    card(["torch.nn.Bilinear", "torch.nn.functional.bilinear"],
         "Bilinear form of two inputs: `y_k = x₁ᵀ A_k x₂ + b_k` for each output feature `k`.",
         "Inputs `(*, in1_features)` and `(*, in2_features)` → output `(*, out_features)`; leading dimensions must match.",
         "`out_features·in1_features·in2_features + out_features` (weight `(out, in1, in2)` + bias); drop the "
         "`+ out_features` when `bias=False`.",
         "dense-layer", ["layer"],
         formula=r"y = x_1^\top A\, x_2 + b", formula_text="y = x₁ᵀ·A·x₂ + b"),
    card(["torch.nn.Identity"],
         "Returns its input unchanged. Any constructor arguments are accepted and ignored; it is used as a "
         "placeholder, e.g. to remove a model's head (`model.fc = nn.Identity()`).",
         "Output shape = input shape.",
         "0.",
         "layer", ["layer"]),
    card(["keras.layers.Dense"],
         "Keras fully connected layer: `output = activation(dot(input, kernel) + bias)`, applied to the last axis.",
         "Input `(batch, …, d_in)` → output `(batch, …, units)`.",
         "`d_in·units + units` with `use_bias=True` (default); `d_in·units` without bias.",
         "dense-layer", ["layer"],
         formula=r"y = \sigma(xW + b)", formula_text="y = activation(x·W + b)"),
    card(["keras.layers.EinsumDense"],
         "Dense layer written as an einsum: `equation` (e.g. `\"ab,bc->ac\"`) contracts the input with a kernel; "
         "`output_shape` gives the non-batch output dims and `bias_axes` the output axes that get a bias.",
         "Input and output shapes follow the `equation`; e.g. `\"abc,cd->abd\"` maps `(batch, seq, c)` → `(batch, seq, output_shape[-1])`.",
         "Product of the kernel's shape (the dims named in the equation's second operand) + the bias size (product of the "
         "`bias_axes` dims; 0 without `bias_axes`). E.g. `\"abc,cd->abd\"`, c=64, d=32, `bias_axes=\"d\"`: 64·32 + 32 = 2,080.",
         "dense-layer", ["layer"]),
    card(["keras.layers.Identity"],
         "Keras layer that returns its input unchanged; a placeholder.",
         "Output shape = input shape.",
         "0.",
         "layer", ["layer"]),
]

CHECKS = [
    # in·out + out = 10·5 + 5 = 55
    ParamCheck("nn.Linear(10, 5)", lambda: nn.Linear(10, 5), 55),
    ParamCheck("nn.Linear(10, 5, bias=False)", lambda: nn.Linear(10, 5, bias=False), 50),
    ShapeCheck("nn.Linear(10,5) on (2,3,10)", lambda: nn.Linear(10, 5)(torch.zeros(2, 3, 10)), (2, 3, 5)),
    # lazy: H_in=3 after first call: 3·5 + 5 = 20
    ValueCheck("LazyLinear has no weight shape before the first call",
               lambda: isinstance(nn.LazyLinear(5).weight, nn.parameter.UninitializedParameter), 1.0),
    ParamCheck("nn.LazyLinear(5)", lambda: nn.LazyLinear(5), 20, warm_up=lambda: (torch.zeros(2, 3),)),
    # out·in1·in2 + out = 4·3·5 + 4 = 64
    ParamCheck("nn.Bilinear(3, 5, 4)", lambda: nn.Bilinear(3, 5, 4), 64),
    ShapeCheck("nn.Bilinear(3,5,4)", lambda: nn.Bilinear(3, 5, 4)(torch.zeros(7, 3), torch.zeros(7, 5)), (7, 4)),
    ParamCheck("nn.Identity(54, unused='x')", lambda: nn.Identity(54, unused="x"), 0),
    ShapeCheck("F.linear", lambda: F.linear(torch.zeros(2, 10), torch.zeros(5, 10)), (2, 5)),
]
