"""api.tensor: the torch functions users call in models and the matching torch.Tensor methods.

Every card's shape rule is checked on a sample call, and every name recorded as returning a tensor (for the
hover index: `x = torch.cat(...)` then `x.view(...)`) is checked to return one.
"""

import torch

from .common import EqualCheck, ShapeCheck, card

SUBSECTION = "api.tensor"
T = ["layer"]
SHAPE = ["tensor-shape", "tensor-shapes", "tensors", "shape"]
VIEW = ["view-reshape", "view-and-reshape", "view-reshape-contiguous", "contiguity"] + SHAPE
PERM = ["permute-transpose", "permute-and-transpose"] + SHAPE
CAT = ["concatenate-stack", "cat-stack", "concat-stack", "concatenation"] + SHAPE
BCAST = ["broadcasting"] + SHAPE
EINSUM = ["einsum"] + SHAPE
FALLBACK = "feature-map"

x234 = lambda: torch.randn(2, 3, 4)  # noqa: E731
m23 = lambda: torch.randn(2, 3)  # noqa: E731

CARDS, CHECKS = [], []
RETURNS_TENSOR = []


def op(functions, methods, summary, shape, sample, expected, prefer, concept=FALLBACK, tensor=True, title=None,
       formula=None, formula_text=None):
    symbols = [f"torch.{f}" for f in functions] + [f"torch.Tensor.{m}" for m in methods]
    CARDS.append(card(symbols, summary, shape, None, concept, T, prefer=prefer, title=title,
                      formula=formula, formula_text=formula_text))
    if sample is not None:
        CHECKS.append(ShapeCheck(symbols[0], sample, expected))
        if tensor:
            CHECKS.append(EqualCheck(f"{symbols[0]} returns a tensor", lambda: isinstance(sample(), torch.Tensor), True))
    if tensor:
        RETURNS_TENSOR.extend(symbols)


op(["cat", "concat", "concatenate"], [],
   "Joins tensors along an existing dimension `dim` (default 0); all other dimensions must match.",
   "`(A, n₁, B)` and `(A, n₂, B)` on `dim=1` → `(A, n₁ + n₂, B)`.",
   lambda: torch.cat([torch.zeros(2, 3), torch.zeros(2, 5)], dim=1), (2, 8), CAT)
op(["stack"], [], "Joins same-shaped tensors along a NEW dimension `dim` (default 0).",
   "k tensors of shape `S` → `(k, *S)` for `dim=0` (the new axis sits at `dim`).",
   lambda: torch.stack([torch.zeros(2, 3)] * 4, dim=1), (2, 4, 3), CAT)
op(["hstack", "vstack"], [], "`hstack` concatenates along dim 1 (dim 0 for 1-D tensors); `vstack` along dim 0 "
   "after making 1-D tensors rows.", "`vstack` of `(3)` and `(3)` → `(2, 3)`.",
   lambda: torch.vstack([torch.zeros(3), torch.zeros(3)]), (2, 3), CAT)
op(["flatten"], ["flatten"], "Flattens dims `start_dim` (default 0 here, 1 in `nn.Flatten`) to `end_dim` (−1) "
   "into one; a view when possible, else a copy.", "`(N, C, H, W)` with `start_dim=1` → `(N, C·H·W)`.",
   lambda: torch.flatten(torch.zeros(2, 3, 4, 5), 1), (2, 60), VIEW)
op(["reshape"], ["reshape", "reshape_as"], "Returns the same elements in a new shape (one dim may be −1 and is "
   "inferred): a view when the memory layout allows, otherwise a copy.",
   "Any shape with the same number of elements: `(2, 3, 4)` → `reshape(6, -1)` → `(6, 4)`.",
   lambda: x234().reshape(6, -1), (6, 4), VIEW)
