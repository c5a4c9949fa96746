#!/usr/bin/python3
"""List the PyTorch and Keras names that must resolve to an ML Lens card.

Run with the system interpreter that has real PyTorch (apt python3-torch):

    /usr/bin/python3 scripts/content/list_api_names.py [--check]

PyTorch names are found by introspecting torch.nn (public nn.Module subclasses),
torch.nn.functional (public functions) and torch.nn.init (public functions), then
filtered to the layer / activation / normalization / recurrent / attention /
transformer / dropout / pooling / padding / embedding / loss / init categories
plus containers and shape helpers. A short, explicit list adds the torch.nn.utils
helpers people write next to those layers, and a second list adds names that
appeared after PyTorch 1.13 (so they cannot be introspected here).

There is no TensorFlow on this machine, so the Keras names are written by hand.

Writes test/fixtures/api-names.json: {"torch": [...], "keras": [...]} (sorted).
With --check, only compares the freshly computed list to the committed file.
"""

import inspect
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init
import torch.nn.utils as nn_utils

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "api-names.json")

# ---------------------------------------------------------------- torch.nn ---

# nn.Module subclasses that are base classes, deprecated containers or
# distributed wrappers rather than layers a model is built from.
NN_EXCLUDED = {
    "Module",          # base class of everything
    "Container",       # deprecated pre-0.4 base class
    "RNNBase",         # base class of RNN/LSTM/GRU
    "RNNCellBase",     # base class of the cells
    "DataParallel",    # multi-GPU wrapper, not a layer
}

# torch.nn attributes that are not Module subclasses but that users write
# when building models.
NN_EXTRA = ["Parameter"]

# ------------------------------------------------------ torch.nn.functional ---

# Public callables of torch.nn.functional that are typing re-exports, dispatch
# plumbing or undocumented internals rather than operations users write.
F_EXCLUDED = {
    "Callable", "DType", "List", "Optional", "Tensor", "Tuple", "Union",
    "boolean_dispatch", "handle_torch_function", "has_torch_function",
    "has_torch_function_unary", "has_torch_function_variadic",
    "assert_int_or_pair",
    "native_channel_shuffle",  # undocumented backend twin of channel_shuffle
}

# ------------------------------------------------------------ torch.nn.init ---

# calculate_gain is not an initializer but is written next to them
# (xavier_uniform_(w, gain=calculate_gain("relu"))), so it stays.
INIT_EXCLUDED = {"Tensor"}

# The deprecated non-underscore twins (xavier_uniform, kaiming_normal, normal,
# ...) still exist in 1.13 and still appear in older tutorials and repositories
# that users open, so they are kept: hovering them should explain what they do.
KEEP_DEPRECATED_INIT_TWINS = True

# ---------------------------------------------------------- torch.nn.utils ---

# Helpers from torch.nn.utils that are part of the same vocabulary: gradient
# clipping, weight/spectral normalization, and packing padded sequences for
# recurrent layers. Listed explicitly (the module also holds conversion and
# fusion internals that users do not write).
UTILS_NAMES = [
    "clip_grad_norm_", "clip_grad_value_",
    "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm",
    "rnn.PackedSequence", "rnn.pack_padded_sequence", "rnn.pad_packed_sequence",
    "rnn.pad_sequence", "rnn.pack_sequence",
]

# ------------------------------------------------- names newer than 1.13 ---

# Written by hand because PyTorch 1.13 cannot list them, but users write them
# in current code: scaled_dot_product_attention (2.0), the circular/zero pads
# (2.1/2.2), RMSNorm and rms_norm (2.4).
TORCH_NEWER = [
    "torch.nn.functional.scaled_dot_product_attention",
    "torch.nn.CircularPad1d", "torch.nn.CircularPad2d", "torch.nn.CircularPad3d",
    "torch.nn.ZeroPad1d", "torch.nn.ZeroPad3d",
    "torch.nn.RMSNorm", "torch.nn.functional.rms_norm",
]


def public(names):
    return [n for n in names if not n.startswith("_")]


def torch_names():
    names = []
    for n in public(dir(nn)):
        obj = getattr(nn, n)
        if inspect.isclass(obj) and issubclass(obj, nn.Module) and n not in NN_EXCLUDED:
            names.append("torch.nn." + n)
    for n in NN_EXTRA:
        assert hasattr(nn, n), n
        names.append("torch.nn." + n)

    for n in public(dir(F)):
        obj = getattr(F, n)
        if callable(obj) and not inspect.isclass(obj) and not inspect.ismodule(obj) and n not in F_EXCLUDED:
            names.append("torch.nn.functional." + n)

    init_fns = [n for n in public(dir(init)) if callable(getattr(init, n)) and n not in INIT_EXCLUDED]
    for n in init_fns:
        deprecated_twin = not n.endswith("_") and (n + "_") in init_fns
        if deprecated_twin and not KEEP_DEPRECATED_INIT_TWINS:
            continue
        names.append("torch.nn.init." + n)

    for dotted in UTILS_NAMES:
        obj = nn_utils
        for part in dotted.split("."):
            obj = getattr(obj, part)  # fails loudly if PyTorch lacks it
        names.append("torch.nn.utils." + dotted)

    for n in TORCH_NEWER:
        if n not in names:
            names.append(n)
    return sorted(set(names))


