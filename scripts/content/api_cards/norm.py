"""api.norm: batch / instance / group / layer / RMS / local-response normalization, weight & spectral norm."""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm, weight_norm

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.norm"

BN_SHP = {1: "`(N, C)` or `(N, C, L)`", 2: "`(N, C, H, W)`", 3: "`(N, C, D, H, W)`"}
IN_SHP = {1: "`(N, C, L)` or `(C, L)`", 2: "`(N, C, H, W)` or `(C, H, W)`", 3: "`(N, C, D, H, W)` or `(C, D, H, W)`"}
BN_PARAMS = ("`2·C` with `affine=True` (default: γ weight and β bias, C each); 0 with `affine=False`. "
             "Buffers (not parameters): `running_mean` (C), `running_var` (C) and `num_batches_tracked` (scalar) "
             "while `track_running_stats=True` (default).")
IN_PARAMS = ("0 by default (`affine=False`); `2·C` with `affine=True`. No buffers by default; "
             "`track_running_stats=True` adds `running_mean` (C), `running_var` (C), `num_batches_tracked`.")
BN_FORMULA = r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}}\,\gamma + \beta"
BN_TEXT = "y = (x − E[x]) / √(Var[x] + ε) · γ + β"

CARDS = []
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.BatchNorm{d}d"],
                      "Batch normalization: normalizes each channel with the mean and (biased) variance over the batch "
                      "and spatial dims during training, and with running averages in `eval()` mode; then scales by γ and shifts by β.",
                      f"Input {BN_SHP[d]} → output same shape; C = `num_features`.",
                      BN_PARAMS, "batch-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT))
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.LazyBatchNorm{d}d"],
                      f"`BatchNorm{d}d` whose `num_features` (C) is read from dim 1 of the first input.",
                      f"Input {BN_SHP[d]} → output same shape.",
                      "Not allocated until the first forward; afterwards as `BatchNorm" + f"{d}d`: " + BN_PARAMS,
                      "batch-normalization", ["layer", "normalization"]))
CARDS += [
    card(["torch.nn.SyncBatchNorm"],
         "Batch normalization whose batch statistics are computed across all processes of a distributed "
         "(DDP) job; convert a model with `nn.SyncBatchNorm.convert_sync_batchnorm(model)`.",
         "Input `(N, C, *)` → output same shape.", BN_PARAMS, "batch-normalization", ["layer", "normalization"],
         formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["torch.nn.functional.batch_norm"],
         "Functional batch normalization: the caller passes `running_mean`, `running_var`, optional `weight` (γ) and "
         "`bias` (β); `training=True` uses batch statistics and updates the running ones.",
         "Input `(N, C, *)` → output same shape; the statistic tensors have length C.",
         "Functional: no parameters of its own.", "batch-normalization", ["normalization"],
         formula=BN_FORMULA, formula_text=BN_TEXT),
]
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.InstanceNorm{d}d"],
                      "Instance normalization: normalizes each channel of each sample separately over its spatial dims "
                      "(used in style transfer); by default no affine parameters and no running statistics.",
                      f"Input {IN_SHP[d]} → output same shape.", IN_PARAMS, "layer-normalization", ["layer", "normalization"],
                      formula=BN_FORMULA, formula_text=BN_TEXT,
                      aliases=["instance normalization", "instance normalisation", "instance norm", "InstanceNorm"]
                      if d == 2 else None))
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.LazyInstanceNorm{d}d"],
                      f"`InstanceNorm{d}d` whose `num_features` (C) is read from dim 1 of the first input.",
                      f"Input {IN_SHP[d]} → output same shape.",
                      "0 by default; with `affine=True`, not allocated until the first forward and `2·C` afterwards.",
                      "layer-normalization", ["layer", "normalization"]))
