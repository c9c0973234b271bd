import { describe, expect, test } from 'vitest';
import { complaintInputFromForm, formValues } from '../../scripts/core/complaint/complaint-form-input.ts';
import { ComplaintSchema, hasVisibleText, isRealDate, MAX_COMPLAINT_LENGTH, validateComplaint } from '../../scripts/core/complaint/complaint-schema.ts';

const TODAY = '2026-12-23';

/** A complete, valid complaint as a JSON client would send it. */
const good = {
  procedure: 'ceccc',
  submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
  renderedAt: '2026-12-23T09:55:00.000Z',
  identity: 'named',
  name: 'Ann Example',
  email: 'ann@example.com',
  contactBy: 'email',
  onBehalf: 'myself',
  incident: 'single',
  incidentDate: '2026-12-01',
  spokenToSomeone: 'no',
  complaint: 'The handover was forty minutes late and nobody told me why.',
  privacy: true,
} as const;

const long = (length: number) => 'x'.repeat(length);
/** A value as a test title shows it: long text by its length. */
const shown = (value: unknown) => (typeof value === 'string' && value.length > 40 ? `${value.length} characters` : JSON.stringify(value) ?? 'undefined');

function errorsFor(input: unknown): Record<string, string[] | undefined> {
  const result = validateComplaint(input, { today: TODAY });
  return result.success ? {} : result.errors.fieldErrors;
}

describe('a procedure that asks for the outcome wanted (outcomeRequired)', () => {
  test.each([
    ['missing', undefined],
    ['blank', '   '],
  ])('%s: "Enter what you would like to happen to put things right"', (_case, outcomeWanted) => {
    const result = validateComplaint({ ...good, outcomeWanted }, { today: TODAY, outcomeRequired: true });
    expect(result.success ? {} : result.errors.fieldErrors).toEqual({ outcomeWanted: ['Enter what you would like to happen to put things right'] });
  });

  test('given, or not asked for: valid', () => {
    expect(validateComplaint({ ...good, outcomeWanted: 'An apology.' }, { today: TODAY, outcomeRequired: true }).success).toBe(true);
    expect(validateComplaint(good, { today: TODAY }).success).toBe(true);
  });

  test('alongside other mistakes, every problem is shown at once', () => {
    const result = validateComplaint({ ...good, name: '' }, { today: TODAY, outcomeRequired: true });
    expect(Object.keys(result.success ? {} : result.errors.fieldErrors).sort()).toEqual(['name', 'outcomeWanted']);
  });
});

describe('a valid complaint', () => {
  test('parses, with defaults for what was not asked', () => {
    const result = validateComplaint(good, { today: TODAY });
    expect(result).toEqual({ success: true, complaint: { ...good, aboutHandler: false, adjustments: [] } });
  });

  test('trims text, lower-cases the email address and drops blank optional fields', () => {
    const result = validateComplaint({ ...good, name: '  Ann Example ', email: ' Ann@Example.COM ', outcomeWanted: '   ', paperwork: '' }, { today: TODAY });
    expect(result.success && result.complaint).toMatchObject({ name: 'Ann Example', email: 'ann@example.com' });
    expect(result.success && 'outcomeWanted' in result.complaint && result.complaint.outcomeWanted).toBeFalsy();
    expect(result.success && result.complaint.paperwork).toBeUndefined();
  });

  test('an anonymous complaint keeps nothing that identifies the person, even if they typed it', () => {
    const result = validateComplaint({ ...good, identity: 'anonymous', email: 'not an email', phone: 'x', contactBy: undefined }, { today: TODAY });
    expect(result.success).toBe(true);
    if (!result.success) return;
    for (const field of ['name', 'email', 'phone', 'address', 'contactBy'] as const) expect(result.complaint[field]).toBeUndefined();
  });

  test('a complaint for someone else, at a child contact centre, with help to take part', () => {
    const result = validateComplaint(
      {
        ...good,
        onBehalf: 'someone-else',
        behalfName: 'Bea Example',
        behalfRelationship: 'daughter',
        childName: 'Cal Example',
        childRelationship: 'grandmother',
        incident: 'series',
        aboutHandler: true,
        adjustments: ['interpreter', 'phone-call', 'other'],
        interpreterLanguage: 'Polish',
        adjustmentsOther: 'Meetings after 4pm',
        phone: '+44 1632 960 001',
        lateReason: 'I was in hospital.',
      },
      { today: TODAY },
    );
    expect(result.success).toBe(true);
  });

  test('today is not in the future', () => {
    expect(validateComplaint({ ...good, incidentDate: TODAY }, { today: TODAY }).success).toBe(true);
  });
});

