"""api.loss: PyTorch loss modules/functions and Keras losses."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.loss"
C = "training-loop"
T = ["loss", "training"]
RED = ("a scalar with `reduction=\"mean\"` (default) or `\"sum\"`; {none} with `reduction=\"none\"`.")
ELEM = "Input `(*)` and target of the same shape → " + RED.format(none="the input's shape")
NONE = "0 (no learnable parameters; `weight`-style arguments are fixed tensors)."


def loss(symbols, summary, shape, formula, text, concept=C, params=NONE, aliases=None, tags=T):
    return card(symbols, summary, shape, params, concept, tags, formula=formula, formula_text=text, aliases=aliases)


CARDS = [
    loss(["torch.nn.L1Loss", "torch.nn.functional.l1_loss"],
         "Mean absolute error between input and target.", ELEM,
         r"\ell = \frac{1}{n}\sum_i |x_i - y_i|", "ℓ = mean(|x − y|)",
         aliases=['L1 loss', 'mean absolute error']),
    loss(["torch.nn.MSELoss", "torch.nn.functional.mse_loss"],
         "Mean squared error between input and target.", ELEM,
         r"\ell = \frac{1}{n}\sum_i (x_i - y_i)^2", "ℓ = mean((x − y)²)",
         aliases=['MSE loss', 'mean squared error']),
    card(
        ["torch.nn.CrossEntropyLoss", "torch.nn.functional.cross_entropy"],
        "Softmax cross-entropy on raw logits (LogSoftmax + NLLLoss in one, numerically stable). Targets are class "
        "indices (optionally `ignore_index`, default −100) or class probabilities; supports class `weight` and "
        "`label_smoothing`.",
        "Logits `(N, C)` (or `(C)`, or `(N, C, d₁, …)` for per-pixel classes), target `(N)` int64 indices or `(N, C)` "
        "probabilities → " + RED.format(none="`(N)` / `(N, d₁, …)`"),
        NONE, C, T, formula=r"\ell_n = -\log\frac{e^{x_{n,y_n}}}{\sum_c e^{x_{n,c}}}",
        formula_text="ℓₙ = −log(e^(x[n, yₙ]) / Σ_c e^(x[n, c]))", aliases=["cross-entropy loss", "cross entropy loss"]),
    loss(["torch.nn.NLLLoss", "torch.nn.functional.nll_loss", "torch.nn.NLLLoss2d"],
         "Negative log-likelihood: picks `−input[n, target[n]]`, expecting log-probabilities (e.g. from `LogSoftmax`). "
         "`NLLLoss2d` is the deprecated per-pixel alias.",
         "Log-probs `(N, C)` (or `(N, C, d₁, …)`), target `(N)` (or `(N, d₁, …)`) int64 → " + RED.format(none="`(N)` / `(N, d₁, …)`",
         aliases=['NLL loss', 'negative log-likelihood loss']),
         r"\ell_n = -w_{y_n}\, x_{n, y_n}", "ℓₙ = −w[yₙ]·x[n, yₙ]"),
    loss(["torch.nn.BCELoss", "torch.nn.functional.binary_cross_entropy"],
         "Binary cross-entropy on probabilities in [0, 1] (apply a sigmoid first); logs are clamped at −100. "
         "Prefer `BCEWithLogitsLoss` for stability.", ELEM,
         r"\ell = -\big[y\log x + (1 - y)\log(1 - x)\big]", "ℓ = −[y·log x + (1 − y)·log(1 − x)]",
         aliases=['binary cross-entropy', 'binary cross entropy', 'BCE loss']),
    loss(["torch.nn.BCEWithLogitsLoss", "torch.nn.functional.binary_cross_entropy_with_logits"],
         "Sigmoid + binary cross-entropy on raw logits, computed stably; `pos_weight` up-weights positives "
         "(multi-label classification).", ELEM,
         r"\ell = -\big[p\,y\log\sigma(x) + (1 - y)\log(1 - \sigma(x))\big]", "ℓ = −[pos_weight·y·log σ(x) + (1 − y)·log(1 − σ(x))]"),
    loss(["torch.nn.KLDivLoss", "torch.nn.functional.kl_div"],
         "Kullback–Leibler divergence `KL(target ‖ model)`: `input` must be log-probabilities, `target` probabilities "
         "(or log-probabilities with `log_target=True`). Use `reduction=\"batchmean\"` for the true KL value "
         "(`\"mean\"` divides by every element).",
         "Input and target of the same shape → scalar (`\"none\"`: same shape).",
         r"\ell = y\,(\log y - x)", "ℓ = y·(log y − x), summed and divided by N for \"batchmean\"",
         aliases=['KL divergence', 'Kullback-Leibler divergence', 'Kullback–Leibler divergence']),
    loss(["torch.nn.HuberLoss", "torch.nn.functional.huber_loss"],
         "Huber loss: squared error for |x − y| < `delta` (default 1), linear beyond, so outliers weigh less than in MSE.",
         ELEM, r"\ell = \begin{cases} \tfrac12 d^2 & |d| < \delta \\ \delta(|d| - \tfrac12\delta) & \text{otherwise} \end{cases},\; d = x - y",
         "ℓ = ½d² if |d| < δ else δ·(|d| − ½δ), d = x − y",
         aliases=['Huber loss']),
    loss(["torch.nn.SmoothL1Loss", "torch.nn.functional.smooth_l1_loss"],
         "Smooth L1: `0.5·d²/β` for |d| < `beta` (default 1), `|d| − 0.5·β` beyond; equals Huber loss divided by β.",
         ELEM, r"\ell = \begin{cases} \tfrac{0.5 d^2}{\beta} & |d| < \beta \\ |d| - \tfrac{\beta}{2} & \text{otherwise} \end{cases}",
         "ℓ = 0.5·d²/β if |d| < β else |d| − β/2",
         aliases=['smooth L1 loss']),
    loss(["torch.nn.PoissonNLLLoss", "torch.nn.functional.poisson_nll_loss"],
         "Negative log-likelihood of a Poisson target; with `log_input=True` (default) the input is the log-rate.",
         ELEM, r"\ell = e^{x} - y\,x", "ℓ = eˣ − y·x (log_input=True); x − y·log(x + ε) otherwise"),
    loss(["torch.nn.GaussianNLLLoss", "torch.nn.functional.gaussian_nll_loss"],
         "Negative log-likelihood of a Gaussian target given a predicted mean (`input`) and variance (`var`, clamped "
         "at `eps`); `full=True` adds the constant `½·log 2π`.",
         "Input `(N, *)`, target `(N, *)`, var `(N, *)` or `(N, 1)` → " + RED.format(none="`(N, *)`"),
         r"\ell = \tfrac12\Big(\log \sigma^2 + \frac{(x - y)^2}{\sigma^2}\Big)", "ℓ = ½·(log var + (x − y)² / var)"),
    loss(["torch.nn.CTCLoss", "torch.nn.functional.ctc_loss"],
         "Connectionist temporal classification: sums the probability of every alignment of an unsegmented target "
         "sequence to the input frames (speech/handwriting recognition); class `blank` (default 0) is the blank.",
         "log_probs `(T, N, C)` (log-softmax output), targets `(N, S)` or concatenated `(Σ target_lengths)`, "
         "input_lengths `(N)`, target_lengths `(N)` → " + RED.format(none="`(N)`",
         aliases=['CTC loss', 'connectionist temporal classification']),
         r"\ell = -\log \sum_{\pi \in \mathcal{B}^{-1}(y)} \prod_t p_t(\pi_t)", "ℓ = −log Σ over alignments π of y: Π_t p_t(π_t)"),
    loss(["torch.nn.MarginRankingLoss", "torch.nn.functional.margin_ranking_loss"],
         "Ranking loss for pairs: wants `x1 > x2` when y = 1 and `x1 < x2` when y = −1, by at least `margin` (default 0).",
         "x1 `(N)`, x2 `(N)`, y `(N)` of ±1 → " + RED.format(none="`(N)`"),
         r"\ell = \max(0, -y(x_1 - x_2) + \text{margin})", "ℓ = max(0, −y·(x1 − x2) + margin)"),
    loss(["torch.nn.HingeEmbeddingLoss", "torch.nn.functional.hinge_embedding_loss"],
         "For distances x with labels y = ±1: `x` if y = 1, `max(0, margin − x)` if y = −1 (margin default 1).",
         "Input `(*)`, target `(*)` of ±1 → " + RED.format(none="same shape"),
         r"\ell = \begin{cases} x & y = 1 \\ \max(0, \Delta - x) & y = -1 \end{cases}", "ℓ = x if y = 1 else max(0, margin − x)"),
    loss(["torch.nn.CosineEmbeddingLoss", "torch.nn.functional.cosine_embedding_loss"],
         "Pulls pairs together (y = 1: `1 − cos(x1, x2)`) or pushes them apart (y = −1: `max(0, cos(x1, x2) − margin)`).",
         "x1 `(N, D)`, x2 `(N, D)`, y `(N)` of ±1 → " + RED.format(none="`(N)`"),
         r"\ell = \begin{cases} 1 - \cos(x_1, x_2) & y = 1 \\ \max(0, \cos(x_1, x_2) - \text{margin}) & y = -1 \end{cases}",
         "ℓ = 1 − cos(x1, x2) if y = 1 else max(0, cos(x1, x2) − margin)"),
    loss(["torch.nn.MultiMarginLoss", "torch.nn.functional.multi_margin_loss"],
         "Multi-class hinge loss: the correct class score must beat every other by `margin` (default 1); `p` = 1 or 2.",
         "Input `(N, C)`, target `(N)` int64 → " + RED.format(none="`(N)`",
         aliases=['multi-class hinge loss']),
         r"\ell = \frac{1}{C}\sum_{i \ne y} \max(0, \text{margin} - x_y + x_i)^p", "ℓ = Σ over i ≠ y of max(0, margin − x[y] + x[i])ᵖ / C"),
    loss(["torch.nn.MultiLabelMarginLoss", "torch.nn.functional.multilabel_margin_loss"],
         "Multi-label hinge loss: every target class (listed in `target`, terminated by −1) must beat every "
         "non-target class by 1.",
         "Input `(N, C)`, target `(N, C)` int64 class ids padded with −1 → " + RED.format(none="`(N)`"),
         r"\ell = \sum_{j,\, i \notin y} \frac{\max(0, 1 - (x_{y_j} - x_i))}{C}", "ℓ = Σ over target j and non-target i of max(0, 1 − (x[y[j]] − x[i])) / C"),
    loss(["torch.nn.MultiLabelSoftMarginLoss", "torch.nn.functional.multilabel_soft_margin_loss"],
         "Multi-label one-versus-all logistic loss on logits with 0/1 targets, averaged over the C classes.",
         "Input `(N, C)`, target `(N, C)` of 0/1 → " + RED.format(none="`(N)`"),
         r"\ell = -\frac{1}{C}\sum_i \big[y_i\log\sigma(x_i) + (1 - y_i)\log\sigma(-x_i)\big]",
         "ℓ = −(1/C)·Σᵢ [yᵢ·log σ(xᵢ) + (1 − yᵢ)·log σ(−xᵢ)]"),
    loss(["torch.nn.SoftMarginLoss", "torch.nn.functional.soft_margin_loss"],
         "Two-class logistic loss for targets ±1: `log(1 + e^{−y·x})`.", ELEM,
         r"\ell = \log(1 + e^{-yx})", "ℓ = log(1 + e^(−y·x))"),
    loss(["torch.nn.TripletMarginLoss", "torch.nn.functional.triplet_margin_loss"],
         "Metric-learning loss: the anchor must be closer to the positive than to the negative by `margin` (default 1), "
         "with the p-norm distance (p = 2).",
         "anchor, positive, negative `(N, D)` → " + RED.format(none="`(N)`",
         aliases=['triplet loss', 'triplet margin loss']),
         r"\ell = \max\big(d(a, p) - d(a, n) + \text{margin}, 0\big)", "ℓ = max(d(a, p) − d(a, n) + margin, 0)"),
    loss(["torch.nn.TripletMarginWithDistanceLoss", "torch.nn.functional.triplet_margin_with_distance_loss"],
         "Triplet margin loss with a custom `distance_function` (default: pairwise Euclidean distance).",
         "anchor, positive, negative `(N, D)` → " + RED.format(none="`(N)`"),
         r"\ell = \max\big(d(a, p) - d(a, n) + \text{margin}, 0\big)", "ℓ = max(d(a, p) − d(a, n) + margin, 0)"),
    card(
        ["torch.nn.AdaptiveLogSoftmaxWithLoss"],
        "Efficient softmax for very large vocabularies (Grave et al.): frequent classes (below `cutoffs[0]`) in a head, "
        "rare ones in smaller tail clusters. Returns `(output, loss)` where output is the target log-probability.",
        "Input `(N, in_features)`, target `(N)` → output `(N)` and a scalar loss.",
        "Head `in·(cutoffs[0] + n_clusters)` (+ that many biases with `head_bias=True`); each tail cluster i: "
        "`in·h_i + h_i·(cutoff_{i+1} − cutoff_i)` with `h_i = ⌊in / div_value^{i+1}⌋` (no biases). E.g. in=64, "
        "n_classes=1000, cutoffs=[100, 500]: 6,528 + 7,424 + 2,256 = 16,208.",
        "softmax", ["loss", "layer"],
        formula=r"\log p(y) = \log p_{\text{head}}(c) + \log p_{\text{tail}}(y \mid c)",
        formula_text="log p(y) = log p_head(cluster c of y) + log p_tail(y | c)",
         aliases=['adaptive softmax']),
]

# ------------------------------------------------------------------ Keras ---
K_SHAPE = ("`y_true`, `y_pred` `(batch, d)` → one value per sample `(batch,)` (averaged over the last axis), "
           "then reduced to a scalar (`reduction=\"sum_over_batch_size\"` default).")
K_CE = ("`y_true`, `y_pred` `(batch, classes)` → per-sample `(batch,)` → scalar.")
K_PER_SAMPLE = "`y_true`, `y_pred` `(batch, d)` → one value per sample `(batch,)` (reduced over the last axis) → scalar."
K_SPARSE = "`y_true` `(batch,)` integer ids, `y_pred` `(batch, classes)` → per-sample `(batch,)` → scalar."
KERAS_LOSSES = [
    (["BinaryCrossentropy", "binary_crossentropy"],
     "Binary cross-entropy; `from_logits=True` if `y_pred` is a logit, optional `label_smoothing`.", K_SHAPE,
     r"-\big[y\log p + (1 - y)\log(1 - p)\big]", "−[y·log p + (1 − y)·log(1 − p)]"),
    (["BinaryFocalCrossentropy", "binary_focal_crossentropy"],
     "Binary focal loss: cross-entropy down-weighted by `(1 − p_t)^γ` (γ = `gamma`, default 2) to focus on hard "
     "examples; `apply_class_balancing=True` adds the α weight.", K_SHAPE,
     r"-(1 - p_t)^{\gamma}\log p_t", "−(1 − p_t)^γ·log p_t"),
    (["CategoricalCrossentropy", "categorical_crossentropy"],
     "Cross-entropy for one-hot (or soft) targets; `from_logits=True` applies the softmax internally.", K_CE,
     r"-\sum_c y_c \log p_c", "−Σ_c y_c·log p_c"),
    (["CategoricalFocalCrossentropy", "categorical_focal_crossentropy"],
     "Categorical focal loss: `−α·(1 − p_c)^γ·y_c·log p_c` (α = 0.25, γ = 2 by default).", K_CE,
     r"-\sum_c \alpha (1 - p_c)^{\gamma} y_c \log p_c", "−Σ_c α·(1 − p_c)^γ·y_c·log p_c"),
    (["SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"],
     "Cross-entropy for integer class ids (no one-hot needed); `from_logits=True` for raw scores.", K_SPARSE,
     r"-\log p_{y}", "−log p[y]"),
    (["MeanSquaredError", "mean_squared_error"],
     "Mean squared error.", K_SHAPE, r"\frac{1}{d}\sum (y - \hat y)^2", "mean((y − ŷ)²)"),
    (["MeanAbsoluteError", "mean_absolute_error"],
     "Mean absolute error.", K_SHAPE, r"\frac{1}{d}\sum |y - \hat y|", "mean(|y − ŷ|)"),
    (["MeanAbsolutePercentageError", "mean_absolute_percentage_error"],
     "Mean absolute percentage error.", K_SHAPE, r"\frac{100}{d}\sum \left|\frac{y - \hat y}{y}\right|", "100·mean(|(y − ŷ) / y|)"),
    (["MeanSquaredLogarithmicError", "mean_squared_logarithmic_error"],
     "Mean squared error of `log(1 + ·)` values; penalizes relative rather than absolute errors.", K_SHAPE,
     r"\frac{1}{d}\sum \big(\log(1 + y) - \log(1 + \hat y)\big)^2", "mean((log(1 + y) − log(1 + ŷ))²)"),
    (["Huber", "huber"],
     "Huber loss: quadratic for |error| ≤ `delta` (default 1), linear beyond.", K_SHAPE,
     r"\begin{cases} \tfrac12 e^2 & |e| \le \delta \\ \delta(|e| - \tfrac12\delta) & \text{otherwise} \end{cases}",
     "½e² if |e| ≤ δ else δ·(|e| − ½δ)"),
    (["LogCosh", "log_cosh"],
     "Logarithm of the hyperbolic cosine of the error: ≈ e²/2 for small errors, ≈ |e| − log 2 for large ones.", K_SHAPE,
     r"\frac{1}{d}\sum \log\cosh(\hat y - y)", "mean(log(cosh(ŷ − y)))"),
    (["KLDivergence", "kl_divergence"],
     "Kullback–Leibler divergence between target and predicted distributions (both probabilities, clipped to [ε, 1]).",
     K_CE, r"\sum y \log\frac{y}{\hat y}", "Σ y·log(y / ŷ)"),
    (["Hinge", "hinge"],
     "Hinge loss for labels −1/1 (0/1 labels are converted to −1/1).", K_SHAPE,
     r"\frac{1}{d}\sum \max(1 - y\hat y, 0)", "mean(max(1 − y·ŷ, 0))"),
    (["SquaredHinge", "squared_hinge"],
     "Squared hinge loss for labels −1/1.", K_SHAPE, r"\frac{1}{d}\sum \max(1 - y\hat y, 0)^2", "mean(max(1 − y·ŷ, 0)²)"),
    (["CategoricalHinge", "categorical_hinge"],
     "Multi-class hinge on one-hot targets: `max(0, 1 + neg − pos)` with `pos = Σ y·ŷ`, `neg = max((1 − y)·ŷ)`.", K_CE,
     r"\max\big(0,\, 1 + \max((1 - y)\hat y) - \textstyle\sum y\hat y\big)", "max(0, 1 + max((1 − y)·ŷ) − Σ y·ŷ)"),
    (["Poisson", "poisson"],
     "Poisson negative log-likelihood up to a constant, for count targets.", K_SHAPE,
     r"\frac{1}{d}\sum \big(\hat y - y\log(\hat y + \epsilon)\big)", "mean(ŷ − y·log(ŷ + ε))"),
    (["CosineSimilarity", "cosine_similarity"],
     "Negative cosine similarity between target and prediction along `axis` (−1 = identical direction, the minimum).",
     K_PER_SAMPLE, r"-\frac{y \cdot \hat y}{\lVert y\rVert\,\lVert \hat y\rVert}", "−(y·ŷ) / (‖y‖·‖ŷ‖)"),
]
for names, summary, shape, formula, text in KERAS_LOSSES:
    if summary[0].isupper() and summary[1].islower():
        summary = summary[0].lower() + summary[1:]
    CARDS.append(loss([f"keras.losses.{n}" for n in names], "Keras loss: " + summary, shape, formula, text,
                      params="0."))

# Keras 2 (tf.keras) short names: Keras 3 keeps them only in keras.metrics and the _legacy API.
CARDS.append(loss(["keras.losses.mse", "keras.losses.mae"],
                  "Keras 2 (tf.keras) short names of `mean_squared_error` and `mean_absolute_error`. Keras 3 has no "
                  "`keras.losses.mse`/`mae`: write `keras.losses.MeanSquaredError()` (or `mean_squared_error`), or "
                  "the string `\"mse\"` in `compile`.", K_SHAPE, r"\frac{1}{d}\sum (y - \hat y)^2",
                  "mse = mean((y − ŷ)²),  mae = mean(|y − ŷ|)", params="0."))
CARDS[-1]["since"] = "Keras 2 only"

x = lambda: torch.tensor([[2.0, 0.0, 0.0]])  # noqa: E731
CHECKS = [
    ValueCheck("L1Loss", lambda: nn.L1Loss()(torch.tensor([1.0, 4.0]), torch.tensor([0.0, 0.0])), 2.5),
    ValueCheck("MSELoss", lambda: nn.MSELoss()(torch.tensor([1.0, 3.0]), torch.tensor([0.0, 0.0])), 5.0),
    # −log(e² / (e² + 2))
    ValueCheck("CrossEntropyLoss", lambda: nn.CrossEntropyLoss()(x(), torch.tensor([0])), -math.log(math.e ** 2 / (math.e ** 2 + 2))),
    ShapeCheck("CrossEntropy none per-pixel", lambda: F.cross_entropy(torch.zeros(2, 3, 4, 5), torch.zeros(2, 4, 5, dtype=torch.long),
                                                                      reduction="none"), (2, 4, 5)),
    ValueCheck("NLLLoss", lambda: nn.NLLLoss()(torch.tensor([[-0.5, -2.0]]), torch.tensor([1])), 2.0),
    ValueCheck("BCELoss(0.8, 1) = -ln 0.8", lambda: nn.BCELoss()(torch.tensor([0.8]), torch.tensor([1.0])), -math.log(0.8)),
    ValueCheck("BCEWithLogits(0, 1) = ln 2", lambda: nn.BCEWithLogitsLoss()(torch.tensor([0.0]), torch.tensor([1.0])), math.log(2)),
    # target [0.5, 0.5], input log [0.25, 0.75]: 0.5(ln .5 − ln .25) + 0.5(ln .5 − ln .75), batchmean over N=1
    ValueCheck("KLDivLoss batchmean", lambda: nn.KLDivLoss(reduction="batchmean")(torch.log(torch.tensor([[0.25, 0.75]])),
                                                                                  torch.tensor([[0.5, 0.5]])),
               0.5 * math.log(2) + 0.5 * math.log(2 / 3)),
    # d = 3, δ = 1: 1·(3 − 0.5) = 2.5 ; d = 0.5: 0.125
    ValueCheck("HuberLoss d=3", lambda: nn.HuberLoss()(torch.tensor([3.0]), torch.tensor([0.0])), 2.5),
    ValueCheck("HuberLoss d=0.5", lambda: nn.HuberLoss()(torch.tensor([0.5]), torch.tensor([0.0])), 0.125),
    # β = 2, d = 1: 0.5·1/2 = 0.25 ; d = 3: 3 − 1 = 2
    ValueCheck("SmoothL1 β=2 d=1", lambda: nn.SmoothL1Loss(beta=2.0)(torch.tensor([1.0]), torch.tensor([0.0])), 0.25),
    ValueCheck("SmoothL1 β=2 d=3", lambda: nn.SmoothL1Loss(beta=2.0)(torch.tensor([3.0]), torch.tensor([0.0])), 2.0),
    # e^1 − 2·1
    ValueCheck("PoissonNLLLoss", lambda: nn.PoissonNLLLoss()(torch.tensor([1.0]), torch.tensor([2.0])), math.e - 2),
    # ½(log 2 + 1/2)
    ValueCheck("GaussianNLLLoss", lambda: nn.GaussianNLLLoss()(torch.tensor([1.0]), torch.tensor([0.0]), torch.tensor([2.0])),
               0.5 * (math.log(2) + 0.5)),
    ValueCheck("MarginRankingLoss", lambda: nn.MarginRankingLoss(margin=1.0)(torch.tensor([1.0]), torch.tensor([0.5]),
                                                                              torch.tensor([1.0])), 0.5),
    ValueCheck("HingeEmbeddingLoss y=-1", lambda: nn.HingeEmbeddingLoss()(torch.tensor([0.25]), torch.tensor([-1.0])), 0.75),
    ValueCheck("CosineEmbeddingLoss y=1 orthogonal", lambda: nn.CosineEmbeddingLoss()(torch.tensor([[1.0, 0.0]]),
                                                                                       torch.tensor([[0.0, 1.0]]), torch.tensor([1.0])), 1.0),
    # x = [2, 0, 0], y = 0: (max(0, 1 − 2 + 0)·2)/3 = 0 ; y = 1: (max(0, 1 − 0 + 2) + max(0, 1 − 0 + 0))/3 = 4/3
    ValueCheck("MultiMarginLoss", lambda: nn.MultiMarginLoss()(x(), torch.tensor([1])), 4 / 3),
    ValueCheck("SoftMarginLoss(0) = ln 2", lambda: nn.SoftMarginLoss()(torch.tensor([0.0]), torch.tensor([1.0])), math.log(2)),
    # d(a,p) = 1, d(a,n) = 3 → max(1 − 3 + 1, 0) = 0 ; swapped → 3 − 1 + 1 = 3
    ValueCheck("TripletMarginLoss", lambda: nn.TripletMarginLoss(eps=0.0)(torch.tensor([[0.0]]), torch.tensor([[3.0]]),
                                                                             torch.tensor([[1.0]])), 3.0),
    ParamCheck("AdaptiveLogSoftmaxWithLoss(64, 1000, [100, 500])",
               lambda: nn.AdaptiveLogSoftmaxWithLoss(64, 1000, [100, 500]), 16208),
    ShapeCheck("CTCLoss none", lambda: nn.CTCLoss(reduction="none")(torch.randn(10, 2, 5).log_softmax(2),
                                                                    torch.ones(2, 3, dtype=torch.long), torch.tensor([10, 10]),
                                                                    torch.tensor([3, 2])), (2,)),
]
