/**
 * Turns the authored files under content/ into the compiled index and bodies, checking every rule.
 * Pure: callers pass file texts in (the build script reads the disk, a team glossary could pass its own).
 */
import { validateAgainstSchema, type JsonSchema } from './jsonSchema';
import { termKey } from '../terms/normalize';
import { resolveTopics, topicsFromSections, type TopicSpec } from './topics';
import { headerOf, type ApiCard, type Card, type ConceptCard, type ContentBodies, type ContentIndex, type Section } from './types';

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
  /** Optional formula check (KaTeX in the build); returns an error message or undefined. */
  readonly checkFormula?: (latex: string) => string | undefined;
}

export interface CompileResult {
  readonly index: ContentIndex;
  readonly bodies: ContentBodies;
  readonly problems: readonly ContentProblem[];
}

interface Located {
  readonly card: Card;
  readonly file: string;
  /** Field prefix inside the file: '' for concept files, `cards[3].` for API groups. */
  readonly at: string;
}

export function compileContent(input: CompileInput): CompileResult {
  const problems: ContentProblem[] = [];
  const report = (file: string, field: string, code: string, message: string) =>
    problems.push({ file, field, code, message });

  const located: Located[] = [];
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
  }
  for (const file of input.apiFiles) {
    const json = parse(file, report);
    if (json === undefined) continue;
    const violations = validateAgainstSchema(json, input.apiSchema);
    violations.forEach((v) => report(file.path, v.field, v.code, v.message));
    if (violations.length) continue;
    const group = json as { subsection: string; cards: Array<Omit<ApiCard, 'kind' | 'subsection' | 'order' | 'aliases' | 'tags'> & Partial<ApiCard>> };
    group.cards.forEach((raw, i) => {
      const card: ApiCard = {
        ...raw,
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

  checkCrossReferences(located, input, report);

  const cards = located.map((l) => l.card);
  const bodies: Record<string, Card> = {};
  for (const c of cards) bodies[c.id] = c;
  const headers = cards.map(headerOf);
  const { topics, problems: topicProblems } = resolveTopics(input.topics ?? topicsFromSections(input.sections), input.sections, headers);
  for (const p of topicProblems) report('content/sections.json', p.field, ContentCodes.badTopic, p.message);
  const index: ContentIndex = { version: 1, sections: input.sections, topics, cards: headers };
  return { index, bodies, problems };
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
  const symbolOwner = new Map<string, string>();
  const aliasOwner = new Map<string, string>();
  for (const { card, file, at } of located) {
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
      if (owner && owner !== card.id) report(file, `${at}symbols[${i}]`, ContentCodes.duplicateSymbol, `"${symbol}" already belongs to card "${owner}"`);
      symbolOwner.set(symbol, card.id);
    });
    card.aliases.forEach((alias, i) => {
      const key = termKey(alias);
      if (common.has(key)) {
        report(file, `${at}aliases[${i}]`, ContentCodes.commonWordAlias, `"${alias}" is an ordinary English word; use a longer term`);
        return;
      }
      const owner = aliasOwner.get(key);
      if (owner && owner !== card.id) report(file, `${at}aliases[${i}]`, ContentCodes.duplicateAlias, `"${alias}" already belongs to card "${owner}"`);
      aliasOwner.set(key, card.id);
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
