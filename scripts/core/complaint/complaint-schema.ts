/**
 * A complaint as a person makes it: the one schema shared by the web form (in the browser and on the server),
 * the intake endpoint, the hidden block of a case's GitHub issue and the CLI.
 *
 * Written with `zod/mini` because the browser loads it: the full zod build would add about 90 KB (compressed)
 * to the form page, mini about 6 KB. The messages follow the GOV.UK Design System's error message style: they
 * say what to do, in the words of the form.
 */
import * as z from 'zod/mini';

export const IDENTITIES = ['named', 'anonymous'] as const;
export const CONTACT_METHODS = ['email', 'phone', 'post'] as const;
export const ON_BEHALF = ['myself', 'someone-else'] as const;
export const INCIDENT_KINDS = ['single', 'series'] as const;
export const YES_NO = ['yes', 'no'] as const;
/** Help to take part in the procedure, as the Equality Act's reasonable adjustments are usually asked for. */
export const ADJUSTMENTS = ['large-print', 'phone-call', 'interpreter', 'advocate', 'other'] as const;

export type ContactMethod = (typeof CONTACT_METHODS)[number];
export type Adjustment = (typeof ADJUSTMENTS)[number];

/** The longest complaint accepted: about eight pages of writing. */
export const MAX_COMPLAINT_LENGTH = 20_000;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^\+?[\d\s()-]{7,25}$/;

/**
 * A character that shows something. Not these: control and format characters (zero-width spaces and joiners,
 * bidirectional controls, the byte order mark, soft hyphens, tag characters), separators and other white space,
 * lone surrogates, and the fillers and variation selectors that render as nothing.
 */
