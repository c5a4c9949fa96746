/** ML Lens: wires the features together. Nothing heavy is loaded here; content loads on first use. */
import * as vscode from 'vscode';
import { registerCommands } from './providers/commands';
import { Views } from './providers/commandIds';
import { ConceptTreeProvider, type ConceptNode } from './providers/conceptTree';
import { ContentService } from './providers/contentService';
import { DocumentIndexer } from './providers/documentIndexer';
import { registerHovers } from './providers/hover';
import { InThisFileProvider, registerInThisFileView } from './providers/inThisFileTree';
import type { EngineClient } from './providers/engineClient';
import { SettingsService } from './providers/settings';
import { registerShapeEditor, type ShapeEditor } from './providers/shapeEditor';
import { createWorkerEngineClient } from './providers/workerEngineClient';
import { registerPanels, type Panels } from './webviews/panels';
import { registerShapesCalculator, type ShapesCalculator } from './webviews/shapes/controller';

function registerConceptView(tree: ConceptTreeProvider): vscode.TreeView<ConceptNode> {
  return vscode.window.createTreeView(Views.concepts, { treeDataProvider: tree, showCollapseAll: true });
}

/** What `activate` returns: a small read-only API, used by the integration tests and open to other extensions. */
export interface MlLensApi {
  readonly concepts: ConceptTreeProvider;
  readonly conceptView: vscode.TreeView<ConceptNode>;
  readonly inThisFile: InThisFileProvider;
  /** The shape engine (in a worker thread): reports per document version. */
  readonly engine: EngineClient;
  /** Shape diagnostics, quick fixes, inlay hints, CodeLens and tensor hovers. */
  readonly shapeEditor: ShapeEditor;
  /** The card and plot webview panels. */
  readonly panels: Panels;
  /** The shape calculator panel (`mlLens.openShapes`). */
  readonly calculator: ShapesCalculator;
}

export function activate(context: vscode.ExtensionContext): MlLensApi {
  try {
    const settings = new SettingsService();
    const content = new ContentService(context.extensionUri);
    const indexer = new DocumentIndexer(content, settings);
    const engine = createWorkerEngineClient(settings, context.extensionUri);
    const tree = new ConceptTreeProvider(content);
    const treeView = registerConceptView(tree);
    const inThisFile = new InThisFileProvider(content, indexer);
    const inThisFileView = registerInThisFileView(Views.inThisFile, inThisFile);
    const panels = registerPanels(context, content, engine);
    const calculator = registerShapesCalculator(context, engine);
    const shapeEditor = registerShapeEditor(engine, settings, calculator.calculator);
    context.subscriptions.push(
      settings,
      indexer,
      treeView,
      engine,
      registerHovers(content, indexer, settings, engine),
      inThisFileView,
      panels,
      registerCommands({ content, indexer, tree, treeView, panels }),
      shapeEditor,
      calculator.disposable,
    );
    return { concepts: tree, conceptView: treeView, inThisFile, engine, panels, calculator: calculator.calculator, shapeEditor };
  } catch (error) {
    // VS Code shows nothing when activation fails; tell the user.
    void vscode.window.showErrorMessage(`ML Lens failed to start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
