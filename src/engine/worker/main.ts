/**
 * Entry point of the shape-engine worker thread (bundled as dist/engineWorker.js). Messages from the
 * extension or the CLI go to an EngineHost; its answers go back through the same port.
 */
import { parentPort } from 'node:worker_threads';
import { projectImportOptions } from '../../cli/project-modules';
import { EngineHost } from './host';

if (parentPort) {
  const port = parentPort;
  // A Node worker can read the analysed file's project imports from disk (bounded: see project-modules.ts).
  const host = new EngineHost((response) => port.postMessage(response), { projectImports: projectImportOptions });
  port.on('message', (message: unknown) => host.receive(message));
  port.postMessage({ kind: 'ready' });
}
