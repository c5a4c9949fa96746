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

Beyond torch.nn it lists: torch.optim (optimizers, their Optimizer methods, every scheduler class defined in
torch.optim.lr_scheduler, torch.optim.swa_utils), torch.utils.data (its __all__), torch.autograd (grad,
backward, Function, the grad-mode switches, torch.autograd.functional), torch.amp and torch.cuda.amp, the
torch tensor functions users call in models with the matching torch.Tensor methods, and every public method of
torch.nn.Module — each introspected or checked with hasattr against PyTorch 1.13.

Writes test/fixtures/api-names.json: {"torch": [...], "keras": [...], "newer": {name: "PyTorch ≥ 2.0", ...}}
(sorted).
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
TORCH_NEWER = {
    "torch.nn.functional.scaled_dot_product_attention": "PyTorch ≥ 2.0",
    "torch.nn.CircularPad1d": "PyTorch ≥ 2.1", "torch.nn.CircularPad2d": "PyTorch ≥ 2.1",
    "torch.nn.CircularPad3d": "PyTorch ≥ 2.1",
    "torch.nn.ZeroPad1d": "PyTorch ≥ 2.1", "torch.nn.ZeroPad3d": "PyTorch ≥ 2.1",
    "torch.nn.RMSNorm": "PyTorch ≥ 2.4", "torch.nn.functional.rms_norm": "PyTorch ≥ 2.4",
    "torch.compile": "PyTorch ≥ 2.0",
    "torch.optim.lr_scheduler.LRScheduler": "PyTorch ≥ 2.0",
    "torch.amp.GradScaler": "PyTorch ≥ 2.3",
}

# ------------------------------------------------ training-loop modules ---

import torch.optim as optim  # noqa: E402
import torch.optim.lr_scheduler as lr_scheduler  # noqa: E402
import torch.optim.swa_utils as swa_utils  # noqa: E402
import torch.utils.data as tdata  # noqa: E402
import torch.autograd as autograd  # noqa: E402
import torch.autograd.functional as autograd_functional  # noqa: E402
import torch.cuda.amp as cuda_amp  # noqa: E402
import torch.amp as amp  # noqa: E402

OPTIMIZER_METHODS = ["step", "zero_grad", "state_dict", "load_state_dict", "add_param_group"]
DATA_EXCLUDED = {"collate", "communication"}  # submodules re-exported in __all__
GRAD_MODES = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled"]
AUTOGRAD_EXTRA = ["grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "detect_anomaly",
                  "set_detect_anomaly", "gradcheck", "gradgradcheck"]
AUTOGRAD_FUNCTIONAL = ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"]

# The torch functions users write in models and training code, with the torch.Tensor methods of the same
# operations (and the Tensor members of everyday code: view, contiguous, to, item, backward, grad, ...).
TENSOR_FUNCTIONS = """cat concat concatenate stack hstack vstack flatten reshape squeeze unsqueeze transpose swapaxes
permute movedim broadcast_to tile repeat_interleave split chunk unbind narrow gather scatter index_select
masked_select masked_fill where clamp clip matmul mm bmm baddbmm addmm einsum outer dot tensordot softmax log_softmax
sigmoid tanh relu exp log sqrt abs sum mean std var prod amax amin logsumexp max min argmax argmin topk sort argsort
cumsum norm tril triu zeros ones full empty eye zeros_like ones_like full_like empty_like rand_like randn_like rand
randn randint randperm arange linspace tensor as_tensor from_numpy multinomial meshgrid flip roll manual_seed save
load allclose equal isnan isfinite is_tensor numel diag cdist no_grad enable_grad set_grad_enabled inference_mode
is_grad_enabled autocast""".split()
TENSOR_METHODS = """flatten reshape reshape_as view view_as contiguous is_contiguous squeeze unsqueeze transpose t mT T
permute expand expand_as repeat repeat_interleave split chunk unbind narrow gather scatter_ index_select masked_fill
masked_fill_ clamp clamp_ matmul softmax log_softmax sum mean std var max min argmax argmin topk sort cumsum norm
tril triu new_zeros new_ones new_full new_empty new_tensor flip roll size dim numel shape ndim dtype device
element_size nelement stride to cpu cuda float half double long int bool bfloat16 type_as pin_memory item tolist
numpy clone copy_ zero_ fill_ normal_ uniform_ add_ mul_ sub_ div_ unfold backward grad requires_grad
requires_grad_ detach detach_ is_leaf grad_fn retain_grad register_hook""".split()
MODULE_EXCLUDED = {"T_destination", "dump_patches"}  # a TypeVar and a class flag, not methods


