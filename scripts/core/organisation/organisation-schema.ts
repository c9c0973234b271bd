/**
 * The organisation that runs Redress, in one file at the top of the repository (`redress.yaml`): its name and
 * look on its public pages, how to contact it, its privacy notice, which procedures it publishes, its people (the
 * roster that assignment, reminders and correspondence use) and where its site lives. Read by the site, the intake
 * server, the sweep and the CLI alike; without the file Redress runs as its own demonstration.
 */
import { z } from 'zod';
import { IdSchema } from '../procedure/fields.ts';
import { contrastRatio, parseHexColour } from './contrast.ts';

/** A GitHub login: letters, digits and single hyphens. */
const LoginSchema = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'A GitHub login: letters, digits and single hyphens.');

/** The least contrast WCAG 2.2 AA asks of text (1.4.3): the accent colours links and white text on buttons. */
export const MIN_ACCENT_CONTRAST = 4.5;

const AccentSchema = z.string().superRefine((text, ctx) => {
  const colour = parseHexColour(text);
  if (!colour) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a colour: write it as #rrggbb, e.g. "#1d70b8".` });
    return;
  }
  const ratio = contrastRatio(colour, { r: 255, g: 255, b: 255 });
  if (ratio < MIN_ACCENT_CONTRAST) {
    ctx.addIssue({ code: 'custom', message: `${text} has a contrast of ${ratio.toFixed(2)}:1 with white; links and buttons need at least ${MIN_ACCENT_CONTRAST}:1 (WCAG 2.2 AA). Choose a darker shade.` });
  }
});

/** A member of staff: who they are, how to reach them, and the roles they hold in each procedure. */
export const PersonSchema = z.strictObject({
  /** Their name as it appears on letters and notices to staff. */
  name: z.string().trim().min(1).max(200),
  /** Their GitHub login, for assignment and mentions on the cases repository. */
  github: LoginSchema.optional(),
  /** Their work email address, for notices and digests. */
  email: z.email('A work email address, like name@example.org.').optional(),
  /** The roles they hold, by procedure id: `{ ceccc: [coordinator] }`. */
  roles: z.record(IdSchema, z.array(IdSchema).min(1)).default({}),
});
export type Person = z.infer<typeof PersonSchema>;

/** The complaint handling codes an organisation can report against (`redress report`, the statistics page). */
export const REPORTING_CODES = ['housing-ombudsman-code', 'spso-model'] as const;

/** The days every year's months have (29 February is not one). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** What the organisation reports to its regulator, and against which code. */
export const ReportingSchema = z.strictObject({
  /** The code: the Housing Ombudsman's Complaint Handling Code, or the SPSO model complaints handling procedure. */
  code: z.enum(REPORTING_CODES, { error: `One of ${REPORTING_CODES.join(', ')}.` }),
  /** The procedure reported on, when the organisation publishes more than one. */
  procedure: IdSchema.optional(),
  /** The number of homes the landlord owns, for the tenant satisfaction measures' complaints per 1,000 homes. */
  // A custom check, so that a wrong value is reported as wrong rather than as missing.
  homes: z.custom<number>((value) => Number.isSafeInteger(value) && (value as number) > 0, { error: 'A whole number of homes, e.g. 1200.' }).optional(),
  /** The first day of the reporting year, as MM-DD: 04-01, a financial year, unless the organisation's differs. */
  yearStarts: z
    .string()
    .superRefine((text, ctx) => {
      if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(text)) ctx.addIssue({ code: 'custom', message: 'The first day of the reporting year as MM-DD, e.g. "04-01".' });
      else if (Number(text.slice(3)) > (DAYS_IN_MONTH[Number(text.slice(0, 2)) - 1] ?? 0)) ctx.addIssue({ code: 'custom', message: 'A day that every year has, e.g. "04-01".' });
    })
    .default('04-01'),
});
export type Reporting = z.infer<typeof ReportingSchema>;

