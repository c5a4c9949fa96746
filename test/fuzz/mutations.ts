/**
 * Inputs for the shape engine's robustness tests: the fixture model files (and a few samples of our own),
 * mutated the way half-typed or broken code looks — cut at random offsets, tokens deleted or inserted — and
 * plain random text. Shared by test/unit/shapes/fuzz.test.ts (fixed count, in `npm test`) and
 * test/fuzz/run-fuzz.ts (`npm run fuzz -- COUNT`).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const OWN_SAMPLES = [
  `import torch.nn as nn
import torch

# input: [2, 3, 32, 32]
class Net(nn.Module):
    def __init__(self, n=10, *args, **kw):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Conv2d(3 if i == 0 else 8, 8, 3, padding=1) for i in range(3)])
        self.head = nn.Linear(8 * 32 * 32, n)

    def forward(self, x):
        for b in self.blocks:
            x = torch.relu(b(x)) + x if x.shape[1] == 8 else b(x)
        return self.head(x.view(x.size(0), -1))
`,
  `from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3)(inputs)
x = layers.Flatten()(x)
model = keras.Model(inputs, layers.Dense(10)(x), name="m")
seq = keras.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)])
seq.add(layers.Dense(1))
`,
  `import torch, torch.nn as nn, copy
from collections import OrderedDict
W = [16, 32, 64]
def block(i, o): return nn.Sequential(OrderedDict(conv=nn.Conv1d(i, o, 3), act=nn.GELU()))
# input: [1, 16, 100]
class T(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*[block(a, b) for a, b in zip(W, W[1:])])
        self.rnn = nn.LSTM(64, 32, batch_first=True, bidirectional=True)
        self.emb = nn.Embedding(10, 4); self.out = nn.Linear(64, 10)
        self.out.weight = self.emb.weight
    def forward(self, x):
        h = self.body(x).transpose(1, 2)
        o, (hn, cn) = self.rnn(h)
        return self.out(o[:, -1]), torch.cat([hn[0], hn[1]], dim=-1)
`,
];

/** Every fixture model file plus our own samples. */
export function corpus(): string[] {
  const files: string[] = [...OWN_SAMPLES];
  for (const dir of ['test/fixtures/torch', 'test/fixtures/keras']) {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) if (f.endsWith('.py')) files.push(readFileSync(join(abs, f), 'utf8'));
  }
  return files;
}

const TOKENS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '\n', '    ', '\t', '"', "'", '"""', '#', '\\', '@', '*', '**', '-1',
  '0', '1e9', '10**9', '99999999', 'None', 'self.', 'nn.Linear(', 'nn.Conv2d(', 'def ', 'class ', 'return ', 'for i in range(',
  'while True:', 'if ', 'else:', 'lambda x: x', 'super().__init__()', 'x.view(', 'torch.cat([', 'yield ', 'import torch\n',
  'nn.Sequential(*', '[0] * 10**9', '"a" * 10**9', 'x @ x', 'async ', '\u00e9', '\ud83d\ude00', '\0',
];

type Mutation = { kind: 'cut'; at: number; keepHead: boolean } | { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; token: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x), keepHead: fc.boolean() }).map((m) => ({ ...m, at: m.at })),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), token: fc.nat({ max: TOKENS.length - 1 }) }),
);

function apply(src: string, m: Mutation): string {
  const at = Math.floor(m.at * src.length);
  switch (m.kind) {
    case 'cut':
      return m.keepHead ? src.slice(0, at) : src.slice(at);
    case 'delete':
      return src.slice(0, at) + src.slice(at + m.len);
    case 'insert':
      return src.slice(0, at) + TOKENS[m.token] + src.slice(at);
  }
}

/** A fixture with 1–4 mutations applied. */
export function mutatedSource(files: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([i, ms]) => ms.reduce(apply, files[i]));
}

/** A fixture and the same fixture after 1–3 mutations (an edit session's before/after). */
export function editedPair(files: readonly string[]): fc.Arbitrary<[string, string]> {
  return fc.tuple(fc.nat({ max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([i, ms]) => [files[i], ms.reduce(apply, files[i])]);
}

/** Random text: arbitrary unicode, and random sequences of Python-ish tokens. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.array(fc.nat({ max: TOKENS.length - 1 }), { maxLength: 120 }).map((ix) => ix.map((i) => TOKENS[i]).join('')),
);