# -------------------------------------------------------------------- Keras ---

def nd(prefix, suffix="", dims=(1, 2, 3)):
    return [f"{prefix}{d}D{suffix}" for d in dims]


KERAS_LAYERS = (
    ["Dense", "EinsumDense", "Identity"]
    + nd("Conv") + nd("Conv", "Transpose")
    + nd("DepthwiseConv", dims=(1, 2)) + nd("SeparableConv", dims=(1, 2))
    + nd("MaxPooling") + nd("AveragePooling")
    + nd("GlobalMaxPooling") + nd("GlobalAveragePooling")
    # short aliases of the pooling layers
    + nd("MaxPool") + nd("AvgPool") + nd("GlobalMaxPool") + nd("GlobalAvgPool")
    + ["Flatten", "Reshape", "Permute", "RepeatVector"]
    + ["Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout"] + nd("SpatialDropout")
    + ["BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
       "RMSNormalization", "SpectralNormalization"]
    + ["Embedding"]
    + ["SimpleRNN", "LSTM", "GRU", "SimpleRNNCell", "LSTMCell", "GRUCell", "RNN",
       "Bidirectional", "TimeDistributed", "ConvLSTM2D", "Masking"]
    + ["MultiHeadAttention", "Attention", "AdditiveAttention"]
    + ["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"]
    + ["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot"]
    + ["Input", "InputLayer", "Lambda"]
    + nd("ZeroPadding") + nd("Cropping") + nd("UpSampling")
    + ["Rescaling", "Normalization", "Resizing", "CenterCrop"]
)

KERAS_ACTIVATIONS = [
    "relu", "sigmoid", "softmax", "softplus", "softsign", "tanh", "selu", "elu",
    "exponential", "gelu", "swish", "silu", "hard_sigmoid", "linear", "leaky_relu",
    "relu6", "mish", "log_softmax",
]

KERAS_INITIALIZER_CLASSES = [
    "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal",
    "LecunUniform", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
    "TruncatedNormal", "Orthogonal", "Identity", "VarianceScaling",
]


def snake(name):
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            out += "_"
        out += ch.lower()
    return out


KERAS_INITIALIZER_FUNCTIONS = [snake(c) for c in KERAS_INITIALIZER_CLASSES]

KERAS_LOSS_CLASSES = [
    "BinaryCrossentropy", "BinaryFocalCrossentropy", "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy", "SparseCategoricalCrossentropy",
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "Huber", "LogCosh", "KLDivergence", "Hinge",
    "SquaredHinge", "CategoricalHinge", "Poisson", "CosineSimilarity",
]

KERAS_LOSS_FUNCTIONS = [
    "binary_crossentropy", "binary_focal_crossentropy", "categorical_crossentropy",
    "categorical_focal_crossentropy", "sparse_categorical_crossentropy",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "kl_divergence", "hinge",
    "squared_hinge", "categorical_hinge", "poisson", "cosine_similarity",
    # short aliases that are written as keras.losses.mse etc.
    "mse", "mae",
]

KERAS_TOP_LEVEL = ["Model", "Sequential", "Input"]


def keras_names():
    names = (
        ["keras.layers." + n for n in KERAS_LAYERS]
        + ["keras.activations." + n for n in KERAS_ACTIVATIONS]
        + ["keras.initializers." + n for n in KERAS_INITIALIZER_CLASSES + KERAS_INITIALIZER_FUNCTIONS]
        + ["keras.losses." + n for n in KERAS_LOSS_CLASSES + KERAS_LOSS_FUNCTIONS]
        + ["keras." + n for n in KERAS_TOP_LEVEL]
    )
    assert len(names) == len(set(names)), "duplicate Keras name"
    return sorted(names)


def main():
    data = {"torch": torch_names(), "keras": keras_names()}
    text = json.dumps(data, indent=2) + "\n"
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as fh:
            same = fh.read() == text
        print("api-names.json is up to date" if same else "api-names.json is STALE")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"torch {torch.__version__}: {len(data['torch'])} names; keras: {len(data['keras'])} names -> {OUT}")


if __name__ == "__main__":
    main()
