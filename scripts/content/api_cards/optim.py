"""api.optim: torch.optim optimizers, torch.optim.lr_scheduler schedulers and torch.optim.swa_utils.

Every default stated here is read back from PyTorch (`optimizer.defaults`, scheduler attributes), and one
update step of the common optimizers and a few points of the common schedules are worked by hand and
compared with PyTorch.
"""

import math

import torch
import torch.optim as optim
import torch.optim.lr_scheduler as sched
from torch.optim import swa_utils

from .common import CloseCheck, EqualCheck, card

SUBSECTION = "api.optim"
T = ["training"]

# Concept ids: the optimization cards (written alongside these API cards) are linked once they exist; until
# then the training-loop card, which shows where an optimizer step sits, is the concept.
OPT = ["optimizer", "gradient-descent"]
SCHED = ["lr-schedule", "learning-rate-schedule", "learning-rate-schedules", "learning-rate-warmup", "learning-rate"]


def fmt(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def defaults_text(defaults, note=""):
    text = ", ".join(f"`{k}={fmt(v)}`" for k, v in defaults.items()) + " (PyTorch 1.13)."
    return text + (" " + note if note else "")


def one_param(value=1.0):
    return torch.nn.Parameter(torch.tensor([value]))


def step_once(make, grad=0.5, steps=1):
    """Values of a single parameter (starting at 1.0, constant gradient `grad`) after each step."""
    p = one_param()
    opt = make([p])
    out = []
    for _ in range(steps):
        opt.zero_grad()
        (p * grad).sum().backward()
        opt.step()
        out.append(p.item())
    return out


OPTIMIZERS = [
    # name, summary, defaults (checked against opt.defaults), formula, formula_text, prefer, note
    ("SGD",
     "Stochastic gradient descent, optionally with momentum, dampening, Nesterov momentum and L2 weight decay "
     "(added to the gradient).",
     {"momentum": 0, "dampening": 0, "weight_decay": 0, "nesterov": False},
     r"v_t = \mu v_{t-1} + g_t,\quad \theta_t = \theta_{t-1} - \eta\, v_t",
     "vₜ = μ·vₜ₋₁ + gₜ,  θₜ = θₜ₋₁ − lr·vₜ  (g includes weight_decay·θ; without momentum θ ← θ − lr·g)",
     ["sgd", "momentum", "gradient-descent"],
     "`lr` has no default in 1.13 (later versions default to 0.001)."),
    ("Adam",
     "Adam: per-parameter step sizes from running averages of the gradient (m) and its square (v), with bias "
     "correction. `weight_decay` here is L2 added to the gradient — use `AdamW` for decoupled weight decay.",
     {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0, "amsgrad": False},
     r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,\ "
     r"\theta_t = \theta_{t-1} - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
     "m = β₁m + (1−β₁)g,  v = β₂v + (1−β₂)g²,  θ ← θ − lr·m̂/(√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)",
     ["adam"], ""),
    ("AdamW",
     "Adam with decoupled weight decay: each step first shrinks the weights, `θ ← θ − lr·λ·θ`, then takes the "
     "Adam step; the decay does not pass through the adaptive scaling (Loshchilov & Hutter). The usual choice "
     "for transformers.",
     {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": False},
     r"\theta_t = \theta_{t-1} - \eta\lambda\theta_{t-1} - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
     "θ ← θ − lr·λ·θ − lr·m̂/(√v̂ + ε)  (m̂, v̂ as in Adam; λ = weight_decay)",
     ["adamw", "weight-decay", "adam"], ""),
    ("Adagrad",
     "Adagrad: divides each step by the root of the sum of all past squared gradients, so often-updated "
     "parameters slow down.",
     {"lr": 1e-2, "lr_decay": 0, "weight_decay": 0, "initial_accumulator_value": 0, "eps": 1e-10},
     r"s_t = s_{t-1} + g_t^2,\quad \theta_t = \theta_{t-1} - \eta\,\frac{g_t}{\sqrt{s_t} + \epsilon}",
     "s ← s + g²,  θ ← θ − lr·g/(√s + ε)", [], ""),
    ("RMSprop",
     "RMSprop: divides each step by the root of a running average of squared gradients (optionally centred, "
     "optionally with momentum).",
     {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0, "momentum": 0, "centered": False},
     r"v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\quad \theta_t = \theta_{t-1} - \eta\,\frac{g_t}{\sqrt{v_t} + \epsilon}",
     "v ← α·v + (1−α)·g²,  θ ← θ − lr·g/(√v + ε)", [], ""),
    ("Adadelta",
     "Adadelta: RMSprop-like scaling where the step size also comes from a running average of past updates, so "
     "`lr` only rescales the result.",
     {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0}, None, None, [], ""),
    ("Adamax", "Adamax: Adam with the infinity norm (a running max of |g|) in place of the root of v.",
     {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0}, None, None, ["adam"], ""),
    ("NAdam", "NAdam: Adam with Nesterov momentum (the momentum step is looked ahead).",
     {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0, "momentum_decay": 4e-3}, None, None,
     ["adam"], ""),
    ("RAdam",
     "RAdam: Adam whose adaptive term is switched in gradually (rectified) while the variance estimate is still "
     "unreliable, a built-in warm-up.",
     {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0}, None, None, ["adam"], ""),
    ("ASGD", "Averaged SGD: SGD that also keeps a running average of the parameters (`ax` in its state).",
     {"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0}, None, None, ["sgd"], ""),
    ("Rprop",
     "Resilient backprop: uses only the sign of each gradient; each parameter's step grows by `etas[1]` while "
     "the sign holds and shrinks by `etas[0]` when it flips. For full-batch training.",
     {"lr": 1e-2, "etas": (0.5, 1.2), "step_sizes": (1e-6, 50)}, None, None, [], ""),
    ("SparseAdam",
     "Adam for sparse gradients (e.g. `nn.Embedding(..., sparse=True)`): only the rows that received a "
     "gradient have their moments updated.",
     {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}, None, None, ["adam"], ""),
    ("LBFGS",
     "L-BFGS, a quasi-Newton method: `step(closure)` re-evaluates the loss several times per step; needs "
     "full-batch, deterministic losses and memory for `history_size` past updates.",
     {"lr": 1, "max_iter": 20, "tolerance_grad": 1e-7, "tolerance_change": 1e-9, "history_size": 100}, None, None,
     [], "`step` needs a closure that zeroes the gradients, computes the loss, calls `backward()` and returns the loss."),
]

CARDS = []
CHECKS = []
for name, summary, defaults, formula, formula_text, prefer, note in OPTIMIZERS:
    CARDS.append(card([f"torch.optim.{name}"], summary, None, None, "training-loop", T,
                      formula=formula, formula_text=formula_text,
                      defaults=defaults_text(defaults, note), prefer=prefer + OPT))
    cls = getattr(optim, name)
    make = (lambda cls=cls: cls([one_param()], lr=0.1)) if name == "SGD" else (lambda cls=cls: cls([one_param()]))
    for key, value in defaults.items():
        CHECKS.append(EqualCheck(f"{name} default {key}", lambda make=make, key=key: make().defaults[key], value))

# One step worked by hand: parameter 1.0, gradient 0.5.
#   SGD(lr=0.1, momentum=0.9), two steps: v = 0.5 → θ = 0.95; v = 0.9·0.5 + 0.5 = 0.95 → θ = 0.855.
#   Adam(lr=0.1): m̂ = 0.5, v̂ = 0.25 → θ = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.9.
#   AdamW(lr=0.1, weight_decay=0.1): θ = 1·(1 − 0.01) − 0.1 = 0.89.
#   Adagrad(lr=0.1): s = 0.25 → θ = 1 − 0.1·0.5/0.5 = 0.9.
#   RMSprop(lr=0.01): v = 0.01·0.25 = 0.0025 → θ = 1 − 0.01·0.5/0.05 = 0.9.
CHECKS += [
    CloseCheck("SGD momentum two steps", lambda: step_once(lambda p: optim.SGD(p, lr=0.1, momentum=0.9), steps=2),
               [0.95, 0.855]),
    CloseCheck("Adam first step", lambda: step_once(lambda p: optim.Adam(p, lr=0.1)), [0.9]),
    CloseCheck("AdamW first step", lambda: step_once(lambda p: optim.AdamW(p, lr=0.1, weight_decay=0.1)), [0.89]),
    CloseCheck("Adagrad first step", lambda: step_once(lambda p: optim.Adagrad(p, lr=0.1)), [0.9]),
    CloseCheck("RMSprop first step", lambda: step_once(lambda p: optim.RMSprop(p, lr=0.01)), [0.9]),
]

CARDS += [
    card(["torch.optim.Optimizer"],
         "Base class of every optimizer: holds `param_groups` (lists of parameters with their own `lr`, "
         "`weight_decay`, …) and per-parameter `state` (e.g. Adam's moments).",
         None, None, "training-loop", T, prefer=OPT,
         defaults="`optimizer.param_groups[0][\"lr\"]` reads (and can set) the current learning rate."),
    card(["torch.optim.Optimizer.step"],
         "Updates every parameter from its `.grad` using the optimizer's rule; call it after `loss.backward()` "
         "(and after gradient clipping or `scaler.unscale_`). LBFGS needs `step(closure)`.",
         None, None, "training-loop", T, prefer=OPT),
    card(["torch.optim.Optimizer.zero_grad"],
         "Clears the gradients of every parameter before the next `backward()` — gradients accumulate otherwise. "
         "`set_to_none=True` sets `.grad` to `None` instead of zeros (default `False` in PyTorch 1.13, `True` "
         "since 2.0). Skipping it for k steps is gradient accumulation.",
         None, None, "training-loop", T, prefer=["gradient-accumulation"] + OPT),
    card(["torch.optim.Optimizer.state_dict", "torch.optim.Optimizer.load_state_dict"],
         "The optimizer's state (moments, step counts) and hyper-parameters as a dict, to save with the model's "
         "`state_dict()` and restore when resuming training.", None, None, "training-loop", T, prefer=OPT),
    card(["torch.optim.Optimizer.add_param_group"],
         "Adds a group of parameters with its own hyper-parameters (e.g. unfreezing layers while fine-tuning with "
         "a smaller `lr`).", None, None, "training-loop", T, prefer=OPT),
]
CHECKS += [
    EqualCheck("zero_grad set_to_none default in 1.13",
               lambda: __import__("inspect").signature(optim.Optimizer.zero_grad).parameters["set_to_none"].default,
               False),
]

# ---------------------------------------------------------------- schedulers ---

SCHEDULERS = [
    ("LambdaLR", "Sets each group's lr to `base_lr · lr_lambda(epoch)` (a function you give; handy for warm-up).",
     r"\eta_t = \eta_0 \cdot \lambda(t)", "lrₜ = base_lr · lr_lambda(t)", None),
    ("MultiplicativeLR", "Multiplies the lr by `lr_lambda(epoch)` at every step.",
     r"\eta_t = \eta_{t-1} \cdot \lambda(t)", "lrₜ = lrₜ₋₁ · lr_lambda(t)", None),
    ("StepLR", "Multiplies the lr by `gamma` (default 0.1) every `step_size` epochs.",
     r"\eta_t = \eta_0 \cdot \gamma^{\lfloor t / s \rfloor}", "lrₜ = base_lr · gamma^⌊t / step_size⌋", None),
    ("MultiStepLR", "Multiplies the lr by `gamma` (default 0.1) at each epoch listed in `milestones`.",
     None, None, None),
    ("ConstantLR", "Multiplies the lr by `factor` (default 1/3) for the first `total_iters` (default 5) steps, "
     "then uses the base lr.", None, None, None),
    ("LinearLR", "Warm-up (or decay) by a linearly changing factor from `start_factor` (default 1/3) to "
     "`end_factor` (default 1.0) over `total_iters` (default 5) steps.",
     r"\eta_t = \eta_0\Big(s + (e - s)\frac{\min(t, T)}{T}\Big)",
     "lrₜ = base_lr · (start + (end − start)·min(t, total_iters)/total_iters)", None),
    ("ExponentialLR", "Multiplies the lr by `gamma` every epoch.", r"\eta_t = \eta_0 \gamma^t",
     "lrₜ = base_lr · gammaᵗ", None),
    ("SequentialLR", "Runs schedulers one after another, switching at the `milestones` (e.g. `LinearLR` warm-up "
     "then `CosineAnnealingLR`).", None, None, None),
    ("ChainedScheduler", "Steps several schedulers together, so their factors multiply.", None, None, None),
    ("CosineAnnealingLR",
     "Cosine decay from the base lr to `eta_min` (default 0) over `T_max` steps (half a cosine period; it "
     "rises again after `T_max`).",
     r"\eta_t = \eta_{min} + \tfrac{1}{2}(\eta_0 - \eta_{min})\big(1 + \cos(\pi t / T_{max})\big)",
     "lrₜ = eta_min + ½·(base_lr − eta_min)·(1 + cos(π·t / T_max))", None),
    ("CosineAnnealingWarmRestarts",
     "SGDR: cosine decay over `T_0` epochs, then a restart at the base lr; each period is `T_mult` times "
     "longer (default 1).", None, None, None),
    ("CyclicLR",
     "Cycles the lr between `base_lr` and `max_lr` (`mode` \"triangular\", \"triangular2\", \"exp_range\"); "
     "stepped every batch. With `cycle_momentum=True` (default) the optimizer needs a momentum.", None, None, None),
    ("OneCycleLR",
     "One cycle per training run, stepped every batch: warm-up from `max_lr/div_factor` (25) to `max_lr` over "
     "`pct_start` (0.3) of the steps, then cosine annealing to `max_lr/(div_factor·final_div_factor)`.",
     None, None, None),
    ("PolynomialLR", "Decays the lr polynomially to 0 over `total_iters` (default 5) steps with `power` "
     "(default 1, linear).", r"\eta_t = \eta_0 (1 - \min(t, T)/T)^p", "lrₜ = base_lr · (1 − min(t, total_iters)/total_iters)^power", None),
]
for name, summary, formula, formula_text, _ in SCHEDULERS:
    CARDS.append(card([f"torch.optim.lr_scheduler.{name}"], summary + " Call `scheduler.step()` after "
                      "`optimizer.step()`.", None, None, "training-loop", T, formula=formula, formula_text=formula_text,
                      prefer=SCHED))

CARDS += [
    card(["torch.optim.lr_scheduler.ReduceLROnPlateau", "torch.optim.lr_scheduler.ReduceLROnPlateau.step"],
         "Multiplies the lr by `factor` when a monitored metric stops improving for `patience` epochs; call "
         "`scheduler.step(val_loss)` with the metric.", None, None, "training-loop", T, prefer=SCHED,
         defaults="`mode=\"min\"`, `factor=0.1`, `patience=10`, `threshold=1e-4`, `cooldown=0`, `min_lr=0` (PyTorch 1.13)."),
    card(["torch.optim.lr_scheduler.LRScheduler", "torch.optim.lr_scheduler.LRScheduler.step"],
         "Base class of the lr schedulers (`_LRScheduler` before PyTorch 2.0). `step()` moves the schedule one "
         "epoch (or batch, for `OneCycleLR`/`CyclicLR`) and writes the new lr into the optimizer.",
         None, None, "training-loop", T, prefer=SCHED, since="PyTorch ≥ 2.0"),
    card(["torch.optim.lr_scheduler.LRScheduler.get_last_lr"],
         "The learning rates the scheduler set last (one per parameter group) — what to log.",
         None, None, "training-loop", T, prefer=SCHED, since="PyTorch ≥ 2.0"),
    card(["torch.optim.swa_utils.AveragedModel"],
         "Keeps a running (or exponential) average of a model's weights for stochastic weight averaging or EMA; "
         "call `update_parameters(model)` after optimizer steps.", None, None, "training-loop", T, prefer=OPT),
    card(["torch.optim.swa_utils.SWALR"],
         "The constant or annealed learning rate used during stochastic weight averaging.",
         None, None, "training-loop", T, prefer=SCHED),
    card(["torch.optim.swa_utils.update_bn"],
         "Recomputes BatchNorm running statistics for an averaged model by one pass over the data loader.",
         None, None, "batch-normalization", T),
]


def lr_after(make, steps, base=1.0):
    p = one_param()
    opt = optim.SGD([p], lr=base)
    s = make(opt)
    for _ in range(steps):
        opt.step()
        s.step()
    return [opt.param_groups[0]["lr"]]


CHECKS += [
    # CosineAnnealingLR(T_max=10) from lr 1.0: after 5 steps ½(1 + cos(π/2)) = 0.5; after 10 steps 0.
    CloseCheck("CosineAnnealingLR at T_max/2", lambda: lr_after(lambda o: sched.CosineAnnealingLR(o, T_max=10), 5), [0.5]),
    CloseCheck("CosineAnnealingLR at T_max", lambda: lr_after(lambda o: sched.CosineAnnealingLR(o, T_max=10), 10), [0.0]),
    # StepLR(step_size=3): 1.0 for steps 0-2, 0.1 at 3.
    CloseCheck("StepLR after step_size", lambda: lr_after(lambda o: sched.StepLR(o, step_size=3), 3), [0.1]),
    # LinearLR defaults: starts at 1/3, reaches 1.0 after 5 steps.
    CloseCheck("LinearLR start", lambda: lr_after(lambda o: sched.LinearLR(o), 0), [1 / 3]),
    CloseCheck("LinearLR end", lambda: lr_after(lambda o: sched.LinearLR(o), 5), [1.0]),
    # OneCycleLR starts at max_lr / 25.
    CloseCheck("OneCycleLR start", lambda: lr_after(lambda o: sched.OneCycleLR(o, max_lr=1.0, total_steps=100), 0),
               [1 / 25]),
    CloseCheck("ExponentialLR", lambda: lr_after(lambda o: sched.ExponentialLR(o, gamma=0.5), 2), [0.25]),
    CloseCheck("PolynomialLR default (linear over 5)", lambda: lr_after(lambda o: sched.PolynomialLR(o), 2), [0.6]),
    EqualCheck("ReduceLROnPlateau defaults", lambda: (lambda s: (s.mode, s.factor, s.patience, s.threshold, s.cooldown))(
        sched.ReduceLROnPlateau(optim.SGD([one_param()], lr=1))), ("min", 0.1, 10, 1e-4, 0)),
    EqualCheck("ConstantLR default factor", lambda: lr_after(lambda o: sched.ConstantLR(o), 0), [1.0 / 3.0]),
    CloseCheck("cos check", lambda: [0.5 * (1 + math.cos(math.pi / 2))], [0.5]),
]

# --------------------------------------------------------------- type facts ---
# What the hover index needs to follow `opt = torch.optim.AdamW(...)` to `opt.step()`: every optimizer's
# methods come from torch.optim.Optimizer, every scheduler's from LRScheduler. Checked below with issubclass.
TYPES = {
    "bases": {**{f"torch.optim.{n}": "torch.optim.Optimizer" for n, *_ in OPTIMIZERS},
              **{f"torch.optim.lr_scheduler.{n}": "torch.optim.lr_scheduler.LRScheduler" for n, *_ in SCHEDULERS}},
    "returns": {},
}
CHECKS += [EqualCheck(f"{n} is an Optimizer", lambda n=n: issubclass(getattr(optim, n), optim.Optimizer), True)
           for n, *_ in OPTIMIZERS]
CHECKS += [EqualCheck(f"{n} is an LR scheduler", lambda n=n: issubclass(getattr(sched, n), sched._LRScheduler), True)
           for n, *_ in SCHEDULERS]
