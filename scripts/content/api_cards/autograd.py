"""api.autograd: gradients (torch.autograd, the autograd members of torch.Tensor, grad modes), mixed precision
(torch.amp, torch.cuda.amp) and torch.compile."""

import inspect

import torch
import torch.autograd as autograd

from .common import CloseCheck, EqualCheck, card

SUBSECTION = "api.autograd"
T = ["training"]
AG = ["autograd", "requires-grad", "computational-graph"]
NOGRAD = ["no-grad", "no-grad-inference-mode", "inference-mode"] + AG
AMP = ["mixed-precision", "automatic-mixed-precision"]


def grad_of_square(x=3.0):
    t = torch.tensor(x, requires_grad=True)
    (t * t).backward()
    return [t.grad.item()]


def nograd_requires_grad():
    t = torch.ones(1, requires_grad=True)
    with torch.no_grad():
        return (t * 2).requires_grad


def autocast_cpu_dtype():
    with torch.autocast("cpu"):
        return torch.mm(torch.ones(2, 2), torch.ones(2, 2)).dtype


def accumulate_twice():
    t = torch.tensor(2.0, requires_grad=True)
    (3 * t).backward()
    (3 * t).backward()
    return [t.grad.item()]


CARDS = [
    card(["torch.Tensor.backward", "torch.autograd.backward"],
         "Computes the gradient of this (scalar) tensor with respect to every leaf tensor with `requires_grad=True` "
         "that it depends on, by reverse-mode differentiation through the recorded graph, and adds it to their "
         "`.grad` — gradients accumulate, hence `optimizer.zero_grad()`. The graph is freed afterwards unless "
         "`retain_graph=True`.",
         "A non-scalar tensor needs `gradient=` (a tensor of its shape); each `.grad` has its leaf's shape.", None,
         "backpropagation", T, prefer=AG,
         formula=r"\frac{\partial L}{\partial x} = \sum_{y \in \mathrm{children}(x)} \frac{\partial L}{\partial y}\frac{\partial y}{\partial x}",
         formula_text="∂L/∂x = Σ over the ops y that use x of ∂L/∂y · ∂y/∂x"),
    card(["torch.autograd.grad"],
         "Returns the gradients of `outputs` with respect to `inputs` as a tuple, without touching `.grad`; "
         "`create_graph=True` makes them differentiable (gradient penalties, higher-order derivatives).",
         "One gradient per input, each with that input's shape.", None, "backpropagation", T, prefer=AG),
    card(["torch.Tensor.grad"],
         "The gradient accumulated into a leaf tensor by `backward()`; `None` until the first backward pass (or "
         "after `zero_grad(set_to_none=True)`). Non-leaf tensors keep none unless `retain_grad()` was called.",
         "Same shape as the tensor.", None, "backpropagation", T, prefer=["grad-attribute"] + AG),
    card(["torch.Tensor.requires_grad", "torch.Tensor.requires_grad_"],
         "Whether autograd records operations on this tensor so that gradients flow to it. Parameters have it "
         "`True`; `requires_grad_(False)` freezes a tensor in place (fine-tuning).",
         None, None, "computational-graph", T, prefer=["requires-grad"] + AG),
    card(["torch.Tensor.detach", "torch.Tensor.detach_"],
         "A tensor sharing the same data but cut from the graph: no gradient flows back through it (targets, "
         "logging, `.numpy()`, stop-gradient).", "Same shape, same storage.", None, "computational-graph", T,
         prefer=["detach"] + AG),
    card(["torch.Tensor.is_leaf", "torch.Tensor.grad_fn", "torch.Tensor.retain_grad", "torch.Tensor.register_hook"],
         "Graph bookkeeping: a leaf was created by the user (`grad_fn is None`) and receives `.grad`; a non-leaf "
         "records the operation that made it in `grad_fn`. `retain_grad()` keeps a non-leaf's gradient, "
         "`register_hook(fn)` sees (or changes) the gradient as it passes.",
         None, None, "computational-graph", T, prefer=AG, title="Tensor.is_leaf / grad_fn / retain_grad / register_hook"),
    card(["torch.autograd.Function"],
         "Define an operation with your own backward: subclass it with static `forward(ctx, …)` and "
         "`backward(ctx, grad_output)`, save what backward needs with `ctx.save_for_backward`, and call it as "
         "`MyFn.apply(x)`.", None, None, "backpropagation", T, prefer=AG),
    card(["torch.autograd.Variable"],
         "Deprecated since PyTorch 0.4: tensors carry autograd themselves; `Variable(t)` just returns a tensor.",
         None, None, "computational-graph", T, prefer=AG),
    card(["torch.no_grad", "torch.autograd.no_grad"],
         "Context manager (or decorator) that turns gradient recording off: faster, leaner evaluation and "
         "in-place updates of parameters. Results have `requires_grad=False`.",
         None, None, "computational-graph", T, prefer=NOGRAD),
    card(["torch.enable_grad", "torch.autograd.enable_grad"],
         "Turns gradient recording back on inside a `no_grad` block.", None, None, "computational-graph", T,
         prefer=NOGRAD),
    card(["torch.set_grad_enabled", "torch.autograd.set_grad_enabled", "torch.is_grad_enabled"],
         "Switches gradient recording on or off by a flag (`with torch.set_grad_enabled(phase == \"train\"):`); "
         "`torch.is_grad_enabled()` reads it.", None, None, "computational-graph", T, prefer=NOGRAD),
    card(["torch.inference_mode", "torch.autograd.inference_mode"],
         "Like `no_grad`, and faster still: tensors made inside are inference tensors that can never be used in "
         "autograd later. For pure inference.", None, None, "computational-graph", T, prefer=NOGRAD),
    card(["torch.autograd.detect_anomaly", "torch.autograd.set_detect_anomaly"],
         "Debug mode: the backward pass raises at the operation that produced a NaN and shows where its forward "
         "ran. Slow; only for debugging.", None, None, "exploding-gradient", T, prefer=AG),
    card(["torch.autograd.gradcheck", "torch.autograd.gradgradcheck"],
         "Compares analytical gradients (and second derivatives) with finite differences, in double precision — "
         "for testing a custom `Function`.", None, None, "backpropagation", T, prefer=AG),
    card(["torch.autograd.functional.jacobian", "torch.autograd.functional.hessian",
          "torch.autograd.functional.vjp", "torch.autograd.functional.jvp", "torch.autograd.functional.hvp",
          "torch.autograd.functional.vhp"],
         "Whole Jacobians and Hessians of a function, and vector–Jacobian / Jacobian–vector / Hessian–vector "
         "products, without writing the backward passes yourself.",
         "`jacobian(f, x)` of `f: (n) → (m)` is `(m, n)`; `hessian` of a scalar function of `(n)` is `(n, n)`.",
         None, "backpropagation", T, prefer=AG, title="autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp"),
    # ------------------------------------------------------------- AMP ---
    card(["torch.autocast", "torch.amp.autocast", "torch.cuda.amp.autocast", "torch.cpu.amp.autocast"],
         "Mixed precision: inside the block, eligible ops (matmuls, convolutions) run in float16 or bfloat16 "
         "while precision-sensitive ops (reductions, softmax, losses) stay in float32. Wrap the forward pass and "
         "the loss, not `backward()`. `torch.cuda.amp.autocast` is the older spelling of "
         "`torch.autocast(\"cuda\")`.", None, None, "training-loop", T, prefer=AMP,
         defaults="`torch.autocast(device_type, dtype=None, enabled=True)`: dtype float16 on CUDA, bfloat16 on CPU."),
    card(["torch.cuda.amp.GradScaler", "torch.cuda.amp.GradScaler.scale", "torch.cuda.amp.GradScaler.step",
          "torch.cuda.amp.GradScaler.update", "torch.cuda.amp.GradScaler.unscale_"],
         "Loss scaling for float16 training: `scaler.scale(loss).backward()` multiplies the loss so small "
         "gradients do not underflow; `scaler.step(opt)` unscales and skips steps whose gradients hold inf/NaN; "
         "`scaler.update()` adapts the scale. Call `scaler.unscale_(opt)` before gradient clipping. Not needed "
         "with bfloat16.", None, None, "training-loop", T, prefer=AMP,
         defaults="`init_scale=65536.0`, `growth_factor=2.0`, `backoff_factor=0.5`, `growth_interval=2000` (PyTorch 1.13)."),
    card(["torch.amp.GradScaler"],
         "The device-generic `GradScaler` (`torch.amp.GradScaler(\"cuda\")`), same methods as "
         "`torch.cuda.amp.GradScaler`.", None, None, "training-loop", T, prefer=AMP, since="PyTorch ≥ 2.3"),
    card(["torch.cuda.amp.custom_fwd", "torch.cuda.amp.custom_bwd"],
         "Decorators for the `forward`/`backward` of a custom `autograd.Function` so that it behaves under "
         "autocast (optionally casting inputs with `cast_inputs`).", None, None, "training-loop", T, prefer=AMP),
    card(["torch.compile"],
         "Compiles a model or function (TorchDynamo captures the Python code, TorchInductor generates fused "
         "kernels): `model = torch.compile(model)`. The first calls are slow while it compiles; new input shapes "
         "can trigger recompiles.", None, None, "computational-graph", T,
         prefer=["torch-compile"], since="PyTorch ≥ 2.0"),
]

