"""api.pool: max / average / adaptive / LP / fractional pooling and unpooling."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, card

SUBSECTION = "api.pool"

SHP = {1: ("(N, C, L)", "(N, C, L_out)"), 2: ("(N, C, H, W)", "(N, C, H_out, W_out)"),
       3: ("(N, C, D, H, W)", "(N, C, D_out, H_out, W_out)")}
MAX_OUT = ("`out = ⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1` per spatial dim "
           "(⌈…⌉ with `ceil_mode=True`); `stride` defaults to `kernel_size`.")
AVG_OUT = ("`out = ⌊(in + 2·padding − kernel_size) / stride⌋ + 1` per spatial dim (⌈…⌉ with `ceil_mode=True`); "
           "`stride` defaults to `kernel_size`.")
ADAPTIVE_OUT = "output spatial size = `output_size` whatever the input size (`None` in `output_size` keeps that input dim)."
NO_PARAMS = "0 (no learnable parameters)."

CARDS = []
for d in (1, 2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.MaxPool{d}d", f"torch.nn.functional.max_pool{d}d"],
                      f"{d}-D max pooling: the maximum over each `kernel_size` window, channel by channel.",
                      f"Input `{i}` → output `{o}`; " + MAX_OUT, NO_PARAMS, "max-pooling", ["pooling"]))
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.functional.max_pool{d}d_with_indices"],
                      f"`F.max_pool{d}d` that also returns the argmax indices (what `return_indices=True` gives), "
                      f"as needed by `F.max_unpool{d}d`.",
                      f"Returns `(output, indices)`, both `{SHP[d][1]}`; " + MAX_OUT, NO_PARAMS, "max-pooling", ["pooling"]))
for d in (1, 2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.AvgPool{d}d", f"torch.nn.functional.avg_pool{d}d"],
                      f"{d}-D average pooling: the mean over each `kernel_size` window, channel by channel "
                      "(zero padding counted unless `count_include_pad=False`).",
                      f"Input `{i}` → output `{o}`; " + AVG_OUT, NO_PARAMS, "average-pooling", ["pooling"]))
for d in (1, 2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.AdaptiveMaxPool{d}d", f"torch.nn.functional.adaptive_max_pool{d}d"],
                      f"{d}-D adaptive max pooling: picks window sizes and strides so that the output has exactly `output_size`; "
                      "window i spans `[⌊i·in/out⌋, ⌈(i+1)·in/out⌉)`.",
                      f"Input `{i}` → output `{o}`; " + ADAPTIVE_OUT, NO_PARAMS, "max-pooling", ["pooling"]))
for d in (1, 2, 3):
    CARDS.append(card([f"torch.nn.functional.adaptive_max_pool{d}d_with_indices"],
                      f"`F.adaptive_max_pool{d}d` that also returns the argmax indices.",
                      f"Returns `(output, indices)`, both `{SHP[d][1]}` with the spatial size = `output_size`.",
                      NO_PARAMS, "max-pooling", ["pooling"]))
for d in (1, 2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.AdaptiveAvgPool{d}d", f"torch.nn.functional.adaptive_avg_pool{d}d"],
                      f"{d}-D adaptive average pooling: averages windows chosen so that the output has exactly `output_size`; "
                      "`AdaptiveAvgPool2d(1)` is global average pooling.",
                      f"Input `{i}` → output `{o}`; " + ADAPTIVE_OUT, NO_PARAMS, "average-pooling", ["pooling"]))
for d in (1, 2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.MaxUnpool{d}d", f"torch.nn.functional.max_unpool{d}d"],
                      f"Partial inverse of `MaxPool{d}d`: writes each value back at the position given by the pooling indices; "
                      "every other position is 0.",
                      f"Input `{i}` + indices → output `{o}`, `out = (in − 1)·stride − 2·padding + kernel_size` per spatial dim "
                      "(or `output_size` if given).", NO_PARAMS, "max-pooling", ["pooling"]))
for d in (2, 3):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.FractionalMaxPool{d}d", f"torch.nn.functional.fractional_max_pool{d}d"],
                      f"{d}-D fractional max pooling (Graham 2014): max over pseudo-random windows of `kernel_size`, so the "
                      "output size can shrink by a non-integer factor.",
                      f"Input `{i}` → output `{o}` with spatial size `output_size`, or `⌊in·output_ratio⌋` per dim.",
                      NO_PARAMS, "max-pooling", ["pooling"]))
    CARDS.append(card([f"torch.nn.functional.fractional_max_pool{d}d_with_indices"],
                      f"`F.fractional_max_pool{d}d` that also returns the argmax indices.",
                      f"Returns `(output, indices)` of shape `{o}`, spatial size `output_size` or `⌊in·output_ratio⌋`.",
                      NO_PARAMS, "max-pooling", ["pooling"]))
for d in (1, 2):
    i, o = SHP[d]
    CARDS.append(card([f"torch.nn.LPPool{d}d", f"torch.nn.functional.lp_pool{d}d"],
                      f"{d}-D power-average pooling: `(Σ_window x^p)^(1/p)`; p = 1 is sum pooling, p → ∞ approaches max pooling.",
                      f"Input `{i}` → output `{o}`, `out = ⌊(in − kernel_size) / stride⌋ + 1` per spatial dim (no padding; "
                      "⌈…⌉ with `ceil_mode=True`); `stride` defaults to `kernel_size`.",
                      NO_PARAMS, "pooling", ["pooling"],
                      formula=r"f(X) = \Big(\sum_{x \in X} x^{p}\Big)^{1/p}", formula_text="f(X) = (Σ over x ∈ X of xᵖ)^(1/p)"))

# ------------------------------------------------------------------ Keras ---

K_SHP = {1: ("(batch, steps, C)", "(batch, new_steps, C)"), 2: ("(batch, H, W, C)", "(batch, H_out, W_out, C)"),
         3: ("(batch, D, H, W, C)", "(batch, D_out, H_out, W_out, C)")}
K_OUT = ("channels-last by default; `pool_size` default 2, `strides` default `pool_size`; per spatial dim "
         "`padding=\"valid\"`: `out = ⌊(in − pool_size) / stride⌋ + 1`; `\"same\"`: `out = ⌈in / stride⌉`.")
K_GLOBAL = {1: "(batch, steps, C)", 2: "(batch, H, W, C)", 3: "(batch, D, H, W, C)"}

for d in (1, 2, 3):
    i, o = K_SHP[d]
    CARDS.append(card([f"keras.layers.MaxPooling{d}D", f"keras.layers.MaxPool{d}D"],
                      f"Keras {d}-D max pooling (`MaxPool{d}D` is an alias): maximum over each `pool_size` window.",
                      f"Input `{i}` → output `{o}`; " + K_OUT, NO_PARAMS, "max-pooling", ["pooling"]))
    CARDS.append(card([f"keras.layers.AveragePooling{d}D", f"keras.layers.AvgPool{d}D"],
                      f"Keras {d}-D average pooling (`AvgPool{d}D` is an alias): mean over each `pool_size` window.",
                      f"Input `{i}` → output `{o}`; " + K_OUT, NO_PARAMS, "average-pooling", ["pooling"]))
    CARDS.append(card([f"keras.layers.GlobalMaxPooling{d}D", f"keras.layers.GlobalMaxPool{d}D"],
                      f"Keras global max pooling over all {d} spatial dim(s): one maximum per channel.",
                      f"Input `{K_GLOBAL[d]}` → output `(batch, C)`; with `keepdims=True` the pooled dims stay as size 1.",
                      NO_PARAMS, "max-pooling", ["pooling"]))
    CARDS.append(card([f"keras.layers.GlobalAveragePooling{d}D", f"keras.layers.GlobalAvgPool{d}D"],
                      f"Keras global average pooling over all {d} spatial dim(s): one mean per channel, the usual "
                      "replacement for `Flatten` before a classifier.",
                      f"Input `{K_GLOBAL[d]}` → output `(batch, C)`; with `keepdims=True` the pooled dims stay as size 1.",
                      NO_PARAMS, "average-pooling", ["pooling"]))

x2 = lambda: torch.randn(1, 3, 10, 10)  # noqa: E731
CHECKS = [
    ParamCheck("nn.MaxPool2d(2)", lambda: nn.MaxPool2d(2), 0),
    # ⌊(10 + 2·1 − 2·(3−1) − 1)/2⌋ + 1 = ⌊7/2⌋ + 1 = 4 ; ceil: ⌈7/2⌉ + 1 = 5
    ShapeCheck("MaxPool2d(3,2,1,dilation=2)", lambda: nn.MaxPool2d(3, 2, 1, dilation=2)(x2()), (1, 3, 4, 4)),
    ShapeCheck("MaxPool2d(3,2,1,dilation=2,ceil)", lambda: nn.MaxPool2d(3, 2, 1, dilation=2, ceil_mode=True)(x2()), (1, 3, 5, 5)),
    # ⌊(10 + 2·1 − 3)/2⌋ + 1 = 5
    ShapeCheck("AvgPool2d(3,2,1)", lambda: nn.AvgPool2d(3, 2, 1)(x2()), (1, 3, 5, 5)),
    ShapeCheck("AdaptiveAvgPool2d((4, None))", lambda: nn.AdaptiveAvgPool2d((4, None))(x2()), (1, 3, 4, 10)),
    ShapeCheck("F.max_pool2d_with_indices", lambda: F.max_pool2d_with_indices(x2(), 2), (1, 3, 5, 5)),
    # (5 − 1)·2 − 0 + 2 = 10
    ShapeCheck("MaxUnpool2d(2)", lambda: nn.MaxUnpool2d(2)(*nn.MaxPool2d(2, return_indices=True)(x2())), (1, 3, 10, 10)),
    # ⌊10·0.5⌋ = 5
    ShapeCheck("FractionalMaxPool2d(2, output_ratio=0.5)", lambda: nn.FractionalMaxPool2d(2, output_ratio=0.5)(x2()), (1, 3, 5, 5)),
    # ⌊(10 − 3)/2⌋ + 1 = 4
    ShapeCheck("LPPool2d(2, 3, stride=2)", lambda: nn.LPPool2d(2, 3, stride=2)(x2()), (1, 3, 4, 4)),
    ShapeCheck("AdaptiveMaxPool1d(3)", lambda: nn.AdaptiveMaxPool1d(3)(torch.randn(2, 4, 17)), (2, 4, 3)),
]
