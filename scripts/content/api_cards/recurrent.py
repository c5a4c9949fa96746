"""api.recurrent: PyTorch RNN/LSTM/GRU (+ cells, packing helpers) and Keras recurrent layers."""

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence, pad_packed_sequence, pad_sequence

from .common import ParamCheck, ShapeCheck, ValueCheck, card

SUBSECTION = "api.recurrent"
TAGS = ["layer", "recurrent"]

SEQ_SHAPE = ("Input `(L, N, H_in)` (`(N, L, H_in)` with `batch_first=True`) → output `(L, N, D·H_out)` with the "
             "top layer's state at every step, plus `h_n` `(D·num_layers, N, H_out)`{extra}; D = 2 if `bidirectional` else 1.")


def stack_params(g, name):
    return (f"Per layer and direction `{g}·H·(I + H + 2)` ({g} gate block{'s' if g > 1 else ''}, weights `W_ih`, `W_hh`, "
            f"biases `b_ih`, `b_hh`; without bias `{g}·H·(I + H)`), where I = `input_size` for layer 0 and `D·H` above it. "
            f"E.g. `nn.{name}(10, 20)`: {g}·20·(10 + 20 + 2) = {g * 20 * 32:,}.")


def cell_params(g, name):
    return f"`{g}·H·(I + H + 2)` with bias (default), `{g}·H·(I + H)` without. E.g. `nn.{name}(10, 20)`: {g * 20 * 32:,}."


