/**
 * A reusable host for one webview panel kind (one panel per kind: opening it again reveals and navigates the
 * existing panel instead of opening a new tab).
 *
 * How to build a panel with it:
 *
 *   // src/webviews/<panel>/messages.ts — the protocol, imported by both sides (no `vscode`, no DOM):
 *   export type ToWebview = { type: 'show'; state: State } | …;          // tagged unions
 *   export type FromWebview = { type: 'ready' } | { type: 'rendered'; … } | …;
 *   export function parseFromWebview(value: unknown): FromWebview | undefined { … }  // validates everything
 *   export function parseState(value: unknown): State | undefined { … }
 *
 *   // src/webviews/<panel>/controller.ts — the extension side:
 *   const host = new PanelHost<State, ToWebview, FromWebview>(extensionUri, {
 *     viewType: 'mlLens.xyz', bundle: 'xyz', title: (s) => …, parseState, parseMessage: parseFromWebview,
 *   }, (message, host) => { switch (message.type) { … exhaustive … } });
 *   host.show(state)            // first call: creates the panel with `state` in <body data-state>
 *                               // later calls: reveals it and returns 'revealed'; post your navigate message
 *   host.post({ type: … })      // typed by ToWebview
 *   host.registerSerializer()   // once, at activation: revives the panel after a window reload
 *                               // (spec.refresh, if given, updates the saved state first)
 *
 *   // src/webviews/client/<panel>/main.ts — the webview side (built to dist/webview/<bundle>.js, and
 *   // src/webviews/client/<panel>/style.css to dist/webview/<bundle>.css):
 *   import { initialState, vscode } from '../shared/vscode';
 *   const state = vscode.getState() ?? initialState(parseState);   // getState survives hide/show and reload
 *   … vscode.setState(state) on every change, so the serializer gets it back after a reload.
 *
 * Security: the page is built by buildPage() (html.ts) with a fresh nonce and the strict CSP;
 * localResourceRoots is limited to dist/webview and media; scripts are enabled, forms and commands are not.
 * No retainContextWhenHidden: a hidden panel is rebuilt from its saved state when shown again.
 *
 * Every received message is validated with `parseMessage`; anything else is ignored and counted in
 * `rejectedMessages` (and logged), never dispatched.
 */
import * as vscode from 'vscode';
import { buildPage, makeNonce } from './html';

export interface PanelSpec<State, FromWebview extends { readonly type: string }> {
  /** The webview panel's viewType; also what `registerWebviewPanelSerializer` is keyed by. */
  readonly viewType: string;
  /** dist/webview/<bundle>.js and dist/webview/<bundle>.css. */
  readonly bundle: string;
  /** The tab title for a state. */
  title(state: State): string;
  /** Validates a state (initial or saved by the webview and handed back by VS Code on revive). */
  parseState(value: unknown): State | undefined;
  /** The state used when a revived panel's saved state is missing or invalid. */
  fallbackState(): State;
  /** Optional: brings a revived state up to date before it is rendered (e.g. reloads card text). */
  refresh?(state: State): Promise<State>;
  /** Validates a message from the webview. */
  parseMessage(value: unknown): FromWebview | undefined;
  /** Tab icon: a file in media/ (optional). */
  readonly icon?: string;
}

export type MessageHandler<State, ToWebview extends { readonly type: string }, FromWebview extends { readonly type: string }> = (
  message: FromWebview,
  host: PanelHost<State, ToWebview, FromWebview>,
) => void | Promise<void>;

