/**
 * ShapeReports (src/providers/shapeEditor.ts) with the in-memory vscode fake: Python files without ML imports
 * never reach the engine; model files do, and a stale report (an older version) is not used.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { analyzeSource } from '../../../src/engine/shapes';
import type { EngineClient, EngineResult } from '../../../src/providers/engineClient';
import { ShapeReports } from '../../../src/providers/shapeEditor';
import { EventEmitter, InMemoryDocument } from '../fakes/vscode';

class CountingEngine {
  calls = 0;
  version: number | undefined;
  readonly onDidReport = new EventEmitter<never>().event;
  async report(document: vscode.TextDocument): Promise<EngineResult | undefined> {
    this.calls++;
    const report = analyzeSource(document.getText());
    return { uri: document.uri.toString(), version: this.version ?? document.version, report, status: 'ok' };
  }
  latest(): undefined {
    return undefined;
  }
  dispose(): void {}
}

const doc = (text: string, version = 1) => new InMemoryDocument('file:///w/m.py', text, 'python', version) as unknown as vscode.TextDocument;

describe('ShapeReports: what reaches the engine', () => {
  it('no engine work on Python files without ML imports (even ones that mention torch in prose)', async () => {
    const engine = new CountingEngine();
    const reports = new ShapeReports(engine as unknown as EngineClient);
    assert.equal(await reports.forDocument(doc('import os\n# torch is not imported here\ndef f(x):\n    return x\n')), undefined);
    assert.equal(await reports.forDocument(doc('"""import torch"""\nx = 1\n')), undefined);
    assert.equal(engine.calls, 0);
  });

  it('a model file is analysed; a report for another version is not used', async () => {
    const engine = new CountingEngine();
    const reports = new ShapeReports(engine as unknown as EngineClient);
    const src = 'import torch.nn as nn\n\n# input: [2, 4]\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n';
    const got = await reports.forDocument(doc(src, 3));
    assert.equal(engine.calls, 1);
    assert.deepEqual(got?.report.models.map((m) => m.totalParams), [10]);
    engine.version = 2;
    assert.equal(await reports.forDocument(doc(src, 3)), undefined);
  });
});