CARDS += [
    card(["torch.nn.functional.instance_norm"],
         "Functional instance normalization: per-sample, per-channel statistics over the spatial dims; optional "
         "`weight`/`bias` and running statistics are passed by the caller.",
         "Input `(N, C, *)` → output same shape.", "Functional: no parameters of its own.",
         "layer-normalization", ["normalization"], formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["torch.nn.GroupNorm", "torch.nn.functional.group_norm"],
         "Group normalization: splits the C channels into `num_groups` groups and normalizes each group of each "
         "sample over (channels in group × spatial dims); independent of batch size. `num_groups=1` is like LayerNorm "
         "over (C, *), `num_groups=C` is InstanceNorm.",
         "Input `(N, C, *)` → output same shape; C must be divisible by `num_groups`.",
         "`2·C` with `affine=True` (default: per-channel γ and β); 0 with `affine=False`. No buffers.",
         "layer-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT,
         aliases=["group normalization", "group normalisation", "group norm", "GroupNorm"]),
    card(["torch.nn.LayerNorm", "torch.nn.functional.layer_norm"],
         "Layer normalization: normalizes each sample over its last `len(normalized_shape)` dims (mean and biased "
         "variance), then applies an elementwise γ and β. Same computation in training and eval.",
         "Input `(*, normalized_shape)` → output same shape.",
         "`2·prod(normalized_shape)` with `elementwise_affine=True` (default); 0 otherwise. No buffers.",
         "layer-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["torch.nn.RMSNorm", "torch.nn.functional.rms_norm"],
         "Root-mean-square normalization (PyTorch ≥ 2.4): divides by the RMS over the last `len(normalized_shape)` dims, "
         "without subtracting the mean, then multiplies by γ. Used in LLaMA-style transformers.",
         "Input `(*, normalized_shape)` → output same shape.",
         "`prod(normalized_shape)` with `elementwise_affine=True` (default: γ only, no β); 0 otherwise.",
         "layer-normalization", ["layer", "normalization"],
         formula=r"y = \frac{x}{\sqrt{\frac{1}{n}\sum_i x_i^2 + \epsilon}}\,\gamma",
         formula_text="y = x / √(mean(x²) + ε) · γ", aliases=["RMSNorm", "RMS norm", "RMS normalization", "root mean square normalization"]),
    card(["torch.nn.LocalResponseNorm", "torch.nn.functional.local_response_norm"],
         "Local response normalization (AlexNet): divides each activation by a power of the sum of squares of its "
         "`size` neighbouring channels at the same position.",
         "Input `(N, C, *)` → output same shape.", "0 (`size`, `alpha`, `beta`, `k` are fixed hyperparameters).",
         "layer-normalization", ["layer", "normalization"],
         formula=r"b_c = a_c \Big(k + \frac{\alpha}{n}\sum_{c'} a_{c'}^2\Big)^{-\beta}",
         formula_text="b[c] = a[c] · (k + α/n · Σ over c′ of a[c′]²)^(−β), c′ over the n = size channels around c",
         aliases=["local response normalization"]),
    card(["torch.nn.CrossMapLRN2d"],
         "Legacy (Lua Torch) cross-channel local response normalization for 4-D input; prefer `nn.LocalResponseNorm`.",
         "Input `(N, C, H, W)` → output same shape.", "0.", "layer-normalization", ["layer", "normalization"]),
    card(["torch.nn.functional.normalize"],
         "Divides a tensor by its L_p norm along `dim` (default p=2, dim=1): `v / max(‖v‖_p, eps)`; e.g. unit-length "
         "embeddings before a cosine similarity.",
         "Output shape = input shape.", "Functional: no parameters.", "layer-normalization", ["normalization"],
         formula=r"v = \frac{v}{\max(\lVert v\rVert_p, \epsilon)}", formula_text="v / max(‖v‖ₚ, ε)"),
    card(["torch.nn.utils.weight_norm", "torch.nn.utils.remove_weight_norm"],
         "Weight normalization: re-parametrizes a module's `weight` as `g · v / ‖v‖` (norm over all dims except `dim`, "
         "default 0), so direction and length are learned separately. `remove_weight_norm` folds it back into one `weight`.",
         "Does not change the module's input/output shapes.",
         "Replaces `weight` by `weight_v` (same shape) + `weight_g` (one value per slice of `dim`: `out_features` for a "
         "Linear, shape `(out, 1)`), so it adds `out_features` parameters; e.g. Linear(3, 4): 12 + 4 + 4 (bias) = 20.",
         "batch-normalization", ["normalization"],
         formula=r"w = g\,\frac{v}{\lVert v\rVert}", formula_text="w = g · v / ‖v‖", aliases=["weight normalization"]),
    card(["torch.nn.utils.spectral_norm", "torch.nn.utils.remove_spectral_norm"],
         "Spectral normalization: divides a module's weight by its largest singular value σ(W), estimated by one power "
         "iteration per forward; keeps the layer's Lipschitz constant ≈ 1 (GAN discriminators). "
         "`remove_spectral_norm` undoes it.",
         "Does not change the module's input/output shapes.",
         "Parameter count unchanged (`weight` becomes `weight_orig`); adds buffers `weight_u` (length of dim 0) and "
         "`weight_v` (the other dims flattened).",
         "exploding-gradient", ["normalization", "regularization"],
         formula=r"W_{SN} = \frac{W}{\sigma(W)}", formula_text="W_SN = W / σ(W)", aliases=["spectral normalization"]),
    # ----------------------------------------------------------- Keras ---
    card(["keras.layers.BatchNormalization"],
         "Keras batch normalization over `axis=-1` (channels-last): batch statistics in training, moving averages "
         "(`momentum=0.99`) in inference.",
         "Output shape = input shape.",
         "`4·C` weights: γ and β trainable (`2·C`, if `scale`/`center`) plus `moving_mean` and `moving_variance` "
         "non-trainable (`2·C`); `model.summary()` counts all four.",
         "batch-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["keras.layers.LayerNormalization"],
         "Keras layer normalization over `axis=-1` by default: per-sample mean and variance, then γ and β.",
         "Output shape = input shape.", "`2·C` for the normalized axis of size C (γ if `scale=True`, β if `center=True`).",
         "layer-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["keras.layers.GroupNormalization"],
         "Keras group normalization: channels (`axis=-1`) split into `groups` (default 32) groups, each normalized "
         "per sample.", "Output shape = input shape; C must be divisible by `groups`.",
         "`2·C` (γ and β per channel, with the default `scale=True`, `center=True`).",
         "layer-normalization", ["layer", "normalization"], formula=BN_FORMULA, formula_text=BN_TEXT),
    card(["keras.layers.RMSNormalization"],
         "Keras RMS normalization (Keras ≥ 3.9): divides by the root mean square over `axis` (default −1), without "
         "subtracting the mean, then multiplies by a learned `scale`.",
         "Output shape = input shape.", "C (the `scale` vector for the normalized axis of size C).",
         "layer-normalization", ["layer", "normalization"],
         formula=r"y = \frac{x}{\sqrt{\frac{1}{n}\sum_i x_i^2 + \epsilon}}\,\text{scale}",
         formula_text="y = x / √(mean(x²) + ε) · scale"),
    card(["keras.layers.SpectralNormalization"],
         "Keras wrapper that divides the wrapped layer's kernel by its largest singular value (power iteration, "
         "`power_iterations=1`), as in spectral-normalized GANs.",
         "Same shapes as the wrapped layer.",
         "The wrapped layer's weights, plus a non-trainable power-iteration vector `u` with one value per output "
         "unit/filter.", "exploding-gradient", ["normalization", "regularization"],
         formula=r"W_{SN} = \frac{W}{\sigma(W)}", formula_text="W_SN = W / σ(W)"),
    card(["keras.layers.UnitNormalization"],
         "Keras layer that scales each vector along `axis` (default -1) to unit L2 norm.",
         "Output shape = input shape.", "0.", "layer-normalization", ["layer", "normalization"],
         formula=r"y = \frac{x}{\lVert x\rVert_2}", formula_text="y = x / ‖x‖₂"),
    card(["keras.layers.Normalization"],
         "Keras preprocessing layer that standardizes features: `(x − mean) / √variance`, with mean and variance "
         "given or learned by `layer.adapt(data)` before training.",
         "Output shape = input shape.",
         "0 trainable. After `build`/`adapt`: non-trainable `mean` and `variance` (C each for `axis=-1`) and a scalar "
         "`count`, so `summary()` shows `2·C + 1`; no weights when `mean` and `variance` are passed to the constructor.",
         "batch-normalization", ["layer", "normalization"],
         formula=r"y = \frac{x - \mu}{\sqrt{\sigma^2}}", formula_text="y = (x − mean) / √variance"),
]