def training_names():
    names = []
    for n in public(dir(optim)):
        obj = getattr(optim, n)
        if inspect.isclass(obj) and issubclass(obj, optim.Optimizer):
            names.append("torch.optim." + n)
    names += ["torch.optim.Optimizer." + m for m in OPTIMIZER_METHODS if hasattr(optim.Optimizer, m)]
    for n in public(dir(lr_scheduler)):
        obj = getattr(lr_scheduler, n)
        if inspect.isclass(obj) and obj.__module__ == lr_scheduler.__name__:
            names.append("torch.optim.lr_scheduler." + n)
    for n in public(dir(swa_utils)):
        obj = getattr(swa_utils, n)
        if getattr(obj, "__module__", None) == swa_utils.__name__:
            names.append("torch.optim.swa_utils." + n)
    for n in tdata.__all__:
        if n.startswith("_") or n in DATA_EXCLUDED or inspect.ismodule(getattr(tdata, n)):
            continue
        names.append("torch.utils.data." + n)
    for n in list(autograd.__all__) + AUTOGRAD_EXTRA:
        obj = getattr(autograd, n)
        if not inspect.ismodule(obj):
            names.append("torch.autograd." + n)
    names += ["torch.autograd.functional." + n for n in AUTOGRAD_FUNCTIONAL if hasattr(autograd_functional, n)]
    for n in public(dir(cuda_amp)):
        if not inspect.ismodule(getattr(cuda_amp, n)):
            names.append("torch.cuda.amp." + n)
    for n in public(dir(amp)):
        if not inspect.ismodule(getattr(amp, n)):
            names.append("torch.amp." + n)
    names.append("torch.cpu.amp.autocast")
    for n in TENSOR_FUNCTIONS:
        assert hasattr(torch, n), n
        names.append("torch." + n)
    names.append("torch.Tensor")
    for n in TENSOR_METHODS:
        assert hasattr(torch.Tensor, n), n
        names.append("torch.Tensor." + n)
    names.append("torch.nn.Module")
    for n in public(dir(nn.Module)):
        if n not in MODULE_EXCLUDED and callable(getattr(nn.Module, n)):
            names.append("torch.nn.Module." + n)
    names.append("torch.nn.Module.training")
    return names


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

    names += training_names()
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

# Keras 2 (tf.keras) names that Keras 3 dropped (they resolve to a card that says so).
KERAS_LOSS_FUNCTIONS_KERAS2 = ["mse", "mae"]
KERAS_LOSS_FUNCTIONS = [n for n in KERAS_LOSS_FUNCTIONS if n not in KERAS_LOSS_FUNCTIONS_KERAS2]

KERAS_TOP_LEVEL = ["Model", "Sequential", "Input", "Layer", "Optimizer", "Metric", "InputSpec"]

