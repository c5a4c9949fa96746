/** package.json is a real, consistent VS Code manifest. */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, ROOT } from '../helpers/content';

interface Manifest {
  name: string;
  displayName: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
  devDependencies: Record<string, string>;
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: unknown[] }> };
    jsonValidation: Array<{ url: string }>;
    menus: Record<string, Array<{ command: string }>>;
  };
}

const manifest = readJson<Manifest>('package.json');

describe('extension manifest', () => {
  it('is named ml-lens / ML Lens with an icon that exists', () => {
    assert.equal(manifest.name, 'ml-lens');
    assert.equal(manifest.displayName, 'ML Lens');
    assert.ok(existsSync(join(ROOT, manifest.icon)), manifest.icon);
  });

  it('targets the VS Code version its @types/vscode describes', () => {
    const engine = /^\^(\d+\.\d+)\./.exec(manifest.engines.vscode)?.[1];
    const types = /(\d+\.\d+)\./.exec(manifest.devDependencies['@types/vscode'])?.[1];
    assert.ok(engine && types);
    assert.equal(engine, types);
  });

  it('activates narrowly and works in Restricted Mode and virtual workspaces', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.some((e) => e.startsWith('onStartupFinished')));
    for (const language of ['python', 'markdown', 'plaintext']) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`));
    assert.ok(manifest.activationEvents.includes('onNotebook:jupyter-notebook'));
    // Panels restored after a window reload activate the extension so their serializer can revive them.
    for (const viewType of ['mlLens.concept', 'mlLens.activationPlot']) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${viewType}`), viewType);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('has an activity-bar container with its own icon and the two views', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'mlLens');
    assert.ok(container && existsSync(join(ROOT, container.icon)));
    assert.deepEqual(manifest.contributes.views.mlLens.map((v) => v.id), ['mlLens.concepts', 'mlLens.inThisFile']);
  });

  it('titles every command in the ML Lens category, and menus name only declared commands', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const c of manifest.contributes.commands) {
      assert.match(c.command, /^mlLens\./);
      assert.equal(c.category, 'ML Lens');
    }
    for (const items of Object.values(manifest.contributes.menus)) for (const item of items) assert.ok(declared.has(item.command), item.command);
    assert.ok(declared.has('mlLens.findConcept') && declared.has('mlLens.revealConceptUnderCursor'));
  });

  it('declares typed settings with defaults of their type', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['mlLens.hover.detail'].enum, ['compact', 'simple', 'full']);
    for (const [key, p] of Object.entries(props)) {
      assert.match(key, /^mlLens\./);
      if (p.type === 'boolean' || p.type === 'number' || p.type === 'string') assert.equal(typeof p.default, p.type, key);
    }
  });

  it('points jsonValidation at schema files that exist', () => {
    for (const v of manifest.contributes.jsonValidation) assert.ok(existsSync(join(ROOT, v.url)), v.url);
  });
});
