"""api.dropout: element, channel and alpha dropout, and Keras noise layers."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.dropout"
NO_PARAMS = "0 (`p` is a hyperparameter)."

CARDS = [
    card(["torch.nn.Dropout", "torch.nn.functional.dropout"],
         "During training, zeroes each element independently with probability `p` (default 0.5) and scales the "
         "survivors by `1/(1−p)` (inverted dropout); identity in `eval()` mode.",
         "Output shape = input shape (any shape).", NO_PARAMS, "dropout", ["regularization"],
         formula=r"y = \frac{m \odot x}{1-p},\; m_i \sim \mathrm{Bernoulli}(1-p)", formula_text="y = m ⊙ x / (1 − p), mᵢ ~ Bernoulli(1 − p)"),
    card(["torch.nn.Dropout1d", "torch.nn.functional.dropout1d"],
         "Channel dropout for 1-D feature maps: zeroes whole channels (all L positions) with probability `p`, "
         "scaling the rest by `1/(1−p)`; identity in eval mode.",
         "Input `(N, C, L)` or `(C, L)` → output same shape.", NO_PARAMS, "spatial-dropout", ["regularization"]),
    card(["torch.nn.Dropout2d", "torch.nn.functional.dropout2d"],
         "Channel dropout for 2-D feature maps: zeroes whole channels (entire H×W maps) with probability `p`, "
         "scaling the rest by `1/(1−p)`; identity in eval mode.",
         "Input `(N, C, H, W)` or `(C, H, W)` → output same shape.", NO_PARAMS, "spatial-dropout", ["regularization"]),
    card(["torch.nn.Dropout3d", "torch.nn.functional.dropout3d"],
         "Channel dropout for 3-D feature maps: zeroes whole channels (entire D×H×W volumes) with probability `p`, "
         "scaling the rest by `1/(1−p)`; identity in eval mode.",
         "Input `(N, C, D, H, W)` or `(C, D, H, W)` → output same shape.", NO_PARAMS, "spatial-dropout", ["regularization"]),
    card(["torch.nn.AlphaDropout", "torch.nn.functional.alpha_dropout"],
         "Dropout for SELU networks: dropped elements are set to SELU's negative saturation value and an affine "
         "correction keeps the mean and variance of the input (self-normalizing property); identity in eval mode.",
         "Output shape = input shape.", NO_PARAMS, "dropout", ["regularization"]),
    card(["torch.nn.FeatureAlphaDropout", "torch.nn.functional.feature_alpha_dropout"],
         "Alpha dropout applied to whole channels (as in `Dropout2d`) for SELU networks; identity in eval mode.",
         "Input `(N, C, *)` → output same shape.", NO_PARAMS, "spatial-dropout", ["regularization"]),
    # ----------------------------------------------------------- Keras ---
    card(["keras.layers.Dropout"],
         "Keras dropout: during training sets inputs to 0 with frequency `rate` and scales the rest by `1/(1−rate)`; "
         "`noise_shape` can share the mask along axes. Inactive at inference.",
         "Output shape = input shape.", "0.", "dropout", ["layer", "regularization"]),
    card(["keras.layers.SpatialDropout1D"],
         "Keras channel dropout for sequences: drops entire channels (feature maps) rather than single elements.",
         "Input `(batch, steps, C)` → output same shape.", "0.", "spatial-dropout", ["layer", "regularization"]),
    card(["keras.layers.SpatialDropout2D"],
         "Keras channel dropout for images: drops entire 2-D feature maps.",
         "Input `(batch, H, W, C)` (channels-last) → output same shape.", "0.", "spatial-dropout", ["layer", "regularization"]),
    card(["keras.layers.SpatialDropout3D"],
         "Keras channel dropout for volumes: drops entire 3-D feature maps.",
         "Input `(batch, D, H, W, C)` (channels-last) → output same shape.", "0.", "spatial-dropout", ["layer", "regularization"]),
    card(["keras.layers.AlphaDropout"],
         "Keras alpha dropout for SELU networks: keeps the inputs' mean and variance while dropping.",
         "Output shape = input shape.", "0.", "dropout", ["layer", "regularization"]),
    card(["keras.layers.GaussianNoise"],
         "Adds zero-mean Gaussian noise with standard deviation `stddev` during training only (a regularizer / "
         "data augmentation).", "Output shape = input shape.", "0.", "dropout", ["layer", "regularization"],
         formula=r"y = x + \epsilon,\; \epsilon \sim \mathcal{N}(0, \sigma^2)", formula_text="y = x + ε, ε ~ N(0, stddev²)"),
    card(["keras.layers.GaussianDropout"],
         "Multiplicative Gaussian noise during training only: multiplies by noise with mean 1 and standard "
         "deviation `√(rate / (1 − rate))`.", "Output shape = input shape.", "0.", "dropout", ["layer", "regularization"],
         formula=r"y = x \cdot \epsilon,\; \epsilon \sim \mathcal{N}\big(1, \tfrac{rate}{1-rate}\big)",
         formula_text="y = x · ε, ε ~ N(1, rate/(1 − rate))"),
]

torch.manual_seed(0)
CHECKS = [
    ParamCheck("nn.Dropout(0.3)", lambda: nn.Dropout(0.3), 0),
    # survivors are scaled by 1/(1−p): p=0.75 → 4
    ValueCheck("F.dropout scale", lambda: F.dropout(torch.ones(10000), 0.75).max(), 4.0),
    # Dropout2d zeroes whole channels: each (n, c) map is all-zero or all-scaled
    ValueCheck("Dropout2d whole channels", lambda: (lambda y: ((y == 0).all(-1).all(-1) | (y != 0).all(-1).all(-1)).all())(
        nn.Dropout2d(0.5)(torch.ones(4, 16, 3, 3))), 1.0),
    ShapeCheck("Dropout1d", lambda: nn.Dropout1d(0.5)(torch.ones(2, 3, 7)), (2, 3, 7)),
    ValueCheck("eval() is identity", lambda: nn.Dropout(0.9).eval()(torch.ones(5)).sum(), 5.0),
]