x4 = lambda: torch.randn(2, 8, 5, 5)  # noqa: E731
CHECKS = [
    ParamCheck("nn.BatchNorm2d(8)", lambda: nn.BatchNorm2d(8), 16),
    ParamCheck("nn.BatchNorm1d(8, affine=False)", lambda: nn.BatchNorm1d(8, affine=False), 0),
    ValueCheck("BatchNorm2d(8) buffers", lambda: sum(b.numel() for b in nn.BatchNorm2d(8).buffers()), 8 + 8 + 1),
    ParamCheck("nn.LazyBatchNorm2d()", lambda: nn.LazyBatchNorm2d(), 16, warm_up=lambda: (x4(),)),
    ParamCheck("nn.SyncBatchNorm(8)", lambda: nn.SyncBatchNorm(8), 16),
    ParamCheck("nn.InstanceNorm2d(8)", lambda: nn.InstanceNorm2d(8), 0),
    ValueCheck("InstanceNorm2d(8) buffers", lambda: sum(b.numel() for b in nn.InstanceNorm2d(8).buffers()), 0),
    ParamCheck("nn.InstanceNorm2d(8, affine=True)", lambda: nn.InstanceNorm2d(8, affine=True), 16),
    ParamCheck("nn.LazyInstanceNorm2d(affine=True)", lambda: nn.LazyInstanceNorm2d(affine=True), 16, warm_up=lambda: (x4(),)),
    ParamCheck("nn.GroupNorm(4, 16)", lambda: nn.GroupNorm(4, 16), 32),
    # 2·(5·6) = 60
    ParamCheck("nn.LayerNorm([5, 6])", lambda: nn.LayerNorm([5, 6]), 60),
    ParamCheck("nn.LocalResponseNorm(3)", lambda: nn.LocalResponseNorm(3), 0),
    ShapeCheck("F.normalize", lambda: F.normalize(torch.randn(3, 4)), (3, 4)),
    ValueCheck("F.normalize unit norm", lambda: F.normalize(torch.tensor([[3.0, 4.0]]))[0, 0], 0.6),
    # Linear(3,4): weight_v 12 + weight_g 4 + bias 4 = 20
    ParamCheck("weight_norm(Linear(3,4))", lambda: weight_norm(nn.Linear(3, 4)), 20),
    ParamCheck("spectral_norm(Linear(3,4))", lambda: spectral_norm(nn.Linear(3, 4)), 16),
    ValueCheck("spectral_norm buffers", lambda: sum(b.numel() for b in spectral_norm(nn.Linear(3, 4)).buffers()), 4 + 3),
    # LRN with one channel, size=1: b = a·(1 + 1e-4·a²)^(-0.75); a=10 -> 10·1.01^(-0.75)
    ValueCheck("LRN formula", lambda: nn.LocalResponseNorm(1)(torch.full((1, 1, 1, 1), 10.0))[0, 0, 0, 0],
               10.0 * 1.01 ** -0.75),
]
