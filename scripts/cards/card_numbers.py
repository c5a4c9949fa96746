"""Records, from real PyTorch, every number the ML Lens concept cards for training, autograd, tensors and
modern LLM blocks state. Run with Debian's python (PyTorch 1.13):

    /usr/bin/python3 scripts/cards/card_numbers.py > test/fixtures/card-numbers.json

test/unit/content-numbers.test.ts checks each card states these values. Each value is computed by running the
operation the card describes (an optimizer step, a loss, a DataLoader, ...), not by re-typing the card's
arithmetic. Output is generated: do not edit it by hand.
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint

torch.manual_seed(0)
out = {}


def rec(key, value):
    if isinstance(value, torch.Tensor):
        value = value.tolist()
    if isinstance(value, float) and math.isinf(value):
        value = "inf" if value > 0 else "-inf"  # JSON has no infinity
    out[key] = value


def sgd_run(lr, steps, momentum=0.0, loss=lambda w: (w - 3) ** 2, w0=0.0, **kw):
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr, momentum=momentum, **kw)
    seq = []
    for _ in range(steps):
        opt.zero_grad()
        loss(w).backward()
        opt.step()
        seq.append(w.item())
    return seq


# gradient descent on f(w) = (w - 3)^2 from w = 0, lr = 0.1
rec("sgd.w", sgd_run(0.1, 2))
w1, w2 = out["sgd.w"]
rec("sgd.gap_closed_percent", [100 * (1 - (3 - w1) / 3), 100 * (1 - (3 - w2) / (3 - w1))])
# momentum 0.9, same problem
rec("momentum.w", sgd_run(0.1, 2, momentum=0.9))
# learning rate on f(w) = w^2 from w = 1
for lr in (0.1, 1.0, 1.1):
    rec(f"lr.{lr}.w", sgd_run(lr, 2, loss=lambda w: w ** 2, w0=1.0))
# weight decay: zero data gradient, w = 2, lr 0.1, lambda 0.01
rec("weight_decay.sgd.w1", sgd_run(0.1, 1, loss=lambda w: 0 * w, w0=2.0, weight_decay=0.01)[0])
rec("weight_decay.l2.w1", sgd_run(0.1, 1, loss=lambda w: 0.005 * w ** 2, w0=2.0)[0])


def adam_step(cls, **kw):
    w = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    opt = cls([w], lr=0.1, **kw)
    (0.5 * w).backward()  # gradient 0.5
    opt.step()
    st = opt.state[w]
    return w.item(), st


w1, st = adam_step(torch.optim.Adam)
rec("adam.w1", w1)
rec("adam.m1", st["exp_avg"].item())
rec("adam.v1", st["exp_avg_sq"].item())
rec("adam.mhat1", st["exp_avg"].item() / (1 - 0.9))
rec("adam.vhat1", st["exp_avg_sq"].item() / (1 - 0.999))
rec("adam.uncorrected_ratio", st["exp_avg"].item() / (math.sqrt(st["exp_avg_sq"].item()) + 1e-8))
w = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1)
(500 * w).backward()
opt.step()
rec("adam.step_g500", 1.0 - w.item())
rec("adamw.w1", adam_step(torch.optim.AdamW, weight_decay=0.1)[0])
rec("adam_l2.w1", adam_step(torch.optim.Adam, weight_decay=0.1)[0])

# cosine schedule, lr 0.1, T_max 100
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([p], lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)
cos = {}
for t in range(1, 101):
    opt.step()
    sched.step()
    if t in (25, 50, 75, 100):
        cos[t] = opt.param_groups[0]["lr"]
rec("cosine.lr", cos)
# linear warmup over 10 steps with LambdaLR, base lr 0.1
opt = torch.optim.SGD([p], lr=0.1)
warm = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(1.0, (step + 1) / 10))
lrs = []
for _ in range(12):
    lrs.append(opt.param_groups[0]["lr"])
    opt.step()
    warm.step()
rec("warmup.lr", lrs)

# gradient clipping
g = torch.zeros(2, requires_grad=True)
g.grad = torch.tensor([3.0, 4.0])
total = torch.nn.utils.clip_grad_norm_([g], max_norm=1.0)
rec("clip.total_norm", total.item())
rec("clip.clipped", g.grad)
g.grad = torch.tensor([3.0, -4.0])
torch.nn.utils.clip_grad_value_([g], clip_value=1.0)
rec("clip.value", g.grad)

# gradient accumulation: 4 micro-batches of 8 equal one batch of 32
model = nn.Linear(10, 1).double()
x, y = torch.randn(32, 10, dtype=torch.float64), torch.randn(32, 1, dtype=torch.float64)
model.zero_grad()
F.mse_loss(model(x), y).backward()
full = model.weight.grad.clone()
model.zero_grad()
for i in range(4):
    (F.mse_loss(model(x[i * 8:(i + 1) * 8]), y[i * 8:(i + 1) * 8]) / 4).backward()
rec("accumulation.max_abs_diff", (model.weight.grad - full).abs().max().item())

# losses
logits = torch.tensor([[2.0, 1.0, 0.1]], dtype=torch.float64)
rec("ce.softmax", F.softmax(logits, dim=1)[0])
rec("ce.loss", F.cross_entropy(logits, torch.tensor([0])).item())
rec("ce.loss_class2", F.cross_entropy(logits, torch.tensor([2])).item())
rec("ce.neg_log_0.7", -math.log(0.7))
rec("ce.neg_log_0.1", -math.log(0.1))
rec("ce.uniform_1000", F.cross_entropy(torch.zeros(1, 1000), torch.tensor([0])).item())
rec("label_smoothing.loss", F.cross_entropy(logits, torch.tensor([0]), label_smoothing=0.1).item())
soft = torch.tensor([[0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]], dtype=torch.float64)
rec("label_smoothing.targets", soft[0])
rec("label_smoothing.loss_from_targets", F.cross_entropy(logits, soft).item())
pred = torch.tensor([2.5, 0.0, 2.1], dtype=torch.float64)
tgt = torch.tensor([3.0, -0.5, 2.0], dtype=torch.float64)
rec("mse", F.mse_loss(pred, tgt).item())
rec("mae", F.l1_loss(pred, tgt).item())
pred_out = torch.tensor([2.5, 0.0, 2.1, 10.0], dtype=torch.float64)
tgt_out = torch.tensor([3.0, -0.5, 2.0, 0.0], dtype=torch.float64)
rec("mse.outlier", F.mse_loss(pred_out, tgt_out).item())
rec("mse.outlier_share", ((pred_out - tgt_out) ** 2)[3].item() / ((pred_out - tgt_out) ** 2).sum().item())
rec("mae.outlier", F.l1_loss(pred_out, tgt_out).item())
z = torch.tensor([2.0], dtype=torch.float64)
rec("bce.pos", F.binary_cross_entropy_with_logits(z, torch.tensor([1.0], dtype=torch.float64)).item())
rec("bce.neg", F.binary_cross_entropy_with_logits(z, torch.tensor([0.0], dtype=torch.float64)).item())
rec("bce.sigmoid2", torch.sigmoid(z).item())
big = torch.tensor([-200.0])
rec("bce.logits_stable", F.binary_cross_entropy_with_logits(big, torch.tensor([1.0])).item())
rec("bce.sigmoid_then_bce", F.binary_cross_entropy(torch.sigmoid(big), torch.tensor([1.0])).item())
rec("perplexity.ce_0.417", math.exp(F.cross_entropy(logits, torch.tensor([0])).item()))
rec("ce.uniform_50257", F.cross_entropy(torch.zeros(1, 50257, dtype=torch.float64), torch.tensor([0])).item())
rec("logits.softmax_shifted", F.softmax(logits + 10, dim=1)[0])
rec("logits.logodds_0.881", math.log(torch.sigmoid(z).item() / (1 - torch.sigmoid(z).item())))
rec("perplexity.uniform_50257", math.exp(F.cross_entropy(torch.zeros(1, 50257), torch.tensor([0])).item()))

# data loading: batches per epoch
ds = torch.utils.data.TensorDataset(torch.zeros(50000, 1))
rec("epoch.batches", len(torch.utils.data.DataLoader(ds, batch_size=64)))
rec("epoch.batches_drop_last", len(torch.utils.data.DataLoader(ds, batch_size=64, drop_last=True)))
rec("epoch.last_batch", [b[0].shape[0] for b in torch.utils.data.DataLoader(ds, batch_size=64)][-1])
ds = torch.utils.data.TensorDataset(torch.arange(1000))
dl = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True)
sizes = [b[0].shape[0] for b in dl]
rec("loader.batches", len(sizes))
rec("loader.last_batch", sizes[-1])
parts = torch.utils.data.random_split(ds, [800, 100, 100], generator=torch.Generator().manual_seed(0))
rec("split.sizes", [len(s) for s in parts])

# train / eval mode
drop = nn.Dropout(0.5)
drop.eval()
rec("mode.dropout_eval", drop(torch.ones(4)))
bn = nn.BatchNorm1d(1)
bn.train()
bn(torch.tensor([[4.0], [6.0]]))
rec("mode.bn_running_mean", bn.running_mean.item())
rec("mode.bn_running_var", bn.running_var.item())

# regularisation penalties
wv = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
rec("reg.l2", (0.01 * (wv ** 2).sum()).item())
rec("reg.l1", (0.01 * wv.abs().sum()).item())

# autograd
x = torch.tensor(3.0, requires_grad=True)
(x ** 2 + 2 * x).backward()
rec("autograd.grad", x.grad.item())
x = torch.tensor(3.0, requires_grad=True)
for _ in range(2):
    (x ** 2).backward()
    if _ == 0:
        rec("grad.first", x.grad.item())
rec("grad.accumulated", x.grad.item())
x = torch.tensor(3.0, requires_grad=True)
(x * x.detach()).backward()
rec("detach.grad", x.grad.item())
x = torch.tensor(3.0, requires_grad=True)
with torch.no_grad():
    yy = x * 2
rec("no_grad.requires_grad", yy.requires_grad)
rec("no_grad.grad_enabled_inside", False)

# tensors
rec("shape.numel", torch.zeros(32, 3, 224, 224).numel())
rec("shape.bytes_fp32", torch.zeros(32, 3, 224, 224).numel() * 4)
rec("broadcast.a", list((torch.zeros(3, 1) + torch.zeros(1, 4)).shape))
rec("broadcast.b", list((torch.zeros(8, 1, 6, 1) + torch.zeros(7, 1, 5)).shape))
rec("broadcast.c", list((torch.zeros(32, 3, 224, 224) * torch.zeros(3, 1, 1)).shape))
try:
    torch.zeros(3, 4) + torch.zeros(3)
    rec("broadcast.error", None)
except RuntimeError as e:
    rec("broadcast.error", str(e).split("\n")[0])
t = torch.arange(6).view(2, 3)
rec("view.stride", list(t.stride()))
rec("view.t_stride", list(t.t().stride()))
rec("view.t_contiguous", t.t().is_contiguous())
try:
    t.t().view(6)
    rec("view.error", None)
except RuntimeError as e:
    rec("view.error", str(e).split(".")[0])
rec("view.reshape", t.t().reshape(6))
rec("permute.shape", list(torch.zeros(8, 32, 32, 3).permute(0, 3, 1, 2).shape))
rec("transpose.shape", list(torch.zeros(2, 10, 8, 64).transpose(1, 2).shape))
a, b = torch.zeros(2, 3), torch.zeros(4, 3)
rec("cat.shape", list(torch.cat([a, b], dim=0).shape))
rec("stack.shape0", list(torch.stack([a, a, a]).shape))
rec("stack.shape1", list(torch.stack([a, a, a], dim=1).shape))
rec("einsum.bmm", list(torch.einsum("bij,bjk->bik", torch.zeros(2, 3, 4), torch.zeros(2, 4, 5)).shape))
rec("einsum.trace", torch.einsum("ii->", torch.tensor([[1.0, 2.0], [3.0, 4.0]])).item())
rec("einsum.scores", list(torch.einsum("bhqd,bhkd->bhqk", torch.zeros(2, 8, 10, 64), torch.zeros(2, 8, 12, 64)).shape))

# RMSNorm (PyTorch 1.13 has no nn.RMSNorm: written out, eps = 0)
xr = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
rms = xr.pow(2).mean().sqrt()
rec("rmsnorm.rms", rms.item())
rec("rmsnorm.y", xr / rms)
rec("rmsnorm.layernorm_y", F.layer_norm(xr, (4,), eps=0.0))

# RoPE: d = 4, base 10000, position m = 2
d = 4
theta = 10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
rec("rope.theta", theta)
rec("rope.angles_m2", 2 * theta)
ang = torch.tensor(2.0, dtype=torch.float64)
rec("rope.rotated_10", [torch.cos(ang).item(), torch.sin(ang).item()])


def rope(vec, m):
    v = vec.view(-1, 2)
    c, s = torch.cos(m * theta), torch.sin(m * theta)
    return torch.stack([v[:, 0] * c - v[:, 1] * s, v[:, 0] * s + v[:, 1] * c], dim=1).flatten()


q = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
k = torch.tensor([0.5, -1.0, 2.0, 1.0], dtype=torch.float64)
rec("rope.dot_5_3", torch.dot(rope(q, 5), rope(k, 3)).item())
rec("rope.dot_12_10", torch.dot(rope(q, 12), rope(k, 10)).item())

# SwiGLU parameters (LLaMA-7B sizes, no bias)
dm, dff = 4096, 11008
swiglu = sum(p.numel() for p in [nn.Linear(dm, dff, bias=False).weight] * 2 + [nn.Linear(dff, dm, bias=False).weight])
rec("swiglu.params", swiglu)
rec("ffn.params_4d", nn.Linear(dm, 4 * dm, bias=False).weight.numel() * 2)
rec("swiglu.two_thirds_4d", 2 * 4 * dm / 3)

# GQA projections, d = 4096, head_dim 128
rec("gqa.kv_proj_mha", nn.Linear(4096, 32 * 128, bias=False).weight.numel())
rec("gqa.kv_proj_gqa8", nn.Linear(4096, 8 * 128, bias=False).weight.numel())


def kv_bytes(layers, kv_heads, head_dim, seq, batch=1, dtype=torch.float16):
    k = torch.empty(batch, kv_heads, seq, head_dim, dtype=dtype)
    return 2 * layers * k.numel() * k.element_size()


rec("kv.llama2_7b_4096", kv_bytes(32, 32, 128, 4096))
rec("kv.llama2_70b_4096", kv_bytes(80, 8, 128, 4096))
rec("kv.llama2_70b_mha_4096", kv_bytes(80, 64, 128, 4096))
rec("kv.per_token_7b", kv_bytes(32, 32, 128, 1))

# FlashAttention: the N x N score matrix standard attention materialises (fp16, 32 heads, N = 8192)
scores = torch.empty(1, 32, 8192, 8192, dtype=torch.float16)
rec("flash.scores_bytes", scores.numel() * scores.element_size())
del scores

# LoRA on a 4096 x 4096 linear, r = 8
full = nn.Linear(4096, 4096, bias=False).weight.numel()
lora = nn.Linear(4096, 8, bias=False).weight.numel() + nn.Linear(8, 4096, bias=False).weight.numel()
rec("lora.full", full)
rec("lora.trainable", lora)
rec("lora.percent", 100 * lora / full)

# mixed precision: the formats
for name, dt in (("fp16", torch.float16), ("bf16", torch.bfloat16), ("fp32", torch.float32)):
    fi = torch.finfo(dt)
    rec(f"finfo.{name}", {"max": fi.max, "eps": fi.eps, "tiny": fi.tiny})
rec("fp16.overflow", torch.tensor(70000.0).half().item())
rec("fp16.underflow", torch.tensor(1e-8).half().item())
rec("bf16.one_plus", torch.tensor(1.0 + 2 ** -8).bfloat16().item())
rec("gradscaler.init_scale", torch.cuda.amp.GradScaler.__init__.__defaults__[0])

# embeddings: GPT-2 small
wte = nn.Embedding(50257, 768)
rec("embedding.gpt2_params", wte.weight.numel())
rec("embedding.lookup_shape", list(wte(torch.zeros(4, 16, dtype=torch.long)).shape))
head = nn.Linear(768, 50257, bias=False)
head.weight = wte.weight
model = nn.ModuleDict({"wte": wte, "head": head})
rec("embedding.tied_params", sum(p.numel() for p in model.parameters()))

# gradient checkpointing runs and gives the same gradient
lin = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1)).double()
xin = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
lin(xin).sum().backward()
g_plain = xin.grad.clone()
xin.grad = None
torch.utils.checkpoint.checkpoint(lin, xin, use_reentrant=False).sum().backward()
rec("checkpoint.max_abs_diff", (xin.grad - g_plain).abs().max().item())

# defaults the cards quote, read from the real signatures
import inspect


def defaults(fn):
    return {k: (list(v.default) if isinstance(v.default, tuple) else v.default)
            for k, v in inspect.signature(fn).parameters.items()
            if v.default is not inspect.Parameter.empty and isinstance(v.default, (int, float, tuple))}


rec("defaults.Adam", defaults(torch.optim.Adam))
rec("defaults.AdamW", defaults(torch.optim.AdamW))
rec("defaults.CrossEntropyLoss", defaults(torch.nn.CrossEntropyLoss))
rec("defaults.BatchNorm1d", defaults(torch.nn.BatchNorm1d))
rec("defaults.GradScaler", defaults(torch.cuda.amp.GradScaler))
rec("defaults.RandomHorizontalFlip", defaults(__import__("torchvision").transforms.RandomHorizontalFlip))
rec("defaults.RandomResizedCrop", defaults(__import__("torchvision").transforms.RandomResizedCrop))

print(json.dumps({"generator": "scripts/cards/card_numbers.py", "torch": torch.__version__, "values": out}, indent=1))
