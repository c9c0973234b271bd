/**
 * The letters staff send the complainant from a case, what each one stands for in the procedure, and the words
 * every record of it uses (the draft, the record on the case, the email's subject, the ledger's `letter` field).
 */
import type { Procedure, Stage } from '../procedure/procedure-schema.ts';

/** What staff ask for with `/draft <what>`: the letter's purpose, whatever the stage. */
export const DRAFT_WORDS = ['acknowledgement', 'extension', 'outcome'] as const;
export type DraftWord = (typeof DRAFT_WORDS)[number];

/**
 * The letters themselves, one template each (`scripts/templates/letters/<kind>.hbs`). A stage entered because the
 * complainant asked for it (a stage 2 review, an appeal) has letters of its own: they answer a request about a
 * decision already made, rather than a new complaint.
 */
export const LETTER_KINDS = ['acknowledgement', 'extension', 'outcome', 'review-acknowledgement', 'review-outcome'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** The case event each letter stands for: sending it is the acknowledgement, the extension or the response. */
export const LETTER_EVENTS: Readonly<Record<LetterKind, 'acknowledged' | 'extended' | 'responded'>> = {
  acknowledgement: 'acknowledged',
  extension: 'extended',
  outcome: 'responded',
  'review-acknowledgement': 'acknowledged',
  'review-outcome': 'responded',
};

/** The letter's name in a sentence: "the acknowledgement letter". */
export const LETTER_WORDS: Readonly<Record<LetterKind, string>> = {
  acknowledgement: 'acknowledgement',
  extension: 'extension notice',
  outcome: 'outcome letter',
  'review-acknowledgement': 'acknowledgement of the request',
  'review-outcome': 'outcome letter',
};

/** Whether a stage's letters are those of a stage the complainant asked for (stage 2, an appeal). */
export function isRequestedStage(stage: Stage): boolean {
  return stage.entry.via === 'escalation';
}

/**
 * The letter a `/draft` asks for at a stage.
 *
 * @example
 * letterKindFor('acknowledgement', cecccStage2) //=> 'review-acknowledgement'
 * letterKindFor('extension', cecccStage1) //=> 'extension'
 */
export function letterKindFor(word: DraftWord, stage: Stage): LetterKind {
  if (word === 'extension' || !isRequestedStage(stage)) return word;
  return word === 'acknowledgement' ? 'review-acknowledgement' : 'review-outcome';
}

/**
 * The email's subject: the reference, so the complainant and staff can find it, and what the letter is, in words
 * that hold nothing the complainant wrote.
 *
 * @example
 * letterSubject({ kind: 'outcome', reference: 'RDR-7K', stage: cecccStage1, procedure: ceccc })
 * //=> 'Your complaint RDR-7K: the outcome of Stage 1'
 */
export function letterSubject({ kind, reference, stage, procedure }: { kind: LetterKind; reference: string; stage: Stage; procedure: Procedure }): string {
  const title = stage.title.replace(/\s+/g, ' ');
  switch (kind) {
    case 'acknowledgement':
      return `Your complaint ${reference}: we have received it (${title})`;
    case 'extension':
      return `Your complaint ${reference}: a new date for our response`;
    case 'outcome':
      return `Your complaint ${reference}: the outcome of ${title}`;
    case 'review-acknowledgement':
      return `Your complaint ${reference}: we have received your request (${title})`;
    case 'review-outcome':
      return `Your complaint ${reference}: the outcome of ${title}${procedure.stages.at(-1)?.id === stage.id ? ', our final response' : ''}`;
  }
}
