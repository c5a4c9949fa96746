/**
 * The webview side of a panel: the VS Code API handle (acquired once) and the initial state, which the panel
 * host puts as JSON in <body data-state> (see src/webviews/html.ts).
 */
export const vscode = acquireVsCodeApi();

/** The state the extension rendered this page with, validated by the panel's own parser. */
export function initialState<S>(parse: (value: unknown) => S | undefined): S | undefined {
  const raw = document.body.dataset.state;
  if (!raw) return undefined;
  try {
    return parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Creates an element with attributes and children; text children become text nodes (never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: Array<Node | string | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Reports a failure to render inside the page instead of leaving it blank. */
export function showFatal(message: string): void {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren(h('p', { class: 'error', role: 'alert' }, message));
  app.removeAttribute('aria-busy');
}