export class PanelHost<State, ToWebview extends { readonly type: string }, FromWebview extends { readonly type: string }>
  implements vscode.Disposable
{
  private current: vscode.WebviewPanel | undefined;
  /** Listeners of the current panel; disposed with it. */
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly received = new vscode.EventEmitter<FromWebview>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** Messages from the webview that failed validation (ignored). */
  rejectedMessages = 0;

  /** Every valid message from the webview, after the handler ran (tests and benchmarks listen here). */
  readonly onDidReceiveMessage = this.received.event;
  /** Fires when the panel is closed. */
  readonly onDidDisposePanel = this.disposed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: PanelSpec<State, FromWebview>,
    private readonly handler: MessageHandler<State, ToWebview, FromWebview>,
  ) {
    this.disposables.push(this.received, this.disposed);
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.current;
  }

  /** The options every panel of this kind gets (also applied to revived panels). */
  webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  /**
   * Opens the panel with `state`, or reveals the open one. Returns 'created' when a new panel was made (it
   * renders `state` itself) and 'revealed' when one existed: the caller then posts its navigate message.
   */
  show(state: State, options: { preserveFocus?: boolean; column?: vscode.ViewColumn } = {}): 'created' | 'revealed' {
    if (this.current) {
      try {
        this.current.reveal(options.column ?? this.current.viewColumn, options.preserveFocus);
        this.current.title = this.spec.title(state);
        return 'revealed';
      } catch {
        // Closed by the user a moment ago; onDidDispose has not arrived yet. Open a new one.
        this.forget();
      }
    }
    const panel = vscode.window.createWebviewPanel(
      this.spec.viewType,
      this.spec.title(state),
      { viewColumn: options.column ?? vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
      { ...this.webviewOptions(), enableFindWidget: true },
    );
    this.adopt(panel, state);
    return 'created';
  }

  /** Sends a message to the webview. Resolves false when there is no panel or it is not live. */
  post(message: ToWebview): Thenable<boolean> {
    return this.current ? this.current.webview.postMessage(message) : Promise.resolve(false);
  }

  /** Sets the tab title (e.g. after the webview navigated on its own). */
  setTitle(state: State): void {
    if (this.current) this.current.title = this.spec.title(state);
  }

  /** Closes the panel if open. */
  close(): void {
    this.current?.dispose();
  }

  /** Revives panels of this kind after a window reload, from the state the webview saved with setState. */
  registerSerializer(): vscode.Disposable {
    const registration = vscode.window.registerWebviewPanelSerializer(this.spec.viewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, saved: unknown) => this.revive(panel, saved),
    });
    this.disposables.push(registration);
    return registration;
  }

  /**
   * Takes over a panel VS Code restored (what the serializer does): validates the state the webview saved,
   * refreshes it, and renders it. Public so tests can drive the same path without reloading the window.
   */
  async revive(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    // A second revived panel of the same kind (possible after a reload with split editors) is closed:
    // one panel per kind.
    if (this.current) {
      panel.dispose();
      return;
    }
    let state = this.spec.parseState(saved) ?? this.spec.fallbackState();
    if (this.spec.refresh) state = await this.spec.refresh(state);
    if (this.current) {
      // show() opened a panel while the state was refreshing.
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    panel.title = this.spec.title(state);
    this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: State): void {
    let html: string;
    try {
      html = this.html(panel.webview, state);
    } catch (error) {
      panel.dispose();
      throw error;
    }
    this.current = panel;
    if (this.spec.icon) panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', this.spec.icon);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => {
        if (this.current === panel) this.forget();
        this.disposed.fire();
      }),
    );
    panel.webview.html = html;
  }

  /** Drops the current panel and its listeners (it was closed). */
  private forget(): void {
    this.current = undefined;
    const listeners = this.panelDisposables;
    this.panelDisposables = [];
    for (const d of listeners) d.dispose();
  }

  /** Validates a message from the webview and dispatches it (tests call this to play the webview's part). */
  async receive(raw: unknown): Promise<void> {
    const message = this.spec.parseMessage(raw);
    if (!message) {
      this.rejectedMessages++;
      console.warn(`ML Lens: ignored an invalid message from the ${this.spec.viewType} webview`);
      return;
    }
    try {
      await this.handler(message, this);
    } catch (error) {
      console.error(`ML Lens: the ${this.spec.viewType} panel failed to handle "${message.type}":`, error);
    }
    this.received.fire(message);
  }

  private html(webview: vscode.Webview, state: State): string {
    const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', file)).toString();
    return buildPage({
      title: this.spec.title(state),
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      styles: [asset('theme.css'), asset(`${this.spec.bundle}.css`)],
      scripts: [asset(`${this.spec.bundle}.js`)],
      state,
      panel: this.spec.bundle,
    });
  }

  dispose(): void {
    this.current?.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