op([], ["view", "view_as"], "Reinterprets the same memory with a new shape (−1 inferred) without copying. Needs a "
   "compatible (e.g. contiguous) layout — after `transpose`/`permute` call `.contiguous()` first or use "
   "`reshape`. Also `x.view(dtype)` reinterprets the bytes.",
   "Same number of elements: `(N, C, H, W).view(N, -1)` → `(N, C·H·W)`.",
   lambda: torch.zeros(2, 3, 4, 5).view(2, -1), (2, 60), VIEW)
op([], ["contiguous", "is_contiguous"], "`contiguous()` returns a tensor laid out row-major in memory (a copy only "
   "if needed), as `view` requires; `is_contiguous()` says whether it already is.",
   "Same shape.", lambda: x234().transpose(0, 1).contiguous(), (3, 2, 4), VIEW)
op(["squeeze"], ["squeeze"], "Removes dimensions of size 1 (all of them, or only `dim`).",
   "`(N, 1, L)` → `squeeze(1)` → `(N, L)`.", lambda: torch.zeros(2, 1, 3).squeeze(1), (2, 3), VIEW)
op(["unsqueeze"], ["unsqueeze"], "Inserts a dimension of size 1 at `dim` (e.g. to add a batch or channel axis, or "
   "to line up dims for broadcasting).", "`(N, L)` → `unsqueeze(1)` → `(N, 1, L)`.",
   lambda: torch.zeros(2, 3).unsqueeze(1), (2, 1, 3), BCAST)
op(["transpose", "swapaxes"], ["transpose", "t", "mT", "T"],
   "Swaps two dimensions (a view, no copy: the result is usually not contiguous). `t()` / `.T` / `.mT` swap the "
   "last two (`.T` reverses all dims of an n-D tensor, deprecated beyond 2-D).",
   "`(B, L, D)` → `transpose(1, 2)` → `(B, D, L)`.", lambda: x234().transpose(1, 2), (2, 4, 3), PERM)
op(["permute", "movedim"], ["permute"], "Reorders all dimensions (a view): `permute(0, 2, 3, 1)` turns NCHW into "
   "NHWC. `movedim` moves chosen dims to new positions.",
   "`(N, C, H, W)` → `permute(0, 2, 3, 1)` → `(N, H, W, C)`.",
   lambda: torch.zeros(2, 3, 4, 5).permute(0, 2, 3, 1), (2, 4, 5, 3), PERM)
op([], ["expand", "expand_as"], "Repeats size-1 dimensions to a larger size WITHOUT copying (stride 0); −1 keeps a "
   "dim. Write to the result only after `.clone()`.", "`(3, 1)` → `expand(3, 4)` → `(3, 4)`.",
   lambda: torch.zeros(3, 1).expand(3, 4), (3, 4), BCAST)
op(["broadcast_to"], [], "Broadcasts a tensor to a shape (like `expand`, following the broadcasting rules).",
   "`(3, 1)` → `broadcast_to((2, 3, 4))` → `(2, 3, 4)`.", lambda: torch.broadcast_to(torch.zeros(3, 1), (2, 3, 4)),
   (2, 3, 4), BCAST)
op(["tile"], ["repeat"], "Copies the tensor along each dimension (`repeat(2, 3)` repeats rows twice and columns "
   "three times; unlike `expand`, memory is copied).", "`(2, 3)` → `repeat(2, 3)` → `(4, 9)`.",
   lambda: m23().repeat(2, 3), (4, 9), BCAST)
op(["repeat_interleave"], ["repeat_interleave"], "Repeats each element (or slice along `dim`) `repeats` times in "
   "place: `[a, b]` → `[a, a, b, b]`. Used to share K/V heads in grouped-query attention.",
   "`(B, H_kv, L, D)` → `repeat_interleave(g, dim=1)` → `(B, H_kv·g, L, D)`.",
   lambda: torch.zeros(2, 2, 5, 4).repeat_interleave(3, dim=1), (2, 6, 5, 4), ["grouped-query-attention"] + BCAST)
