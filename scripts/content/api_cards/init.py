"""api.init: torch.nn.init functions (in-place and deprecated twins) and Keras initializers."""

import math

import torch
import torch.nn as nn
import torch.nn.init as init

from .common import ValueCheck, card

SUBSECTION = "api.init"
T = ["init"]
WI = "weight-initialization"
FAN = ("Fills an existing tensor in place and returns it; any shape with ≥ 2 dims. fan_in = `size(1)·∏kernel dims`, "
       "fan_out = `size(0)·∏kernel dims` (for a Linear weight `(out, in)`: fan_in = in, fan_out = out).")
ANY = "Fills an existing tensor of any shape in place and returns it."
ADDS = "Adds no parameters: it overwrites the values of an existing one (call it under `torch.no_grad()` or on `.data`)."
DEPRECATED = " The name without `_` is the deprecated pre-0.4 spelling of the same function."


def torch_init(name, summary, shape, concept=WI, formula=None, text=None, deprecated_twin=True, aliases=None):
    syms = [f"torch.nn.init.{name}_"] + ([f"torch.nn.init.{name}"] if deprecated_twin else [])
    return card(syms, summary + (DEPRECATED if deprecated_twin else ""), shape, ADDS, concept, T,
                formula=formula, formula_text=text, aliases=aliases)


CARDS = [
    torch_init("uniform", "Fills with samples from U(a, b) (default a = 0, b = 1).", ANY,
               formula=r"w \sim \mathcal{U}(a, b)", text="w ~ U(a, b)"),
    torch_init("normal", "Fills with samples from N(mean, std²) (default mean 0, std 1).", ANY,
               formula=r"w \sim \mathcal{N}(\mu, \sigma^2)", text="w ~ N(mean, std²)"),
    torch_init("constant", "Fills with the constant `val`.", ANY),
    card(["torch.nn.init.ones_"], "Fills with 1 (e.g. a normalization layer's γ).", ANY, ADDS, WI, T),
    card(["torch.nn.init.zeros_"], "Fills with 0 (e.g. biases).", ANY, ADDS, WI, T),
    torch_init("eye", "Fills a 2-D tensor with the identity matrix (ones on the diagonal), so a Linear layer starts as "
               "the identity map.", "A 2-D tensor `(out, in)`, filled in place."),
    torch_init("dirac", "Fills a 3-, 4- or 5-D convolution weight with the Dirac delta, so the convolution starts as the "
               "identity (keeps as many input channels as possible; `groups` splits it).",
               "A 3/4/5-D conv weight `(C_out, C_in, *kernel)`, filled in place."),
    torch_init("xavier_uniform", "Glorot/Xavier uniform: U(−a, a) with `a = gain·√(6/(fan_in + fan_out))`.", FAN,
               concept="xavier-initialization", formula=r"a = \text{gain}\sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}",
               text="w ~ U(−a, a), a = gain·√(6 / (fan_in + fan_out))"),
    torch_init("xavier_normal", "Glorot/Xavier normal: N(0, std²) with `std = gain·√(2/(fan_in + fan_out))`.", FAN,
               concept="xavier-initialization", formula=r"\sigma = \text{gain}\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}",
               text="w ~ N(0, std²), std = gain·√(2 / (fan_in + fan_out))"),
    torch_init("kaiming_uniform", "He/Kaiming uniform: U(−b, b) with `b = gain·√(3/fan_mode)`, "
               "`gain = calculate_gain(nonlinearity, a)` (defaults `a=0`, `mode=\"fan_in\"`, `nonlinearity=\"leaky_relu\"`, "
               "so gain = √2). `nn.Linear`/`nn.Conv*d` use it with `a=√5` for their default init.", FAN,
               concept="he-initialization", formula=r"b = \text{gain}\sqrt{\frac{3}{\text{fan\_mode}}}",
               text="w ~ U(−b, b), b = gain·√(3 / fan_mode)"),
    torch_init("kaiming_normal", "He/Kaiming normal: N(0, std²) with `std = gain/√fan_mode` (defaults: `mode=\"fan_in\"`, "
               "leaky_relu with a = 0, so std = √(2/fan_in)).", FAN, concept="he-initialization",
               formula=r"\sigma = \frac{\text{gain}}{\sqrt{\text{fan\_mode}}}", text="w ~ N(0, std²), std = gain / √fan_mode"),
    card(["torch.nn.init.trunc_normal_"],
         "Truncated normal: samples from N(mean, std²) (default 0, 1) restricted to [a, b] (default [−2, 2]). Note `a` "
         "and `b` are absolute bounds, not multiples of std (ViT uses `trunc_normal_(w, std=0.02)`).",
         ANY, ADDS, WI, T, formula=r"w \sim \mathcal{N}(\mu, \sigma^2) \text{ truncated to } [a, b]",
         formula_text="w ~ N(mean, std²) truncated to [a, b]",
         aliases=['truncated normal initialization', 'truncated normal init']),
    torch_init("orthogonal", "Fills with a (semi-)orthogonal matrix scaled by `gain` (via QR of a random normal matrix); "
               "dims after the first are flattened. Popular for recurrent weights.",
               "Any tensor with ≥ 2 dims, viewed as `(size(0), numel/size(0))`, filled in place.",
         aliases=['orthogonal initialization', 'orthogonal init']),
    torch_init("sparse", "Fills a 2-D tensor so that a fraction `sparsity` of each column is 0 and the rest ~ N(0, std²) "
               "(default std 0.01) (Martens 2010).", "A 2-D tensor, filled in place."),
    card(["torch.nn.init.calculate_gain"],
         "Recommended gain for a nonlinearity, used by the Xavier/Kaiming initializers: linear/conv/sigmoid 1, tanh 5/3, "
         "relu √2, leaky_relu √(2/(1 + slope²)) (slope default 0.01), selu 3/4.",
         "Returns a Python float; takes `nonlinearity` (string) and an optional `param` (negative slope).",
         "None (pure function).", WI, T),
]

