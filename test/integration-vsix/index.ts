// Test module for the packaged extension: loaded through --extensionTestsPath by
// `scripts/host/run-tests.mjs --vsix x.vsix`, with the .vsix installed into the
// server's extensions folder and no --extensionDevelopmentPath.
import { runMochaIn } from '../integration/index';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
