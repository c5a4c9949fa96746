/**
 * Markdown for cards: the compact hover card and the full card document. Pure text in, text out; the
 * extension wraps it in a MarkdownString with only our own commands trusted.
 */
import { proseMath } from './mathText';
import type { ApiCard, Card, ConceptCard, Section } from './types';

export type HoverDetail = 'compact' | 'simple' | 'full';

export interface CardLink {
  readonly label: string;
  readonly command: string;
  readonly args: readonly unknown[];
  readonly tooltip?: string;
}

export function commandUri(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** "10. Neural Networks Foundations › 10.2 Activation Functions" */
export function breadcrumb(card: Pick<Card, 'subsection'>, sections: readonly Section[]): string {
  for (const s of sections) {
    const sub = s.subsections.find((ss) => ss.id === card.subsection);
    if (sub) return `${s.title} › ${sub.title}`;
  }
  return card.subsection;
}

/** Examples up to this many lines are shown whole in hovers; longer ones need the card's `hoverExample`. */
export const HOVER_EXAMPLE_LINES = 12;

/**
 * The example a hover shows: the card's short hover form when it has one, else the whole example when it is
 * short. A long example is never cut mid-way (the point of an example is usually its last lines): the hover
 * then shows none, and *Open card* shows it whole.
 */
export function hoverExample(card: Pick<ConceptCard, 'example' | 'hoverExample'>): string | undefined {
  if (card.hoverExample) return card.hoverExample.trim();
  const example = card.example.trim();
  return example.split('\n').length <= HOVER_EXAMPLE_LINES ? example : undefined;
}

/** The first paragraph of a Markdown text (compact hovers). */
export function firstParagraph(markdown: string): string {
  return markdown.trim().split(/\n\s*\n/)[0];
}

/** Escape text that is shown literally inside Markdown (titles, symbols). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function linkLine(links: readonly CardLink[]): string {
  return links
    .map((l) => `[${escapeMarkdown(l.label)}](${commandUri(l.command, l.args)}${l.tooltip ? ` "${l.tooltip.replace(/"/g, "'")}"` : ''})`)
    .join(' · ');
}

export interface HoverOptions {
  readonly sections: readonly Section[];
  readonly detail: HoverDetail;
  readonly links: readonly CardLink[];
  /** The code name that was hovered, e.g. torch.nn.GELU. */
  readonly symbol?: string;
  /** What the hovered name was called on, when its type was inferred: `opt` is a torch.optim.AdamW. */
  readonly receiver?: { readonly name: string; readonly type: string };
  /** Title of the concept an API card belongs to (when its body is not at hand). */
  readonly conceptTitle?: string;
  /** The concept card an API card belongs to: its short explanation is shown with the API's own facts. */
  readonly concept?: ConceptCard;
  /** Markdown with this exact layer's shapes, parameters and MACs (from the shape engine). */
  readonly numbers?: string;
}

/** A formula in a hover: inline code, with backticks made harmless. */
function formulaLine(formulaText: string, label = 'Formula'): string {
  return `**${label}:** \`${formulaText.replace(/`/g, "'")}\``;
}

/**
 * The hover card. Its action links come right after the title, so they are visible without scrolling the
 * hover box; then the facts, most specific first. `compact` is the title, links, one paragraph and the formula.
 */
export function hoverMarkdown(card: Card, options: HoverOptions): string {
  const parts: string[] = [];
  const since = card.kind === 'api' && card.since ? ` · *${escapeMarkdown(card.since)}*` : '';
  const heading = options.symbol && options.symbol !== card.title ? `**${escapeMarkdown(card.title)}** · \`${options.symbol}\`` : `**${escapeMarkdown(card.title)}**`;
  parts.push(heading + since);
  if (options.links.length) parts.push(linkLine(options.links));
  if (options.receiver) {
    parts.push(`\`${options.receiver.name}\` is a \`${options.receiver.type}\` (from this file's assignments)`);
  }
  if (options.detail !== 'compact') parts.push(`*${escapeMarkdown(breadcrumb(card, options.sections))}*`);
  if (options.numbers) parts.push(options.numbers);
  // Hovers cannot run KaTeX: inline math becomes Unicode.
  const text = (markdown: string) => proseMath(markdown, escapeMarkdown);
  if (card.kind === 'concept') {
    const body = options.detail === 'full' ? card.full : card.simple;
    const formula = card.formulaText ? [formulaLine(card.formulaText)] : [];
    const example = options.detail === 'compact' ? undefined : hoverExample(card);
    const exampleText = example ? [`**Example**\n\n${text(example)}`] : [];
    if (options.detail === 'compact') {
      parts.push(text(firstParagraph(body)), ...formula);
      return parts.join('\n\n');
    }
    // Keep the hover to one screen: the example goes first if it does not fit, then the explanation is cut
    // at a paragraph boundary (never inside one) with a pointer to the whole card.
    const paragraphs = text(body).trim().split(/\n\s*\n/);
    const fits = (extra: readonly string[]) => wrappedLines([...parts, ...extra].join('\n\n')) <= HOVER_MAX_LINES;
    if (fits([...paragraphs, ...formula, ...exampleText])) return [...parts, ...paragraphs, ...formula, ...exampleText].join('\n\n');
    let kept = paragraphs.length;
    const more = '*… the rest is in the card (Open card).*';
    while (kept > 1 && !fits([...paragraphs.slice(0, kept), more, ...formula])) kept--;
    parts.push(...paragraphs.slice(0, kept));
    if (kept < paragraphs.length) parts.push(more);
    parts.push(...formula);
  } else {
    apiHover(card, options, parts, text);
  }
  return parts.join('\n\n');
}

