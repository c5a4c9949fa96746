"""A pre-norm transformer encoder block, as in GPT-style models.

Self-attention mixes information across tokens; the MLP mixes it across channels. Each sub-layer sits
inside a residual connection, and layer normalization comes first (pre-norm).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

D_MODEL = 256
N_HEADS = 8


# input: [4, 128, 256]
class TransformerBlock(nn.Module):
    def __init__(self, d_model=D_MODEL, n_heads=N_HEADS, mlp_ratio=4, dropout=0.1):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.norm2 = nn.LayerNorm(d_model)
        self.fc1 = nn.Linear(d_model, mlp_ratio * d_model)
        self.fc2 = nn.Linear(mlp_ratio * d_model, d_model)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        h = self.norm1(x)
        attn_out, _ = self.attn(h, h, h, need_weights=False)
        x = x + self.drop(attn_out)
        h = self.fc2(F.gelu(self.fc1(self.norm2(x))))
        return x + self.drop(h)
