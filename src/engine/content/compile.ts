/**
 * Turns the authored files under content/ into the compiled index and bodies, checking every rule.
 * Pure: callers pass file texts in (the build script reads the disk, a team glossary could pass its own).
 */
import { validateAgainstSchema, type JsonSchema } from './jsonSchema';
import { termKey } from '../terms/normalize';
import { resolveTopics, topicsFromSections, type TopicSpec } from './topics';
import { headerOf, type ApiCard, type Card, type ConceptCard, type ContentBodies, type ContentIndex, type Section, type TypeFacts } from './types';

export const ContentCodes = {
  invalidJson: 'MLL010',
  duplicateId: 'MLL011',
  idNotFileName: 'MLL012',
  unknownSubsection: 'MLL013',
  unknownRelated: 'MLL014',
  unknownConcept: 'MLL015',
  duplicateSymbol: 'MLL016',
  duplicateAlias: 'MLL017',
  commonWordAlias: 'MLL018',
  formulaPair: 'MLL019',
  relatedToSelf: 'MLL020',
  badFormula: 'MLL021',
  badTypes: 'MLL022',
  badAmbiguous: 'MLL023',
  badHoverExample: 'MLL024',
  badTopic: 'MLL025',
} as const;

export interface ContentProblem {
  readonly file: string;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}: ${p.field || '(file)'}: ${p.code} ${p.message}`;
}

export interface SourceFile {
  /** Path relative to the repository, e.g. content/concepts/gelu.json. */
  readonly path: string;
  readonly text: string;
}

export interface CompileInput {
  readonly sections: readonly Section[];
  /** The sidebar's topic tree (content/sections.json `topics`); without it, one topic per section. */
  readonly topics?: readonly TopicSpec[];
  readonly commonWords: readonly string[];
  readonly conceptSchema: JsonSchema;
  readonly apiSchema: JsonSchema;
  readonly conceptFiles: readonly SourceFile[];
  readonly apiFiles: readonly SourceFile[];
  /** content/types.json: bases and return types for following values through a file (optional). */
  readonly types?: unknown;
  /** content/hover-examples.json `examples`: card id → the short hover form of its example (optional). */
  readonly hoverExamples?: Readonly<Record<string, string>>;
  /** content/ambiguous-terms.json `terms`: aliases that need ML context in prose (optional). */
  readonly ambiguous?: readonly string[];
  /** Optional formula check (KaTeX in the build); returns an error message or undefined. */
  readonly checkFormula?: (latex: string) => string | undefined;
}

export interface CompileResult {
  readonly index: ContentIndex;
  readonly bodies: ContentBodies;
  readonly problems: readonly ContentProblem[];
}

interface Located {
  card: Card;
  readonly file: string;
  /** Field prefix inside the file: '' for concept files, `cards[3].` for API groups. */
  readonly at: string;
}

export function compileContent(input: CompileInput): CompileResult {
  const problems: ContentProblem[] = [];
  const report = (file: string, field: string, code: string, message: string) =>
    problems.push({ file, field, code, message });

  const located: Located[] = [];
  const conceptIds = new Set<string>();
  /** Code name → the concept card that lists it (an API card for that name belongs to that concept). */
  const listedBy = new Map<string, string>();
  for (const file of input.conceptFiles) {
    const json = parse(file, report);
    if (json === undefined) continue;
    const violations = validateAgainstSchema(json, input.conceptSchema);
    violations.forEach((v) => report(file.path, v.field, v.code, v.message));
    if (violations.length) continue;
    const raw = json as Omit<ConceptCard, 'kind'>;
    const card: ConceptCard = { ...stripSchema(raw), kind: 'concept' };
    const expected = file.path.replace(/^.*\//, '').replace(/\.json$/, '');
    if (card.id !== expected) report(file.path, 'id', ContentCodes.idNotFileName, `"${card.id}" must match the file name "${expected}"`);
    located.push({ card, file: file.path, at: '' });
    conceptIds.add(card.id);
    for (const symbol of card.symbols) if (!listedBy.has(symbol)) listedBy.set(symbol, card.id);
  }
  for (const file of input.apiFiles) {
    const json = parse(file, report);
    if (json === undefined) continue;
    const violations = validateAgainstSchema(json, input.apiSchema);
    violations.forEach((v) => report(file.path, v.field, v.code, v.message));
    if (violations.length) continue;
    const group = json as { subsection: string; cards: Array<Omit<ApiCard, 'kind' | 'subsection' | 'order' | 'aliases' | 'tags'> & Partial<ApiCard> & { conceptPreferred?: string[] }> };
    group.cards.forEach((raw, i) => {
      const { conceptPreferred, ...rest } = raw;
      const card: ApiCard = {
        ...rest,
        // The concept: the concept card that lists this name, else the first existing preferred id, else `concept`.
        concept: raw.symbols.map((sym) => listedBy.get(sym)).find((id) => id !== undefined) ?? conceptPreferred?.find((id) => conceptIds.has(id)) ?? raw.concept,
        kind: 'api',
        subsection: group.subsection,
        order: i,
        aliases: raw.aliases ?? [],
        tags: raw.tags ?? [],
      };
      located.push({ card, file: file.path, at: `cards[${i}].` });
    });
    if (!input.sections.some((s) => s.subsections.some((ss) => ss.id === group.subsection))) {
      report(file.path, 'subsection', ContentCodes.unknownSubsection, `unknown subsection "${group.subsection}"`);
    }
  }

  applyHoverExamples(located, input.hoverExamples, report);
  checkCrossReferences(located, input, report);

  const cards = located.map((l) => l.card);
  const bodies: Record<string, Card> = {};
  for (const c of cards) bodies[c.id] = c;
  const headers = cards.map(headerOf);
  const { topics, problems: topicProblems } = resolveTopics(input.topics ?? topicsFromSections(input.sections), input.sections, headers);
  for (const p of topicProblems) report('content/sections.json', p.field, ContentCodes.badTopic, p.message);
  const types = checkTypes(input.types, report);
  const ambiguous = checkAmbiguous(input.ambiguous, report);
  const index: ContentIndex = {
    version: 1,
    sections: input.sections,
    topics,
    cards: headers,
    ...(types ? { types } : {}),
    ...(ambiguous ? { ambiguous } : {}),
  };
  return { index, bodies, problems };
}

/** Longest hover form of an example, in lines (the hover box shows about this much without scrolling). */
export const MAX_HOVER_EXAMPLE_LINES = 12;

/**
 * Short hover forms: from content/hover-examples.json or the card's own `hoverExample`. Each must belong to a
 * concept card, fit in MAX_HOVER_EXAMPLE_LINES, and be given once.
 */
function applyHoverExamples(
  located: Located[],
  examples: Readonly<Record<string, string>> | undefined,
  report: (file: string, field: string, code: string, message: string) => void,
): void {
  const file = 'content/hover-examples.json';
  const byId = new Map(located.filter((l) => l.card.kind === 'concept').map((l) => [l.card.id, l]));
  for (const [id, text] of Object.entries(examples ?? {})) {
    const entry = byId.get(id);
    if (!entry || entry.card.kind !== 'concept') {
      report(file, `examples.${id}`, ContentCodes.badHoverExample, `"${id}" is not a concept card id`);
      continue;
    }
    if (entry.card.hoverExample !== undefined) {
      report(file, `examples.${id}`, ContentCodes.badHoverExample, `${entry.file} already has its own hoverExample`);
      continue;
    }
    entry.card = { ...entry.card, hoverExample: text };
  }
  for (const { card, file: cardFile } of located) {
    if (card.kind !== 'concept' || card.hoverExample === undefined) continue;
    const lines = card.hoverExample.trim().split('\n').length;
    if (lines > MAX_HOVER_EXAMPLE_LINES) {
      const where = examples?.[card.id] !== undefined ? file : cardFile;
      report(where, where === file ? `examples.${card.id}` : 'hoverExample', ContentCodes.badHoverExample, `${lines} lines; a hover form has at most ${MAX_HOVER_EXAMPLE_LINES}`);
    }
  }
}

const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** content/types.json: two maps of qualified names; anything else is reported, not guessed at. */
function checkTypes(raw: unknown, report: (file: string, field: string, code: string, message: string) => void): TypeFacts | undefined {
  if (raw === undefined) return undefined;
  const file = 'content/types.json';
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(raw) || !Array.isArray(raw.classes) || !isMap(raw.bases) || !isMap(raw.returns)) {
    report(file, '', ContentCodes.badTypes, 'must be an object with a "classes" list and "bases" and "returns" maps');
    return undefined;
  }
  const classes: string[] = [];
  raw.classes.forEach((c: unknown, i: number) => {
    if (typeof c === 'string' && QUALIFIED.test(c)) classes.push(c);
    else report(file, `classes[${i}]`, ContentCodes.badTypes, `expected a qualified name, got ${JSON.stringify(c)}`);
  });
  const out = { classes, bases: {} as Record<string, string>, returns: {} as Record<string, string> };
  for (const key of ['bases', 'returns'] as const) {
    for (const [name, value] of Object.entries(raw[key] as Record<string, unknown>)) {
      const ok = QUALIFIED.test(name) && typeof value === 'string' && (QUALIFIED.test(value) || (key === 'returns' && value === 'self'));
      if (ok) out[key][name] = value as string;
      else report(file, `${key}.${name}`, ContentCodes.badTypes, `expected a qualified name, got ${JSON.stringify(value)}`);
    }
  }
  return out;
}

function checkAmbiguous(raw: readonly string[] | undefined, report: (file: string, field: string, code: string, message: string) => void): string[] | undefined {
  if (raw === undefined) return undefined;
  const out: string[] = [];
  raw.forEach((term, i) => {
    if (typeof term === 'string' && term.trim().length >= 2) out.push(term);
    else report('content/ambiguous-terms.json', `terms[${i}]`, ContentCodes.badAmbiguous, 'must be a term of at least two characters');
  });
  return out;
}

function stripSchema<T extends object>(raw: T): T {
  const { $schema: _ignored, ...rest } = raw as T & { $schema?: string };
  return rest as T;
}

function parse(file: SourceFile, report: (f: string, field: string, code: string, m: string) => void): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    report(file.path, '', ContentCodes.invalidJson, `is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
}

