"""api.module: torch.nn.Module and its methods (what `model.eval()`, `model.parameters()`, `model.to(device)` do)."""

import torch
import torch.nn as nn

from .common import EqualCheck, card

SUBSECTION = "api.module"
T = ["layer"]
MODE = ["train-eval-mode", "train-and-eval-modes", "training-mode"]
C = "layer"

CARDS = [
    card(["torch.nn.Module"],
         "Base class of every layer and model: subclass it, create layers in `__init__` (after "
         "`super().__init__()`), write `forward`, and call the module (`model(x)`, not `model.forward(x)`) so hooks "
         "run. Assigned sub-modules and `nn.Parameter`s are registered automatically.",
         None, "Sum of its registered parameters: `sum(p.numel() for p in model.parameters())`.", C, T,
         prefer=["layer"]),
    card(["torch.nn.Module.forward"],
         "The computation of the module, called by `model(x)` (through `__call__`, which also runs hooks). Define it; "
         "do not call it directly.", None, None, C, T),
    card(["torch.nn.Module.parameters", "torch.nn.Module.named_parameters"],
         "Iterates over the learnable parameters (recursively through sub-modules, each shared parameter once); "
         "what you pass to an optimizer: `torch.optim.AdamW(model.parameters(), lr=3e-4)`. `named_parameters()` "
         "adds dotted names (`encoder.0.weight`), handy for weight-decay groups or freezing.",
         None, "`sum(p.numel() for p in model.parameters())` counts them; add `if p.requires_grad` for trainable ones.",
         "parameters-vs-hyperparameters", T),
    card(["torch.nn.Module.buffers", "torch.nn.Module.named_buffers", "torch.nn.Module.register_buffer"],
         "Buffers are tensors that belong to the module's state but are not learned (BatchNorm's running mean, a "
         "causal mask): they move with `.to()` and are saved in `state_dict` (unless `persistent=False`).",
         None, None, "parameters-vs-hyperparameters", T),
    card(["torch.nn.Module.children", "torch.nn.Module.named_children", "torch.nn.Module.modules",
          "torch.nn.Module.named_modules", "torch.nn.Module.get_submodule", "torch.nn.Module.get_parameter",
          "torch.nn.Module.get_buffer"],
         "Walk the module tree: `children()` gives the direct sub-modules, `modules()` all of them recursively "
         "(the module itself first); the `named_` versions give dotted paths, `get_submodule(\"a.b\")` one by path.",
         None, None, C, T, title="nn.Module.children / modules / named_modules / get_submodule …"),
    card(["torch.nn.Module.train", "torch.nn.Module.training"],
         "`model.train()` puts the module and all its sub-modules in training mode (`training = True`): dropout "
         "drops, BatchNorm uses batch statistics and updates its running ones. Returns the module.",
         None, None, "dropout", T, prefer=MODE),
    card(["torch.nn.Module.eval"],
         "`model.eval()` switches to evaluation mode (same as `train(False)`): dropout does nothing and BatchNorm "
         "uses its running statistics. It does NOT turn off gradients — combine with `torch.no_grad()` for "
         "inference. Returns the module.", None, None, "dropout", T, prefer=MODE),
    card(["torch.nn.Module.to", "torch.nn.Module.cpu", "torch.nn.Module.cuda", "torch.nn.Module.xpu",
          "torch.nn.Module.ipu", "torch.nn.Module.to_empty"],
         "Moves every parameter and buffer to a device and/or dtype, in place, and returns the module: "
         "`model.to(device)`. Create the optimizer after moving the model. `to_empty` allocates without copying "
         "values (for meta-device models).", None, None, C, T, title="nn.Module.to / cpu / cuda / …"),
    card(["torch.nn.Module.half", "torch.nn.Module.float", "torch.nn.Module.double", "torch.nn.Module.bfloat16",
          "torch.nn.Module.type"],
         "Casts all floating-point parameters and buffers to float16 / float32 / float64 / bfloat16 in place (for "
         "mixed-precision training prefer `torch.autocast`, which keeps float32 master weights).",
         None, None, C, T, prefer=["mixed-precision"]),
    card(["torch.nn.Module.requires_grad_"],
         "Sets `requires_grad` on every parameter: `model.encoder.requires_grad_(False)` freezes a part of the "
         "model for fine-tuning. Returns the module.", None, None, "parameters-vs-hyperparameters", T,
         prefer=["requires-grad"]),
    card(["torch.nn.Module.zero_grad"],
         "Clears the `.grad` of every parameter of the module (like `optimizer.zero_grad()` when the optimizer "
         "holds all of them). `set_to_none` default: `False` in PyTorch 1.13, `True` since 2.0.",
         None, None, "training-loop", T),
    card(["torch.nn.Module.state_dict", "torch.nn.Module.load_state_dict", "torch.nn.Module.get_extra_state",
          "torch.nn.Module.set_extra_state", "torch.nn.Module.register_load_state_dict_post_hook"],
         "The module's parameters and persistent buffers as an ordered dict of tensors keyed by dotted names — "
         "what you save (`torch.save(model.state_dict(), path)`) and load back "
         "(`model.load_state_dict(torch.load(path))`; `strict=False` tolerates missing or extra keys).",
         None, None, "parameters-vs-hyperparameters", T),
    card(["torch.nn.Module.register_parameter", "torch.nn.Module.add_module", "torch.nn.Module.register_module"],
         "Register a parameter or sub-module under a name explicitly (what attribute assignment does for you; "
         "useful for names built in a loop).", None, None, C, T),
    card(["torch.nn.Module.apply"],
         "Calls a function on every sub-module (children first) and the module itself: "
         "`model.apply(init_weights)` to initialise all `nn.Linear` layers. Returns the module.",
         None, None, "weight-initialization", T),
    card(["torch.nn.Module.register_forward_hook", "torch.nn.Module.register_forward_pre_hook",
          "torch.nn.Module.register_full_backward_hook", "torch.nn.Module.register_backward_hook"],
         "Hooks run before/after `forward` or when gradients pass: read activations (feature extraction, "
         "debugging shapes), change inputs/outputs, inspect gradients. Each returns a handle with `.remove()`. "
         "`register_backward_hook` is deprecated in favour of the full version.", None, None, C, T,
         title="nn.Module.register_forward_hook / pre-hook / backward hooks"),
    card(["torch.nn.Module.extra_repr"],
         "Override to add your module's settings to `print(model)` (e.g. `in_features=…`).", None, None, C, T),
    card(["torch.nn.Module.share_memory"],
         "Moves parameters to shared memory so several processes (Hogwild-style training) can update them.",
         None, None, C, T),
]