export const OrganisationSchema = z.strictObject({
  /** The organisation's name, as it heads every page: "Cambridge & Ely Child Contact Centres". */
  name: z.string().trim().min(1).max(200),
  /** A short form for narrow screens and email subjects: "CECCC". */
  shortName: z.string().trim().min(1).max(40).optional(),
  /** The logo, an image file in site/public (SVG or PNG), shown beside the name; its text alternative is the name. */
  logo: z
    .string()
    .regex(/^[\w./-]+\.(svg|png)$/, 'A file name in site/public ending .svg or .png, e.g. "logo.svg".')
    .refine((name) => !name.split('/').includes('..'), 'The logo must be inside site/public.')
    .optional(),
  /** The colour of links and buttons, as #rrggbb; refused if it fails WCAG 2.2 AA contrast with white. */
  accent: AccentSchema.optional(),
  /** How people reach the organisation about a complaint. At least one way. */
  contact: z
    .strictObject({
      email: z.email('An email address, like complaints@example.org.').optional(),
      phone: z.string().regex(/^\+?[\d\s()-]{7,25}$/, 'A telephone number, like 01632 960 001.').optional(),
      address: z.string().trim().min(1).max(500).optional(),
      /** The organisation's own website. */
      website: z.url({ protocol: /^https?$/ }).optional(),
    })
    .refine((contact) => contact.email || contact.phone || contact.address, 'Give at least one way to contact the organisation: email, phone or address.'),
  /** What the privacy notice needs that only the organisation can say. */
  privacy: z
    .strictObject({
      /** The controller's registration number with the Information Commissioner, if it has one. */
      icoRegistration: z.string().regex(/^[A-Z0-9]{6,12}$/, 'An ICO registration number, e.g. "ZA123456".').optional(),
      /** How long complaint records are kept after a case closes, in words: "6 years". */
      retention: z.string().trim().min(1).max(200).default('6 years'),
      /** A data protection officer or privacy contact, when not the complaints contact. */
      contact: z.string().trim().min(1).max(300).optional(),
    })
    .default({ retention: '6 years' }),
  /** The procedure ids the site publishes and takes complaints under; the rest of workflows/ stays as examples. */
  publish: z.array(IdSchema).min(1, 'Publish at least one procedure.'),
  /** The people who handle complaints: the roster. */
  people: z.array(PersonSchema).default([]),
  /** How staff are told about new cases, reminders, escalations and the Monday digest. */
  notify: z
    .strictObject({
      /**
       * Whether staff are emailed (at their roster address) as well. Left out, it follows the store: on with the
       * local store, where nothing else tells anyone; off on GitHub, where mentions and assignment notify.
       */
      email: z.boolean().optional(),
    })
    .optional(),
  /** The public address of the site, where tracking links and letters point: "https://complaints.example.org". */
  site: z
    .strictObject({
      url: z.url({ protocol: /^https$/, error: 'The site’s public address, starting https://.' }),
    })
    .optional(),
  /** The code the organisation reports against: `redress report` and the statistics page's headline figures. */
  reports: ReportingSchema.optional(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

/**
 * Problems that need the procedures to see: a published id with no procedure, a role a procedure does not have.
 *
 * @example
 * organisationProblems(org, new Map([['ceccc', ['coordinator', 'chair']]]))
 * //=> [{ path: ['people', 0, 'roles', 'ceccc', 0], message: 'ceccc has no role "treasurer" (its roles: coordinator, chair).' }]
 */
export function organisationProblems(organisation: Organisation, roles: ReadonlyMap<string, readonly string[]>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  organisation.publish.forEach((id, index) => {
    if (!roles.has(id)) problems.push({ path: ['publish', index], message: `There is no procedure "${id}" in workflows/ (there: ${[...roles.keys()].sort().join(', ')}).` });
  });
  if (organisation.reports?.procedure && !roles.has(organisation.reports.procedure)) {
    problems.push({ path: ['reports', 'procedure'], message: `There is no procedure "${organisation.reports.procedure}" in workflows/ (there: ${[...roles.keys()].sort().join(', ')}).` });
  }
  organisation.people.forEach((person, index) => {
    for (const [procedure, held] of Object.entries(person.roles)) {
      const known = roles.get(procedure);
      if (!known) {
        problems.push({ path: ['people', index, 'roles', procedure], message: `There is no procedure "${procedure}" in workflows/.` });
        continue;
      }
      held.forEach((role, r) => {
        if (!known.includes(role)) problems.push({ path: ['people', index, 'roles', procedure, r], message: `${procedure} has no role "${role}" (its roles: ${known.join(', ')}).` });
      });
    }
  });
  return problems;
}

/**
 * Who holds a role of a procedure, from the roster.
 *
 * @example
 * holdersOf(org, 'ceccc', 'coordinator') //=> [{ name: 'Mary Smith', github: 'mary-ceccc', email: 'mary@example.org', … }]
 */
export function holdersOf(organisation: Organisation | undefined, procedure: string, role: string): Person[] {
  return (organisation?.people ?? []).filter((person) => person.roles[procedure]?.includes(role));
}
