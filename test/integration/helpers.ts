/** Shared helpers for the integration suite (runs inside a real VS Code extension host). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import packageJson from '../../package.json';
import type { MlLensApi } from '../../src/extension';

export const EXTENSION_ID = `${packageJson.publisher}.${packageJson.name}`;

export async function api(): Promise<MlLensApi> {
  const extension = vscode.extensions.getExtension<MlLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export async function openDocument(language: string, content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document);
  return document;
}

/** The position in the middle of the `nth` occurrence of `needle`. */
export function positionOf(document: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is in the document`);
  return document.positionAt(at + Math.floor(needle.length / 2));
}

export interface OurHover {
  readonly markdown: string;
  readonly range: vscode.Range | undefined;
  readonly contents: vscode.MarkdownString;
}

/** ML Lens's hover at the needle (other providers' hovers are ignored), or undefined. */
export async function hoverAt(document: vscode.TextDocument, needle: string, nth = 0): Promise<OurHover | undefined> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, needle, nth));
  for (const hover of hovers ?? []) {
    for (const content of hover.contents) {
      const value = typeof content === 'string' ? content : 'value' in content ? content.value : '';
      if (value.includes('command:mlLens.openConcept')) {
        return { markdown: unescapeMarkdown(value), range: hover.range, contents: content as vscode.MarkdownString };
      }
    }
  }
  return undefined;
}

/** Markdown source with backslash escapes removed, so tests can compare plain titles. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

export function textIn(document: vscode.TextDocument, range: vscode.Range | undefined): string {
  assert.ok(range, 'the hover has a range');
  return document.getText(range);
}

/**
 * How much longer than its nominal wait a condition may take. A wait only bounds how long a failing test
 * hangs (a passing one returns as soon as the condition holds), so it is generous: a busy CI machine, a
 * cold worker or a slow first paint must not turn a correct feature into a red test. MLLENS_TEST_WAIT_SCALE
 * overrides it.
 */
const WAIT_SCALE = Number(process.env.MLLENS_TEST_WAIT_SCALE) > 0 ? Number(process.env.MLLENS_TEST_WAIT_SCALE) : 3;

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs * WAIT_SCALE;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function allTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