function checkCrossReferences(
  located: readonly Located[],
  input: CompileInput,
  report: (file: string, field: string, code: string, message: string) => void,
): void {
  const subsections = new Set(input.sections.flatMap((s) => s.subsections.map((ss) => ss.id)));
  const common = new Set(input.commonWords.map((w) => termKey(w)));
  const byId = new Map<string, Located>();
  for (const l of located) {
    const prior = byId.get(l.card.id);
    if (prior) report(l.file, `${l.at}id`, ContentCodes.duplicateId, `"${l.card.id}" is already used by ${prior.file}`);
    else byId.set(l.card.id, l);
  }
  // A code name may be listed by one concept card and one API card: the API card carries that name's own
  // facts and shows its concept with them. Two cards of the same kind claiming a name is an error.
  const symbolOwner = new Map<string, { id: string; kind: Card['kind'] }>();
  const aliasOwner = new Map<string, { id: string; kind: Card['kind'] }>();
  for (const entry of located) {
    const { file, at } = entry;
    let card = entry.card;
    if (card.kind === 'concept' && !subsections.has(card.subsection)) {
      report(file, `${at}subsection`, ContentCodes.unknownSubsection, `unknown subsection "${card.subsection}"`);
    }
    if (card.kind === 'concept') {
      card.related.forEach((id, i) => {
        if (id === card.id) report(file, `${at}related[${i}]`, ContentCodes.relatedToSelf, 'a card cannot be related to itself');
        else if (!byId.has(id)) report(file, `${at}related[${i}]`, ContentCodes.unknownRelated, `unknown card id "${id}"`);
      });
    } else {
      const target = byId.get(card.concept);
      if (!target || target.card.kind !== 'concept') {
        report(file, `${at}concept`, ContentCodes.unknownConcept, `"${card.concept}" is not a concept card id`);
      }
    }
    card.symbols.forEach((symbol, i) => {
      const owner = symbolOwner.get(symbol);
      if (owner && owner.id !== card.id && owner.kind === card.kind) {
        report(file, `${at}symbols[${i}]`, ContentCodes.duplicateSymbol, `"${symbol}" already belongs to card "${owner.id}"`);
      }
      if (!owner || owner.kind === 'concept') symbolOwner.set(symbol, { id: card.id, kind: card.kind });
    });
    // Prose belongs to concept cards: an API alias that a concept card also uses is dropped from the API card.
    if (card.kind === 'api' && card.aliases.some((a) => aliasOwner.get(termKey(a))?.kind === 'concept')) {
      card = { ...card, aliases: card.aliases.filter((a) => aliasOwner.get(termKey(a))?.kind !== 'concept') };
      entry.card = card;
    }
    card.aliases.forEach((alias, i) => {
      const key = termKey(alias);
      if (common.has(key)) {
        report(file, `${at}aliases[${i}]`, ContentCodes.commonWordAlias, `"${alias}" is an ordinary English word; use a longer term`);
        return;
      }
      const owner = aliasOwner.get(key);
      if (owner && owner.id !== card.id) report(file, `${at}aliases[${i}]`, ContentCodes.duplicateAlias, `"${alias}" already belongs to card "${owner.id}"`);
      aliasOwner.set(key, { id: card.id, kind: card.kind });
    });
    if ((card.formula === undefined) !== (card.formulaText === undefined)) {
      report(file, `${at}${card.formula === undefined ? 'formula' : 'formulaText'}`, ContentCodes.formulaPair, 'formula and formulaText go together');
    }
    if (card.formula !== undefined && input.checkFormula) {
      const error = input.checkFormula(card.formula);
      if (error) report(file, `${at}formula`, ContentCodes.badFormula, `does not render: ${error}`);
    }
  }
}
