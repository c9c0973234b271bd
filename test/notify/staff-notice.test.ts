import { describe, expect, test } from 'vitest';
import { createWorkingCalendar } from '../../scripts/core/calendar/working-calendar.ts';
import { CaseEventSchema } from '../../scripts/core/case/case-event-schema.ts';
import { computeTimeline } from '../../scripts/core/deadlines/compute-timeline.ts';
import { MailRequestSchema } from '../../scripts/core/mail/mail-request.ts';
import { staffNoticeEmails, staffNoticeKey, toldWords } from '../../scripts/core/notify/staff-notice.ts';
import { OrganisationSchema } from '../../scripts/core/organisation/organisation-schema.ts';
import { emailsStaff, staffFor } from '../../scripts/core/organisation/roster.ts';
import { seedProcedure } from '../support/procedures.ts';

const organisation = OrganisationSchema.parse({
  name: 'Example Centres',
  contact: { email: 'complaints@example.org' },
  publish: ['ceccc'],
  people: [
    { name: 'Mary Smith', github: 'mary-ceccc', email: 'mary@example.org', roles: { ceccc: ['coordinator'] } },
    { name: 'Sam Jones', github: 'sam-ceccc', roles: { ceccc: ['coordinator', 'chair'] } },
    { name: 'Ola Chair', email: 'ola@example.org', roles: { ceccc: ['chair'] } },
  ],
});

describe('who is told', () => {
  test('the roster’s holders of the role, with their logins and addresses', () => {
    expect(staffFor(organisation, {}, 'ceccc', 'coordinator')).toEqual([
      { name: 'Mary Smith', github: 'mary-ceccc', email: 'mary@example.org' },
      { name: 'Sam Jones', github: 'sam-ceccc' },
    ]);
    expect(staffFor(organisation, {}, 'ceccc', 'trustees')).toEqual([]);
    expect(staffFor(undefined, {}, 'ceccc', 'coordinator')).toEqual([]);
  });

  test('REDRESS_ASSIGNEES overrides a role with logins, keeping the roster’s name and address for a login it knows', () => {
    expect(staffFor(organisation, { ceccc: { coordinator: ['SAM-ceccc', 'stand-in'] } }, 'ceccc', 'coordinator')).toEqual([
      { name: 'Sam Jones', github: 'sam-ceccc' },
      { name: 'stand-in', github: 'stand-in' },
    ]);
    // Other roles keep the roster.
    expect(staffFor(organisation, { ceccc: { coordinator: ['stand-in'] } }, 'ceccc', 'chair').map((p) => p.name)).toEqual(['Sam Jones', 'Ola Chair']);
  });

  test('email is on by default locally, off on GitHub, and the organisation file decides when it says', () => {
    expect(emailsStaff(undefined, 'local')).toBe(true);
    expect(emailsStaff(undefined, 'github')).toBe(false);
    expect(emailsStaff({ ...organisation, notify: { email: true } }, 'github')).toBe(true);
    expect(emailsStaff({ ...organisation, notify: { email: false } }, 'local')).toBe(false);
  });

  test('the organisation file refuses a notify setting it does not know', () => {
    const result = OrganisationSchema.safeParse({ ...organisation, notify: { email: 'yes' } });
    expect(result.success).toBe(false);
    expect(OrganisationSchema.safeParse({ ...organisation, notify: { sms: true } }).success).toBe(false);
  });
});

