import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readConfig } from '../../adapters/config/read-config.ts';
import { loadWorkflows, WORKFLOWS_DIR } from '../../adapters/fs/procedure-files.ts';
import { readTemplate } from '../../adapters/fs/templates.ts';
import { LocalCaseStore } from '../../adapters/local-store/local-case-store.ts';
import { parseCaseBlock } from '../../core/case/case-block.ts';
import type { StoredCase, StoredComment } from '../../core/case/case-store.ts';
import { draftsOn, LETTER_START, PLACEHOLDER, type Draft } from '../../core/letters/draft-comment.ts';
import { letterSubject } from '../../core/letters/letter-kinds.ts';
import { renderPrintedLetter } from '../../core/letters/printed-letter.ts';
import { UsageError, type Command } from '../command.ts';
import { findCase, withStore } from './case-work.ts';

/** The draft a number names on a case: the latest with that number (a number is reused only after a deletion). */
function draftOf(found: StoredCase, comments: readonly StoredComment[], number: string): Draft {
  const n = Number(number.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`"${number}" is not a draft's number.`);
  const draft = draftsOn(comments, found.reference).findLast((d) => d.marker.n === n);
  if (!draft) throw new UsageError(`Case ${found.reference} has no draft letter ${n}; /draft on the case makes one.`);
  return draft;
}

export const letterPrint: Command = {
  name: 'letter print',
  summary: 'Write a draft letter as a page to print on A4 and post (it holds personal data).',
  usage: '<reference> <draft number> [--output <file>]',
  details: `
For a complainant who asked for letters by post: the letter exactly as the draft on the case stands (staff's
edits included), laid out for A4, with the organisation's name and the reference. Print it, post it, then write
/send <n> posted <date> on the case, which records the posting date (the complainant counts as receiving it on the
second working day after). A draft that still holds [[…]] text to write is not printed.

Options:
  --output <file>   where to write the page (default: <reference>-letter-<n>.html in the current folder)

Examples:
  npx redress letter print RDR-7KX4-M9QP-2TK 2
  npx redress letter print RDR-7KX4-M9QP-2TK 2 --output /tmp/letter.html`,
  options: { output: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }, context) {
    const [reference, number] = positionals as [string, string];
    const { procedures } = await loadWorkflows(path.resolve(context.cwd, WORKFLOWS_DIR), context.cwd);
    return withStore(context, async (store) => {
      const found = await findCase(store, reference);
      const draft = draftOf(found, await store.listComments(found.id), number);
      if (draft.problem || draft.text === undefined) {
        context.stderr(`${draft.problem ?? 'The draft has no letter.'}\n`);
        return 1;
      }
      if (PLACEHOLDER.test(draft.text)) {
        context.stderr(`Draft ${draft.marker.n} still holds text in [[…]] to be written (${PLACEHOLDER.exec(draft.text)?.[0] ?? ''}): edit the draft on the case first.\n`);
        return 1;
      }
      const procedure = procedures.get(parseCaseBlock(found.body)?.procedure.id ?? '');
      const stage = procedure?.stages.find((s) => s.id === draft.marker.stage);
      if (!procedure || !stage) throw new Error(`Case ${found.reference}'s procedure or stage ${draft.marker.stage} is not in workflows/.`);
      const html = renderPrintedLetter(await readTemplate('printed-letter', procedure.id), {
        text: draft.text,
        organisation: procedure.organisation.name,
        reference: found.reference,
        n: draft.marker.n,
        subject: letterSubject({ kind: draft.marker.letter, reference: found.reference, stage, procedure }),
      });
      const file = path.resolve(context.cwd, typeof values.output === 'string' ? values.output : `${found.reference}-letter-${draft.marker.n}.html`);
      // Readable by its owner only: it holds the complainant's name and address.
      await writeFile(file, html, { mode: 0o600 });
      context.stdout(`Wrote ${file}. Print it on A4, post it, then write "/send ${draft.marker.n} posted <date>" on the case.\n`);
      return 0;
    });
  },
};

export const letterEdit: Command = {
  name: 'letter edit',
  summary: 'Replace a draft letter\'s text in the local store (on GitHub, edit the draft comment itself).',
  usage: '<reference> <draft number> [--file <file>]',
  details: `
Staff edit a draft letter before sending it. On GitHub that is the draft comment on the issue, edited in place;
in the local store it is this command: the letter below the draft's line is replaced by the text of the file, or
of standard input, written as Markdown like the draft (a line break inside a paragraph ends with <br>). The notes
above the line stay. "npx redress case show <reference>" shows the draft as it stands. Then send it with
/send <n> (npx redress case command <reference> "/send <n>").

Options:
  --file <file>   the new letter (default: standard input)

Examples:
  npx redress letter edit RDR-7KX4-M9QP-2TK 1 --file letter.md`,
  options: { file: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }, context) {
    const [reference, number] = positionals as [string, string];
    const config = readConfig(context.env, context.cwd);
    if (config.store.kind !== 'local') throw new UsageError('Drafts on GitHub are edited on the issue: edit the draft comment there.');
    const text = typeof values.file === 'string' ? await readFile(path.resolve(context.cwd, values.file), 'utf8') : await (context.readStdin?.() ?? Promise.resolve(''));
    if (text.trim() === '') throw new UsageError('The new letter is empty: give it with --file or on standard input.');
    const store = await LocalCaseStore.open({ dataDir: config.dataDir, commitIntervalMs: 0 });
    try {
      const found = await findCase(store, reference);
      const comments = await store.listComments(found.id);
      const draft = draftOf(found, comments, number);
      const comment = comments.find((c) => c.id === draft.commentId) as StoredComment;
      const start = comment.body.indexOf(LETTER_START);
      if (start === -1) throw new Error(draft.problem ?? `Draft ${draft.marker.n} has lost its letter line.`);
      await store.updateComment(found.id, comment.id, `${comment.body.slice(0, start + LETTER_START.length)}\n\n---\n\n${text.trim()}\n`);
      context.stdout(`Draft ${draft.marker.n} of ${found.reference} now holds the new letter. Send it with /send ${draft.marker.n}.\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
