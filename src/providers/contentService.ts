/**
 * Loads the compiled content lazily: nothing at activation, the index on the first hover or tree expansion,
 * card bodies only when a card is shown. Reads through vscode.workspace.fs so it works on every host.
 */
import * as vscode from 'vscode';
import type { Card, CardHeader, ContentBodies, ContentIndex } from '../engine/content/types';
import { buildVocabulary, type Vocabulary } from '../engine/terms/vocabulary';

export class ContentService {
  private indexPromise: Promise<ContentIndex> | undefined;
  private bodiesPromise: Promise<ContentBodies> | undefined;
  private vocabularyPromise: Promise<Vocabulary> | undefined;
  private headers: Map<string, CardHeader> | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  private async readJson<T>(relative: string): Promise<T> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'content', relative));
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  }

  index(): Promise<ContentIndex> {
    return (this.indexPromise ??= this.readJson<ContentIndex>('index.json').then((index) => {
      this.headers = new Map(index.cards.map((c) => [c.id, c]));
      return index;
    }));
  }

  vocabulary(): Promise<Vocabulary> {
    return (this.vocabularyPromise ??= this.index().then(buildVocabulary));
  }

  /** The header of a card, once the index is loaded. */
  header(id: string): CardHeader | undefined {
    return this.headers?.get(id);
  }

  /** The concept card a card stands for: itself for a concept card, its concept for an API card. */
  conceptOf(id: string): string {
    return this.headers?.get(id)?.concept ?? id;
  }

  async card(id: string): Promise<Card | undefined> {
    const bodies = await (this.bodiesPromise ??= this.readJson<ContentBodies>('bodies.json'));
    return bodies[id];
  }
}