op(["split", "chunk", "unbind"], ["split", "chunk", "unbind"],
   "Cut a tensor into pieces along `dim`: `split` by piece size (or a list of sizes), `chunk` into a number of "
   "pieces, `unbind` into its slices (removing `dim`). Return tuples of views.",
   "`(B, L, 3·D)` → `chunk(3, dim=-1)` → three `(B, L, D)` (e.g. q, k, v).",
   lambda: torch.zeros(2, 5, 12).chunk(3, dim=-1)[0], (2, 5, 4), CAT, tensor=False)
op(["narrow"], ["narrow"], "A view of `length` elements of `dim` starting at `start`.",
   "`(N, L)` → `narrow(1, 2, 3)` → `(N, 3)`.", lambda: torch.zeros(2, 8).narrow(1, 2, 3), (2, 3), VIEW)
op(["gather"], ["gather"], "Picks values along `dim` at the given `index` (same number of dims): "
   "`out[i][j] = x[i][index[i][j]]` for `dim=1` — e.g. the log-probability of each target token.",
   "Output has the shape of `index`.", lambda: torch.zeros(4, 10).gather(1, torch.zeros(4, 1, dtype=torch.long)),
   (4, 1), SHAPE)
op(["scatter", "index_select", "masked_select"], ["scatter_", "index_select"],
   "Index-based reads and writes: `index_select(dim, idx)` takes whole slices, `scatter(dim, index, src)` writes "
   "values to indexed positions (the inverse of `gather`), `masked_select` returns the elements where a mask is "
   "true as a 1-D tensor.", "`index_select(0, idx)` on `(N, D)` with k indices → `(k, D)`.",
   lambda: torch.zeros(5, 3).index_select(0, torch.tensor([0, 2])), (2, 3), SHAPE)
op(["masked_fill"], ["masked_fill", "masked_fill_"], "Replaces the elements where a boolean mask (broadcastable) is "
   "true by `value` — e.g. `scores.masked_fill(mask == 0, float(\"-inf\"))` before a softmax for causal "
   "attention.", "Same shape as the input.",
   lambda: torch.zeros(2, 3).masked_fill(torch.ones(3, dtype=torch.bool), 1.0), (2, 3),
   ["causal-mask", "decoder-only"] + BCAST, concept="decoder-only")
op(["where"], [], "Element-wise choice `where(cond, a, b)`: a where cond is true, else b (all broadcast).",
   "The broadcast shape of cond, a and b.", lambda: torch.where(torch.ones(2, 1, dtype=torch.bool), torch.zeros(3),
                                                                torch.ones(2, 3)), (2, 3), BCAST)
op(["clamp", "clip"], ["clamp", "clamp_"], "Limits every element to [min, max].", "Same shape.",
   lambda: torch.zeros(2, 3).clamp(0, 1), (2, 3), SHAPE)
op(["matmul"], ["matmul"], "Matrix product with broadcasting over batch dims (the `@` operator): 1-D operands act "
   "as vectors, N-D operands as batches of matrices.",
   "`(…, n, k) @ (…, k, m)` → `(…, n, m)` (batch dims broadcast); `(B, L, D) @ (D, E)` → `(B, L, E)`.",
   lambda: torch.zeros(8, 5, 4) @ torch.zeros(4, 6), (8, 5, 6), BCAST,
   formula=r"C_{ij} = \sum_k A_{ik} B_{kj}", formula_text="Cᵢⱼ = Σₖ Aᵢₖ·Bₖⱼ")
op(["mm", "bmm", "baddbmm", "addmm"], [], "Strict matrix products: `mm` for 2-D, `bmm` for 3-D batches (no "
   "broadcasting), `addmm`/`baddbmm` add a scaled input: `β·input + α·(A @ B)`.",
   "`bmm`: `(B, n, k)` and `(B, k, m)` → `(B, n, m)`.", lambda: torch.bmm(torch.zeros(2, 3, 4), torch.zeros(2, 4, 5)),
   (2, 3, 5), SHAPE)
