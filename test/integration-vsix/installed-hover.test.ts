// The installed .vsix (not the repo) answers a hover on a PyTorch name: proves the
// package contains everything the hover needs at run time (bundle, content JSON).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import packageJson from '../../package.json';

const EXTENSION_ID = `${packageJson.publisher}.${packageJson.name}`;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((part) => (typeof part === 'string' ? part : part.value))
    .join('\n');
}

describe('installed ML Lens package', () => {
  it('runs from the extensions folder, not from the repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.notEqual(path.resolve(extension.extensionPath), REPO_ROOT);
    assert.match(path.basename(extension.extensionPath), new RegExp(`^${EXTENSION_ID}-${packageJson.version}`));
  });

  it('shows a GELU hover card for nn.GELU in Python', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace folder is open');
    // test/workspace/gelu.py: "import torch.nn as nn\nx = nn.GELU()\n"
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'gelu.py'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.lineAt(1).text, 'x = nn.GELU()');
    const line = document.lineAt(1).text;
    const position = new vscode.Position(1, line.indexOf('GELU') + 2);

    // The first request may arrive before activation finishes; retry for a while.
    let texts: string[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      texts = (hovers ?? []).map(hoverText);
      if (texts.some((text) => text.includes('GELU'))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(texts.some((text) => text.includes('GELU')), `no hover mentioning GELU; hovers were: ${JSON.stringify(texts)}`);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the installed extension is active');
  });
});
