/**
 * The sidebar's topic tree (content/sections.json `topics`): every card sits in exactly one place, titles are
 * short topic names rather than the documents' numbering, and each card's breadcrumb still names the section of
 * the document it was written from.
 */
import * as assert from 'node:assert/strict';
import { compileContent, ContentCodes } from '../../src/engine/content/compile';
import { cardsInTreeOrder } from '../../src/engine/content/order';
import { breadcrumb } from '../../src/engine/content/render';
import { resolveTopics, type TopicSpec } from '../../src/engine/content/topics';
import type { CardHeader, Section } from '../../src/engine/content/types';
import { indexDocument } from '../../src/engine/terms/indexDocument';
import { realCompileInput, realContent, realVocabulary } from '../helpers/content';

const allIds = (topics: ReturnType<typeof realContent>['index']['topics']) =>
  topics.flatMap((t) => t.cards ?? (t.groups ?? []).flatMap((g) => g.cards));

describe('topic tree', () => {
  it('compiles without problems and places every card exactly once', () => {
    const { index, problems } = realContent();
    assert.deepEqual(problems, []);
    const ids = allIds(index.topics);
    assert.equal(new Set(ids).size, ids.length, 'a card is placed twice');
    assert.deepEqual([...ids].sort(), index.cards.map((c) => c.id).sort());
  });

  it('uses short topic titles, not the documents\' numbering', () => {
    const { index } = realContent();
    const titles = index.topics.flatMap((t) => [t.title, ...(t.groups ?? []).map((g) => g.title)]);
    assert.deepEqual(index.topics.map((t) => t.title), [
      'Foundations',
      'Training',
      'Autograd',
      'Tensors',
      'Convolutional Networks',
      'Sequence Models',
      'Attention and Transformers',
      'Modern LLMs',
      'API Reference',
    ]);
    for (const title of titles) {
      assert.doesNotMatch(title, /^(\d+(\.\d+)*\.?\s|Chapter\b|Q&A)/, title);
      assert.ok(title.length <= 32, `"${title}" is too long for the sidebar`);
    }
  });

  it('concept card titles fit the sidebar without truncation (at most 40 characters)', () => {
    const long = realContent().index.cards.filter((c) => c.kind === 'concept' && c.title.length > 40).map((c) => c.title);
    assert.deepEqual(long, []);
  });

  it('gathers cards of both documents and ML Lens\'s own under one topic', () => {
    const { index } = realContent();
    const group = (topic: string, id: string) => index.topics.find((t) => t.id === topic)!.groups!.find((g) => g.id === id)!.cards;
    assert.deepEqual(group('training', 'regularization'), ['regularization', 'dropout', 'spatial-dropout', 'early-stopping', 'data-augmentation']);
    assert.deepEqual(group('cnn', 'pooling'), ['pooling', 'max-pooling', 'average-pooling']);
    assert.deepEqual(group('foundations', 'activations').slice(0, 6), ['activation-function', 'relu', 'leaky-relu', 'tanh', 'gelu', 'swish']);
    assert.equal(index.topics.find((t) => t.id === 'autograd')!.cards![0], 'computational-graph');
  });

  it('keeps the seed section as each card\'s breadcrumb', () => {
    const { index } = realContent();
    const card = (id: string) => index.cards.find((c) => c.id === id)!;
    assert.equal(breadcrumb(card('gelu'), index.sections), '10. Neural Networks Foundations › 10.2 Activation Functions');
    assert.equal(breadcrumb(card('dropout'), index.sections), 'Chapter 4. Model Components › 4.5 Dropout');
    assert.equal(breadcrumb(card('computational-graph'), index.sections), '10. Neural Networks Foundations › 10.3 Backpropagation');
    assert.equal(breadcrumb(card('adam'), index.sections), 'Training › Optimization');
  });

  it('orders Find Concept like the tree', () => {
    const { index } = realContent();
    assert.deepEqual(cardsInTreeOrder(index).map((c) => c.id), allIds(index.topics));
  });
});