CHECKS = [
    # d(t²)/dt at 3 = 6; two backward passes of 3t accumulate 3 + 3 = 6.
    CloseCheck("backward of t*t at 3", grad_of_square, [6.0]),
    CloseCheck("gradients accumulate", accumulate_twice, [6.0]),
    EqualCheck("no_grad result", lambda: nograd_requires_grad(), False),
    EqualCheck("detach cuts the graph", lambda: torch.ones(1, requires_grad=True).mul(2).detach().requires_grad, False),
    EqualCheck("GradScaler defaults", lambda: tuple(inspect.signature(torch.cuda.amp.GradScaler).parameters[k].default
                                                    for k in ("init_scale", "growth_factor", "backoff_factor", "growth_interval")),
               (2.0 ** 16, 2.0, 0.5, 2000)),
    EqualCheck("autocast on CPU is bfloat16", lambda: autocast_cpu_dtype(), torch.bfloat16),
    EqualCheck("jacobian shape", lambda: tuple(autograd.functional.jacobian(lambda x: x[:2] * 2, torch.ones(3)).shape), (2, 3)),
]

TYPES = {
    # Classes whose instances the hover index follows (`scaler = GradScaler()` then `scaler.scale(loss)`).
    "classes": ["torch.cuda.amp.GradScaler", "torch.amp.GradScaler", "torch.autograd.Function"],
    "bases": {"torch.amp.GradScaler": "torch.cuda.amp.GradScaler"},
    "returns": {
        "torch.cuda.amp.GradScaler.scale": "torch.Tensor",
        "torch.Tensor.detach": "torch.Tensor",
        "torch.Tensor.requires_grad_": "self",
        "torch.Tensor.grad": "torch.Tensor",
    },
}
CHECKS += [EqualCheck("GradScaler.scale returns a tensor", lambda: isinstance(
    torch.cuda.amp.GradScaler(enabled=False).scale(torch.ones(1)), torch.Tensor), True)]