/** What a hover shows without scrolling, in lines of about 80 characters. */
export const HOVER_MAX_LINES = 40;

/** The height of Markdown in lines of 80 characters (a long line wraps). */
export function wrappedLines(markdown: string): number {
  return markdown.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
}

function apiHover(card: ApiCard, options: HoverOptions, parts: string[], text: (markdown: string) => string): void {
  parts.push(text(options.detail === 'compact' ? firstParagraph(card.summary) : card.summary));
  if (card.formulaText) parts.push(formulaLine(card.formulaText));
  if (options.detail !== 'compact') {
    if (card.shape) parts.push(`**Shape:** ${text(card.shape)}`);
    if (card.params) parts.push(`**Parameters:** ${text(card.params)}`);
    if (card.defaults) parts.push(`**Defaults:** ${text(card.defaults)}`);
  }
  const concept = options.concept;
  if (concept) {
    // The concept in a few lines: its name, the simple explanation's first paragraph and (when the API card
    // states none of its own) the concept's formula.
    parts.push('---', `**Concept: ${escapeMarkdown(concept.title)}** — ${text(firstParagraph(concept.simple))}`);
    if (!card.formulaText && concept.formulaText && options.detail !== 'compact') parts.push(formulaLine(concept.formulaText));
  } else if (options.conceptTitle) {
    parts.push(`**Concept:** ${escapeMarkdown(options.conceptTitle)}`);
  }
}

export interface DocumentOptions {
  readonly sections: readonly Section[];
  /** Titles of related cards (and of an API card's concept), by id. */
  readonly titleOf: (id: string) => string | undefined;
  readonly links: readonly CardLink[];
}

/** The whole card as a Markdown document (read-only preview; math as $$…$$). */
export function cardDocument(card: Card, options: DocumentOptions): string {
  const out: string[] = [`# ${escapeMarkdown(card.title)}`, `*${escapeMarkdown(breadcrumb(card, options.sections))}*`];
  if (card.kind === 'concept') {
    out.push('## In short', card.simple, '## Explanation', card.full);
    if (card.formula) out.push('## Formula', `$$\n${card.formula}\n$$`);
    out.push('## Example', card.example);
    for (const note of card.notes ?? []) out.push(`## ${escapeMarkdown(note.title)}`, note.body);
    if (card.corrections?.length) {
      out.push('## Corrections to the source notes');
      for (const c of card.corrections) out.push(`- **${c.field}:** ${c.reason}`);
    }
    const related = card.related.map((id) => ({ id, title: options.titleOf(id) ?? id }));
    if (related.length) {
      out.push('## Related', related.map((r) => `- [${escapeMarkdown(r.title)}](${commandUri('mlLens.openConcept', [r.id])})`).join('\n'));
    }
  } else {
    if (card.since) out.push(`*${escapeMarkdown(card.since)}*`);
    out.push(card.summary);
    if (card.formula) out.push('## Formula', `$$\n${card.formula}\n$$`);
    if (card.shape) out.push('## Shape', card.shape);
    if (card.params) out.push('## Parameters', card.params);
    if (card.defaults) out.push('## Defaults', card.defaults);
    const concept = options.titleOf(card.concept);
    if (concept) out.push('## Concept', `[${escapeMarkdown(concept)}](${commandUri('mlLens.openConcept', [card.concept])})`);
  }
  if (card.symbols.length) out.push('## In code', card.symbols.map((s) => `- \`${s}\``).join('\n'));
  if (card.kind === 'api') {
    out.push('*Generated by `scripts/content/build_api_cards.py`; its numbers are checked against PyTorch 1.13 where PyTorch has the name.*');
  }
  if (options.links.length) out.push('---', linkLine(options.links));
  return out.join('\n\n') + '\n';
}