CARDS = [
    card(["torch.nn.RNN"],
         "Elman RNN stack: `h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)` (`nonlinearity=\"relu\"` possible), "
         "`num_layers` deep, optionally bidirectional.",
         SEQ_SHAPE.format(extra="") + " H_out = `hidden_size`.", stack_params(1, "RNN"), "rnn", TAGS,
         formula=r"h_t = \tanh(W_{ih}x_t + b_{ih} + W_{hh}h_{t-1} + b_{hh})",
         formula_text="hₜ = tanh(W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh)"),
    card(["torch.nn.LSTM"],
         "Long short-term memory stack: input, forget, cell and output gates update a cell state `c_t` and hidden "
         "state `h_t`; optional `proj_size` projects `h_t`.",
         SEQ_SHAPE.format(extra=" and `c_n` `(D·num_layers, N, hidden_size)`") +
         " H_out = `proj_size` if > 0 else `hidden_size`.",
         stack_params(4, "LSTM") + " With `proj_size=P`: `4·H·(I + P + 2) + P·H` and `I = D·P` above layer 0.",
         "lstm", TAGS,
         formula=r"\begin{aligned} i_t &= \sigma(W_{ii}x_t + b_{ii} + W_{hi}h_{t-1} + b_{hi}),\quad "
                 r"f_t = \sigma(W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf})\\ "
                 r"g_t &= \tanh(W_{ig}x_t + b_{ig} + W_{hg}h_{t-1} + b_{hg}),\quad "
                 r"o_t = \sigma(W_{io}x_t + b_{io} + W_{ho}h_{t-1} + b_{ho})\\ "
                 r"c_t &= f_t \odot c_{t-1} + i_t \odot g_t,\quad h_t = o_t \odot \tanh(c_t) \end{aligned}",
         formula_text="iₜ, fₜ, oₜ = σ(W_i·xₜ + b_i + W_h·hₜ₋₁ + b_h) with each gate's own weights,  "
                      "gₜ = tanh(W_ig·xₜ + b_ig + W_hg·hₜ₋₁ + b_hg),  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ,  hₜ = oₜ ⊙ tanh(cₜ)"),
    card(["torch.nn.GRU"],
         "Gated recurrent unit stack: reset and update gates and a candidate state; no separate cell state. "
         "PyTorch's update gate z keeps the OLD state: `h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}` (Keras does the "
         "same; the original paper, and the GRU concept card, write it with the roles of z and 1 − z swapped). The "
         "reset gate multiplies `W_hn h + b_hn`, after the matrix product.",
         SEQ_SHAPE.format(extra="") + " H_out = `hidden_size`.", stack_params(3, "GRU"), "gru", TAGS,
         formula=r"\begin{aligned} r_t &= \sigma(W_{ir}x_t + b_{ir} + W_{hr}h_{t-1} + b_{hr}),\quad "
                 r"z_t = \sigma(W_{iz}x_t + b_{iz} + W_{hz}h_{t-1} + b_{hz})\\ "
                 r"n_t &= \tanh\big(W_{in}x_t + b_{in} + r_t \odot (W_{hn}h_{t-1} + b_{hn})\big),\quad "
                 r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1} \end{aligned}",
         formula_text="rₜ = σ(W_ir·xₜ + b_ir + W_hr·hₜ₋₁ + b_hr),  zₜ = σ(W_iz·xₜ + b_iz + W_hz·hₜ₋₁ + b_hz),  "
                      "nₜ = tanh(W_in·xₜ + b_in + rₜ ⊙ (W_hn·hₜ₋₁ + b_hn)),  hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁"),
    card(["torch.nn.RNNCell"],
         "One step of an Elman RNN: `h′ = tanh(W_ih x + b_ih + W_hh h + b_hh)`.",
         "Input `(N, H_in)` and `h` `(N, H)` → `h′` `(N, H)` (unbatched `(H_in)` also works).",
         cell_params(1, "RNNCell"), "rnn", TAGS),
    card(["torch.nn.LSTMCell"],
         "One step of an LSTM: takes `(h, c)` and returns the next `(h′, c′)`.",
         "Input `(N, H_in)`, `(h, c)` each `(N, H)` → `(h′, c′)` each `(N, H)`.", cell_params(4, "LSTMCell"), "lstm", TAGS),
    card(["torch.nn.GRUCell"],
         "One step of a GRU: takes `h` and returns the next `h′`.",
         "Input `(N, H_in)` and `h` `(N, H)` → `h′` `(N, H)`.", cell_params(3, "GRUCell"), "gru", TAGS),
    card(["torch.nn.utils.rnn.PackedSequence"],
         "A batch of variable-length sequences stored without padding: `data` holds the steps time-major and "
         "`batch_sizes[t]` says how many sequences are still running at step t. RNN/LSTM/GRU accept it directly.",
         "`data` `(sum of lengths, *)`; `batch_sizes` has length `max(lengths)`.", "0 (a data structure).",
         "rnn", ["recurrent"]),
    card(["torch.nn.utils.rnn.pack_padded_sequence"],
         "Packs a padded batch plus its `lengths` into a `PackedSequence` so that recurrent layers skip the padding "
         "(`enforce_sorted=False` if the lengths are not in decreasing order).",
         "Input `(T, B, *)` (`(B, T, *)` with `batch_first=True`) → `PackedSequence` with `data` `(Σ lengths, *)`.",
         "0.", "rnn", ["recurrent"]),
    card(["torch.nn.utils.rnn.pad_packed_sequence"],
         "Inverse of `pack_padded_sequence`: turns a `PackedSequence` (e.g. an RNN's output) back into a padded tensor "
         "and the lengths.",
         "`PackedSequence` → `(padded (T_max, B, *), lengths (B))`; `(B, T_max, *)` with `batch_first=True`; "
         "`total_length` can force T.", "0.", "rnn", ["recurrent"]),
    card(["torch.nn.utils.rnn.pad_sequence"],
         "Stacks a list of variable-length tensors into one tensor, padding the shorter ones with `padding_value` (0).",
         "List of B tensors `(L_i, *)` → `(max L_i, B, *)`, or `(B, max L_i, *)` with `batch_first=True`.",
         "0.", "rnn", ["recurrent"]),
    card(["torch.nn.utils.rnn.pack_sequence"],
         "Packs a list of variable-length tensors straight into a `PackedSequence` (pad + pack in one call).",
         "List of B tensors `(L_i, *)` → `PackedSequence` with `data` `(Σ L_i, *)`.", "0.", "rnn", ["recurrent"]),
    # ----------------------------------------------------------- Keras ---
    card(["keras.layers.SimpleRNN"],
         "Keras fully connected RNN: `h_t = activation(x_t W + h_{t−1} U + b)`, activation tanh by default.",
         "Input `(batch, timesteps, features)` → `(batch, units)`, or `(batch, timesteps, units)` with "
         "`return_sequences=True`; `return_state=True` also returns the final state.",
         "`units·(features + units + 1)` (kernel, recurrent kernel, bias). E.g. units=32, features=8: 32·41 = 1,312.",
         "rnn", TAGS),
    card(["keras.layers.LSTM"],
         "Keras LSTM layer (cuDNN-accelerated with the default arguments).",
         "Input `(batch, timesteps, features)` → `(batch, units)`, or `(batch, timesteps, units)` with "
         "`return_sequences=True`; `return_state=True` adds `h` and `c`, each `(batch, units)`.",
         "`4·units·(features + units + 1)` — one bias per gate, not two as in PyTorch. E.g. units=32, features=8: 4·32·41 = 5,248.",
         "lstm", TAGS),
    card(["keras.layers.GRU"],
         "Keras GRU layer; `reset_after=True` (default, cuDNN-compatible) applies the reset gate after the recurrent "
         "matrix multiplication.",
         "Input `(batch, timesteps, features)` → `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences=True`.",
         "`3·units·(features + units + 2)` with `reset_after=True` (default: separate input and recurrent biases); "
         "`3·units·(features + units + 1)` with `reset_after=False`. E.g. units=32, features=8: 3·32·42 = 4,032.",
         "gru", TAGS),
    card(["keras.layers.SimpleRNNCell"],
         "One step of a Keras SimpleRNN, to be wrapped in `keras.layers.RNN`.",
         "Input `(batch, features)` and state `(batch, units)` → output and new state `(batch, units)`.",
         "`units·(features + units + 1)`.", "rnn", TAGS),
    card(["keras.layers.LSTMCell"],
         "One step of a Keras LSTM, to be wrapped in `keras.layers.RNN`.",
         "Input `(batch, features)` and states `[h, c]` each `(batch, units)` → output `(batch, units)` and `[h′, c′]`.",
         "`4·units·(features + units + 1)`.", "lstm", TAGS),
    card(["keras.layers.GRUCell"],
         "One step of a Keras GRU, to be wrapped in `keras.layers.RNN`.",
         "Input `(batch, features)` and state `(batch, units)` → output and new state `(batch, units)`.",
         "`3·units·(features + units + 2)` with `reset_after=True` (default); `+ 1` instead of `+ 2` otherwise.",
         "gru", TAGS),
    card(["keras.layers.RNN"],
         "Generic Keras recurrent layer: runs a cell (or a list of stacked cells) over the time axis.",
         "Input `(batch, timesteps, features)` → `(batch, units)`, or `(batch, timesteps, units)` with `return_sequences=True`.",
         "The wrapped cell(s)' parameters; adds none itself.", "rnn", TAGS),
    card(["keras.layers.Bidirectional"],
         "Runs a copy of a recurrent layer forwards and another backwards over the sequence and merges their outputs "
         "(`merge_mode=\"concat\"` by default; also sum, mul, ave, None).",
         "With `\"concat\"` the last dim doubles: `(batch, 2·units)` or `(batch, timesteps, 2·units)`.",
         "2 × the wrapped layer's parameters (separate forward and backward weights).", "bidirectional-rnn", TAGS),
    card(["keras.layers.TimeDistributed"],
         "Applies the same wrapped layer independently to every time step (slice along axis 1) of the input.",
         "Input `(batch, timesteps, *inner)` → `(batch, timesteps, *layer_output(inner))`.",
         "The wrapped layer's parameters, shared across time steps; adds none itself.", "rnn", ["layer", "recurrent"]),
    card(["keras.layers.ConvLSTM2D"],
         "LSTM whose input and recurrent transformations are 2-D convolutions, for sequences of images.",
         "Input `(batch, time, rows, cols, channels)` → `(batch, new_rows, new_cols, filters)`, or "
         "`(batch, time, new_rows, new_cols, filters)` with `return_sequences=True`; spatial sizes as in `Conv2D`.",
         "`4·filters·(k_h·k_w·(C_in + filters) + 1)` (input kernel, recurrent kernel, bias for 4 gates). "
         "E.g. 3×3, C_in=1, filters=8: 4·8·(9·9 + 1) = 2,624.", "lstm", ["layer", "recurrent", "convolution"]),
    card(["keras.layers.Masking"],
         "Marks time steps whose features all equal `mask_value` (default 0.0) as padding, so downstream recurrent "
         "layers skip them.", "Output shape = input shape `(batch, timesteps, features)`; a mask `(batch, timesteps)` is attached.",
         "0.", "rnn", ["layer", "recurrent"]),
]

