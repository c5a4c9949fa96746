/**
 * Escaping for user-controlled strings (module paths, dictionary keys, layer names, file names, diagnostic
 * messages, input specs) that land in Markdown the extension renders: hover cards (VS Code's Markdown
 * renderer, which also turns bare URLs and e-mail addresses into links) and the Shapes view (markdown-it).
 * Whatever the string holds, the result renders as that literal text: no link, image, HTML, emphasis, heading,
 * list, table cell break or autolink of its own.
 *
 * Pure: no `vscode`, no DOM.
 */

/** Longest string shown for one user-controlled value; longer ones are cut with an ellipsis. */
export const MAX_SHOWN_CHARS = 240;

/** One line, at most `max` characters (cut on a code point boundary, with "…"). */
export function oneLine(text: string, max = MAX_SHOWN_CHARS): string {
  // Line breaks and other control characters would end a paragraph, a table row or a heading.
  // eslint-disable-next-line no-control-regex
  const flat = String(text).replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  if (flat.length <= max) return flat;
  const cut = Array.from(flat.slice(0, max)).join('');
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/**
 * The ASCII punctuation that can start or end Markdown markup: links, images, HTML and entities, emphasis,
 * code, headings, lists, block quotes, tables, strikethrough, math (`$`, rendered by the Markdown preview) and,
 * with `:`, `.`, `@`, the GFM autolinks of `https://…`, `www.…` and e-mail addresses. Commas, semicolons,
 * slashes, quotes and the like stay as they are, so numbers such as 7,077,888 read unchanged in the source.
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:@=$^]/g;

/**
 * Plain text for a Markdown paragraph, heading, list item, table cell or emphasis: each special character
 * gets a backslash (CommonMark lets any ASCII punctuation be escaped, and an escaped one never starts markup).
 */
export function escapeMarkdownText(text: string, max = MAX_SHOWN_CHARS): string {
  return oneLine(text, max).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** Text for a GFM table cell: the same as escapeMarkdownText (a `\|` never splits the cell). */
export const escapeTableCell = escapeMarkdownText;

/**
 * A code span showing `text` literally. The fence is one backtick longer than the longest backtick run inside;
 * a space is added at both ends when the text starts or ends with a backtick (it would join the fence) or
 * starts and ends with a space (CommonMark strips one from each end). With `inTable`, `|` is written `\|`,
 * which GFM tables turn back into `|` inside a code span instead of splitting the cell there.
 */
export function codeSpan(text: string, options: { inTable?: boolean; max?: number } = {}): string {
  let body = oneLine(text, options.max ?? MAX_SHOWN_CHARS);
  if (body === '') return '` `';
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '');
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  return pad ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}
