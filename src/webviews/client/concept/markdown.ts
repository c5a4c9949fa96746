/**
 * Card text → HTML for the concept panel (no DOM here, so unit tests run it in Node): markdown-it with raw HTML disabled, KaTeX for $…$ and $$…$$ (no
 * \href, \url or \htmlClass: `trust: false`; expansion and sizes capped), Python code highlighted with the
 * same Lezer grammar the shape engine parses with, and links limited to http(s).
 *
 * The math rule is ours (about 60 lines) rather than @vscode/markdown-it-katex, which pins KaTeX 0.16 and
 * would bundle a second KaTeX next to the 0.19 the content build validates every formula with.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser as pythonParser } from '@lezer/python';
import katex from 'katex';
import MarkdownIt, { type MarkdownIt as MarkdownItInstance, type StateBlock, type StateInline } from 'markdown-it';

/** KaTeX options for every formula: no trusted commands, bounded macro expansion and sizes, errors shown inline. */
export const KATEX_OPTIONS: katex.KatexOptions = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxExpand: 1000,
  maxSize: 20,
  output: 'htmlAndMathml',
};

/**
 * KaTeX positions glyphs with inline `style` attributes, which the panel's CSP (no 'unsafe-inline' styles)
 * blocks. They are renamed to `data-katex-style` here and applied through the CSSOM by applyKatexStyles(),
 * which CSP allows (main.ts); card text cannot produce either attribute (markdown-it runs with html: false).
 */
export function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode }).replace(/ style="/g, ' data-katex-style="');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Python source → HTML with `tok-*` classes (styled from the theme in style.css). */
export function highlightPython(code: string): string {
  let html = '';
  highlightCode(
    code,
    pythonParser.parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += '\n';
    },
  );
  return html;
}

/** `$…$`: the opening `$` is not followed by a space, the closing one not preceded by a space nor followed by a digit ("$5 and $6" is money). */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$') return false;
  const display = src[start + 1] === '$';
  const open = display ? 2 : 1;
  if (!display && (start + 1 >= state.posMax || /\s/.test(src[start + 1]))) return false;
  let end = start + open;
  for (; end < state.posMax; end++) {
    if (src[end] === '\\') {
      end++;
      continue;
    }
    if (src[end] !== '$') continue;
    if (display) {
      if (src[end + 1] === '$') break;
    } else if (!/\s/.test(src[end - 1]) && !/\d/.test(src[end + 1] ?? '')) break;
    else return false;
  }
  if (end >= state.posMax) return false;
  const content = src.slice(start + open, end);
  if (!content.trim()) return false;
  if (!silent) {
    const token = state.push(display ? 'math_display_inline' : 'math_inline', 'math', 0);
    token.content = content;
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

/** A block that starts with `$$` at the line start and ends at the next line ending with `$$`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  let max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4 || state.src.slice(pos, pos + 2) !== '$$') return false;
  pos += 2;
  let first = state.src.slice(pos, max);
  let last = '';
  let found = false;
  let next = startLine;
  if (first.trim().endsWith('$$')) {
    first = first.trim().slice(0, -2);
    found = true;
  }
  while (!found) {
    next++;
    if (next >= endLine) return false;
    pos = state.bMarks[next] + state.tShift[next];
    max = state.eMarks[next];
    const line = state.src.slice(pos, max);
    if (line.trim().endsWith('$$')) {
      last = line.trim().slice(0, -2);
      found = true;
    }
  }
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = [first, state.getLines(startLine + 1, next, state.tShift[startLine], true), last].filter((s) => s.trim()).join('\n');
  token.map = [startLine, next + 1];
  token.markup = '$$';
  state.line = next + 1;
  return true;
}

export function createMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
  // No images: nothing loads from outside the extension (the CSP would block it anyway).
  md.disable('image');
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.after('blockquote', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, i) => renderMath(tokens[i].content, false);
  md.renderer.rules.math_display_inline = (tokens, i) => renderMath(tokens[i].content, true);
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-block">${renderMath(tokens[i].content, true)}</div>\n`;

  // Only http(s) links survive; VS Code opens them in the browser. Anything else is shown as its text.
  const defaultValidate = md.validateLink.bind(md);
  md.validateLink = (url) => defaultValidate(url) && /^https?:\/\//i.test(url.trim());

  md.renderer.rules.fence = (tokens, i) => {
    const token = tokens[i];
    const lang = token.info.trim().split(/\s+/)[0].toLowerCase();
    const code = token.content.replace(/\n$/, '');
    const body = lang === 'python' || lang === 'py' ? highlightPython(code) : escapeHtml(code);
    return codeBlock(body, lang, code);
  };
  md.renderer.rules.code_block = (tokens, i) => {
    const code = tokens[i].content.replace(/\n$/, '');
    return codeBlock(escapeHtml(code), '', code);
  };
  return md;
}

/** A code block with a copy button; the raw code travels in a data attribute (escaped). */
export function codeBlock(highlighted: string, lang: string, raw: string): string {
  const label = lang && lang !== 'text' ? `<span class="code-lang">${escapeHtml(lang)}</span>` : '';
  return (
    `<div class="code-block">${label}` +
    `<button type="button" class="icon copy" data-copy="${escapeHtml(raw)}" aria-label="Copy code" title="Copy">Copy</button>` +
    `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${highlighted}</code></pre></div>\n`
  );
}
