"""api.embedding: lookup tables and one-hot encoding."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.embedding"

CARDS = [
    card(["torch.nn.Embedding", "torch.nn.functional.embedding"],
         "Lookup table: row `i` of a learned `(num_embeddings, embedding_dim)` weight is the vector for token id `i`. "
         "`padding_idx` makes that row start at zeros and stay fixed (no gradient); `max_norm` renormalizes looked-up rows.",
         "Integer input `(*)` → output `(*, embedding_dim)`; ids must lie in `[0, num_embeddings)`.",
         "`num_embeddings·embedding_dim` (e.g. 10,000 × 300 = 3,000,000); `F.embedding` takes the weight as an argument.",
         "layer", ["layer"], aliases=["embedding layer", "embedding table", "embedding lookup"]),
    card(["torch.nn.EmbeddingBag", "torch.nn.functional.embedding_bag"],
         "Embedding lookup fused with a reduction over each bag of ids (`mode=\"mean\"` default, `\"sum\"`, `\"max\"`), "
         "without materializing the per-id vectors; optional `per_sample_weights` with `\"sum\"`.",
         "Input `(B, N)` (fixed-size bags) → `(B, embedding_dim)`; or 1-D input with `offsets` `(B)` → `(B, embedding_dim)`.",
         "`num_embeddings·embedding_dim`.", "layer", ["layer"]),
    card(["torch.nn.functional.one_hot"],
         "One-hot encoding of integer class ids: a 1 at the id's position, 0 elsewhere (int64 result).",
         "Input `(*)` → output `(*, num_classes)`; `num_classes=-1` (default) uses `max(input) + 1`.",
         "Functional: no parameters.", "layer", ["layer"], aliases=["one-hot encoding", "one-hot vector"]),
    card(["keras.layers.Embedding"],
         "Keras lookup table turning positive integer ids into dense vectors of size `output_dim`; "
         "`mask_zero=True` treats id 0 as padding for downstream layers.",
         "Input `(batch, sequence_length)` → output `(batch, sequence_length, output_dim)`.",
         "`input_dim·output_dim` (e.g. 1,000 × 64 = 64,000).", "layer", ["layer"]),
]

CHECKS = [
    ParamCheck("nn.Embedding(10000, 300)", lambda: nn.Embedding(10000, 300), 3000000),
    ShapeCheck("Embedding on (2, 7)", lambda: nn.Embedding(10, 4)(torch.zeros(2, 7, dtype=torch.long)), (2, 7, 4)),
    ValueCheck("padding_idx row starts at zero", lambda: nn.Embedding(10, 4, padding_idx=3).weight[3].abs().sum(), 0.0),
    ParamCheck("nn.EmbeddingBag(10, 4)", lambda: nn.EmbeddingBag(10, 4), 40),
    ShapeCheck("EmbeddingBag 2-D bags", lambda: nn.EmbeddingBag(10, 4)(torch.zeros(3, 5, dtype=torch.long)), (3, 4)),
    ShapeCheck("EmbeddingBag with offsets", lambda: nn.EmbeddingBag(10, 4)(torch.zeros(6, dtype=torch.long),
                                                                           torch.tensor([0, 2, 5])), (3, 4)),
    ShapeCheck("one_hot default classes = max + 1", lambda: F.one_hot(torch.tensor([[0, 4], [2, 1]])), (2, 2, 5)),
    ValueCheck("one_hot row", lambda: F.one_hot(torch.tensor([2]), 4)[0, 2], 1.0),
]