// Combining characters are listed alone on purpose: a text made only of them shows nothing.
// eslint-disable-next-line no-misleading-character-class
const VISIBLE = /[^\p{Cc}\p{Cf}\p{Cs}\p{Z}\s\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u;

/**
 * Whether a person's text says anything once what cannot be seen is set aside: a complaint of zero-width spaces
 * or control characters would reach staff as an empty case.
 *
 * @example
 * hasVisibleText('\u200B\u202E \u0007') //=> false
 * hasVisibleText('\u200BIt was late.') //=> true
 */
export function hasVisibleText(value: string): boolean {
  return VISIBLE.test(value);
}

/** Text a person types: trimmed, with a maximum length. */
function text(max: number, what: string) {
  return z.string().check(z.trim(), z.maxLength(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`));
}

/** Text a person must type, with something visible in it. */
function requiredText(max: number, what: string, missing: string) {
  return z.string({ error: missing }).check(z.trim(), z.refine(hasVisibleText, missing), z.maxLength(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`));
}

/**
 * Text a person may leave blank: blank (nothing visible) becomes absent, so a stored complaint holds no empty
 * strings, and a question that needs an answer (a name, a relationship) asks for one.
 */
function optionalText(max: number, what: string) {
  return z.optional(z.pipe(text(max, what), z.transform((value) => (hasVisibleText(value) ? value : undefined))));
}

/** A choice between radio buttons. */
function choice<const T extends readonly [string, ...string[]]>(values: T, missing: string) {
  return z.enum(values, { error: missing });
}

/**
 * Whether `date` (YYYY-MM-DD) is a date that exists. Not the calendar's isLocalDate: importing it here makes the
 * bundler split the calendar into a chunk shared with the form, and procedure pages would load a second script.
 */
export function isRealDate(date: string): boolean {
  if (!LOCAL_DATE.test(date)) return false;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

const ComplaintObjectSchema = z.object(
  {
  /** The procedure the complaint is made under: the id of its file in workflows/. */
  procedure: z.string({ error: 'Choose the procedure to complain under' }).check(
    z.regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'Choose the procedure to complain under'),
    z.maxLength(100, 'Choose the procedure to complain under'),
  ),
  /** Generated when the form was shown, so that the same form sent twice is recognised as one complaint. */
  submissionId: z.uuid({ error: 'The form has expired: reload the page and send it again' }),
  /** When the form says it was shown (ISO 8601). The intake trusts only the time signed in `formToken`. */
  renderedAt: z.iso.datetime({ offset: true, error: 'The form has expired: reload the page and send it again' }),
  /**
   * The server's signature on the procedure, the submission id and when the form was shown, so that the intake can
   * tell a person from a script that fills it in at once. Web submissions need a valid one while the minimum fill
   * time is on; staff opening a case have none.
   */
  formToken: z.optional(z.string().check(z.maxLength(200, 'The form has expired: reload the page and send it again'))),
  /** A field people never see: anything in it (invisible characters too) marks the submission as a script's, for the intake to set aside. */
  website: z.optional(z.pipe(text(500, 'This field'), z.transform((value) => (value === '' ? undefined : value)))),

  /** Whether the complainant gives their name or stays anonymous (the procedure says what anonymity means). */
  identity: choice(IDENTITIES, 'Select whether you want to give your name or stay anonymous'),
  /** The complainant's name (dropped when they choose to stay anonymous). */
  name: optionalText(200, 'Your name'),
  /** Email address for replies (stored in lower case). */
  email: z.optional(
    z.pipe(
      text(254, 'Email address'),
      z.pipe(
        z.transform((value: string) => (value === '' ? undefined : value.toLowerCase())),
        z.optional(z.email('Enter an email address in the correct format, like name@example.com')),
      ),
    ),
  ),
  /** Telephone number: digits, spaces, brackets and hyphens, optionally starting with +. */
  phone: z.optional(
    z.pipe(
      text(40, 'Telephone number'),
      z.pipe(
        z.transform((value: string) => (value === '' ? undefined : value)),
        z.optional(z.string().check(z.regex(PHONE, 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192'))),
      ),
    ),
  ),
  /** Postal address, as the person writes it. */
  address: optionalText(500, 'Postal address'),
  /** How the complainant prefers to be contacted; the matching detail is then required. */
  contactBy: z.optional(z.enum(CONTACT_METHODS, { error: 'Select how you would like to be contacted' })),

  /** Whether the complaint is made for the complainant or on someone else's behalf. */
  onBehalf: choice(ON_BEHALF, 'Select whether you are complaining for yourself or for someone else'),
  /** The name of the person the complaint is made for, when it is someone else. */
  behalfName: optionalText(200, 'Their name'),
  /** The complainant's relationship to that person, e.g. "parent" or "advocate". */
  behalfRelationship: optionalText(200, 'Your relationship to them'),
  /** At a child contact centre: the child the complaint concerns, as the centres' own complaint forms ask. */
  childName: optionalText(200, 'The child’s name'),
  /** At a child contact centre: the complainant's relationship to the child, e.g. "mother" or "grandparent". */
  childRelationship: optionalText(200, 'Your relationship to the child'),

  /** One incident, or a series of incidents (the date is then the last of them). */
  incident: choice(INCIDENT_KINDS, 'Select whether this was one incident or a series of incidents'),
  /** When it happened, YYYY-MM-DD, UK local date; for a series, the last incident. Time limits count from it. */
  incidentDate: z.string({ error: 'Enter the date of the incident' }).check(
    z.trim(),
    z.minLength(1, 'Enter the date of the incident'),
    z.refine((date) => date === '' || isRealDate(date), 'Date of the incident must be a real date'),
  ),
  /** Only for a complaint made after the procedure's time limit: the exceptional circumstances the person asks to be considered. */
  lateReason: optionalText(5_000, 'Exceptional circumstances'),
  /** Whether the complainant has already raised it with someone (procedures often invite that first). */
  spokenToSomeone: choice(YES_NO, 'Select whether you have already spoken to anyone about this'),
  /** Whom they spoke to, when, and what happened. */
  spokenToDetails: optionalText(2_000, 'Who you spoke to'),
  /** The complaint, in the person's own words. */
  complaint: requiredText(MAX_COMPLAINT_LENGTH, 'Your complaint', 'Enter your complaint'),
  /** What the person would like to happen to put things right. */
  outcomeWanted: optionalText(5_000, 'The outcome you want'),
  /** The complaint is about the person who would normally handle it, so the procedure's alternate handles it. */
  aboutHandler: z._default(z.boolean(), false),
  /** Paperwork the person holds (letters, emails, reports), listed rather than uploaded. */
  paperwork: optionalText(5_000, 'Paperwork'),

  /** Help the person needs to take part. */
  adjustments: z._default(z.array(z.enum(ADJUSTMENTS, { error: 'Select the help you need from the list' })), []),
  /** The language an interpreter is needed for, when one is. */
  interpreterLanguage: optionalText(100, 'Language'),
  /** Any other help needed, in the person's words. */
  adjustmentsOther: optionalText(1_000, 'Other help'),

  /** The person has read the privacy notice: the form cannot be sent without it. */
  privacy: z.literal(true, { error: 'Confirm that you have read the privacy notice' }),
  },
  { error: 'Send the complaint as an object of named fields' },
);

/** The details that identify the complainant, which a person who chooses to stay anonymous does not give. */
const IDENTIFYING_FIELDS = ['name', 'email', 'phone', 'address', 'contactBy'] as const;

/**
 * A complaint: the shape above, with the rules that tie fields together. The cross-field rules run even when
 * some fields are wrong, so a person sees every problem at once.
 */
export const ComplaintSchema = z.pipe(
  // Someone who chooses to stay anonymous is not identified by anything they typed before choosing so,
  // and is not asked to correct details that are then thrown away.
  z.transform((input: unknown) => {
    if (typeof input !== 'object' || input === null || (input as { identity?: unknown }).identity !== 'anonymous') return input;
    const kept: Record<string, unknown> = { ...input };
    for (const field of IDENTIFYING_FIELDS) delete kept[field];
    return kept;
  }),
  ComplaintObjectSchema.check(
    z.superRefine(
      (complaint, ctx) => {
        const issue = (field: keyof typeof complaint, message: string) => ctx.addIssue({ code: 'custom', path: [field], message, input: complaint[field] });
        const adjustments: readonly unknown[] = Array.isArray(complaint.adjustments) ? complaint.adjustments : [];
        if (complaint.identity === 'named') {
          if (!complaint.name) issue('name', 'Enter your name');
          if (complaint.contactBy === undefined) issue('contactBy', 'Select how you would like to be contacted');
          if (complaint.contactBy === 'email' && complaint.email === undefined) issue('email', 'Enter your email address');
          if (complaint.contactBy === 'phone' && complaint.phone === undefined) issue('phone', 'Enter your telephone number');
          if (complaint.contactBy === 'post' && !complaint.address) issue('address', 'Enter your postal address');
          if (adjustments.includes('phone-call') && complaint.phone === undefined && complaint.contactBy !== 'phone') {
            issue('phone', 'Enter your telephone number, so that you can be called instead of written to');
          }
        }
        if (complaint.onBehalf === 'someone-else') {
          if (!complaint.behalfName) issue('behalfName', 'Enter the name of the person you are complaining for');
          if (!complaint.behalfRelationship) issue('behalfRelationship', 'Enter your relationship to the person you are complaining for');
        }
        if (complaint.childName && !complaint.childRelationship) issue('childRelationship', 'Enter your relationship to the child');
        if (adjustments.includes('interpreter') && !complaint.interpreterLanguage) {
          issue('interpreterLanguage', 'Enter the language you need an interpreter for');
        }
        if (adjustments.includes('other') && !complaint.adjustmentsOther) issue('adjustmentsOther', 'Describe the other help you need');
      },
      // Also when other fields have failed, as long as there is an object to look at.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  ),
);

export type Complaint = z.infer<typeof ComplaintSchema>;
/** What a client sends: the form's fields as values (see complaint-form-input.ts for the form's strings). */
export type ComplaintInput = z.input<typeof ComplaintObjectSchema>;
/** A field of the complaint: also the name and id of its form control. */
export type ComplaintField = keyof Complaint;

/** Problems by field, as `z.flattenError` gives them: what the form shows beside each field. */
export interface ComplaintErrors {
  formErrors: string[];
  fieldErrors: Partial<Record<ComplaintField, string[]>>;
}

export type ComplaintValidation = { success: true; complaint: Complaint } | { success: false; errors: ComplaintErrors };

/**
 * Validates a complaint made on `today` (UK local date, YYYY-MM-DD): the schema, and the rules that need to know
 * the date (the incident is not in the future) or the procedure (one that asks the complainant to say what outcome
 * they want, `outcomeRequired`, needs it answered).
 *
 * @example
 * validateComplaint({ ...good, incidentDate: '2031-01-01' }, { today: '2026-12-23' }).errors.fieldErrors.incidentDate
 * //=> ['Date of the incident must be today or in the past']
 */
export function validateComplaint(input: unknown, { today, outcomeRequired = false }: { today: string; outcomeRequired?: boolean }): ComplaintValidation {
  const result = ComplaintSchema.safeParse(input);
  const errors: ComplaintErrors = result.success ? { formErrors: [], fieldErrors: {} } : z.flattenError(result.error);
  const outcome = result.success ? result.data.outcomeWanted : (input as { outcomeWanted?: unknown } | null)?.outcomeWanted;
  if (outcomeRequired && (typeof outcome !== 'string' || outcome.trim() === '') && !errors.fieldErrors.outcomeWanted) {
    errors.fieldErrors.outcomeWanted = ['Enter what you would like to happen to put things right'];
  }
  const incidentDate = result.success ? result.data.incidentDate : (input as { incidentDate?: unknown } | null)?.incidentDate;
  if (typeof incidentDate === 'string' && isRealDate(incidentDate.trim()) && incidentDate.trim() > today && !errors.fieldErrors.incidentDate) {
    errors.fieldErrors.incidentDate = ['Date of the incident must be today or in the past'];
  }
  if (result.success && Object.keys(errors.fieldErrors).length === 0) return { success: true, complaint: result.data };
  return { success: false, errors };
}
