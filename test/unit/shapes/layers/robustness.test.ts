/**
 * Half-typed code hands the catalogue every kind of garbage: unevaluated (UNKNOWN) values, strings where ints
 * belong, negative or zero sizes, wrong tuple lengths, layers where tensors belong, tensors of any rank.
 * Building and calling must never throw — problems come back as messages, and the messages and shapes that
 * come back are well-formed: a known dimension is a finite integer, a negative size never passes silently
 * (some message must say what is wrong), and no message leaks `undefined`, `NaN` or `[object Object]`.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { UNKNOWN, type EngineMessage, type FlowValue, type PyArg } from '../../../../src/engine/shapes/contract';
import { sym } from '../../../../src/engine/shapes/dims';
import { ALL_FUNCTIONS, ALL_LAYERS, bindArgs } from '../../../../src/engine/shapes/layers/registry';
import { contextFor, newRecorder } from './harness';

const dimArb = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(sym('N'), sym('H')));
const tensorArb: fc.Arbitrary<FlowValue> = fc.oneof(
  fc.array(dimArb, { maxLength: 6 }).map((shape) => ({ kind: 'tensor' as const, shape })),
  fc.constant({ kind: 'tensor' as const, shape: null }),
  fc.constant({ kind: 'none' as const }),
);
const flowArb: fc.Arbitrary<FlowValue> = fc.oneof(tensorArb, fc.array(tensorArb, { maxLength: 3 }).map((items) => ({ kind: 'tuple' as const, items })));
const scalarArb: fc.Arbitrary<PyArg> = fc.oneof(
  fc.integer({ min: -3, max: 64 }),
  fc.double({ min: -2, max: 3, noNaN: true }),
  fc.boolean(),
  fc.constantFrom<PyArg>('same', 'valid', 'causal', 'relu', 'gelu', 'zeros', 'reflect', 'bilinear', 'concat', '', null, UNKNOWN, sym('C')),
);
const argArb: fc.Arbitrary<PyArg> = fc.oneof(scalarArb, fc.array(scalarArb, { maxLength: 4 }), tensorArb);

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Every message says something readable. */
function checkMessages(messages: readonly EngineMessage[], where: string): void {
  for (const m of messages) {
    assert.ok(SEVERITIES.has(m.severity), `${where}: bad severity ${String(m.severity)}`);
    assert.ok(typeof m.message === 'string' && m.message.trim().length > 0, `${where}: empty message`);
    assert.doesNotMatch(m.message, /\bundefined\b|\bNaN\b|\[object Object\]/, `${where}: ${m.message}`);
  }
}

/** Numeric dimensions of every tensor in a value; throws on a non-integer or non-finite one. */
function numericDims(v: FlowValue, where: string, out: number[] = []): number[] {
  if (v.kind === 'tensor' && v.shape) {
    for (const d of v.shape) {
      if (typeof d === 'number') {
        assert.ok(Number.isInteger(d), `${where}: dimension ${d} is not an integer`);
        out.push(d);
      }
    }
  } else if (v.kind === 'tuple') {
    for (const item of v.items) numericDims(item, where, out);
  }
  return out;
}

/** Builds and calls one definition, collecting every message, and checks what comes back. */
function exercise(where: string, build: (report: (m: EngineMessage) => void) => FlowValue, inputs: readonly FlowValue[]): void {
  const messages: EngineMessage[] = [];
  const out = build((m) => messages.push(m));
  assert.ok(out && typeof out === 'object' && 'kind' in out, `${where}: no value`);
  checkMessages(messages, where);
  const inputNegative = inputs.some((v) => numericDims(v, where).some((d) => d < 0));
  const outputNegative = numericDims(out, where).some((d) => d < 0);
  if (outputNegative && !inputNegative) {
    assert.ok(messages.some((m) => m.severity !== 'info'), `${where}: a negative dimension came out with no warning or error`);
  }
}

/**
 * Layers that PyTorch / Keras themselves reject when every required size is 4 and every dimension is 4, with
 * the rule that rejects them. The test checks they are rejected (an error), and that every other layer accepts
 * some rank.
 */
