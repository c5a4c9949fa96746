/**
 * Entry point of the shape-engine worker thread (bundled as dist/engineWorker.js). Messages from the
 * extension go to an EngineHost; its answers go back through the same port.
 */
import { parentPort } from 'node:worker_threads';
import { EngineHost } from './host';

if (parentPort) {
  const port = parentPort;
  const host = new EngineHost((response) => port.postMessage(response));
  port.on('message', (message: unknown) => host.receive(message));
  port.postMessage({ kind: 'ready' });
}
