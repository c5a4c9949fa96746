"""api.activation: PyTorch activation modules/functions and Keras activations."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.activation"
SAME = "Output shape = input shape (elementwise)."
ALONG_DIM = "Output shape = input shape; normalized along `dim` (each slice along `dim` is one distribution)."
NONE = "0."
T = ["activation"]


def act(symbols, summary, concept, formula, text, params=NONE, shape=SAME, aliases=None):
    return card(symbols, summary, shape, params, concept, T, formula=formula, formula_text=text, aliases=aliases)


CARDS = [
    act(["torch.nn.ReLU", "torch.nn.functional.relu", "torch.nn.functional.relu_"],
        "Rectified linear unit, elementwise `max(0, x)`; `inplace=True` / `F.relu_` overwrite the input.",
        "relu", r"\mathrm{ReLU}(x) = \max(0, x)", "ReLU(x) = max(0, x)"),
    act(["torch.nn.ReLU6", "torch.nn.functional.relu6"],
        "ReLU clipped at 6: `min(max(0, x), 6)` (MobileNet).", "relu",
        r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)", "ReLU6(x) = min(max(0, x), 6)",
        aliases=['ReLU6']),
    act(["torch.nn.LeakyReLU", "torch.nn.functional.leaky_relu", "torch.nn.functional.leaky_relu_"],
        "Leaky ReLU: `x` for x ≥ 0, `negative_slope·x` otherwise (default `negative_slope=0.01`).", "leaky-relu",
        r"\mathrm{LeakyReLU}(x) = \max(0, x) + \alpha\min(0, x)", "LeakyReLU(x) = max(0, x) + negative_slope·min(0, x)"),
    act(["torch.nn.PReLU", "torch.nn.functional.prelu"],
        "Parametric ReLU: a leaky ReLU whose negative slope `a` is learned (initialized to 0.25); one shared `a` "
        "by default, or one per channel (dim 1) with `num_parameters=C`.", "leaky-relu",
        r"\mathrm{PReLU}(x) = \max(0, x) + a\min(0, x)", "PReLU(x) = max(0, x) + a·min(0, x)",
        params="`num_parameters` (default 1; set it to C for one slope per channel). `F.prelu` takes the `weight` from the caller.",
        aliases=['PReLU', 'parametric ReLU']),
    act(["torch.nn.RReLU", "torch.nn.functional.rrelu", "torch.nn.functional.rrelu_"],
        "Randomized leaky ReLU: in training the negative slope is drawn per element from U(`lower`=1/8, `upper`=1/3); "
        "in eval it is fixed to `(lower + upper)/2`.", "leaky-relu",
        r"\mathrm{RReLU}(x) = \begin{cases} x & x \ge 0 \\ a x & x < 0 \end{cases},\; a \sim U(l, u)",
        "RReLU(x) = x if x ≥ 0 else a·x, a ~ U(lower, upper) (training), (lower + upper)/2 (eval)",
        aliases=['RReLU', 'randomized leaky ReLU']),
    act(["torch.nn.ELU", "torch.nn.functional.elu", "torch.nn.functional.elu_"],
        "Exponential linear unit: `x` for x > 0, `α(eˣ − 1)` otherwise (default α = 1), smooth and saturating to −α.",
        "activation-function", r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}",
        "ELU(x) = x if x > 0 else α·(eˣ − 1)",
        aliases=['ELU', 'exponential linear unit']),
    act(["torch.nn.CELU", "torch.nn.functional.celu", "torch.nn.functional.celu_"],
        "Continuously differentiable ELU: `max(0, x) + min(0, α(e^{x/α} − 1))` (default α = 1, where it equals ELU).",
        "activation-function", r"\mathrm{CELU}(x) = \max(0, x) + \min\big(0, \alpha(e^{x/\alpha} - 1)\big)",
        "CELU(x) = max(0, x) + min(0, α·(e^(x/α) − 1))",
        aliases=['CELU']),
    act(["torch.nn.SELU", "torch.nn.functional.selu", "torch.nn.functional.selu_"],
        "Scaled ELU with fixed α ≈ 1.6733 and scale ≈ 1.0507, chosen so activations self-normalize (use with "
        "LeCun-normal init and AlphaDropout).", "activation-function",
        r"\mathrm{SELU}(x) = \lambda\big(\max(0, x) + \min(0, \alpha(e^{x} - 1))\big)",
        "SELU(x) = scale·(max(0, x) + min(0, α·(eˣ − 1))), α ≈ 1.6733, scale ≈ 1.0507",
        aliases=['SELU', 'scaled exponential linear unit']),
    act(["torch.nn.GELU", "torch.nn.functional.gelu"],
        "Gaussian error linear unit `x·Φ(x)`; `approximate=\"tanh\"` uses the tanh approximation.", "gelu",
        r"\mathrm{GELU}(x) = x\,\Phi(x)", "GELU(x) = x·Φ(x)"),
    act(["torch.nn.SiLU", "torch.nn.functional.silu"],
        "Sigmoid linear unit (Swish with β = 1): `x·σ(x)`.", "swish",
        r"\mathrm{SiLU}(x) = x\,\sigma(x)", "SiLU(x) = x·σ(x)"),
    act(["torch.nn.Mish", "torch.nn.functional.mish"],
        "Mish: `x·tanh(softplus(x))`, a smooth self-gated activation similar to Swish.", "swish",
        r"\mathrm{Mish}(x) = x \tanh\big(\ln(1 + e^{x})\big)", "Mish(x) = x·tanh(ln(1 + eˣ))",
        aliases=['Mish activation']),
    act(["torch.nn.Hardswish", "torch.nn.functional.hardswish"],
        "Piecewise-linear approximation of Swish (MobileNetV3): 0 for x ≤ −3, x for x ≥ 3, `x(x + 3)/6` between.",
        "swish", r"\mathrm{Hardswish}(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}", "Hardswish(x) = x·ReLU6(x + 3)/6",
        aliases=['hard swish', 'hard-swish', 'h-swish', 'Hardswish']),
    act(["torch.nn.Sigmoid", "torch.nn.functional.sigmoid"],
        "Logistic sigmoid `1/(1 + e^{−x})`, squashing to (0, 1). (`F.sigmoid` is deprecated in favour of `torch.sigmoid`.)",
        "sigmoid", r"\sigma(x) = \frac{1}{1 + e^{-x}}", "σ(x) = 1 / (1 + e⁻ˣ)"),
    act(["torch.nn.Hardsigmoid", "torch.nn.functional.hardsigmoid"],
        "Piecewise-linear sigmoid: 0 for x ≤ −3, 1 for x ≥ 3, `x/6 + 1/2` between.", "sigmoid",
        r"\mathrm{Hardsigmoid}(x) = \frac{\mathrm{ReLU6}(x + 3)}{6}", "Hardsigmoid(x) = ReLU6(x + 3)/6",
        aliases=['hard sigmoid', 'hard-sigmoid', 'Hardsigmoid']),
    act(["torch.nn.LogSigmoid", "torch.nn.functional.logsigmoid"],
        "Logarithm of the sigmoid, computed stably: `log σ(x) = −softplus(−x)`.", "sigmoid",
        r"\mathrm{LogSigmoid}(x) = \log\frac{1}{1 + e^{-x}}", "LogSigmoid(x) = log(1 / (1 + e⁻ˣ))"),
    act(["torch.nn.Tanh", "torch.nn.functional.tanh"],
        "Hyperbolic tangent, squashing to (−1, 1). (`F.tanh` is deprecated in favour of `torch.tanh`.)", "tanh",
        r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)"),
    act(["torch.nn.Hardtanh", "torch.nn.functional.hardtanh", "torch.nn.functional.hardtanh_"],
        "Clamps to [`min_val`, `max_val`] (default [−1, 1]): a piecewise-linear tanh.", "tanh",
        r"\mathrm{Hardtanh}(x) = \min(\max(x, -1), 1)", "Hardtanh(x) = clamp(x, min_val, max_val)",
        aliases=['hard tanh', 'Hardtanh']),
    act(["torch.nn.Tanhshrink", "torch.nn.functional.tanhshrink"],
        "`x − tanh(x)`.", "tanh", r"\mathrm{Tanhshrink}(x) = x - \tanh(x)", "Tanhshrink(x) = x − tanh(x)"),
    act(["torch.nn.Softsign", "torch.nn.functional.softsign"],
        "`x/(1 + |x|)`: a tanh-like squashing to (−1, 1) with polynomial rather than exponential tails.", "tanh",
        r"\mathrm{Softsign}(x) = \frac{x}{1 + |x|}", "Softsign(x) = x / (1 + |x|)",
        aliases=['softsign']),
    act(["torch.nn.Softplus", "torch.nn.functional.softplus"],
        "Smooth ReLU `(1/β)·log(1 + e^{βx})` (default β = 1); returns `x` where `βx > threshold` (default 20) for stability.",
        "relu", r"\mathrm{Softplus}(x) = \frac{1}{\beta}\log\big(1 + e^{\beta x}\big)", "Softplus(x) = (1/β)·log(1 + e^(βx))",
        aliases=['softplus']),
    act(["torch.nn.Softshrink", "torch.nn.functional.softshrink"],
        "Soft thresholding: `x − λ` for x > λ, `x + λ` for x < −λ, 0 otherwise (default λ = 0.5).", "activation-function",
        r"\mathrm{Softshrink}(x) = \mathrm{sign}(x)\max(|x| - \lambda, 0)", "Softshrink(x) = sign(x)·max(|x| − λ, 0)",
        aliases=['soft thresholding']),
    act(["torch.nn.Hardshrink", "torch.nn.functional.hardshrink"],
        "Hard thresholding: `x` where |x| > λ, 0 otherwise (default λ = 0.5).", "activation-function",
        r"\mathrm{Hardshrink}(x) = \begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}",
        "Hardshrink(x) = x if |x| > λ else 0"),
    act(["torch.nn.Threshold", "torch.nn.functional.threshold", "torch.nn.functional.threshold_"],
        "`x` where x > `threshold`, otherwise the constant `value` (both required arguments).", "relu",
        r"y = \begin{cases} x & x > \text{threshold} \\ \text{value} & \text{otherwise} \end{cases}",
        "y = x if x > threshold else value"),
    act(["torch.nn.GLU", "torch.nn.functional.glu"],
        "Gated linear unit: splits the input in half along `dim` (default −1) into `a` and `b` and returns `a ⊗ σ(b)`.",
        "activation-function", r"\mathrm{GLU}(a, b) = a \otimes \sigma(b)", "GLU(a, b) = a ⊗ σ(b)",
        shape="Input `(*₁, 2M, *₂)` → output `(*₁, M, *₂)`: the `dim` axis is halved (its size must be even).",
        aliases=['GLU', 'gated linear unit']),
    act(["torch.nn.Softmax", "torch.nn.functional.softmax"],
        "Softmax along `dim`: exponentiates and normalizes so each slice sums to 1.", "softmax",
        r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", "softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)",
        shape=ALONG_DIM),
    act(["torch.nn.Softmin", "torch.nn.functional.softmin"],
        "Softmax of the negated input: small values get large weights; each slice along `dim` sums to 1.", "softmax",
        r"\mathrm{softmin}(x)_i = \frac{e^{-x_i}}{\sum_j e^{-x_j}}", "softmin(x)ᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ)",
        shape=ALONG_DIM,
        aliases=['softmin']),
    act(["torch.nn.LogSoftmax", "torch.nn.functional.log_softmax"],
        "`log(softmax(x))` along `dim`, computed stably; pairs with `NLLLoss` (together = `CrossEntropyLoss`).", "softmax",
        r"\mathrm{LogSoftmax}(x)_i = x_i - \log\sum_j e^{x_j}", "LogSoftmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)",
        shape=ALONG_DIM,
        aliases=['log-softmax', 'log softmax', 'LogSoftmax']),
    act(["torch.nn.Softmax2d"],
        "Softmax over the channel dimension at every spatial location (dim −3).", "softmax",
        r"\mathrm{softmax}(x)_{c,h,w} = \frac{e^{x_{c,h,w}}}{\sum_{c'} e^{x_{c',h,w}}}", "softmax over C at each (h, w)",
        shape="Input `(N, C, H, W)` or `(C, H, W)` → output same shape."),
    act(["torch.nn.functional.gumbel_softmax"],
        "Samples from the Gumbel-softmax (concrete) distribution: `softmax((logits + g)/τ)` with Gumbel noise `g`; "
        "`hard=True` returns one-hot vectors with a straight-through gradient.", "softmax",
        r"y = \mathrm{softmax}\big((\text{logits} + g)/\tau\big),\; g_i \sim \mathrm{Gumbel}(0, 1)",
        "y = softmax((logits + g) / τ), gᵢ ~ Gumbel(0, 1)",
        shape=ALONG_DIM,
        aliases=['Gumbel-softmax', 'Gumbel softmax']),
]

# ------------------------------------------------------------------ Keras ---

KERAS_ACTS = [
    ("relu", "`max(x, 0)`; optional `negative_slope` (Keras 2: `alpha`), `max_value` and `threshold`.", "relu",
     r"\max(0, x)", "relu(x) = max(0, x)"),
    ("relu6", "`min(max(x, 0), 6)`.", "relu", r"\min(\max(0, x), 6)", "relu6(x) = min(max(0, x), 6)"),
    ("leaky_relu", "`x` for x ≥ 0, `negative_slope·x` otherwise (default 0.2).", "leaky-relu",
     r"\max(0, x) + \alpha\min(0, x)", "leaky_relu(x) = max(0, x) + negative_slope·min(0, x)"),
    ("elu", "`x` for x > 0, `α(eˣ − 1)` otherwise (default α = 1).", "activation-function",
     r"\begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}", "elu(x) = x if x > 0 else α·(eˣ − 1)"),
    ("selu", "Scaled ELU with α ≈ 1.6733 and scale ≈ 1.0507 (self-normalizing; use `lecun_normal` init).",
     "activation-function", r"\lambda\big(\max(0, x) + \min(0, \alpha(e^{x} - 1))\big)",
     "selu(x) = scale·(max(0, x) + min(0, α·(eˣ − 1)))"),
    ("gelu", "`x·Φ(x)`; `approximate=True` uses the tanh approximation (default False).", "gelu",
     r"x\,\Phi(x)", "gelu(x) = x·Φ(x)"),
    ("swish", "`x·sigmoid(x)` (same function as `silu`).", "swish", r"x\,\sigma(x)", "swish(x) = x·σ(x)"),
    ("silu", "`x·sigmoid(x)` (same function as `swish`).", "swish", r"x\,\sigma(x)", "silu(x) = x·σ(x)"),
    ("mish", "`x·tanh(softplus(x))`.", "swish", r"x \tanh\big(\ln(1 + e^{x})\big)", "mish(x) = x·tanh(ln(1 + eˣ))"),
    ("sigmoid", "`1/(1 + e^{−x})`, output in (0, 1).", "sigmoid", r"\frac{1}{1 + e^{-x}}", "sigmoid(x) = 1 / (1 + e⁻ˣ)"),
    ("hard_sigmoid", "Piecewise-linear sigmoid: Keras 3 uses `relu6(x + 3)/6` (slope 1/6); tf.keras 2.x used "
     "`clip(0.2·x + 0.5, 0, 1)`.", "sigmoid", r"\frac{\mathrm{ReLU6}(x + 3)}{6}", "hard_sigmoid(x) = relu6(x + 3)/6 (Keras 3)"),
    ("tanh", "Hyperbolic tangent, output in (−1, 1).", "tanh", r"\tanh(x)", "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)"),
    ("softsign", "`x/(|x| + 1)`.", "tanh", r"\frac{x}{1 + |x|}", "softsign(x) = x / (|x| + 1)"),
    ("softplus", "`log(eˣ + 1)`, a smooth ReLU.", "relu", r"\log(1 + e^{x})", "softplus(x) = log(eˣ + 1)"),
    ("softmax", "Softmax along `axis` (default −1): each slice becomes a probability distribution.", "softmax",
     r"\frac{e^{x_i}}{\sum_j e^{x_j}}", "softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)"),
    ("log_softmax", "`log(softmax(x))` along `axis` (default −1), computed stably.", "softmax",
     r"x_i - \log\sum_j e^{x_j}", "log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)"),
    ("exponential", "`eˣ`.", "activation-function", r"e^{x}", "exponential(x) = eˣ"),
    ("linear", "Identity `x` (what `activation=None` means for a layer).", "activation-function", r"x", "linear(x) = x"),
]
for name, summary, concept, formula, text in KERAS_ACTS:
    if summary[0].isupper() and summary[1].islower():
        summary = summary[0].lower() + summary[1:]
    shape = SAME.replace("`dim`", "`axis`") if "softmax" not in name else ALONG_DIM.replace("`dim`", "`axis`")
    CARDS.append(act([f"keras.activations.{name}"], "Keras activation: " + summary, concept, formula, text, shape=shape))

CARDS += [
    card(["keras.layers.Activation"],
         "Applies an activation given by name (`\"relu\"`, `\"gelu\"`, …) or callable; the same as passing "
         "`activation=` to the previous layer.", SAME, NONE, "activation-function", ["activation", "layer"]),
    card(["keras.layers.ReLU"],
         "Keras ReLU layer with options: `max_value` (cap), `negative_slope` (leak below `threshold`) and `threshold`; "
         "defaults give `max(x, 0)`.", SAME, NONE, "relu", ["activation", "layer"],
         formula=r"\max(0, x)", formula_text="ReLU(x) = max(0, x) (defaults)"),
    card(["keras.layers.LeakyReLU"],
         "Keras leaky ReLU layer: `x` for x ≥ 0, `negative_slope·x` otherwise (default 0.3; `alpha` in Keras 2).",
         SAME, NONE, "leaky-relu", ["activation", "layer"],
         formula=r"\max(0, x) + \alpha\min(0, x)", formula_text="LeakyReLU(x) = max(0, x) + 0.3·min(0, x)"),
    card(["keras.layers.PReLU"],
         "Keras parametric ReLU: learned slope `alpha` for negative inputs (initialized to zeros), one per input "
         "element unless `shared_axes` shares it.",
         SAME,
         "`prod(input_shape[1:])` by default (one alpha per element, e.g. `(28, 28, 32)` → 25,088); "
         "with `shared_axes=[1, 2]` on images only C.", "leaky-relu", ["activation", "layer"],
         formula=r"\max(0, x) + \alpha\min(0, x)", formula_text="PReLU(x) = max(0, x) + α·min(0, x)"),
    card(["keras.layers.ELU"],
         "Keras ELU layer: `x` for x > 0, `alpha·(eˣ − 1)` otherwise (default alpha = 1).", SAME, NONE,
         "activation-function", ["activation", "layer"],
         formula=r"\begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}", formula_text="ELU(x) = x if x > 0 else α·(eˣ − 1)"),
    card(["keras.layers.Softmax"],
         "Keras softmax layer along `axis` (default −1); an optional `mask` excludes positions.",
         ALONG_DIM.replace("`dim`", "`axis`"), NONE,
         "softmax", ["activation", "layer"], formula=r"\frac{e^{x_i}}{\sum_j e^{x_j}}", formula_text="softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)"),
]


def at(module_or_fn, x):
    return module_or_fn(torch.tensor([float(x)]))[0]


E = math.e
CHECKS = [
    ParamCheck("nn.PReLU()", lambda: nn.PReLU(), 1),
    ParamCheck("nn.PReLU(16)", lambda: nn.PReLU(16), 16),
    ValueCheck("PReLU init 0.25: PReLU(-2)", lambda: at(nn.PReLU(), -2), -0.5),
    ValueCheck("ReLU6(7)", lambda: at(nn.ReLU6(), 7), 6.0),
    ValueCheck("LeakyReLU(-10)", lambda: at(nn.LeakyReLU(), -10), -0.1),
    ValueCheck("RReLU eval(-1)", lambda: at(nn.RReLU().eval(), -1), -(1 / 8 + 1 / 3) / 2),
    ValueCheck("ELU(-1) = e^-1 - 1", lambda: at(nn.ELU(), -1), 1 / E - 1),
    ValueCheck("CELU(α=2)(-1) = 2(e^-0.5 - 1)", lambda: at(nn.CELU(2.0), -1), 2 * (E ** -0.5 - 1)),
    ValueCheck("SELU(-1)", lambda: at(nn.SELU(), -1), 1.0507009873554805 * 1.6732632423543772 * (1 / E - 1)),
    ValueCheck("SiLU(1) = σ(1)", lambda: at(nn.SiLU(), 1), 1 / (1 + E ** -1)),
    ValueCheck("Mish(1) = tanh(ln(1+e))", lambda: at(nn.Mish(), 1), math.tanh(math.log(1 + E))),
    ValueCheck("Hardswish(1) = 1·4/6", lambda: at(nn.Hardswish(), 1), 4 / 6),
    ValueCheck("Hardswish(-3)", lambda: at(nn.Hardswish(), -3), 0.0),
    ValueCheck("Hardsigmoid(1) = 1/6 + 1/2", lambda: at(nn.Hardsigmoid(), 1), 1 / 6 + 0.5),
    ValueCheck("LogSigmoid(0) = -ln 2", lambda: at(nn.LogSigmoid(), 0), -math.log(2)),
    ValueCheck("Hardtanh(2)", lambda: at(nn.Hardtanh(), 2), 1.0),
    ValueCheck("Tanhshrink(1)", lambda: at(nn.Tanhshrink(), 1), 1 - math.tanh(1)),
    ValueCheck("Softsign(1)", lambda: at(nn.Softsign(), 1), 0.5),
    ValueCheck("Softplus(0) = ln 2", lambda: at(nn.Softplus(), 0), math.log(2)),
    ValueCheck("Softplus(β=2)(1) = ln(1+e²)/2", lambda: at(nn.Softplus(beta=2), 1), math.log(1 + E ** 2) / 2),
    ValueCheck("Softplus above threshold is x", lambda: at(nn.Softplus(), 25), 25.0),
    ValueCheck("Softshrink(1)", lambda: at(nn.Softshrink(), 1), 0.5),
    ValueCheck("Softshrink(-1)", lambda: at(nn.Softshrink(), -1), -0.5),
    ValueCheck("Hardshrink(0.3)", lambda: at(nn.Hardshrink(), 0.3), 0.0),
    ValueCheck("Threshold(0.1, 20)(0.05)", lambda: at(nn.Threshold(0.1, 20.0), 0.05), 20.0),
    ValueCheck("GLU([1, 2]) = σ(2)", lambda: nn.GLU()(torch.tensor([1.0, 2.0]))[0], 1 / (1 + E ** -2)),
    ShapeCheck("GLU(dim=1) halves dim 1", lambda: nn.GLU(dim=1)(torch.zeros(2, 6, 5)), (2, 3, 5)),
    ValueCheck("Softmin([0, ln 3])[0] = 3/4", lambda: nn.Softmin(0)(torch.tensor([0.0, math.log(3)]))[0], 0.75),
    ValueCheck("LogSoftmax([0, 0])[0] = -ln 2", lambda: nn.LogSoftmax(0)(torch.zeros(2))[0], -math.log(2)),
    ValueCheck("Softmax2d sums over C", lambda: nn.Softmax2d()(torch.randn(2, 5, 3, 3)).sum(1).mean(), 1.0),
    ShapeCheck("gumbel_softmax hard", lambda: F.gumbel_softmax(torch.zeros(4, 7), hard=True), (4, 7)),
    ValueCheck("gumbel_softmax hard is one-hot", lambda: F.gumbel_softmax(torch.zeros(4, 7), hard=True).sum(), 4.0),
]