describe('resolveTopics', () => {
  const sections: Section[] = [
    { id: 's', title: 'S', subsections: [{ id: 's.1', title: 'One' }, { id: 's.2', title: 'Two' }] },
  ];
  const header = (id: string, subsection: string, order: number): CardHeader => ({ id, kind: 'concept', title: id, subsection, order, aliases: [], symbols: [], tags: [] });
  const cards = [header('b', 's.1', 2), header('a', 's.1', 1), header('c', 's.2', 1)];

  it('expands subsections in their order, and an explicit card leaves its subsection', () => {
    const specs: TopicSpec[] = [
      { id: 't', title: 'T', groups: [{ id: 'g', title: 'G', include: ['s.1'] }] },
      { id: 'u', title: 'U', include: ['card:b', 's.2'] },
    ];
    const { topics, problems } = resolveTopics(specs, sections, cards);
    assert.deepEqual(problems, []);
    assert.deepEqual(topics, [
      { id: 't', title: 'T', groups: [{ id: 'g', title: 'G', cards: ['a'] }] },
      { id: 'u', title: 'U', cards: ['b', 'c'] },
    ]);
  });

  it('a section topic gets one group per subsection', () => {
    const { topics } = resolveTopics([{ id: 'x', title: 'X', section: 's' }], sections, cards);
    assert.deepEqual(topics[0].groups!.map((g) => [g.title, g.cards]), [['One', ['a', 'b']], ['Two', ['c']]]);
  });

  it('reports unknown entries, double placements and cards left out', () => {
    const { problems } = resolveTopics(
      [
        { id: 't', title: 'T', include: ['s.1', 's.1', 'card:zz', 'nope'] },
        { id: 'u', title: 'U', include: ['card:a', 'card:a'] },
      ],
      sections,
      cards,
    );
    const messages = problems.map((p) => `${p.field}: ${p.message}`);
    assert.ok(messages.some((m) => m.startsWith('topics[0].include[1]: subsection "s.1" is already included')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('topics[0].include[2]: unknown card "zz"')));
    assert.ok(messages.some((m) => m.startsWith('topics[0].include[3]: unknown subsection "nope"')));
    assert.ok(messages.some((m) => m.startsWith('topics[1].include[1]: card "a" is already placed')));
    assert.ok(messages.some((m) => m.startsWith('topics: card "c" (subsection "s.2") is in no topic')));
  });

  it('a topic needs exactly one of groups, include and section', () => {
    const { problems } = resolveTopics([{ id: 't', title: 'T' }], sections, []);
    assert.deepEqual(problems.map((p) => p.field), ['topics[0]']);
  });

  it('compileContent reports topic problems as MLL025 in content/sections.json', () => {
    const real = realCompileInput();
    const topics = real.topics!.filter((t) => t.id !== 'tensors');
    const { problems } = compileContent({ ...real, topics });
    assert.ok(problems.length > 0);
    for (const p of problems) {
      assert.equal(p.code, ContentCodes.badTopic);
      assert.equal(p.file, 'content/sections.json');
      assert.match(p.message, /is in no topic/);
    }
  });
});

describe('the training and LLM terms users write reach the new cards', () => {
  // The terms the issue lists as getting nothing before these cards existed. RoPE, LoRA and Adam are also
  // everyday words or names (content/ambiguous-terms.json): their sentences carry other ML terms as context.
  const cases: Array<[string, string, string]> = [
    ['Tune the learning rate first.', 'learning rate', 'learning-rate'],
    ['AdamW with weight decay 0.1', 'weight decay', 'weight-decay'],
    ['The model shows overfitting after epoch 9.', 'overfitting', 'overfitting-underfitting'],
    ['We minimise the cross-entropy of the labels.', 'cross-entropy', 'cross-entropy'],
    ['Positions use RoPE; self-attention runs on a KV cache.', 'RoPE', 'rope'],
    ['Fine-tuned with LoRA adapters.', 'LoRA adapters', 'lora'],
    ['Fine-tuning with LoRA, AdamW and weight decay', 'LoRA', 'lora'],
    ['We train with Adam, gradient clipping and a cosine schedule.', 'Adam', 'adam'],
    ['The KV cache grows with the context.', 'KV cache', 'kv-cache'],
    ['Train in mixed precision with bf16.', 'mixed precision', 'mixed-precision'],
    ['Gradient accumulation over 4 micro-batches', 'Gradient accumulation', 'gradient-accumulation'],
    ['Apply label smoothing of 0.1', 'label smoothing', 'label-smoothing'],
    ['SwiGLU replaces the GELU MLP.', 'SwiGLU', 'swiglu'],
    ['Grouped-query attention with 8 KV heads', 'Grouped-query attention', 'grouped-query-attention'],
  ];
  for (const [text, term, id] of cases) {
    it(`"${term}" → ${id}`, () => {
      const index = indexDocument({ text, languageId: 'markdown' }, realVocabulary());
      const hit = index.hits.find((h) => text.slice(h.from, h.to) === term);
      assert.ok(hit, `no hit on "${term}" in "${text}": ${JSON.stringify(index.hits.map((h) => text.slice(h.from, h.to)))}`);
      assert.equal(hit.cardId, id);
    });
  }

  it('everyday words and other fields\' abbreviations stay silent without ML context', () => {
    const text = 'Adam wrote the first draft in 500 BCE; tie the rope; a LoRA gateway; the AMP pages load fast; an LR parser; the test set of the suite.';
    assert.deepEqual(indexDocument({ text, languageId: 'markdown' }, realVocabulary()).hits, []);
  });
});