# ------------------------------------------------------------------ Keras ---
K_SHAPE = ("Called with a shape (`init(shape=(in, out))`) or passed as `kernel_initializer=`; for a conv kernel "
           "`(k…, in, out)` fan_in = `∏k·in`, fan_out = `∏k·out`.")
K_ADDS = "Adds no parameters: it only chooses the starting values of a layer's weights."
KERAS_INITS = [
    ("GlorotUniform", "Glorot (Xavier) uniform: U(−limit, limit), `limit = √(6/(fan_in + fan_out))`; Keras' default "
     "`kernel_initializer`.", "xavier-initialization"),
    ("GlorotNormal", "Glorot (Xavier) normal: truncated normal with `stddev = √(2/(fan_in + fan_out))`.", "xavier-initialization"),
    ("HeNormal", "He normal: truncated normal with `stddev = √(2/fan_in)`.", "he-initialization"),
    ("HeUniform", "He uniform: U(−limit, limit), `limit = √(6/fan_in)`.", "he-initialization"),
    ("LecunNormal", "LeCun normal: truncated normal with `stddev = √(1/fan_in)`; the init for SELU networks.", WI),
    ("LecunUniform", "LeCun uniform: U(−limit, limit), `limit = √(3/fan_in)`.", WI),
    ("Zeros", "All zeros (the default `bias_initializer`).", WI),
    ("Ones", "All ones.", WI),
    ("Constant", "Every value equals `value` (default 0).", WI),
    ("RandomNormal", "Normal distribution with `mean=0.0`, `stddev=0.05` by default.", WI),
    ("RandomUniform", "Uniform distribution on [`minval`, `maxval`] = [−0.05, 0.05] by default.", WI),
    ("TruncatedNormal", "Normal (`mean=0.0`, `stddev=0.05` by default) with values more than 2 standard deviations from "
     "the mean re-drawn.", WI),
    ("Orthogonal", "A random orthogonal matrix (QR of a normal matrix) times `gain` (default 1); the default "
     "`recurrent_initializer` of Keras LSTM/GRU.", WI),
    ("Identity", "The identity matrix times `gain`; 2-D shapes only.", WI),
    ("VarianceScaling", "The general scheme behind Glorot/He/LeCun: variance `scale/n` with n = fan_in, fan_out or their "
     "average (`mode`), drawn from a truncated normal, untruncated normal or uniform (`distribution`). Defaults: "
     "`scale=1.0`, `mode=\"fan_in\"`, `distribution=\"truncated_normal\"`.", WI),
]