_SELF = ["train", "eval", "to", "cpu", "cuda", "xpu", "ipu", "half", "float", "double", "bfloat16", "type",
         "requires_grad_", "apply", "to_empty", "share_memory"]
TYPES = {
    "classes": ["torch.nn.Module"],
    "bases": {},
    "returns": {f"torch.nn.Module.{m}": "self" for m in _SELF},
}


def returns_self(method):
    m = nn.Linear(2, 2)
    if method == "to_empty":
        return m.to_empty(device="cpu") is m
    if method in ("cuda", "xpu", "ipu"):
        return True  # no such device here; the docs state they return self like cpu()
    if method == "apply":
        return m.apply(lambda _: None) is m
    if method == "type":
        return m.type(torch.float32) is m
    return getattr(m, method)() is m


CHECKS = [EqualCheck(f"Module.{m} returns the module", lambda m=m: returns_self(m), True) for m in _SELF]
CHECKS += [
    EqualCheck("eval sets training False", lambda: nn.Dropout().eval().training, False),
    EqualCheck("eval does not disable grad", lambda: nn.Linear(2, 2).eval()(torch.ones(1, 2)).requires_grad, True),
    EqualCheck("modules() starts with the module", lambda: (lambda s: next(s.modules()) is s)(nn.Sequential(nn.Linear(1, 1))), True),
    EqualCheck("state_dict keys", lambda: list(nn.Sequential(nn.Linear(1, 1)).state_dict()), ["0.weight", "0.bias"]),
    EqualCheck("zero_grad set_to_none default in 1.13",
               lambda: __import__("inspect").signature(nn.Module.zero_grad).parameters["set_to_none"].default, False),
]
