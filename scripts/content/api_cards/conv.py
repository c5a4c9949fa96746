"""api.conv: convolution and transposed convolution (PyTorch and Keras)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, card

SUBSECTION = "api.conv"

DIMS = {1: ("L", "(N, C_in, L)", "(N, C_out, L_out)", "k"),
        2: ("H, W", "(N, C_in, H, W)", "(N, C_out, H_out, W_out)", "k_h·k_w"),
        3: ("D, H, W", "(N, C_in, D, H, W)", "(N, C_out, D_out, H_out, W_out)", "k_d·k_h·k_w")}

CONV_OUT = ("`out = ⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1` per spatial dim "
            "(`padding=\"same\"` keeps `in`, stride must be 1; `padding=\"valid\"` is 0).")
CONVT_OUT = ("`out = (in − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1` per spatial dim.")


def conv_params(d):
    k = DIMS[d][3]
    return (f"`C_out·(C_in/groups)·{k} + C_out` with `bias=True` (default); drop `+ C_out` without bias. "
            f"Weight shape `(C_out, C_in/groups, {', '.join('k' + a for a in ('_d', '_h', '_w')[3 - d:]) if d > 1 else 'k'})`.")


def convt_params(d):
    k = DIMS[d][3]
    return (f"`C_in·(C_out/groups)·{k} + C_out` with `bias=True` (default); drop `+ C_out` without bias. "
            f"Weight shape `(C_in, C_out/groups, …kernel)` — note in/out are swapped compared with `Conv{d}d`.")


CARDS = []
for d in (1, 2, 3):
    _, shp_in, shp_out, _ = DIMS[d]
    CARDS.append(card(
        [f"torch.nn.Conv{d}d", f"torch.nn.functional.conv{d}d"],
        f"{d}-D convolution (cross-correlation): each output channel is a learned {d}-D kernel slid over all "
        f"(`C_in/groups`) input channels, plus a bias.",
        f"Input `{shp_in}` → output `{shp_out}` (unbatched input without N also works); " + CONV_OUT,
        conv_params(d), "convolution", ["layer", "convolution"]))
for d in (1, 2, 3):
    _, shp_in, shp_out, _ = DIMS[d]
    CARDS.append(card(
        [f"torch.nn.LazyConv{d}d"],
        f"`Conv{d}d` whose `in_channels` is read from dim 1 of the first input; afterwards it is an ordinary `nn.Conv{d}d`.",
        f"Input `{shp_in}` → output `{shp_out}`; " + CONV_OUT,
        "Not allocated until the first forward; afterwards as `Conv" + f"{d}d`: " + conv_params(d),
        "convolution", ["layer", "convolution"]))
for d in (1, 2, 3):
    _, shp_in, shp_out, _ = DIMS[d]
    CARDS.append(card(
        [f"torch.nn.ConvTranspose{d}d", f"torch.nn.functional.conv_transpose{d}d"],
        f"{d}-D transposed convolution (the gradient of `Conv{d}d` with respect to its input): each input value "
        "scatters a learned kernel into the output, so it upsamples when `stride > 1`.",
        f"Input `{shp_in}` → output `{shp_out}`; " + CONVT_OUT,
        convt_params(d), "transposed-convolution", ["layer", "convolution"]))
for d in (1, 2, 3):
    _, shp_in, shp_out, _ = DIMS[d]
    CARDS.append(card(
        [f"torch.nn.LazyConvTranspose{d}d"],
        f"`ConvTranspose{d}d` whose `in_channels` is read from dim 1 of the first input.",
        f"Input `{shp_in}` → output `{shp_out}`; " + CONVT_OUT,
        f"Not allocated until the first forward; afterwards as `ConvTranspose{d}d`: " + convt_params(d),
        "transposed-convolution", ["layer", "convolution"]))

CARDS += [
    card(["torch.nn.functional.conv_tbc"],
         "1-D convolution for time-first input (time, batch, channels), as used by older fairseq models.",
         "Input `(T, B, C_in)`, weight `(k, C_in, C_out)`, bias `(C_out)`, `pad` → output `(T + 2·pad − k + 1, B, C_out)`.",
         "Functional: the caller passes weight and bias (`k·C_in·C_out + C_out` values).",
         "convolution", ["convolution"]),
]

# ------------------------------------------------------------------ Keras ---

KERAS_DIMS = {1: ("(batch, steps, C_in)", "(batch, new_steps, filters)", "k"),
              2: ("(batch, H, W, C_in)", "(batch, H_out, W_out, filters)", "k_h·k_w"),
              3: ("(batch, D, H, W, C_in)", "(batch, D_out, H_out, W_out, filters)", "k_d·k_h·k_w")}
KERAS_CONV_OUT = ("channels-last by default; per spatial dim `padding=\"valid\"`: `out = ⌊(in − dilation·(k − 1) − 1) / stride⌋ + 1`; "
                  "`padding=\"same\"`: `out = ⌈in / stride⌉`.")
KERAS_CONVT_OUT = ("per spatial dim, with `output_padding=None`: `padding=\"valid\"`: `out = in·stride + max(k′ − stride, 0)`; "
                   "`\"same\"`: `out = in·stride`, where `k′ = k + (k − 1)·(dilation − 1)`. With `output_padding`: "
                   "`out = (in − 1)·stride + k′ − 2·pad + output_padding`, `pad = ⌊k′/2⌋` for same, 0 for valid.")

for d in (1, 2, 3):
    shp_in, shp_out, k = KERAS_DIMS[d]
    CARDS.append(card(
        [f"keras.layers.Conv{d}D", f"keras.layers.Convolution{d}D"],
        f"Keras {d}-D convolution layer: `filters` learned kernels slid over the input, plus bias and optional activation.",
        f"Input `{shp_in}` → output `{shp_out}`; " + KERAS_CONV_OUT,
        f"`{k}·(C_in/groups)·filters + filters` with `use_bias=True` (default); drop `+ filters` without bias.",
        "convolution", ["layer", "convolution"]))
for d in (1, 2, 3):
    shp_in, shp_out, k = KERAS_DIMS[d]
    CARDS.append(card(
        [f"keras.layers.Conv{d}DTranspose", f"keras.layers.Convolution{d}DTranspose"],
        f"Keras {d}-D transposed convolution (a.k.a. deconvolution): upsamples by `strides` with a learned kernel.",
        f"Input `{shp_in}` → output `{shp_out}`; " + KERAS_CONVT_OUT,
        f"`{k}·filters·C_in + filters` with `use_bias=True` (default); drop `+ filters` without bias.",
        "transposed-convolution", ["layer", "convolution"]))
for d in (1, 2):
    shp_in, shp_out, k = KERAS_DIMS[d]
    CARDS.append(card(
        [f"keras.layers.DepthwiseConv{d}D"],
        f"Keras depthwise {d}-D convolution: each input channel is convolved with its own `depth_multiplier` kernels; "
        "channels are not mixed.",
        f"Input `{shp_in}` → output `{shp_out.replace('filters', 'C_in·depth_multiplier')}`; " + KERAS_CONV_OUT,
        f"`{k}·C_in·depth_multiplier + C_in·depth_multiplier` with `use_bias=True` (default).",
        "convolution", ["layer", "convolution"],
        aliases=["depthwise convolution", "depthwise conv"] if d == 2 else None))
# depthwise + pointwise + bias, depth_multiplier = 1
SEPARABLE_EXAMPLE = {1: "E.g. k=3, C_in=32, filters=64: 3·32 + 32·64 + 64 = 96 + 2,048 + 64 = 2,208.",
                     2: "E.g. 3×3, C_in=32, filters=64: 9·32 + 32·64 + 64 = 288 + 2,048 + 64 = 2,400."}
for d in (1, 2):
    shp_in, shp_out, k = KERAS_DIMS[d]
    CARDS.append(card(
        [f"keras.layers.SeparableConv{d}D", f"keras.layers.SeparableConvolution{d}D"],
        f"Keras depthwise-separable {d}-D convolution: a depthwise convolution per channel followed by a 1×1 "
        "(pointwise) convolution that mixes channels into `filters` outputs.",
        f"Input `{shp_in}` → output `{shp_out}`; " + KERAS_CONV_OUT,
        f"`{k}·C_in·depth_multiplier` (depthwise) `+ C_in·depth_multiplier·filters` (pointwise) `+ filters` (bias, "
        "`use_bias=True` default). " + SEPARABLE_EXAMPLE[d],
        "convolution", ["layer", "convolution"],
        aliases=["depthwise separable convolution", "depthwise-separable convolution", "separable convolution"]
        if d == 2 else None))

CHECKS = [
    # C_out·C_in·k + C_out = 8·3·5 + 8 = 128
    ParamCheck("nn.Conv1d(3, 8, 5)", lambda: nn.Conv1d(3, 8, 5), 128),
    # 16·(4/2)·3·3 + 16 = 304
    ParamCheck("nn.Conv2d(4, 16, 3, groups=2)", lambda: nn.Conv2d(4, 16, 3, groups=2), 304),
    # 4·2·3·3·3 = 216 (no bias)
    ParamCheck("nn.Conv3d(2, 4, 3, bias=False)", lambda: nn.Conv3d(2, 4, 3, bias=False), 216),
    # H: ⌊(32 + 2·1 − 2·(3−1) − 1)/2⌋ + 1 = ⌊29/2⌋ + 1 = 15
    ShapeCheck("Conv2d(3,8,3,stride=2,padding=1,dilation=2) on 32×32",
               lambda: nn.Conv2d(3, 8, 3, stride=2, padding=1, dilation=2)(torch.zeros(1, 3, 32, 32)), (1, 8, 15, 15)),
    ShapeCheck("Conv1d padding='same'", lambda: nn.Conv1d(2, 4, 5, padding="same")(torch.zeros(1, 2, 11)), (1, 4, 11)),
    ParamCheck("nn.LazyConv2d(8, 3)", lambda: nn.LazyConv2d(8, 3), 8 * 3 * 9 + 8, warm_up=lambda: (torch.zeros(1, 3, 8, 8),)),
    # C_in·C_out·k_h·k_w + C_out = 16·8·4·4 + 8 = 2056
    ParamCheck("nn.ConvTranspose2d(16, 8, 4)", lambda: nn.ConvTranspose2d(16, 8, 4), 2056),
    # 16·(8/4)·4·4 + 8 = 520
    ParamCheck("nn.ConvTranspose2d(16, 8, 4, groups=4)", lambda: nn.ConvTranspose2d(16, 8, 4, groups=4), 520),
    # (16 − 1)·2 − 2·1 + 1·(4 − 1) + 1 + 1 = 30 − 2 + 3 + 2 = 33
    ShapeCheck("ConvTranspose2d(16,8,4,stride=2,padding=1,output_padding=1) on 16×16",
               lambda: nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1, output_padding=1)(torch.zeros(1, 16, 16, 16)),
               (1, 8, 33, 33)),
    ParamCheck("nn.LazyConvTranspose1d(4, 3)", lambda: nn.LazyConvTranspose1d(4, 3), 6 * 4 * 3 + 4,
               warm_up=lambda: (torch.zeros(1, 6, 10),)),
    # T + 2·pad − k + 1 = 10 + 2 − 3 + 1 = 10
    ShapeCheck("F.conv_tbc", lambda: F.conv_tbc(torch.zeros(10, 2, 4), torch.zeros(3, 4, 6), torch.zeros(6), 1), (10, 2, 6)),
]
