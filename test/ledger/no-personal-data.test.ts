import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { readTemplate } from '../../scripts/adapters/fs/templates.ts';
import { createLedgerWriter } from '../../scripts/adapters/ledger/ledger-writer.ts';
import { validateComplaint, type ComplaintInput } from '../../scripts/core/complaint/complaint-schema.ts';
import { calendarFor } from '../../scripts/core/deadlines/procedure-calendar.ts';
import { planNewCase } from '../../scripts/core/intake/plan-new-case.ts';
import { seedProcedure } from '../support/procedures.ts';
import { runLifecycles } from './lifecycles.ts';

const run = promisify(execFile);

/** A complaint whose every personal field holds a value found nowhere else. */
const PERSONAL: ComplaintInput = {
  procedure: 'ceccc',
  submissionId: '7d1f3c2a-9b4e-4c8d-a6f5-2e0b9d8c7a61',
  renderedAt: '2026-11-02T09:40:00.000Z',
  identity: 'named',
  name: 'Zebedee Quarrington-Fox',
  email: 'zebedee.qfox@example.net',
  phone: '+44 7700 900123',
  address: '14 Wisteria Lane, Tumbleford TF9 8ZZ',
  contactBy: 'email',
  onBehalf: 'someone-else',
  behalfName: 'Ottoline Brackenbury',
  behalfRelationship: 'great-aunt',
  childName: 'Perpetua Quarrington',
  childRelationship: 'stepfather',
  incident: 'single',
  incidentDate: '2026-10-17',
  spokenToSomeone: 'yes',
  spokenToDetails: 'Told the volunteer with the tartan scarf at reception.',
  complaint: 'The visiting-room sofa was covered in marmalade and nobody cleaned it for an hour.',
  outcomeWanted: 'A clean sofa and a written apology about the marmalade.',
  paperwork: 'Photographs of the sofa taken on a Nokia 3310.',
  adjustments: ['interpreter'],
  interpreterLanguage: 'Cornish',
  aboutHandler: false,
  privacy: true,
};

/** Words that must appear nowhere in the ledger or its git history (each distinctive on its own). */
const FORBIDDEN = [
  'Zebedee',
  'Quarrington',
  'qfox',
  'example.net',
  '7700',
  '900123',
  'Wisteria',
  'Tumbleford',
  'TF9',
  'Ottoline',
  'Brackenbury',
  'great-aunt',
  'Perpetua',
  'stepfather',
  '2026-10-17',
  'tartan',
  'marmalade',
  'sofa',
  'Nokia',
  'Cornish',
  '7d1f3c2a',
  'mary-coordinator',
  'ceccc-chair',
  'school report',
  'hospital',
];

test('the ledger and its git history hold no value from the personal fields of the form, the comments or assignees; staff appear only as who acted', async () => {
  const validation = validateComplaint(PERSONAL, { today: '2026-11-02' });
  if (!validation.success) throw new Error(JSON.stringify(validation.errors));
  const ceccc = seedProcedure('ceccc');
  const plan = planNewCase({
    complaint: validation.complaint,
    procedure: ceccc,
    calendar: calendarFor(ceccc),
    channel: 'web',
    reference: 'RDR-ZQF1-0001',
    receivedAt: Date.parse('2026-11-02T10:00:00Z'),
    assignees: { ceccc: { coordinator: ['mary-coordinator'] } },
    templates: { issueBody: await readTemplate('issue-body', 'ceccc'), letter: await readTemplate('acknowledgement-letter', 'ceccc') },
  });
  // The case itself does hold the complaint: that is what the test is about.
  expect(plan.newCase.body).toContain('Zebedee');
  expect(plan.newCase.body).toContain('marmalade');

  const repo = await mkdtemp(path.join(os.tmpdir(), 'redress-ledger-private-'));
  await run('git', ['-C', repo, 'init', '--quiet', '--initial-branch=main']);
  const writer = createLedgerWriter({ dir: path.join(repo, 'cases'), git: true });
  const author = 'hortensia-staffmember';
  await runLifecycles(
    [
      {
        reference: 'RDR-ZQF1-0001',
        procedure: 'ceccc',
        received: '2026-11-02T10:00:00Z',
        body: plan.newCase.body,
        steps: [
          { at: '2026-11-03T10:00:00Z', say: 'Phoned Zebedee Quarrington-Fox on +44 7700 900123.\n/acknowledge', author },
          { at: '2026-11-10T10:00:00Z', say: '/pause complainant-request Zebedee is in hospital', author },
          { at: '2026-11-12T10:00:00Z', say: '/resume', author },
          { at: '2026-11-20T10:00:00Z', say: '/extend 2026-12-14 investigation awaiting Perpetua Quarrington school report', author },
          { at: '2026-11-23T10:00:00Z', say: '/note Wrote to 14 Wisteria Lane, Tumbleford TF9 8ZZ about the marmalade', author },
          { at: '2026-11-24T10:00:00Z', edit: 0, to: 'Phoned Zebedee (Nokia 3310) about the tartan scarf volunteer.\n/acknowledge 2026-11-02', author },
          { at: '2026-12-01T10:00:00Z', say: '/respond partly-upheld\nApology sent to zebedee.qfox@example.net', author },
        ],
      },
    ],
    writer,
  );

  const files = await listFiles(path.join(repo, 'cases'));
  expect(files).toEqual(['2026/RDR-ZQF1-0001.json']);
  const texts = [
    ...(await Promise.all(files.map((file) => readFile(path.join(repo, 'cases', file), 'utf8')))),
    // Every version of every entry, and every commit message.
    (await run('git', ['-C', repo, 'log', '-p', '--format=%an %ae%n%B'])).stdout,
  ].join('\n');
  expect(texts).toContain('"outcome": "partly-upheld"');
  expect(texts).toContain('"reason": "investigation"');
  expect(texts).toContain('"reason": "complainant-request"');
  expect(texts).toContain('{"retracts": 2');
  // ceccc makes no provision for pauses: the command is kept apart, with the procedure's reason and none of the words after it.
  expect(texts).toMatch(/"type": "paused", [^\n]*"reason": "complainant-request", "refusal": "This procedure makes no provision for pausing its time limits."\}/);
  const found = FORBIDDEN.filter((word) => texts.toLowerCase().includes(word.toLowerCase()));
  expect(found).toEqual([]);
  // The member of staff who recorded each fact is named, as an auditor needs, and nowhere else.
  expect(texts).toContain('"actor": "staff", "by": "hortensia-staffmember"');
  expect(texts.replaceAll('"by": "hortensia-staffmember"', '').toLowerCase()).not.toContain('hortensia');
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(path.join(dir, entry.name), `${name}/`)));
    else found.push(name);
  }
  return found.sort();
}
