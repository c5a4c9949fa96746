/**
 * Makes `require('vscode')` resolve to the in-memory fake (test/unit/fakes/vscode.ts) for unit tests.
 * Loaded by .mocharc.json; the real-host suite never loads it.
 */
import Module from 'node:module';
import { join } from 'node:path';

const FAKE = join(__dirname, 'vscode.ts');
type Resolve = (request: string, ...rest: unknown[]) => string;
const internal = Module as unknown as { _resolveFilename: Resolve };
const original = internal._resolveFilename;
internal._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? FAKE : original.call(this, request, ...rest);
};
