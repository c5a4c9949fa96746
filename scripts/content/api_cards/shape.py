"""api.shape: flatten/reshape, pixel and channel shuffles, up/down-sampling, folding, padding and cropping."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.shape"
NONE = "0."
L = ["layer"]

PAD_SHAPE = {
    1: "Input `(N, C, W)` or `(C, W)` → `W_out = W + left + right`; `padding` is an int or `(left, right)`.",
    2: "Input `(N, C, H, W)` or `(C, H, W)` → `H_out = H + top + bottom`, `W_out = W + left + right`; `padding` is an "
       "int or `(left, right, top, bottom)`.",
    3: "Input `(N, C, D, H, W)` or `(C, D, H, W)` → `D_out = D + front + back`, `H_out = H + top + bottom`, "
       "`W_out = W + left + right`; `padding` is an int or `(left, right, top, bottom, front, back)`.",
}
PADS = [
    ("ConstantPad", "Pads the last {d} dim(s) with a constant `value` (a required argument).", None),
    ("ZeroPad", "Pads the last {d} dim(s) with zeros.", None),
    ("ReflectionPad", "Pads the last {d} dim(s) with the reflection of the input, mirrored at the border without "
                      "repeating the edge value (`[1,2,3]` padded by 2 → `[3,2,1,2,3,2,1]`); each pad must be smaller than "
                      "that input dim.", None),
    ("ReplicationPad", "Pads the last {d} dim(s) by repeating the edge value (`[1,2,3]` padded by 2 → `[1,1,1,2,3,3,3]`).", None),
    ("CircularPad", "Pads the last {d} dim(s) by wrapping around (`[1,2,3]` padded by 1 → `[3,1,2,3,1]`; PyTorch ≥ 2.1, "
                    "earlier via `F.pad(..., mode=\"circular\")`).", None),
]
NEWER_PADS = {"ZeroPad1d": "PyTorch ≥ 2.1", "ZeroPad3d": "PyTorch ≥ 2.1"}

CARDS = [
    card(["torch.nn.Flatten"],
         "Flattens the dims from `start_dim` (default 1) to `end_dim` (default −1) into one, typically between the "
         "convolutional part and the classifier.",
         "Input `(N, *dims)` → output `(N, ∏dims)` with the defaults; in general the dims `start_dim…end_dim` become "
         "their product.", NONE, "layer", L),
    card(["torch.nn.Unflatten"],
         "Inverse of `Flatten`: splits dimension `dim` into `unflattened_size`.",
         "`(*, S_dim, *)` → `(*, U₁, …, U_k, *)` where `∏U = S_dim`.", NONE, "layer", L),
    card(["torch.nn.PixelShuffle", "torch.nn.functional.pixel_shuffle"],
         "Sub-pixel upsampling: rearranges blocks of `r²` channels into `r×r` spatial blocks (ESPCN super-resolution); "
         "usually preceded by a convolution producing `C·r²` channels.",
         "Input `(*, C·r², H, W)` → output `(*, C, H·r, W·r)`, r = `upscale_factor`.", NONE,
         "transposed-convolution", L,
         aliases=['pixel shuffle', 'sub-pixel convolution', 'PixelShuffle']),
    card(["torch.nn.PixelUnshuffle", "torch.nn.functional.pixel_unshuffle"],
         "Inverse of `PixelShuffle`: moves `r×r` spatial blocks into channels.",
         "Input `(*, C, H·r, W·r)` → output `(*, C·r², H, W)`, r = `downscale_factor`.", NONE, "transposed-convolution", L),
    card(["torch.nn.ChannelShuffle", "torch.nn.functional.channel_shuffle"],
         "ShuffleNet channel shuffle: views C channels as `(groups, C/groups)`, transposes and flattens, so later "
         "grouped convolutions see channels from every group.",
         "Input `(N, C, *)` → same shape; C must be divisible by `groups`.", NONE, "convolution", L,
         aliases=['channel shuffle']),
    card(["torch.nn.Upsample", "torch.nn.functional.interpolate"],
         "Resizes the spatial dims by interpolation: `mode` = `nearest` (default), `nearest-exact`, `linear`, "
         "`bilinear`, `bicubic`, `trilinear` or `area`; give either `size` or `scale_factor`.",
         "Input `(N, C, *spatial)` (1–3 spatial dims) → `(N, C, *out)`, `out = size` or `⌊in·scale_factor⌋` per dim.",
         NONE, "transposed-convolution", L),
    card(["torch.nn.UpsamplingNearest2d", "torch.nn.functional.upsample_nearest"],
         "Deprecated nearest-neighbour 2-D upsampling; equivalent to `nn.Upsample(..., mode=\"nearest\")` / `F.interpolate`.",
         "Input `(N, C, H, W)` → `(N, C, H_out, W_out)`, `out = size` or `⌊in·scale_factor⌋`.", NONE,
         "transposed-convolution", L),
    card(["torch.nn.UpsamplingBilinear2d", "torch.nn.functional.upsample_bilinear"],
         "Deprecated bilinear 2-D upsampling with `align_corners=True`; equivalent to "
         "`F.interpolate(..., mode=\"bilinear\", align_corners=True)`.",
         "Input `(N, C, H, W)` → `(N, C, H_out, W_out)`, `out = size` or `⌊in·scale_factor⌋`.", NONE,
         "transposed-convolution", L),
    card(["torch.nn.functional.upsample"],
         "Deprecated alias of `F.interpolate`.",
         "Input `(N, C, *spatial)` → `(N, C, *out)`, `out = size` or `⌊in·scale_factor⌋` per dim.", NONE,
         "transposed-convolution", L),
    card(["torch.nn.Unfold", "torch.nn.functional.unfold"],
         "im2col: extracts every sliding `kernel_size` block of a 4-D input as a column, so a convolution becomes a "
         "matrix multiplication.",
         "Input `(N, C, H, W)` → `(N, C·∏kernel_size, L)`, L = ∏ over spatial dims of "
         "`⌊(in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1`.", NONE, "convolution", L,
         aliases=['im2col']),
    card(["torch.nn.Fold", "torch.nn.functional.fold"],
         "col2im, the inverse of `Unfold`: places each column back as a block of `output_size`, summing overlapping values.",
         "Input `(N, C·∏kernel_size, L)` → `(N, C, *output_size)`; L must equal the number of blocks (as in `Unfold`).",
         NONE, "convolution", L),
    card(["torch.nn.functional.pad"],
         "Pads a tensor: `pad` lists (before, after) pairs starting from the LAST dim, e.g. `(left, right, top, bottom)`; "
         "`mode` = `constant` (with `value`, default 0), `reflect`, `replicate` or `circular`. Negative pads crop.",
         "Each padded dim grows by its before + after; e.g. `(1, 2, 3, 4)` on `(N, C, H, W)` → `(N, C, H + 7, W + 3)`.",
         "Functional: no parameters.", "stride-padding", L),
    card(["torch.nn.functional.affine_grid"],
         "Builds the sampling grid of a spatial transformer from a batch of affine matrices `theta`; feed it to "
         "`F.grid_sample`.",
         "theta `(N, 2, 3)` with size `(N, C, H, W)` → grid `(N, H, W, 2)`; 3-D: theta `(N, 3, 4)` → `(N, D, H, W, 3)`.",
         "Functional: no parameters.", "feature-map", L),
    card(["torch.nn.functional.grid_sample"],
         "Samples the input at the (x, y) locations of `grid` (normalized to [−1, 1]) with bilinear / nearest / bicubic "
         "interpolation; the second half of a spatial transformer.",
         "Input `(N, C, H_in, W_in)`, grid `(N, H_out, W_out, 2)` → `(N, C, H_out, W_out)` (5-D analogously).",
         "Functional: no parameters.", "feature-map", L,
         aliases=['spatial transformer', 'spatial transformer network']),
]
for prefix, summary, _ in PADS:
    for d in (1, 2, 3):
        name = f"{prefix}{d}d"
        syms = [f"torch.nn.{name}"]
        note = f" ({NEWER_PADS[name]})" if name in NEWER_PADS else ""
        CARDS.append(card(syms, summary.format(d=d) + note, PAD_SHAPE[d], NONE, "stride-padding", L))

# ------------------------------------------------------------------ Keras ---
CARDS += [
    card(["keras.layers.Flatten"],
         "Flattens every non-batch dim into one.", "Input `(batch, *dims)` → `(batch, ∏dims)`.", NONE, "layer", L),
    card(["keras.layers.Reshape"],
         "Reshapes the non-batch dims to `target_shape` (one entry may be −1 and is inferred).",
         "Input `(batch, *dims)` → `(batch, *target_shape)`; `∏target_shape = ∏dims`.", NONE, "layer", L),
    card(["keras.layers.Permute"],
         "Permutes the non-batch dims; `dims` is 1-indexed (`Permute((2, 1))` swaps the first two non-batch axes).",
         "Input `(batch, d₁, d₂)` with `dims=(2, 1)` → `(batch, d₂, d₁)`.", NONE, "layer", L),
    card(["keras.layers.RepeatVector"],
         "Repeats a vector `n` times along a new time axis (e.g. to feed an encoder's summary to every decoder step).",
         "Input `(batch, features)` → `(batch, n, features)`.", NONE, "encoder-decoder", L),
    card(["keras.layers.ZeroPadding1D"],
         "Zero-pads the time axis of a sequence.",
         "Input `(batch, steps, features)` → `(batch, steps + left + right, features)`; `padding` int (both sides) or "
         "`(left, right)`, default 1.", NONE, "stride-padding", L),
    card(["keras.layers.ZeroPadding2D"],
         "Zero-pads rows and columns of an image.",
         "Input `(batch, H, W, C)` (channels-last) → `(batch, H + top + bottom, W + left + right, C)`; `padding` int, "
         "`(sym_h, sym_w)` or `((top, bottom), (left, right))`, default 1.", NONE, "stride-padding", L),
    card(["keras.layers.ZeroPadding3D"],
         "Zero-pads the three spatial axes of a volume.",
         "Input `(batch, D, H, W, C)` → each spatial dim grows by its two pads; `padding` int, 3-tuple or 3 pairs, default 1.",
         NONE, "stride-padding", L),
    card(["keras.layers.Cropping1D"],
         "Crops the time axis of a sequence.",
         "Input `(batch, steps, features)` → `(batch, steps − start − end, features)`; `cropping` default `(1, 1)`.",
         NONE, "stride-padding", L),
    card(["keras.layers.Cropping2D"],
         "Crops rows and columns of an image (e.g. to match a skip connection in a U-Net).",
         "Input `(batch, H, W, C)` → `(batch, H − top − bottom, W − left − right, C)`; `cropping` int, "
         "`(sym_h, sym_w)` or `((top, bottom), (left, right))`, default 0.", NONE, "stride-padding", L),
    card(["keras.layers.Cropping3D"],
         "Crops the three spatial axes of a volume.",
         "Input `(batch, D, H, W, C)` → each spatial dim shrinks by its two crops; default 1 on every side.",
         NONE, "stride-padding", L),
    card(["keras.layers.UpSampling1D"],
         "Repeats each time step `size` times (default 2).", "Input `(batch, steps, features)` → `(batch, steps·size, features)`.",
         NONE, "transposed-convolution", L),
    card(["keras.layers.UpSampling2D"],
         "Upsamples rows and columns by `size` (default `(2, 2)`), `interpolation=\"nearest\"` (default) or `\"bilinear\"`.",
         "Input `(batch, H, W, C)` → `(batch, H·size[0], W·size[1], C)`.", NONE, "transposed-convolution", L),
    card(["keras.layers.UpSampling3D"],
         "Repeats the three spatial axes by `size` (default `(2, 2, 2)`).",
         "Input `(batch, D, H, W, C)` → `(batch, D·s₀, H·s₁, W·s₂, C)`.", NONE, "transposed-convolution", L),
    card(["keras.layers.Resizing"],
         "Preprocessing layer that resizes images to `(height, width)` (`interpolation=\"bilinear\"` default; "
         "`crop_to_aspect_ratio=True` avoids distortion).",
         "Input `(batch, H, W, C)` → `(batch, height, width, C)`.", NONE, "layer", L),
    card(["keras.layers.CenterCrop"],
         "Preprocessing layer that crops the central `height × width` window of each image (resizing first if the "
         "image is smaller).", "Input `(batch, H, W, C)` → `(batch, height, width, C)`.", NONE, "layer", L),
]

img = lambda: torch.arange(1.0, 4.0).view(1, 1, 3)  # noqa: E731
CHECKS = [
    ShapeCheck("Flatten", lambda: nn.Flatten()(torch.zeros(2, 3, 4, 5)), (2, 60)),
    ShapeCheck("Unflatten", lambda: nn.Unflatten(1, (3, 4))(torch.zeros(2, 12)), (2, 3, 4)),
    ShapeCheck("PixelShuffle(3)", lambda: nn.PixelShuffle(3)(torch.zeros(1, 18, 4, 5)), (1, 2, 12, 15)),
    ShapeCheck("PixelUnshuffle(3)", lambda: nn.PixelUnshuffle(3)(torch.zeros(1, 2, 12, 15)), (1, 18, 4, 5)),
    ValueCheck("ChannelShuffle(2) order 0,2,1,3", lambda: nn.ChannelShuffle(2)(torch.arange(4.).view(1, 4, 1, 1))[0, 1, 0, 0], 2.0),
    # ⌊5·1.5⌋ = 7
    ShapeCheck("interpolate scale 1.5", lambda: F.interpolate(torch.zeros(1, 2, 5, 5), scale_factor=1.5), (1, 2, 7, 7)),
    ShapeCheck("interpolate nearest-exact", lambda: F.interpolate(torch.zeros(1, 2, 5), size=8, mode="nearest-exact"), (1, 2, 8)),
    ShapeCheck("UpsamplingBilinear2d", lambda: nn.UpsamplingBilinear2d(scale_factor=2)(torch.zeros(1, 2, 3, 3)), (1, 2, 6, 6)),
    # 3·3² = 27 rows; L = 5·4 = 20
    ShapeCheck("Unfold(3, padding=1, stride=2)", lambda: nn.Unfold(3, padding=1, stride=2)(torch.zeros(2, 3, 9, 7)), (2, 27, 20)),
    ShapeCheck("Fold", lambda: nn.Fold((9, 7), 3, padding=1, stride=2)(torch.zeros(2, 27, 20)), (2, 3, 9, 7)),
    ShapeCheck("F.pad (1,2,3,4)", lambda: F.pad(torch.zeros(1, 2, 3, 4), (1, 2, 3, 4)), (1, 2, 10, 7)),
    ValueCheck("ReflectionPad1d(2) left edge = 3", lambda: nn.ReflectionPad1d(2)(img())[0, 0, 0], 3.0),
    ValueCheck("ReplicationPad1d(2) left edge = 1", lambda: nn.ReplicationPad1d(2)(img())[0, 0, 0], 1.0),
    ValueCheck("circular pad left edge = 3", lambda: F.pad(img(), (1, 1), mode="circular")[0, 0, 0], 3.0),
    ShapeCheck("ZeroPad2d((1,2,3,4))", lambda: nn.ZeroPad2d((1, 2, 3, 4))(torch.zeros(1, 1, 5, 5)), (1, 1, 12, 8)),
    ShapeCheck("ConstantPad3d", lambda: nn.ConstantPad3d((1, 1, 2, 2, 3, 3), 0.5)(torch.zeros(1, 1, 2, 2, 2)), (1, 1, 8, 6, 4)),
    ShapeCheck("affine_grid", lambda: F.affine_grid(torch.zeros(2, 2, 3), (2, 3, 5, 6), align_corners=False), (2, 5, 6, 2)),
    ShapeCheck("grid_sample", lambda: F.grid_sample(torch.zeros(2, 3, 8, 8), torch.zeros(2, 4, 5, 2), align_corners=False),
               (2, 3, 4, 5)),
    ParamCheck("Upsample", lambda: nn.Upsample(scale_factor=2), 0),
]