# Every public name of these Keras 3 modules, from the `@keras_export` names of the release tags v3.0.0 …
# v3.15.0; the ones added after 3.0 carry the first version that has them ("Keras ≥ 3.9").
KERAS_MODULES = {
    "optimizers": "Adadelta Adafactor Adagrad Adam AdamW Adamax Ftrl Lamb@3.5 Lion LossScaleOptimizer "
                  "MultiOptimizer@3.15 Muon@3.10 Nadam Optimizer OptimizerMap@3.15 RMSprop SGD ScheduleFreeAdamW@3.14 "
                  "deserialize get serialize",
    "optimizers.schedules": "CosineDecay CosineDecayRestarts ExponentialDecay InverseTimeDecay LearningRateSchedule "
                            "PiecewiseConstantDecay PolynomialDecay deserialize serialize",
    "callbacks": "BackupAndRestore CSVLogger Callback CallbackList EarlyStopping History LambdaCallback "
                 "LearningRateScheduler ModelCheckpoint OrbaxCheckpoint@3.14 ProgbarLogger ReduceLROnPlateau "
                 "RemoteMonitor SwapEMAWeights@3.1 TensorBoard TerminateOnNaN",
    "metrics": "AUC Accuracy BinaryAccuracy BinaryCrossentropy BinaryIoU CategoricalAccuracy CategoricalCrossentropy "
               "CategoricalHinge ConcordanceCorrelation@3.7 CosineSimilarity F1Score FBetaScore FalseNegatives "
               "FalsePositives Hinge IoU KLDivergence LogCoshError Mean MeanAbsoluteError MeanAbsolutePercentageError "
               "MeanIoU MeanMetricWrapper MeanSquaredError MeanSquaredLogarithmicError Metric OneHotIoU OneHotMeanIoU "
               "PearsonCorrelation@3.7 Poisson Precision PrecisionAtRecall R2Score Recall RecallAtPrecision "
               "RootMeanSquaredError SensitivityAtSpecificity SparseCategoricalAccuracy SparseCategoricalCrossentropy "
               "SparseTopKCategoricalAccuracy SpecificityAtSensitivity SquaredHinge Sum TopKCategoricalAccuracy "
               "TrueNegatives TruePositives binary_accuracy binary_crossentropy binary_focal_crossentropy "
               "categorical_accuracy categorical_crossentropy categorical_focal_crossentropy categorical_hinge "
               "concordance_correlation@3.7 deserialize get hinge huber kl_divergence log_cosh mean_absolute_error "
               "mean_absolute_percentage_error mean_squared_error mean_squared_logarithmic_error "
               "pearson_correlation@3.7 poisson serialize sparse_categorical_accuracy sparse_categorical_crossentropy "
               "sparse_top_k_categorical_accuracy squared_hinge top_k_categorical_accuracy",
    "layers": "ActivityRegularization AdaptiveAveragePooling1D@3.13 AdaptiveAveragePooling2D@3.13 "
              "AdaptiveAveragePooling3D@3.13 AdaptiveMaxPooling1D@3.13 AdaptiveMaxPooling2D@3.13 "
              "AdaptiveMaxPooling3D@3.13 AugMix@3.9 AutoContrast@3.6 CategoryEncoding "
              "ContrastLimitedAdaptiveHistogramEqualization@3.14 ConvLSTM1D ConvLSTM3D Convolution1D "
              "Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D Convolution3DTranspose "
              "CutMix@3.9 Discretization Equalization@3.8 FlaxLayer@3.2 GroupQueryAttention HashedCrossing Hashing "
              "InputSpec IntegerLookup JaxLayer@3.2 Layer MaxNumBoundingBoxes@3.7 MelSpectrogram@3.1 MixUp@3.8 "
              "Pipeline@3.6 RandAugment@3.8 RandomBrightness RandomColorDegeneration@3.8 RandomColorJitter@3.8 "
              "RandomContrast RandomCrop RandomElasticTransform@3.10 RandomErasing@3.9 RandomFlip "
              "RandomGaussianBlur@3.9 RandomGrayscale@3.8 RandomHue@3.8 RandomInvert@3.9 RandomPerspective@3.9 "
              "RandomPosterization@3.8 RandomRotation RandomSaturation@3.8 RandomSharpness@3.8 RandomShear@3.8 "
              "RandomTranslation RandomZoom ReversibleEmbedding@3.12 STFTSpectrogram@3.7 SeparableConvolution1D "
              "SeparableConvolution2D Solarization@3.6 StackedRNNCells StringLookup TFSMLayer TextVectorization "
              "TorchModuleWrapper Wrapper add average concatenate deserialize dot maximum minimum multiply serialize "
              "subtract",
    "models": "Model Sequential load_model save_model",
    "saving": "load_model save_model",
}
KERAS_MODEL_METHODS = ["compile", "fit", "evaluate", "predict", "summary", "train_on_batch", "test_on_batch",
                       "predict_on_batch", "save", "save_weights", "load_weights", "get_layer", "layers"]


def keras_module_names():
    names, newer = [], {}
    for module, listed in KERAS_MODULES.items():
        for entry in listed.split():
            name, _, version = entry.partition("@")
            full = f"keras.{module}.{name}"
            names.append(full)
            if version:
                newer[full] = f"Keras ≥ {version}"
    names += ["keras.Model." + m for m in KERAS_MODEL_METHODS]
    newer["keras.layers.GroupQueryAttention"] = "Keras ≥ 3.0"
    newer["keras.layers.RMSNormalization"] = "Keras ≥ 3.9"
    for n in KERAS_LOSS_FUNCTIONS_KERAS2:
        newer["keras.losses." + n] = "Keras 2 only"
    return names, newer


def keras_names():
    names = (
        ["keras.layers." + n for n in KERAS_LAYERS]
        + ["keras.activations." + n for n in KERAS_ACTIVATIONS]
        + ["keras.initializers." + n for n in KERAS_INITIALIZER_CLASSES + KERAS_INITIALIZER_FUNCTIONS]
        + ["keras.losses." + n for n in KERAS_LOSS_CLASSES + KERAS_LOSS_FUNCTIONS + KERAS_LOSS_FUNCTIONS_KERAS2]
        + ["keras." + n for n in KERAS_TOP_LEVEL]
    )
    names = [n for n in names if n not in set(keras_module_names()[0])] + keras_module_names()[0]
    assert len(names) == len(set(names)), "duplicate Keras name"
    return sorted(names)


def main():
    newer = dict(TORCH_NEWER)
    newer.update(keras_module_names()[1])
    data = {"torch": torch_names(), "keras": keras_names(), "newer": dict(sorted(newer.items()))}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as fh:
            same = fh.read() == text
        print("api-names.json is up to date" if same else "api-names.json is STALE")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"torch {torch.__version__}: {len(data['torch'])} names; keras: {len(data['keras'])} names; "
          f"{len(newer)} marked newer -> {OUT}")


if __name__ == "__main__":
    main()