op(["einsum"], [], "Einstein summation: a string names each operand's axes; axes missing from the output are "
   "summed. `einsum(\"bhqd,bhkd->bhqk\", q, k)` is the attention score matrix.",
   "The output has the axes after `->`, with their sizes: `\"ij,jk->ik\"` on `(2, 3)`, `(3, 4)` → `(2, 4)`.",
   lambda: torch.einsum("bhqd,bhkd->bhqk", torch.zeros(2, 4, 5, 8), torch.zeros(2, 4, 7, 8)), (2, 4, 5, 7), EINSUM)
op(["outer", "dot", "tensordot"], [], "`outer(a, b)`: all products aᵢbⱼ; `dot`: inner product of 1-D tensors; "
   "`tensordot`: contraction over chosen axes.", "`outer` of `(n)` and `(m)` → `(n, m)`.",
   lambda: torch.outer(torch.zeros(3), torch.zeros(4)), (3, 4), EINSUM)
op(["softmax", "log_softmax"], ["softmax", "log_softmax"],
   "Softmax / log-softmax along `dim` (the function form of `nn.Softmax`); give `dim` explicitly.",
   "Same shape; slices along `dim` sum to 1.", lambda: torch.softmax(torch.zeros(2, 3), dim=-1), (2, 3),
   ["softmax"], concept="softmax",
   formula=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", formula_text="softmax(x)ᵢ = eˣⁱ / Σⱼ eˣʲ")
op(["sigmoid", "tanh", "relu"], [], "Element-wise activations as plain functions (`torch.sigmoid`, `torch.tanh`, "
   "`torch.relu`), also available as tensor methods and in `torch.nn.functional`.", "Same shape.",
   lambda: torch.sigmoid(torch.zeros(2, 3)), (2, 3), ["activation-function"], concept="activation-function")
op(["exp", "log", "sqrt", "abs"], [], "Element-wise math.", "Same shape.", lambda: torch.exp(torch.zeros(2)), (2,),
   SHAPE)
op(["sum", "mean", "std", "var", "prod", "amax", "amin", "logsumexp"], ["sum", "mean", "std", "var"],
   "Reductions over `dim` (all elements if omitted); `keepdim=True` keeps the reduced axis as size 1 so the "
   "result still broadcasts against the input. `std`/`var` use Bessel's correction (n − 1) by default.",
   "`(N, C, H, W)` → `mean(dim=(2, 3))` → `(N, C)`; with `keepdim=True` → `(N, C, 1, 1)`.",
   lambda: torch.zeros(2, 3, 4, 5).mean(dim=(2, 3)), (2, 3), BCAST)
op(["max", "min"], ["max", "min"], "Without `dim`: the largest/smallest element. With `dim`: a named tuple "
   "`(values, indices)` along `dim`. With a second tensor: the element-wise max/min.",
   "`(N, C)` → `max(dim=1)` → values `(N)`, indices `(N)`.", lambda: torch.zeros(4, 3).max(dim=1).values, (4,),
   SHAPE, tensor=False)
op(["argmax", "argmin"], ["argmax", "argmin"], "Index of the largest/smallest value along `dim` (e.g. the "
   "predicted class of logits).", "`(N, C)` → `argmax(dim=1)` → `(N)`.", lambda: torch.zeros(4, 3).argmax(dim=1),
   (4,), SHAPE)
op(["topk", "sort", "argsort"], ["topk", "sort"], "The k largest values (`topk`, with indices) or a full sort along "
   "`dim`.", "`(N, V)` → `topk(5, dim=-1)` → values and indices `(N, 5)`.",
   lambda: torch.zeros(2, 10).topk(5, dim=-1).values, (2, 5), SHAPE, tensor=False)
op(["cumsum"], ["cumsum"], "Running sum along `dim`.", "Same shape.", lambda: torch.zeros(2, 3).cumsum(1), (2, 3),
   SHAPE)
op(["norm"], ["norm"], "Vector or matrix norm (2-norm / Frobenius by default) over `dim`.",
   "Reduced over `dim` (a scalar without it).", lambda: torch.zeros(2, 3).norm(dim=1), (2,), SHAPE)
op(["tril", "triu"], ["tril", "triu"], "Keeps the lower (`tril`) or upper (`triu`) triangle of the last two dims, "
   "zeroing the rest — `torch.tril(torch.ones(L, L))` is a causal mask.", "Same shape.",
   lambda: torch.tril(torch.ones(4, 4)), (4, 4), ["causal-mask", "decoder-only"], concept="decoder-only")
op(["zeros", "ones", "full", "empty", "eye"], [],
   "New tensors filled with 0, 1, a value, uninitialised memory, or the identity matrix; pass `dtype` and "
   "`device` to create them where they are needed.", "The shape you pass: `zeros(2, 3)` → `(2, 3)`.",
   lambda: torch.zeros(2, 3), (2, 3), SHAPE)
op(["zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like"],
   ["new_zeros", "new_ones", "new_full", "new_empty", "new_tensor"],
   "New tensors with the shape (`*_like`) and the dtype and device of an existing one — safer than `zeros` inside "
   "a model that may move to a GPU.", "`*_like(x)` has `x`'s shape; `x.new_zeros(s)` has shape `s`.",
   lambda: torch.zeros_like(torch.zeros(2, 3)), (2, 3), SHAPE)
op(["rand", "randn", "randint", "randperm"], [], "Random tensors: uniform [0, 1), standard normal, integers in "
   "[low, high), a random permutation. Seed with `torch.manual_seed`.", "The shape you pass: `randn(4, 3)` → `(4, 3)`.",
   lambda: torch.randn(4, 3), (4, 3), SHAPE)
op(["arange", "linspace"], [], "Evenly spaced values: `arange(start, end, step)` (end excluded), `linspace(start, "
   "end, steps)` (end included).", "`arange(5)` → `(5)`; `linspace(0, 1, 11)` → `(11)`.",
   lambda: torch.arange(5), (5,), SHAPE)
op(["tensor", "as_tensor", "from_numpy"], [], "Tensors from Python data or NumPy arrays: `tensor` always copies, "
   "`as_tensor` and `from_numpy` share memory with a NumPy array when they can.", "The shape of the data.",
   lambda: torch.tensor([[1, 2, 3]]), (1, 3), SHAPE)
op(["multinomial"], [], "Draws indices from probability rows (sampling the next token from softmax probabilities).",
   "`(N, V)` probabilities → `(N, num_samples)` indices.", lambda: torch.multinomial(torch.ones(2, 5), 3), (2, 3),
   SHAPE)
op(["meshgrid"], [], "Coordinate grids from 1-D tensors (pass `indexing=\"ij\"` or `\"xy\"`).",
   "Inputs `(n)`, `(m)` → two `(n, m)` grids with `indexing=\"ij\"`.",
   lambda: torch.meshgrid(torch.zeros(3), torch.zeros(4), indexing="ij")[0], (3, 4), SHAPE, tensor=False)
op(["flip", "roll"], ["flip", "roll"], "Reverse (`flip`) or cyclically shift (`roll`) along dims.", "Same shape.",
   lambda: torch.zeros(2, 3).flip(1), (2, 3), SHAPE)
op(["manual_seed"], [], "Seeds PyTorch's random number generators (CPU and CUDA) for reproducible runs.", None,
   None, None, SHAPE, tensor=False)
op(["save", "load"], [], "Serialise tensors, `state_dict`s and checkpoints to a file (pickle-based — `load` only "
   "trusted files, or pass `weights_only=True` where available).", None, None, None, SHAPE, tensor=False)
op(["allclose", "equal", "isnan", "isfinite", "is_tensor", "numel"], [],
   "Comparisons and checks: `allclose` (within rtol/atol), `equal` (same shape and values), element-wise `isnan`/"
   "`isfinite`, `is_tensor`, `numel` (number of elements).", None, None, None, SHAPE, tensor=False)
op(["diag", "cdist"], [], "`diag`: the diagonal of a matrix, or a diagonal matrix from a vector; `cdist`: pairwise "
   "p-norm distances between two sets of row vectors.", "`cdist` of `(B, P, D)` and `(B, R, D)` → `(B, P, R)`.",
   lambda: torch.cdist(torch.zeros(2, 3, 4), torch.zeros(2, 5, 4)), (2, 3, 5), SHAPE)

# torch.Tensor members that are not functions of torch.*.
op([], ["size", "dim", "numel", "shape", "ndim", "dtype", "device", "element_size", "nelement", "stride"],
   "Shape and layout facts: `x.shape` / `x.size()` (a `torch.Size`, also `x.size(d)`), `x.dim()` / `x.ndim`, "
   "`x.numel()` elements, `dtype`, `device`, bytes per element, strides.", None, None, None, SHAPE, tensor=False,
   title="Tensor.shape / size / dim / numel / dtype / device")
op([], ["to", "cpu", "cuda", "float", "half", "double", "long", "int", "bool", "bfloat16", "type_as", "pin_memory"],
   "Moves a tensor to a device and/or converts its dtype (`x.to(device)`, `x.to(torch.float16)`, `x.float()`); "
   "returns the tensor itself when nothing changes, else a copy.", "Same shape.",
   lambda: torch.zeros(2, 3).to(torch.float64), (2, 3), SHAPE, title="Tensor.to / cpu / cuda / float / half / …")
op([], ["item", "tolist", "numpy"], "Leaves the tensor world: `item()` gives the Python number of a one-element "
   "tensor (e.g. `loss.item()` for logging, which also syncs with the GPU), `tolist()` nested lists, `numpy()` a "
   "NumPy array sharing memory (CPU tensors without grad: `x.detach().cpu().numpy()`).", None, None, None, SHAPE,
   tensor=False)
op([], ["clone", "copy_", "zero_", "fill_", "normal_", "uniform_", "add_", "mul_", "sub_", "div_"],
   "`clone()` copies (and stays in the autograd graph); methods ending in `_` work in place: `zero_`, `fill_`, "
   "`normal_`, `uniform_` (initialisation), `add_`, `mul_`, … In-place ops on tensors that autograd needs raise "
   "an error at `backward()`.", "Same shape.", lambda: torch.zeros(2, 3).clone(), (2, 3), SHAPE,
   title="Tensor.clone and in-place methods (zero_, fill_, add_, …)")
op([], ["unfold"], "Sliding windows of `size` with `step` along `dim`, as a new last dim (a view).",
   "`(N, L)` → `unfold(1, k, s)` → `(N, ⌊(L − k)/s⌋ + 1, k)`.", lambda: torch.zeros(2, 10).unfold(1, 4, 2), (2, 4, 4),
   SHAPE)

CARDS.append(card(["torch.Tensor"],
                  "An n-dimensional array with a `dtype`, a `device` and (optionally) autograd: what every layer "
                  "takes and returns. Most `torch.*` functions are also methods (`torch.cat` aside).",
                  "`x.shape` is a `torch.Size`; batched data is usually `(N, …)`.", None, FALLBACK, T, prefer=SHAPE))

TYPES = {
    "classes": ["torch.Tensor"],
    "bases": {"torch.nn.Parameter": "torch.Tensor"},
    "returns": {**{s: "torch.Tensor" for s in RETURNS_TENSOR if s.startswith("torch.")},
                "torch.Tensor.__getitem__": "torch.Tensor"},
}
# Attributes that are not tensors.
for name in ("torch.Tensor.shape", "torch.Tensor.size", "torch.Tensor.dim", "torch.Tensor.numel"):
    TYPES["returns"].pop(name, None)
CHECKS.append(EqualCheck("Parameter is a Tensor", lambda: issubclass(torch.nn.Parameter, torch.Tensor), True))
CHECKS.append(EqualCheck("indexing a tensor gives a tensor", lambda: isinstance(torch.zeros(3, 2)[0], torch.Tensor), True))
CHECKS.append(EqualCheck("x.T is a tensor", lambda: isinstance(torch.zeros(3, 2).T, torch.Tensor), True))
