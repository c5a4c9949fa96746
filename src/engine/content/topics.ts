/**
 * The sidebar's topic tree. content/sections.json keeps two things apart:
 *
 * - `sections`: where each card comes from — the seed documents' own numbered sections ("10.2 Activation
 *   Functions", "4.5 Dropout") and ML Lens's sections for its own cards. A card's `subsection` points here, and
 *   its breadcrumb is built from it, so a card always shows the section of the document it was written from.
 * - `topics`: how the tree is organised for reading — short topic titles ("Foundations › Activations") that
 *   gather cards from any source. A topic lists what it includes: a subsection id takes all of that
 *   subsection's cards (in the subsection's order), `card:<id>` takes one card. A card listed explicitly is
 *   taken out of its subsection's default place. A topic has either `groups` (one more tree level), `include`
 *   (cards directly under the topic) or `section` (one group per subsection of that section).
 *
 * resolveTopics() turns that into card-id lists and reports every card placed twice or not at all.
 */
import { byPosition } from './order';
import type { CardHeader, ResolvedTopic, Section } from './types';

export interface TopicGroupSpec {
  readonly id: string;
  readonly title: string;
  readonly include: readonly string[];
}

export interface TopicSpec {
  readonly id: string;
  readonly title: string;
  readonly groups?: readonly TopicGroupSpec[];
  readonly include?: readonly string[];
  readonly section?: string;
}

export interface TopicProblem {
  /** Field path inside content/sections.json, e.g. `topics[2].groups[0].include[1]`. */
  readonly field: string;
  readonly message: string;
}

const CARD = 'card:';

/** Default topics when sections.json has none: one topic per section, one group per subsection. */
export function topicsFromSections(sections: readonly Section[]): TopicSpec[] {
  return sections.map((s) => ({ id: s.id, title: s.title, section: s.id }));
}

export function resolveTopics(
  specs: readonly TopicSpec[],
  sections: readonly Section[],
  cards: readonly CardHeader[],
): { readonly topics: ResolvedTopic[]; readonly problems: TopicProblem[] } {
  const problems: TopicProblem[] = [];
  const subsectionIds = new Set(sections.flatMap((s) => s.subsections.map((ss) => ss.id)));
  const cardIds = new Set(cards.map((c) => c.id));
  const bySubsection = new Map<string, CardHeader[]>();
  for (const c of [...cards].sort(byPosition)) {
    const list = bySubsection.get(c.subsection) ?? [];
    list.push(c);
    bySubsection.set(c.subsection, list);
  }

  // Expand `section` topics into groups first, so every include list is explicit.
  const expanded = specs.map((t, ti) => {
    const forms = [t.groups, t.include, t.section].filter((x) => x !== undefined).length;
    if (forms !== 1) problems.push({ field: `topics[${ti}]`, message: `topic "${t.id}" needs exactly one of groups, include or section` });
    if (t.section === undefined) return t;
    const section = sections.find((s) => s.id === t.section);
    if (!section) {
      problems.push({ field: `topics[${ti}].section`, message: `unknown section "${t.section}"` });
      return { ...t, groups: [] };
    }
    return { ...t, groups: section.subsections.map((ss) => ({ id: ss.id, title: ss.title, include: [ss.id] })) };
  });

  // Cards placed explicitly leave their subsection's default place.
  const explicit = new Map<string, string>();
  const takenSubsections = new Map<string, string>();
  const visit = (include: readonly string[], at: string) =>
    include.forEach((entry, i) => {
      const field = `${at}.include[${i}]`;
      if (entry.startsWith(CARD)) {
        const id = entry.slice(CARD.length);
        if (!cardIds.has(id)) problems.push({ field, message: `unknown card "${id}"` });
        else if (explicit.has(id)) problems.push({ field, message: `card "${id}" is already placed at ${explicit.get(id)}` });
        else explicit.set(id, field);
      } else if (!subsectionIds.has(entry)) {
        problems.push({ field, message: `unknown subsection "${entry}" (use card:<id> for a single card)` });
      } else if (takenSubsections.has(entry)) {
        problems.push({ field, message: `subsection "${entry}" is already included at ${takenSubsections.get(entry)}` });
      } else takenSubsections.set(entry, field);
    });
  expanded.forEach((t, ti) => {
    if (t.include) visit(t.include, `topics[${ti}]`);
    t.groups?.forEach((g, gi) => visit(g.include, `topics[${ti}].groups[${gi}]`));
  });

  const cardsOf = (include: readonly string[]): string[] =>
    include.flatMap((entry) =>
      entry.startsWith(CARD)
        ? cardIds.has(entry.slice(CARD.length)) ? [entry.slice(CARD.length)] : []
        : (bySubsection.get(entry) ?? []).filter((c) => !explicit.has(c.id)).map((c) => c.id),
    );
  const topics: ResolvedTopic[] = expanded.map((t) =>
    t.groups
      ? { id: t.id, title: t.title, groups: t.groups.map((g) => ({ id: g.id, title: g.title, cards: cardsOf(g.include) })) }
      : { id: t.id, title: t.title, cards: cardsOf(t.include ?? []) },
  );

  const placed = new Set(topics.flatMap((t) => t.cards ?? t.groups!.flatMap((g) => g.cards)));
  for (const c of cards) {
    if (!placed.has(c.id)) {
      problems.push({ field: 'topics', message: `card "${c.id}" (subsection "${c.subsection}") is in no topic: include its subsection or card:${c.id}` });
    }
  }
  return { topics, problems };
}
