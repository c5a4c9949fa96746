/**
 * forward() data flow and tensor operations. Each intermediate is passed through an nn.Identity probe so its
 * shape shows up as a row. Expected shapes follow PyTorch's documented rules (view/reshape infer -1 from the
 * element count, permute reorders, cat adds sizes along dim, stack inserts a dim, reductions drop or keep
 * dims, matmul broadcasts batch dims and contracts the last dim of the left with the second-last of the right).
 */
import { strict as assert } from 'node:assert';
import { TORCH, errors, model } from './helpers';

function probes(body: string, input: string, extraInit = ''): ReturnType<typeof model> {
  const src = `${TORCH}
# input: ${input}
class Probe(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = nn.Identity()
${extraInit}
    def forward(self, x):
${body}
        return x
`;
  return model(src, 'Probe');
}

const outs = (m: ReturnType<typeof model>) => m.layers.filter((l) => l.path === 'p').map((l) => l.output);

describe('shapes/interp: forward() tensor operations', () => {
  it('view/reshape with -1, permute, transpose, flatten, squeeze/unsqueeze', () => {
    const m = probes(
      `        self.p(x.view(2, -1))
        self.p(x.reshape(-1, 5))
        self.p(x.permute(0, 2, 3, 1))
        self.p(x.transpose(1, 3))
        self.p(x.flatten(1))
        self.p(torch.flatten(x, 2))
        self.p(x.unsqueeze(0))
        self.p(x.unsqueeze(-1).squeeze(-1))
        self.p(x.contiguous().view(x.size(0), x.size(1), -1))`,
      '[2, 3, 4, 5]',
    );
    assert.deepEqual(outs(m), [
      [2, 60], // 120 elements / 2
      [24, 5], // 120 / 5
      [2, 4, 5, 3],
      [2, 5, 4, 3],
      [2, 60],
      [2, 3, 20],
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5],
      [2, 3, 20],
    ]);
  });

  it('cat, stack, reductions with dim/keepdim, indexing and slicing', () => {
    const m = probes(
      `        self.p(torch.cat([x, x], dim=1))
        self.p(torch.stack([x, x], dim=0))
        self.p(x.mean(dim=(2, 3), keepdim=True))
        self.p(x.sum(-1))
        self.p(x.amax(dim=1))
        self.p(x[:, 0])
        self.p(x[:, -1, :])
        self.p(x[..., 1:3])
        self.p(x[:, None])
        self.p(x.max(dim=1)[0])`,
      '[2, 3, 4, 5]',
    );
    assert.deepEqual(outs(m), [[2, 6, 4, 5], [2, 2, 3, 4, 5], [2, 3, 1, 1], [2, 3, 4], [2, 4, 5], [2, 4, 5], [2, 4, 5], [2, 3, 4, 2], [2, 1, 3, 4, 5], [2, 4, 5]]);
  });

  it('einsum, addmm, split, topk, expand, repeat, where, masked_fill', () => {
    const m = probes(
      `        self.p(torch.einsum("bij,bjk->bik", x, x.transpose(1, 2)))
        self.p(torch.addmm(torch.zeros(4), x[0], torch.zeros(4, 4)))
        a, b = x.split([1, 2], dim=0)
        self.p(b)
        self.p(x.split(2, dim=-1)[1])
        self.p(x.topk(2, dim=-1)[0])
        self.p(x[:, :1].expand(-1, 5, -1))
        self.p(x.repeat(2, 1, 1))
        self.p(torch.where(x > 0, x, torch.zeros(1)))
        self.p(x.masked_fill(x == 0, 1.0))`,
      '[3, 4, 4]',
    );
    assert.deepEqual(outs(m), [
      [3, 4, 4], // (b,i,j)·(b,j,k) → (b,i,k)
      [4, 4], // [4] + [4,4]@[4,4]
      [2, 4, 4], // sections [1, 2] along dim 0
      [3, 4, 2], // size-2 pieces along the last dim: [2, 2]
      [3, 4, 2],
      [3, 5, 4],
      [6, 4, 4],
      [3, 4, 4],
      [3, 4, 4],
    ]);
  });

  it('matmul / @ broadcast batch dims and count MACs', () => {
    const src = `${TORCH}
# input: [2, 3, 4, 5], [5, 6]
class MM(nn.Module):
    def forward(self, a, b):
        return a @ b
`;
    const m = model(src, 'MM');
    assert.deepEqual(m.output, [2, 3, 4, 6]);
    // batch 2·3, 4×5 @ 5×6 → 2·3·4·6·5 = 720 multiply-accumulates
    assert.equal(m.macs, 720);
  });

  it('x.size(), x.shape unpacking, chunk and attention-style reshapes', () => {
    const src = `${TORCH}
# input: [2, 5, 8]
class Attn(nn.Module):
    def __init__(self, d=8, heads=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / (k.size(-1) ** 0.5))
        att = F.softmax(att, dim=-1)
        y = att @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(y)
`;
    const m = model(src, 'Attn');
    assert.deepEqual(m.output, [2, 5, 8]);
    assert.deepEqual(errors(m), []);
    // qkv 2·5 rows · 8·24 = 1920; proj 10 · 64 = 640; q@kᵀ: 2·2·5·5·4 = 400; att@v: 2·2·5·4·5 = 400
    assert.equal(m.macs, 1920 + 640 + 400 + 400);
  });

  it('tuple unpacking of LSTM outputs and last-step slicing', () => {
    const src = `${TORCH}
# input: [3, 7, 10]
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(10, 20, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(40, 4)
        self.p = nn.Identity()

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        self.p(h)
        self.p(c)
        return self.fc(out[:, -1, :])
`;
    const m = model(src, 'Tagger');
    // bidirectional: out [N, L, 2·20], h/c [num_layers·2, N, 20]
    assert.deepEqual(m.layers.filter((l) => l.path === 'p').map((l) => l.output), [[2, 3, 20], [2, 3, 20]]);
    assert.deepEqual(m.output, [3, 4]);
  });

  it('undecidable if: both branches run, disagreement is reported', () => {
    const src = `${TORCH}
# input: [2, 4]
class Branchy(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 3)
        self.b = nn.Linear(4, 5)

    def forward(self, x, flag=None):
        if flag:
            y = self.a(x)
        else:
            y = self.b(x)
        return y
`;
    const m = model(src, 'Branchy', { inputs: { Branchy: [[2, 4]] } });
    // flag defaults to None → falsy → decidable: the else branch, Linear(4, 5)
    assert.deepEqual(m.output, [2, 5]);
    // A data-dependent condition cannot be decided: both branches run and their shapes disagree.
    const src2 = src.replace('if flag:', 'if x.sum() > 0:');
    const m2 = model(src2, 'Branchy');
    assert.ok(m2.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('[2, 3]') && d.message.includes('[2, 5]')), JSON.stringify(m2.diagnostics));
  });
});
