/**
 * Real-world patterns (test/fixtures/torch/realworld/): constructor arguments from `# model:` comments and
 * argparse defaults, imports across files, torchvision.ops blocks, lists of tensors, namedtuple outputs,
 * train/eval, getattr stages, factory kwargs. Expectations come from real PyTorch
 * (scripts/fixtures/realworld_expectations.py, part of `npm run fixtures:torch`).
 *
 * Two kinds of check:
 * - every model listed in EXACT matches PyTorch exactly (totals, output, every module call's output shape)
 *   and is reported complete;
 * - never a silent wrong number: for EVERY model of every fixture, if the engine reports it complete its
 *   numbers equal PyTorch's; the models in MUST_BE_PARTIAL (structure decided by values the engine cannot
 *   know) are reported partial with a warning.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource, type ModelReport } from '../../../src/engine/shapes';
import { projectImportOptions } from '../../../src/cli/project-modules';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'torch', 'realworld');

interface ExpectedModel {
  name: string;
  mode: 'train' | 'eval';
  output: number[] | null;
  totalParams: number;
  trainableParams: number;
  modules: Array<{ path: string; call: number; output: number[] | null }>;
}

const EXACT = [
  'superres_args.py:Net',
  'dcgan_argparse.py:netG',
  'vgg_cfg.py:VGG',
  'gpt_config.py:GPT',
  'unet_model.py:UNet',
  'unet_model.py:UNetBilinear',
  'dense_lists.py:TinyDense',
  'aux_outputs.py:AuxNet',
  'aux_outputs.py:AuxNetEval',
  'getattr_stages.py:StagedNet',
  'tv_blocks.py:TinyMobile',
  'factory_kwargs.py:net_grouped',
  'factory_kwargs.py:net_pretrained_shape',
  'einops_vit.py:ViT',
  'einops_vit.py:PoolNet',
  'timm_blocks.py:tiny_vit_patch8',
  'timm_blocks.py:tiny_convnet',
];
const MUST_BE_PARTIAL = ['partial_unknowns.py:EnvDepth', 'partial_unknowns.py:DeviceDependent'];

/** Differences between the engine's model and PyTorch's (empty when exact). */
export function differences(m: ModelReport, e: ExpectedModel): string[] {
  const out: string[] = [];
  if (m.totalParams !== e.totalParams) out.push(`totalParams ${m.totalParams} ≠ ${e.totalParams}`);
  if (m.trainableParams !== e.trainableParams) out.push(`trainableParams ${m.trainableParams} ≠ ${e.trainableParams}`);
  if (JSON.stringify(m.output) !== JSON.stringify(e.output)) out.push(`output ${JSON.stringify(m.output)} ≠ ${JSON.stringify(e.output)}`);
  const got = m.layers.map((l) => `${l.path} ${JSON.stringify(l.output)}`);
  const want = e.modules.map((x) => `${x.path} ${JSON.stringify(x.output)}`);
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) {
      out.push(`module call ${i}: ${got[i] ?? '(none)'} ≠ ${want[i] ?? '(none)'}`);
      break;
    }
  }
  return out;
}

function fixtures(): Array<{ file: string; expected: ExpectedModel[] }> {
  const dir = path.join(DIR, 'expected');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f.replace(/\.json$/, '.py'), expected: (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { models: ExpectedModel[] }).models }));
}

function analyse(file: string, e: ExpectedModel): ModelReport | undefined {
  const full = path.join(DIR, file);
  const r = analyzeSource(fs.readFileSync(full, 'utf8'), { fileName: file, model: e.name, training: e.mode !== 'eval', ...projectImportOptions(full) });
  return r.models.find((m) => m.name === e.name);
}

describe('shapes: real-world patterns against real PyTorch', () => {
  const all = fixtures();

  it('has the fixtures and their PyTorch expectations', () => {
    const names = new Set(all.flatMap((f) => f.expected.map((e) => `${f.file}:${e.name}`)));
    for (const k of [...EXACT, ...MUST_BE_PARTIAL]) assert.ok(names.has(k), `no expectation for ${k}`);
  });

  for (const key of EXACT) {
    it(`${key} is exact and complete`, () => {
      const [file, name] = key.split(':');
      const e = all.find((f) => f.file === file)!.expected.find((x) => x.name === name)!;
      const m = analyse(file, e);
      assert.ok(m, `${key}: the engine found no such model`);
      assert.deepEqual(differences(m, e), [], `${key}: ${m.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n')}`);
      assert.equal(m.complete, true, `${key} is exact but reported partial: ${m.diagnostics.map((d) => d.message).join('; ')}`);
    });
  }

  it('never a silent wrong number: a model reported complete agrees with PyTorch, for every fixture', () => {
    const silent: string[] = [];
    for (const f of all) {
      for (const e of f.expected) {
        const m = analyse(f.file, e);
        if (m && m.complete && differences(m, e).length) silent.push(`${f.file}:${e.name}: ${differences(m, e).join('; ')}`);
      }
    }
    assert.deepEqual(silent, []);
  });

  for (const key of MUST_BE_PARTIAL) {
    it(`${key}: structure decided by a value the engine cannot know is reported partial, naming it`, () => {
      const [file, name] = key.split(':');
      const e = all.find((f) => f.file === file)!.expected.find((x) => x.name === name)!;
      const m = analyse(file, e);
      assert.ok(m);
      assert.equal(m.complete, false);
      assert.ok(
        m.diagnostics.some((d) => d.severity === 'warning' && /partial/.test(d.message) && d.line > 0),
        m.diagnostics.map((d) => d.message).join('\n'),
      );
    });
  }
});