describe('each field’s errors', () => {
  test.each(([
    // field, bad value, message (long values are written as lengths, so test names stay readable)
    ['procedure', 'Not An Id', 'Choose the procedure to complain under'],
    ['submissionId', 'twice', 'The form has expired: reload the page and send it again'],
    ['renderedAt', 'yesterday', 'The form has expired: reload the page and send it again'],
    ['identity', undefined, 'Select whether you want to give your name or stay anonymous'],
    ['identity', 'maybe', 'Select whether you want to give your name or stay anonymous'],
    ['name', undefined, 'Enter your name'],
    ['name', long(201), 'Your name must be 200 characters or fewer'],
    ['email', 'ann@', 'Enter an email address in the correct format, like name@example.com'],
    ['email', undefined, 'Enter your email address'],
    ['phone', 'call me', 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192'],
    ['address', long(501), 'Postal address must be 500 characters or fewer'],
    ['contactBy', undefined, 'Select how you would like to be contacted'],
    ['contactBy', 'pigeon', 'Select how you would like to be contacted'],
    ['onBehalf', undefined, 'Select whether you are complaining for yourself or for someone else'],
    ['childName', long(201), 'The child’s name must be 200 characters or fewer'],
    ['incident', undefined, 'Select whether this was one incident or a series of incidents'],
    ['incidentDate', undefined, 'Enter the date of the incident'],
    ['incidentDate', '', 'Enter the date of the incident'],
    ['incidentDate', '2026-02-30', 'Date of the incident must be a real date'],
    ['incidentDate', '30/01/2026', 'Date of the incident must be a real date'],
    ['incidentDate', '2026-12-24', 'Date of the incident must be today or in the past'],
    ['lateReason', long(5_001), 'Exceptional circumstances must be 5,000 characters or fewer'],
    ['spokenToSomeone', undefined, 'Select whether you have already spoken to anyone about this'],
    ['spokenToDetails', long(2_001), 'Who you spoke to must be 2,000 characters or fewer'],
    ['complaint', undefined, 'Enter your complaint'],
    ['complaint', '   ', 'Enter your complaint'],
    ['complaint', long(MAX_COMPLAINT_LENGTH + 1), 'Your complaint must be 20,000 characters or fewer'],
    ['outcomeWanted', long(5_001), 'The outcome you want must be 5,000 characters or fewer'],
    ['aboutHandler', 'yes', 'Invalid input'],
    ['paperwork', long(5_001), 'Paperwork must be 5,000 characters or fewer'],
    ['adjustments', ['braille'], 'Select the help you need from the list'],
    ['interpreterLanguage', long(101), 'Language must be 100 characters or fewer'],
    ['adjustmentsOther', long(1_001), 'Other help must be 1,000 characters or fewer'],
    ['privacy', false, 'Confirm that you have read the privacy notice'],
    ['privacy', undefined, 'Confirm that you have read the privacy notice'],
  ] as const).map(([field, value, message]) => ({ field, value, message, shown: shown(value) })))('$field = $shown: "$message"', ({ field, value, message }) => {
    expect(errorsFor({ ...good, [field]: value })[field]).toEqual([expect.stringContaining(message)]);
  });
});

/** Text that shows nothing, made of each kind of character a person cannot see. */
const BLANK = {
  'control characters': '\u0000\u0007\u001B\u007F\u0085\u009F',
  'zero-width characters': '\u200B\u200C\u200D\u2060\uFEFF\u00AD',
  'bidirectional controls': '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C',
  'white space of every kind': ' \t\n\r\u00A0\u2002\u2003\u2009\u200A\u2028\u2029\u3000',
  'fillers, selectors, tags and lone surrogates': '\u3164\u115F\uFE0F\u{E0041}\u{E0100}\uDFFF\uD800',
  'all of them mixed': '\u0000 \u200B\u202E\n\u2066\u00A0\u0007\uFEFF',
};

describe('text that shows nothing', () => {
  test.each(Object.entries(BLANK))('a complaint of %s is refused as blank', (_kind, blank) => {
    expect(hasVisibleText(blank)).toBe(false);
    expect(errorsFor({ ...good, complaint: blank })).toEqual({ complaint: ['Enter your complaint'] });
  });

  test.each(Object.entries(BLANK))('an answer that needs words, given only %s, asks for them', (_kind, blank) => {
    const errors = errorsFor({
      ...good,
      name: blank,
      onBehalf: 'someone-else',
      behalfName: blank,
      behalfRelationship: blank,
      childName: 'Cal Example',
      childRelationship: blank,
      adjustments: ['interpreter', 'other'],
      interpreterLanguage: blank,
      adjustmentsOther: blank,
      contactBy: 'post',
      address: blank,
    });
    expect(errors).toEqual({
      name: ['Enter your name'],
      address: ['Enter your postal address'],
      behalfName: ['Enter the name of the person you are complaining for'],
      behalfRelationship: ['Enter your relationship to the person you are complaining for'],
      childRelationship: ['Enter your relationship to the child'],
      interpreterLanguage: ['Enter the language you need an interpreter for'],
      adjustmentsOther: ['Describe the other help you need'],
    });
  });

  test('an optional answer that shows nothing is dropped, not stored', () => {
    const result = validateComplaint({ ...good, outcomeWanted: BLANK['zero-width characters'], paperwork: BLANK['control characters'], lateReason: BLANK['all of them mixed'] }, { today: TODAY });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.complaint).not.toHaveProperty('outcomeWanted', expect.anything());
    expect(result.complaint.paperwork).toBeUndefined();
    expect(result.complaint.lateReason).toBeUndefined();
  });

  test('real words among invisible characters are kept exactly as written', () => {
    const words = '\u200BThe handover\u0007 was \u202Elate\u202C.\u00A0Nobody told me why.\uFEFF';
    const result = validateComplaint({ ...good, complaint: words, name: '\u200DAnn', outcomeWanted: '\u2066An apology\u2069' }, { today: TODAY });
    expect(result.success && result.complaint).toMatchObject({ complaint: words.trim(), name: '\u200DAnn', outcomeWanted: '\u2066An apology\u2069' });
  });

  test.each(['.', 'é', '😀', '中', '\u0301x', 'ﷺ'])('"%s" is something a person can see', (visible) => {
    expect(hasVisibleText(`\u200B${visible}\u0000`)).toBe(true);
  });

  test('the hidden field counts anything, even an invisible character, as filled in', () => {
    const result = validateComplaint({ ...good, website: '\u200B' }, { today: TODAY });
    expect(result.success && result.complaint.website).toBe('\u200B');
  });
});