const NEEDS_MORE_THAN_FOURS: Record<string, string> = {
  'torch.nn.Transformer': 'nhead=8 (default) must divide d_model=4',
  'torch.nn.Upsample': 'needs size or scale_factor',
  'torch.nn.UpsamplingNearest2d': 'needs size or scale_factor',
  'torch.nn.UpsamplingBilinear2d': 'needs size or scale_factor',
  'torch.nn.PixelShuffle': 'channels 4 not divisible by upscale_factor² = 16',
  'torch.nn.ReflectionPad1d': 'padding 4 must be smaller than the dimension 4',
  'torch.nn.ReflectionPad2d': 'padding 4 must be smaller than the dimension 4',
  'torch.nn.ReflectionPad3d': 'padding 4 must be smaller than the dimension 4',
  'torch.nn.Fold': 'output_size 4 with kernel 4 gives one block, but 4 channels are not divisible by 4·4 = 16',
  'torch.nn.AdaptiveLogSoftmaxWithLoss': 'cutoffs=4 must be a sequence of increasing values below n_classes',
  'keras.layers.GroupNormalization': 'groups=32 (default) must divide 4 channels',
};

describe('catalogue robustness (never throws on garbage)', () => {
  it(`builds and calls all ${ALL_LAYERS.length} layer definitions with arbitrary arguments`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ALL_LAYERS.length - 1 }), fc.array(argArb, { maxLength: 5 }), fc.dictionary(fc.constantFrom('stride', 'padding', 'dim', 'bias', 'affine', 'kernel_size', 'num_layers', 'batch_first', 'units', 'axis', 'groups', 'return_sequences', 'output_size'), argArb, { maxKeys: 3 }), fc.array(flowArb, { minLength: 1, maxLength: 3 }), (i, positional, kwargs, inputs) => {
        const def = ALL_LAYERS[i];
        exercise(def.names[0], (report) => {
          const bound = bindArgs(def.signature, positional, kwargs, def.names[0]);
          bound.messages.forEach(report);
          const layer = def.build(bound.args, { report });
          const rec = newRecorder();
          const out = layer.forward(inputs, {}, contextFor(layer, '', rec));
          rec.messages.forEach(report);
          return out;
        }, inputs);
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('builds every layer with its own defaults plus plausible sizes, and calls it on tensors of every rank', () => {
    for (const def of ALL_LAYERS) {
      const positional = def.signature.filter((s) => !('default' in s) && !s.name.startsWith('*')).map((): PyArg => 4);
      const buildMessages: EngineMessage[] = [];
      const layer = def.build(bindArgs(def.signature, positional, {}, def.names[0]).args, { report: (m) => buildMessages.push(m) });
      checkMessages(buildMessages, def.names[0]);
      let accepted = 0;
      for (let rank = 0; rank <= 6; rank++) {
        const shape = Array.from({ length: rank }, () => 4);
        const t: FlowValue = { kind: 'tensor', shape };
        for (const inputs of [[t], [t, t], [t, t, t]]) {
          const rec = newRecorder();
          const out = layer.forward(inputs, {}, contextFor(layer, '', rec));
          checkMessages(rec.messages, `${def.names[0]} rank ${rank}`);
          numericDims(out, `${def.names[0]} rank ${rank}`);
          if (!rec.messages.some((m) => m.severity === 'error')) accepted++;
        }
      }
      // Plausible sizes on tensors of rank 0…6 (one to three inputs): every layer accepts one of them without an error.
      if (NEEDS_MORE_THAN_FOURS[def.names[0]]) assert.equal(accepted, 0, `${def.names[0]}: ${NEEDS_MORE_THAN_FOURS[def.names[0]]}`);
      else assert.ok(accepted > 0, `${def.names[0]} rejected every rank 0…6 with plausible sizes`);
    }
  });

  it(`calls all ${ALL_FUNCTIONS.length} functions with arbitrary arguments`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ALL_FUNCTIONS.length - 1 }), fc.array(fc.oneof(argArb, flowArb), { maxLength: 5 }), fc.dictionary(fc.constantFrom('dim', 'size', 'scale_factor', 'mode', 'pad', 'num_classes', 'weight', 'offsets', 'stride', 'padding', 'output_size', 'axis', 'shape'), argArb, { maxKeys: 3 }), (i, positional, kwargs) => {
        const def = ALL_FUNCTIONS[i];
        const flows = positional.filter((p): p is FlowValue => !!p && typeof p === 'object' && 'kind' in (p as object));
        exercise(def.names[0], (report) => {
          const bound = bindArgs(def.signature, positional, kwargs, def.names[0]);
          bound.messages.forEach(report);
          const dummy = { kind: 'layer', children: [] } as never;
          const rec = newRecorder();
          const out = def.call(bound.args, contextFor(dummy, '', rec));
          rec.messages.forEach(report);
          return out;
        }, flows);
      }),
      { numRuns: 2000, seed: 20261129 },
    );
  });
});
