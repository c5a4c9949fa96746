/**
 * The readable number format shared by the CLI, hovers and the shape calculator. Every expectation is worked
 * by hand from the engine's JSON text next to it.
 */
import { strict as assert } from 'assert';
import { analyzeSource } from '../../../src/engine/shapes';
import { doubled, formatBytes, formatCount, formatShape, parseDimText } from '../../../src/engine/shapes/format';
import { layerSummaryMarkdown } from '../../../src/engine/text/reportMarkdown';

describe('format: readable counts and shapes', () => {
  it('groups thousands in counts', () => {
    assert.equal(formatCount(7077888), '7,077,888');
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(-1792), '−1,792');
  });

  it('unknown is "unknown", never 0', () => {
    assert.equal(formatCount(null), 'unknown');
    assert.equal(formatBytes(null), 'unknown');
    assert.equal(formatShape(null), '?');
    assert.equal(formatShape([null as unknown as number, 3].slice(1)), '[3]');
  });

  it('factors the batch out of a symbolic MAC count and orders terms by degree', () => {
    // Conv2d(16, 16, 3) with no padding on [N, 16, H, W]: N·16·(H−2)·(W−2)·16·9 expanded by the engine.
    // 144·N·(H·W − 2H − 2W + 4) = 144·H·N·W − 288·H·N − 288·N·W + 576·N; N is in every term.
    assert.equal(formatCount('-288*H*N+144*H*N*W+576*N-288*N*W'), 'N·(144·H·W − 288·H − 288·W + 576)');
  });

  it('one number format for coefficients: 97,344·N next to 876,416·N', () => {
    assert.equal(formatCount('97344*N'), '97,344·N');
    assert.equal(formatCount('876416*N'), '876,416·N');
  });

  it('keeps a product as written and shows floors as ⌊a/b⌋', () => {
    assert.equal(formatCount('9408*N*((H-1)//2+1)*((W-1)//2+1)'), '9,408·N·(⌊(H − 1)/2⌋ + 1)·(⌊(W − 1)/2⌋ + 1)');
    assert.equal(formatCount('N*(H//2)'), 'N·⌊H/2⌋');
  });

  it('pulls out every shared symbol, batch first, and writes powers', () => {
    // 2·N·H·W + 4·N·H: N and H are in both terms → N·H·(2·W + 4)
    assert.equal(formatCount('2*N*H*W+4*N*H'), 'N·H·(2·W + 4)');
    assert.equal(formatCount('H*H*N'), 'N·H²');
    // A constant term means nothing is common.
    assert.equal(formatCount('3*N+1'), '3·N + 1');
  });

  it('exact divisions stay fractions', () => {
    assert.equal(formatCount('H/2'), 'H/2');
    assert.equal(formatCount('3*H/2'), '3·H/2');
  });

  it('shape dimensions use the same notation without thousands separators', () => {
    assert.equal(formatShape([1, 64, 112, 112]), '[1, 64, 112, 112]');
    assert.equal(formatShape(['N', 1000, '(H-1)//2+1', '2*L']), '[N, 1000, ⌊(H − 1)/2⌋ + 1, 2·L]');
  });

  it('FLOPs are twice the MACs, symbolic or not, and unknown stays unknown', () => {
    assert.equal(doubled(1792), 3584);
    assert.equal(doubled(null), null);
    // 2·(144·H·N·W − 288·H·N − 288·N·W + 576·N)
    assert.equal(formatCount(doubled('-288*H*N+144*H*N*W+576*N-288*N*W')), 'N·(288·H·W − 576·H − 576·W + 1,152)');
    assert.equal(formatCount(doubled('9408*N*((H-1)//2+1)')), 'N·(18,816·⌊(H − 1)/2⌋ + 18,816)');
  });

  it('bytes in binary units; per-sample symbolic amounts read as "size·N"', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(407080), '397.54 KB'); // 407,080 / 1024 = 397.539…
    assert.equal(formatBytes(3 * 1024 ** 2), '3.00 MB');
    assert.equal(formatBytes('1204224*N'), '1.15 MB·N'); // 1,204,224 / 1,048,576 = 1.148…
    assert.equal(formatBytes('64*H*N+8'), '64·N·H + 8 B');
  });

  it('parses only the engine’s own notation; anything else is shown as written', () => {
    assert.equal(parseDimText('(H-1)//2+1')?.toString(), '(H-1)//2+1');
    assert.equal(parseDimText('H +'), undefined);
    assert.equal(parseDimText('alert(1)'), undefined);
    assert.equal(formatCount('1e5 things'), '1e5 things');
  });

  it('a module-level Sequential starting with Flatten has unknown MACs, not 0', () => {
    const report = analyzeSource('import torch.nn as nn\n\nmodel = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(784, 128),\n    nn.ReLU(),\n    nn.Linear(128, 10),\n)\n');
    const m = report.models[0];
    assert.equal(m.name, 'model');
    // Linear(784, 128): 784·128 + 128 = 100,480 parameters, known without the input.
    assert.equal(m.layers[1].params, 100480);
    assert.equal(m.layers[1].macs, null);
    assert.equal(m.layers[2].macs, 0, 'ReLU counts 0 MACs whatever its input');
    assert.equal(m.macs, null);
    assert.equal(m.activationBytes, null);
    assert.ok(layerSummaryMarkdown(m, m.layers[1], 1).includes('`?` → `?` · 100,480 parameters · unknown MACs'), layerSummaryMarkdown(m, m.layers[1], 1));
  });
});
