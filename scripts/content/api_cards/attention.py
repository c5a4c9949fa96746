"""api.attention: multi-head attention, scaled dot-product attention, transformer layers, Keras attention."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import ParamCheck, ShapeCheck, card

SUBSECTION = "api.attention"
TAGS = ["layer", "attention"]
ARCH = ["layer", "attention", "architecture"]

SDPA = r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V"
SDPA_TEXT = "Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k)·V"
ENC_PARAMS = ("`4d² + 4d` (self-attention) `+ 2·d·ff + ff + d` (two Linear layers) `+ 4d` (two LayerNorms) = "
              "`4d² + 2·d·ff + ff + 9d`, with d = `d_model`, ff = `dim_feedforward` (default 2048). "
              "E.g. d=512: 3,152,384.")
DEC_PARAMS = ("`8d² + 8d` (self- and cross-attention) `+ 2·d·ff + ff + d` (feed-forward) `+ 6d` (three LayerNorms) = "
              "`8d² + 2·d·ff + ff + 15d`. E.g. d=512, ff=2048: 4,204,032.")

CARDS = [
    card(["torch.nn.MultiheadAttention"],
         "Multi-head attention: projects query, key and value, runs scaled dot-product attention in `num_heads` "
         "heads of size `embed_dim/num_heads`, concatenates and applies an output projection. Returns "
         "`(attn_output, attn_weights)`.",
         "query `(L, N, E)`, key `(S, N, kdim)`, value `(S, N, vdim)` (`(N, L, E)`… with `batch_first=True`) → "
         "output `(L, N, E)`; weights `(N, L, S)` averaged over heads, or `(N, num_heads, L, S)` with "
         "`average_attn_weights=False`.",
         "`4E² + 4E` with the defaults (`in_proj_weight` 3E·E, `in_proj_bias` 3E, `out_proj` E·E + E); with "
         "`kdim`/`vdim` ≠ E: `E² + E·kdim + E·vdim + 3E + E² + E`; `add_bias_kv=True` adds 2E; `bias=False` removes all 4E biases.",
         "multi-head-attention", TAGS, formula=SDPA, formula_text=SDPA_TEXT),
    card(["torch.nn.functional.multi_head_attention_forward"],
         "The functional core of `nn.MultiheadAttention`: all projection weights are passed in by the caller.",
         "query `(L, N, E)`, key/value `(S, N, E)` → `(L, N, E)` and weights `(N, L, S)`.",
         "Functional: weights are arguments.", "multi-head-attention", ["attention"], formula=SDPA, formula_text=SDPA_TEXT),
    card(["torch.nn.functional.scaled_dot_product_attention"],
         "Scaled dot-product attention `softmax(QKᵀ/√d + mask)·V` with fused/flash kernels (PyTorch ≥ 2.0); "
         "`is_causal=True` applies a causal mask, `dropout_p` attention dropout.",
         "Q `(N, …, L, E)`, K `(N, …, S, E)`, V `(N, …, S, E_v)` → `(N, …, L, E_v)`.", "Functional: no parameters.",
         "self-attention", ["attention"], formula=SDPA, formula_text=SDPA_TEXT),
    card(["torch.nn.TransformerEncoderLayer"],
         "One transformer encoder block: self-attention + feed-forward (`Linear → activation → Linear`), each with "
         "dropout, a residual connection and LayerNorm (post-norm by default; `norm_first=True` for pre-norm).",
         "src `(S, N, d_model)` (`(N, S, d_model)` with `batch_first=True`) → same shape.",
         ENC_PARAMS, "transformer", ARCH),
    card(["torch.nn.TransformerDecoderLayer"],
         "One transformer decoder block: masked self-attention, cross-attention over the encoder output (`memory`) "
         "and a feed-forward network, each with dropout, residual connection and LayerNorm.",
         "tgt `(T, N, d_model)`, memory `(S, N, d_model)` → `(T, N, d_model)` (batch first with `batch_first=True`).",
         DEC_PARAMS, "transformer", ARCH),
    card(["torch.nn.TransformerEncoder"],
         "A stack of `num_layers` deep copies of an encoder layer, with an optional final `norm`.",
         "src `(S, N, d_model)` → same shape (`(N, S, d_model)` with `batch_first=True`).",
         "`num_layers` × the layer's parameters (copies do not share weights) + the final norm's (`2d` for a LayerNorm).",
         "transformer", ARCH),
    card(["torch.nn.TransformerDecoder"],
         "A stack of `num_layers` deep copies of a decoder layer, with an optional final `norm`.",
         "tgt `(T, N, d_model)`, memory `(S, N, d_model)` → `(T, N, d_model)`.",
         "`num_layers` × the layer's parameters + the final norm's.", "transformer", ARCH),
    card(["torch.nn.Transformer"],
         "The full encoder–decoder transformer of *Attention Is All You Need*: `num_encoder_layers` (6) encoder and "
         "`num_decoder_layers` (6) decoder layers, each stack followed by a LayerNorm. No embeddings or output head.",
         "src `(S, N, d_model)`, tgt `(T, N, d_model)` → `(T, N, d_model)` (batch first with `batch_first=True`).",
         "`n_enc·(4d² + 2·d·ff + ff + 9d) + n_dec·(8d² + 2·d·ff + ff + 15d) + 4d`. Defaults (d=512, 8 heads, 6+6, "
         "ff=2048): 44,140,544.", "transformer", ARCH),
    # ----------------------------------------------------------- Keras ---
    card(["keras.layers.MultiHeadAttention"],
         "Keras multi-head attention: `layer(query, value, key=None)`; each of `num_heads` heads projects to "
         "`key_dim` (query/key) and `value_dim` (default `key_dim`), then an output projection back to the query's last dim.",
         "query `(batch, T, d_q)`, value `(batch, S, d_v)` → `(batch, T, d_q)` (or `output_shape`); scores "
         "`(batch, num_heads, T, S)` with `return_attention_scores=True`.",
         "`(d_q + d_k)·h·k + 2·h·k` (query and key) `+ d_v·h·v + h·v` (value) `+ h·v·d_q + d_q` (output), biases "
         "included (`use_bias=True`). E.g. all dims 64, h=4, k=v=16: 4·(64·64 + 64) = 16,640.",
         "multi-head-attention", TAGS, formula=SDPA, formula_text=SDPA_TEXT),
    card(["keras.layers.Attention"],
         "Keras dot-product (Luong) attention: `softmax(query·keyᵀ)·value`; `key` defaults to `value`.",
         "`[query (batch, T_q, dim), value (batch, T_v, dim), key (batch, T_v, dim)]` → `(batch, T_q, dim)`.",
         "0 by default; 1 scalar with `use_scale=True` (and 1 more with `score_mode=\"concat\"`).",
         "attention", TAGS, formula=r"\mathrm{softmax}(QK^\top)V", formula_text="softmax(Q·Kᵀ)·V"),
    card(["keras.layers.AdditiveAttention"],
         "Keras additive (Bahdanau) attention: scores `Σ tanh(query + key)` (times a learned scale), softmax, then "
         "weighted sum of `value`.",
         "`[query (batch, T_q, dim), value (batch, T_v, dim)]` → `(batch, T_q, dim)`.",
         "`dim` (the learned scale vector) with `use_scale=True` (default); 0 otherwise.",
         "attention", TAGS, formula=r"\mathrm{score}(q, k) = \textstyle\sum \text{scale} \cdot \tanh(q + k)",
         formula_text="score(q, k) = Σ scale·tanh(q + k)"),
]

CHECKS = [
    # 4E² + 4E = 4·64 + 4·8 = 288
    ParamCheck("nn.MultiheadAttention(8, 2)", lambda: nn.MultiheadAttention(8, 2), 288),
    # E² + E·kdim + E·vdim + 3E + E² + E = 64 + 40 + 24 + 24 + 64 + 8 = 224
    ParamCheck("nn.MultiheadAttention(8, 2, kdim=5, vdim=3)", lambda: nn.MultiheadAttention(8, 2, kdim=5, vdim=3), 224),
    ParamCheck("nn.MultiheadAttention(8, 2, add_bias_kv=True)", lambda: nn.MultiheadAttention(8, 2, add_bias_kv=True), 288 + 16),
    ParamCheck("nn.MultiheadAttention(8, 2, bias=False)", lambda: nn.MultiheadAttention(8, 2, bias=False), 256),
    ShapeCheck("MHA weights (N, L, S)", lambda: nn.MultiheadAttention(8, 2)(torch.zeros(5, 3, 8), torch.zeros(7, 3, 8),
                                                                             torch.zeros(7, 3, 8))[1], (3, 5, 7)),
    ShapeCheck("MHA output (L, N, E)", lambda: nn.MultiheadAttention(8, 2)(torch.zeros(5, 3, 8), torch.zeros(7, 3, 8),
                                                                            torch.zeros(7, 3, 8))[0], (5, 3, 8)),
    ParamCheck("TransformerEncoderLayer(512, 8)", lambda: nn.TransformerEncoderLayer(512, 8), 3152384),
    # 4·16² + 2·16·32 + 32 + 9·16 = 1024 + 1024 + 32 + 144 = 2224
    ParamCheck("TransformerEncoderLayer(16, 2, 32)", lambda: nn.TransformerEncoderLayer(16, 2, 32), 2224),
    ParamCheck("TransformerDecoderLayer(512, 8)", lambda: nn.TransformerDecoderLayer(512, 8), 4204032),
    # 3 copies of 2224 + LayerNorm(16) 32 = 6704
    ParamCheck("TransformerEncoder(layer(16,2,32), 3, norm)",
               lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32), 3, norm=nn.LayerNorm(16)), 6704),
    ParamCheck("nn.Transformer()", lambda: nn.Transformer(), 44140544),
    ShapeCheck("Transformer(16, 2, 1, 1, 32) output", lambda: nn.Transformer(16, 2, 1, 1, 32)(torch.zeros(6, 2, 16),
                                                                                            torch.zeros(4, 2, 16)), (4, 2, 16)),
]