describe('rules between fields', () => {
  test.each([
    ['phone contact needs a number', { contactBy: 'phone' }, 'phone', 'Enter your telephone number'],
    ['post needs an address', { contactBy: 'post' }, 'address', 'Enter your postal address'],
    ['a phone call instead of letters needs a number', { adjustments: ['phone-call'] }, 'phone', 'Enter your telephone number, so that you can be called instead of written to'],
    ['someone else needs their name', { onBehalf: 'someone-else', behalfRelationship: 'son' }, 'behalfName', 'Enter the name of the person you are complaining for'],
    ['someone else needs the relationship', { onBehalf: 'someone-else', behalfName: 'Bea' }, 'behalfRelationship', 'Enter your relationship to the person you are complaining for'],
    ['a child needs your relationship to them', { childName: 'Cal' }, 'childRelationship', 'Enter your relationship to the child'],
    ['an interpreter needs a language', { adjustments: ['interpreter'] }, 'interpreterLanguage', 'Enter the language you need an interpreter for'],
    ['other help needs describing', { adjustments: ['other'] }, 'adjustmentsOther', 'Describe the other help you need'],
  ])('%s', (_rule, change, field, message) => {
    expect(errorsFor({ ...good, ...change })[field]).toEqual([message]);
  });

  test('every problem is reported at once, the cross-field ones included', () => {
    const errors = errorsFor({ ...good, name: '', contactBy: 'post', adjustments: ['braille'], complaint: '' });
    expect(Object.keys(errors).sort()).toEqual(['address', 'adjustments', 'complaint', 'name']);
  });

  test('something that is not an object is refused with one message', () => {
    const result = validateComplaint('hello', { today: TODAY });
    expect(result).toEqual({ success: false, errors: { formErrors: ['Send the complaint as an object of named fields'], fieldErrors: {} } });
  });
});

describe('from the HTML form', () => {
  test('ticked boxes become true, repeated names a list, unanswered radios absent', () => {
    const form = new URLSearchParams([
      ['procedure', 'ceccc'], ['identity', 'named'], ['adjustments', 'large-print'], ['adjustments', 'other'],
      ['privacy', 'yes'], ['onBehalf', ''], ['complaint', 'It was late.'],
    ]);
    const values = formValues(form);
    expect(values).toEqual({ procedure: 'ceccc', identity: 'named', adjustments: ['large-print', 'other'], privacy: 'yes', onBehalf: '', complaint: 'It was late.' });
    expect(complaintInputFromForm(values)).toEqual({
      procedure: 'ceccc', identity: 'named', complaint: 'It was late.', adjustments: ['large-print', 'other'], privacy: true, aboutHandler: false,
    });
  });

  test('a whole form post validates like the JSON', () => {
    const form = new URLSearchParams({ ...good, privacy: 'yes', aboutHandler: 'yes' });
    const result = ComplaintSchema.safeParse(complaintInputFromForm(formValues(form)));
    expect(result.success && result.data.aboutHandler).toBe(true);
  });

  test('an oversized field is cut before it is kept to show again', () => {
    expect(formValues(new URLSearchParams({ complaint: 'x'.repeat(100_000) })).complaint).toHaveLength(25_000);
  });
});

test.each([
  ['2026-02-28', true],
  ['2028-02-29', true],
  ['2026-02-29', false],
  ['2026-13-01', false],
  ['1899-12-31', false],
  ['26-01-01', false],
])('isRealDate(%s) is %s', (date, real) => {
  expect(isRealDate(date)).toBe(real);
});