s2 = lambda: [torch.ones(3, 2), torch.ones(5, 2)]  # noqa: E731
def gru_by_hand():
    """One GRUCell step computed from the card's formula with the cell's own weights, next to PyTorch's."""
    torch.manual_seed(0)
    cell = nn.GRUCell(3, 2)
    x, h = torch.randn(1, 3), torch.randn(1, 2)
    W_ir, W_iz, W_in = cell.weight_ih.chunk(3)
    W_hr, W_hz, W_hn = cell.weight_hh.chunk(3)
    b_ir, b_iz, b_in = cell.bias_ih.chunk(3)
    b_hr, b_hz, b_hn = cell.bias_hh.chunk(3)
    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    card_h = (1 - z) * n + z * h
    return float((card_h - cell(x, h)).abs().max())


CHECKS = [
    ValueCheck("GRU card formula (PyTorch convention) equals nn.GRUCell", gru_by_hand, 0.0, tol=1e-6),
    ParamCheck("nn.RNN(10, 20)", lambda: nn.RNN(10, 20), 20 * 32),
    ParamCheck("nn.LSTM(10, 20)", lambda: nn.LSTM(10, 20), 4 * 20 * 32),
    ParamCheck("nn.GRU(10, 20)", lambda: nn.GRU(10, 20), 3 * 20 * 32),
    ParamCheck("nn.GRU(10, 20, bias=False)", lambda: nn.GRU(10, 20, bias=False), 3 * 20 * 30),
    # layer 0: 2·(4·20·(10+20+2)) = 5,120; layer 1 (I = 2·20 = 40): 2·(4·20·(40+20+2)) = 9,920
    ParamCheck("nn.LSTM(10, 20, 2, bidirectional)", lambda: nn.LSTM(10, 20, num_layers=2, bidirectional=True), 15040),
    # 4·20·(10 + 5 + 2) + 5·20 = 1,360 + 100
    ParamCheck("nn.LSTM(10, 20, proj_size=5)", lambda: nn.LSTM(10, 20, proj_size=5), 1460),
    ShapeCheck("LSTM(10,20,2,bidir) output", lambda: nn.LSTM(10, 20, 2, bidirectional=True)(torch.zeros(7, 3, 10)), (7, 3, 40)),
    ShapeCheck("LSTM h_n", lambda: nn.LSTM(10, 20, 2, bidirectional=True)(torch.zeros(7, 3, 10))[1], (4, 3, 20)),
    ShapeCheck("LSTM proj output", lambda: nn.LSTM(10, 20, proj_size=5, batch_first=True)(torch.zeros(3, 7, 10)), (3, 7, 5)),
    ParamCheck("nn.RNNCell(10, 20)", lambda: nn.RNNCell(10, 20), 640),
    ParamCheck("nn.LSTMCell(10, 20)", lambda: nn.LSTMCell(10, 20), 2560),
    ParamCheck("nn.GRUCell(10, 20)", lambda: nn.GRUCell(10, 20), 1920),
    ShapeCheck("pad_sequence", lambda: pad_sequence(s2()), (5, 2, 2)),
    ShapeCheck("pad_sequence batch_first", lambda: pad_sequence(s2(), batch_first=True), (2, 5, 2)),
    ShapeCheck("pack_sequence data (3 + 5 = 8)", lambda: pack_sequence(s2(), enforce_sorted=False).data, (8, 2)),
    ValueCheck("batch_sizes length = max length", lambda: len(pack_sequence(s2(), enforce_sorted=False).batch_sizes), 5),
    ShapeCheck("pack_padded_sequence", lambda: pack_padded_sequence(torch.zeros(5, 2, 4), [5, 3]).data, (8, 4)),
    ShapeCheck("pad_packed_sequence", lambda: pad_packed_sequence(pack_padded_sequence(torch.zeros(5, 2, 4), [5, 3])), (5, 2, 4)),
]
