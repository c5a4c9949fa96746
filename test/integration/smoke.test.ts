// Smoke test in a real extension host: the extension is installed under the id from
// package.json, a Python document activates it, and every contributed command exists.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import packageJson from '../../package.json';

/** The parts of package.json this test reads. */
interface Manifest {
  name: string;
  publisher: string;
  version: string;
  activationEvents?: string[];
  contributes?: { commands?: { command: string }[] };
}

const manifest: Manifest = packageJson;
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/**
 * Activation events that may fire before any editor opens. The workbench creates
 * plaintext models of its own (seen in the exthost log: "activationEvent:
 * 'onLanguage:plaintext'" with no editor open), so that event counts as eager too.
 */
const EAGER_EVENT = /^(\*|onStartupFinished|workspaceContains:|onLanguage:plaintext$)/;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder (test/workspace) is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('ML Lens smoke', () => {
  it(`is installed as ${EXTENSION_ID}`, () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not known to the host`);
    assert.equal(extension.packageJSON.version, manifest.version);
  });

  it('activates when a Python file is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const activationEvents = manifest.activationEvents ?? [];
    const eager = activationEvents.some((event) => EAGER_EVENT.test(event));
    if (!eager) {
      assert.equal(extension.isActive, false, 'no eager activation event, so nothing should have activated it yet');
    }
    assert.ok(activationEvents.includes('onLanguage:python') || eager, 'package.json declares no activation for Python');

    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'python');
    assert.equal(path.basename(document.uri.fsPath), 'model.py');

    const activated = await waitFor(() => extension.isActive, 20_000);
    assert.ok(activated, 'extension did not activate within 20 s of opening model.py');
  });

  it('registers every command declared in package.json', async () => {
    const declared: string[] = (manifest.contributes?.commands ?? []).map((command) => command.command);
    assert.ok(declared.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });
});
