/**
 * Half-typed code hands the catalogue every kind of garbage: unevaluated (UNKNOWN) values, strings where ints
 * belong, negative or zero sizes, wrong tuple lengths, layers where tensors belong, tensors of any rank.
 * Building and calling must never throw — problems come back as messages.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { UNKNOWN, type FlowValue, type PyArg } from '../../../../src/engine/shapes/contract';
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

describe('catalogue robustness (never throws on garbage)', () => {
  it(`builds and calls all ${ALL_LAYERS.length} layer definitions with arbitrary arguments`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ALL_LAYERS.length - 1 }), fc.array(argArb, { maxLength: 5 }), fc.dictionary(fc.constantFrom('stride', 'padding', 'dim', 'bias', 'affine', 'kernel_size', 'num_layers', 'batch_first', 'units', 'axis', 'groups', 'return_sequences', 'output_size'), argArb, { maxKeys: 3 }), fc.array(flowArb, { minLength: 1, maxLength: 3 }), (i, positional, kwargs, inputs) => {
        const def = ALL_LAYERS[i];
        const bound = bindArgs(def.signature, positional, kwargs, def.names[0]);
        const layer = def.build(bound.args, { report: () => undefined });
        const rec = newRecorder();
        const out = layer.forward(inputs, {}, contextFor(layer, '', rec));
        assert.ok(out && typeof out === 'object' && 'kind' in out);
      }),
      { numRuns: 3000 },
    );
  });

  it('builds every layer with its own defaults plus plausible sizes, and calls it on tensors of every rank', () => {
    for (const def of ALL_LAYERS) {
      const positional = def.signature.filter((s) => !('default' in s) && !s.name.startsWith('*')).map((): PyArg => 4);
      const layer = def.build(bindArgs(def.signature, positional, {}, def.names[0]).args, { report: () => undefined });
      for (let rank = 0; rank <= 6; rank++) {
        const shape = Array.from({ length: rank }, (_, k) => 4 + k);
        const t: FlowValue = { kind: 'tensor', shape };
        layer.forward([t, t, t], {}, contextFor(layer, '', newRecorder()));
      }
    }
  });

  it(`calls all ${ALL_FUNCTIONS.length} functions with arbitrary arguments`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ALL_FUNCTIONS.length - 1 }), fc.array(fc.oneof(argArb, flowArb), { maxLength: 5 }), fc.dictionary(fc.constantFrom('dim', 'size', 'scale_factor', 'mode', 'pad', 'num_classes', 'weight', 'offsets', 'stride', 'padding', 'output_size', 'axis', 'shape'), argArb, { maxKeys: 3 }), (i, positional, kwargs) => {
        const def = ALL_FUNCTIONS[i];
        const bound = bindArgs(def.signature, positional, kwargs, def.names[0]);
        const dummy = { kind: 'layer', children: [] } as never;
        const out = def.call(bound.args, contextFor(dummy, '', newRecorder()));
        assert.ok(out && typeof out === 'object' && 'kind' in out);
      }),
      { numRuns: 2000 },
    );
  });
});
