/**
 * Whatever a complainant writes never becomes a staff command: not in the issue body, not in the comments that
 * continue a long complaint (posted by an intake account that has write access), and not when a member of staff
 * copies the complaint's escaped text into a comment of their own.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { parseCaseBlock } from '../../scripts/core/case/case-block.ts';
import { COMMAND_NAMES } from '../../scripts/core/commands/parse-commands.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { hostileText, FIELDS, withTexts, type TextField } from '../intake/support/hostile.ts';
import { MemoryStore } from '../support/memory-store.ts';
import { seedProcedure } from '../support/procedures.ts';
import { sweep } from '../support/sweep-harness.ts';

const ceccc = seedProcedure('ceccc');
const templates = { issueBody: await readTemplate('issue-body'), letter: await readTemplate('acknowledgement-letter') };
const RECEIVED = Date.parse('2026-11-02T10:00:00Z');

/** A command as staff would write it, with the variations a person might type. */
const commandLine = fc
  .tuple(fc.constantFrom('', ' ', '\t', '  ', '\u00A0'), fc.constantFrom(...COMMAND_NAMES), fc.constantFrom('', ' upheld', ' 2026-11-02', ' 02/11/2026', ' 2026-12-20 investigation', ' training'))
  .map(([indent, name, args]) => `${indent}/${name}${args}`);

/** Hostile text with command lines among it, sometimes very long so that the complaint continues in comments. */
const textWithCommands = fc
  .array(fc.oneof(commandLine, hostileText, fc.constant('\n'), fc.constant('@a '.repeat(2_000))), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join('\n'));

const complaintTexts = fc.record(Object.fromEntries(Object.entries(FIELDS).map(([field, max]) => [field, textWithCommands.map((t) => t.slice(0, max))])) as Record<TextField, fc.Arbitrary<string>>);

describe('a complainant’s text never commands a case', () => {
  test('in the body, in continuations by a write-access account, or pasted by staff into a comment', async () => {
    await fc.assert(
      fc.asyncProperty(complaintTexts, async (texts) => {
        const complaint = withTexts(texts);
        if (!complaint) return;
        const plan = planNewCase({ complaint, procedure: ceccc, calendar: calendarFor(ceccc), channel: 'web', reference: 'RDR-PROP-0001', receivedAt: RECEIVED, assignees: {}, templates });
        let now = RECEIVED;
        const store = new MemoryStore(() => now);
        const { case: stored } = await store.createCase(plan.newCase);
        now += 60_000;
        for (const part of plan.continuation) store.comment(stored.id, part, { author: 'redress-intake', association: 'MEMBER' });
        // Staff quoting the complaint: its escaped text, without the marker, by someone who may command.
        const copied = [plan.newCase.body.replace(/<!-- redress:case [^\n]*-->/, ''), ...plan.continuation.map((part) => part.slice(part.indexOf('\n') + 1))];
        for (const text of copied) store.comment(stored.id, text, { author: 'hana', association: 'MEMBER' });
        now += 60_000;
        const summary = await sweep(store, new Date(now).toISOString());
        expect(summary.problems).toEqual([]);
        expect(parseCaseBlock(store.cases.get(stored.id)?.body ?? '')?.events.map((event) => event.type)).toEqual(['received']);
        expect(store.cases.get(stored.id)?.state).toBe('open');
      }),
      { numRuns: 150 },
    );
    // A hundred and fifty cases planned and swept: more than a unit test's default on a busy machine.
  }, 120_000);
});