def snake(name):
    return "".join(("_" + ch.lower()) if ch.isupper() and i else ch.lower() for i, ch in enumerate(name))


for cls, summary, concept in KERAS_INITS:
    if summary[0].isupper() and summary[1].islower() and not summary.startswith(("Glorot", "He ", "LeCun")):
        summary = summary[0].lower() + summary[1:]
    CARDS.append(card([f"keras.initializers.{cls}", f"keras.initializers.{snake(cls)}"],
                      f"Keras initializer (`\"{snake(cls)}\"` as a string): " + summary, K_SHAPE, K_ADDS, concept, T))


def std_of(fn, shape):
    torch.manual_seed(0)
    w = torch.empty(*shape)
    fn(w)
    return w.std()


CHECKS = [
    # xavier_normal on (500, 1500): √(2/2000) = 0.031623 (empirical, 1% tolerance)
    ValueCheck("xavier_normal_ std", lambda: std_of(init.xavier_normal_, (500, 1500)), math.sqrt(2 / 2000), tol=0.01),
    # xavier_uniform bound √(6/2000) = 0.054772: max |w| just below it
    ValueCheck("xavier_uniform_ bound = √3·std", lambda: std_of(init.xavier_uniform_, (500, 1500)) * math.sqrt(3), math.sqrt(6 / 2000), tol=0.01),
    # kaiming_normal default: √(2/fan_in), fan_in = 1500
    ValueCheck("kaiming_normal_ std", lambda: std_of(init.kaiming_normal_, (500, 1500)), math.sqrt(2 / 1500), tol=0.01),
    # conv weight (64, 32, 3, 3): fan_in = 32·9 = 288; kaiming_uniform_ bound √2·√(3/288), std = bound/√3
    ValueCheck("kaiming_uniform_ conv fan_in", lambda: std_of(init.kaiming_uniform_, (64, 32, 3, 3)) * math.sqrt(3),
               math.sqrt(2) * math.sqrt(3 / 288), tol=0.02),
    ValueCheck("trunc_normal_ max ≤ 2", lambda: (lambda w: init.trunc_normal_(w).abs().max())(torch.empty(400, 400)) <= 2.0, 1.0),
    ValueCheck("orthogonal_ W·Wᵀ = I", lambda: (lambda w: (w @ w.T - torch.eye(4)).abs().max())(init.orthogonal_(torch.empty(4, 9))), 0.0,
               tol=1e-5),
    ValueCheck("eye_ trace", lambda: init.eye_(torch.empty(3, 5)).trace(), 3.0),
    ValueCheck("dirac_ identity conv", lambda: nn.functional.conv2d(torch.arange(18.).view(1, 2, 3, 3),
                                                                    init.dirac_(torch.empty(2, 2, 3, 3)), padding=1)[0, 1, 2, 2], 17.0),
    # sparsity 0.5 on 10 rows: ⌈0.5·10⌉ = 5 zeros per column
    ValueCheck("sparse_ zeros per column", lambda: (init.sparse_(torch.empty(10, 6), 0.5) == 0).sum(0).float().mean(), 5.0),
    ValueCheck("calculate_gain tanh", lambda: init.calculate_gain("tanh"), 5 / 3),
    ValueCheck("calculate_gain relu", lambda: init.calculate_gain("relu"), math.sqrt(2)),
    ValueCheck("calculate_gain leaky_relu default", lambda: init.calculate_gain("leaky_relu"), math.sqrt(2 / (1 + 0.01 ** 2))),
    ValueCheck("calculate_gain selu", lambda: init.calculate_gain("selu"), 0.75),
    ValueCheck("calculate_gain sigmoid", lambda: init.calculate_gain("sigmoid"), 1.0),
]