describe('the email to staff', () => {
  const procedure = seedProcedure('ceccc');
  const calendar = createWorkingCalendar({ nation: 'england-and-wales' });
  const received = CaseEventSchema.parse({ type: 'received', at: '2026-12-02T10:00:00Z', channel: 'web' });
  const timeline = computeTimeline({ procedure, calendar, events: [received], now: Date.parse('2026-12-02T10:05:00Z') });
  const notice = { what: 'new-case' as const, step: 'received', role: 'coordinator', notBefore: '2026-12-02T10:05:00.000Z' };

  test('one message per person with an address; the people without one are named', () => {
    const { requests, unreachable } = staffNoticeEmails({ notice, reference: 'RDR-AAAA', procedure, timeline, link: 'https://github.com/acme/cases/issues/7', people: staffFor(organisation, {}, 'ceccc', 'coordinator'), prefix: 'EC' });
    expect(unreachable).toEqual(['Sam Jones']);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.name).toBe('Mary Smith');
    const mail = requests[0]?.request;
    expect(MailRequestSchema.parse(mail)).toEqual(mail);
    expect(mail?.to).toBe('mary@example.org');
    expect(mail?.kind).toBe('staff-notice');
    expect(mail?.subject).toMatch(/^\[EC\] New case: case RDR-AAAA, .+ due \w+day \d+ \w+ 2026$/);
    expect(mail?.text).toContain('A new complaint, case RDR-AAAA, has been received.');
    expect(mail?.text).toContain(`Procedure: ${procedure.title}`);
    expect(mail?.text).toContain('You are told as: ');
    expect(mail?.text).toContain('Open the case: https://github.com/acme/cases/issues/7');
    // The key names the case, the notice and a hash of the address, never the address.
    expect(mail?.key).toBe(staffNoticeKey('RDR-AAAA', notice, 'Mary@Example.org'));
    expect(mail?.key).not.toContain('mary');
  });

  test('the same notice to the same person always has the same key; another step or person, another key', () => {
    const a = staffNoticeKey('RDR-AAAA', { what: 'reminder', step: 'stage-1.respond.overdue.2026-12-09' }, 'mary@example.org');
    expect(staffNoticeKey('RDR-AAAA', { what: 'reminder', step: 'stage-1.respond.overdue.2026-12-09' }, ' MARY@example.org ')).toBe(a);
    expect(staffNoticeKey('RDR-AAAA', { what: 'reminder', step: 'stage-1.respond.due-today.2026-12-09' }, 'mary@example.org')).not.toBe(a);
    expect(staffNoticeKey('RDR-AAAA', { what: 'reminder', step: 'stage-1.respond.overdue.2026-12-09' }, 'ola@example.org')).not.toBe(a);
  });
});

describe('what a notice says about who was told', () => {
  test.each([
    [{ role: 'Co-Ordinator', holders: 1, mentioned: ['@mary'] }, 'Told: @mary by GitHub mention.'],
    [{ role: 'Co-Ordinator', holders: 2, mentioned: ['@mary', '@sam'], emails: [{ name: 'Mary Smith', status: 'sent' as const }], unreachable: ['Sam Jones'] }, 'Told: @mary and @sam by GitHub mention; Mary Smith by email. Sam Jones has no email address in redress.yaml, so no email went to them.'],
    [{ role: 'Co-Ordinator', holders: 1, mentioned: [], emails: [{ name: 'Mary Smith', status: 'written' as const }] }, 'Nobody was notified: the Co-Ordinator is not mentioned on GitHub here and not emailed. The email to Mary Smith was not sent: no mail server is configured, so it was written to the data directory (npx redress mail list).'],
    [{ role: 'Co-Ordinator', holders: 1, mentioned: [], emails: [], unreachable: ['Sam Jones'] }, 'Nobody was notified: the Co-Ordinator is not mentioned on GitHub here and not emailed. Sam Jones has no email address in redress.yaml, so no email went to them.'],
    [{ role: 'Chair', holders: 0, mentioned: [], emails: [] }, 'Nobody holds the Chair role in redress.yaml, so nobody was told.'],
    [{ role: 'Chair', holders: 1, mentioned: [], emails: [{ name: 'Ola Chair', status: 'queued' as const }] }, 'Nobody was notified: the Chair is not mentioned on GitHub here and not emailed. The email to Ola Chair is waiting to be sent: the mail server deferred it, and it is tried again.'],
  ])('%o', (input, words) => {
    expect(toldWords(input)).toBe(words);
  });

  test('never says "by email" unless a mail server accepted the message', () => {
    for (const status of ['written', 'queued', 'failed', 'uncertain'] as const) {
      expect(toldWords({ role: 'Chair', holders: 1, mentioned: [], emails: [{ name: 'Ola', status }] })).not.toMatch(/Told:.*by email/);
    }
  });
});
