/**
 * Markdown for cards: the compact hover card and the full card document. Pure text in, text out; the
 * extension wraps it in a MarkdownString with only our own commands trusted.
 */
import { proseMath } from './mathText';
import type { Card, Section } from './types';
import { linkTitle } from '../text/markdown';

export type HoverDetail = 'simple' | 'full';

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

/** Keeps at most `maxLines` lines of an example without leaving a code fence open. */
export function shortExample(example: string, maxLines = 12): string {
  const lines = example.trim().split('\n');
  if (lines.length <= maxLines) return lines.join('\n');
  const kept = lines.slice(0, maxLines);
  const openFences = kept.filter((l) => /^\s*(```|~~~)/.test(l)).length;
  if (openFences % 2 === 1) kept.push('```');
  kept.push('…');
  return kept.join('\n');
}

/** Escape text that is shown literally inside Markdown (titles, symbols). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function linkLine(links: readonly CardLink[]): string {
  return links
    .map((l) => `[${escapeMarkdown(l.label)}](${commandUri(l.command, l.args)}${l.tooltip ? ` ${linkTitle(l.tooltip)}` : ''})`)
    .join(' · ');
}

export interface HoverOptions {
  readonly sections: readonly Section[];
  readonly detail: HoverDetail;
  readonly links: readonly CardLink[];
  /** The code name that was hovered, e.g. torch.nn.GELU. */
  readonly symbol?: string;
  /** Title of the concept an API card belongs to. */
  readonly conceptTitle?: string;
  /** Markdown with this exact layer's shapes, parameters and MACs (from the shape engine). */
  readonly numbers?: string;
}

export function hoverMarkdown(card: Card, options: HoverOptions): string {
  const parts: string[] = [];
  const heading = options.symbol && options.symbol !== card.title ? `**${escapeMarkdown(card.title)}** · \`${options.symbol}\`` : `**${escapeMarkdown(card.title)}**`;
  parts.push(heading, `*${escapeMarkdown(breadcrumb(card, options.sections))}*`);
  if (options.numbers) parts.push(options.numbers);
  // Hovers cannot run KaTeX: inline math becomes Unicode.
  const text = (markdown: string) => proseMath(markdown, escapeMarkdown);
  if (card.kind === 'concept') {
    parts.push(text(options.detail === 'full' ? card.full : card.simple));
    if (card.formulaText) parts.push(`**Formula:** \`${card.formulaText.replace(/`/g, "'")}\``);
    parts.push(`**Example**\n\n${text(shortExample(card.example))}`);
  } else {
    parts.push(text(card.summary));
    if (card.formulaText) parts.push(`**Formula:** \`${card.formulaText.replace(/`/g, "'")}\``);
    parts.push(`**Shape:** ${text(card.shape)}`, `**Parameters:** ${text(card.params)}`);
    if (options.conceptTitle) parts.push(`**Concept:** ${escapeMarkdown(options.conceptTitle)}`);
  }
  if (options.links.length) parts.push(linkLine(options.links));
  return parts.join('\n\n');
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
    if (card.formula) out.push('## Formula', `$$\n${card.formula}\n$$`, `\`${card.formulaText ?? ''}\``);
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
    out.push(card.summary);
    if (card.formula) out.push('## Formula', `$$\n${card.formula}\n$$`);
    out.push('## Shape', card.shape, '## Parameters', card.params);
    const concept = options.titleOf(card.concept);
    if (concept) out.push('## Concept', `[${escapeMarkdown(concept)}](${commandUri('mlLens.openConcept', [card.concept])})`);
  }
  if (card.symbols.length) out.push('## In code', card.symbols.map((s) => `- \`${s}\``).join('\n'));
  if (options.links.length) out.push('---', linkLine(options.links));
  return out.join('\n\n') + '\n';
}
