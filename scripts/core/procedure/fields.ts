import { z } from 'zod';
import { parseDuration, type Duration } from '../calendar/duration.ts';
import { isLocalDate } from '../calendar/day-number.ts';

/** Lower-case words joined by hyphens: the form of every id in a procedure file. */
export const IdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and hyphens, e.g. "stage-1".');

/** The longest quotation a rule may carry: enough to find the sentence, short enough to stay a reference. */
export const MAX_QUOTE_WORDS = 15;

/**
 * Where a rule comes from: the source document and a short verbatim phrase of it.
 * Tests find every quote in its document, so a rule cannot drift from what the organisation wrote.
 */
export const SourceSchema = z.strictObject({
  /** File name of the source document (in development and CI: ../shared/seeds/). */
  file: z.string().regex(/^[\w.-]+\.(txt|md)$/, 'Name the source document file, e.g. "003_c027d20709cdcec4.txt".'),
  /** Verbatim phrase from the document, at most 15 words; white space may differ. */
  quote: z
    .string()
    .trim()
    .min(3)
    .refine((quote) => quote.split(/\s+/).length <= MAX_QUOTE_WORDS, {
      message: `Quote at most ${MAX_QUOTE_WORDS} words of the source; describe the rest in your own words.`,
    }),
});
export type Source = z.infer<typeof SourceSchema>;

/** A duration written the way procedures write it: "5 working days", "48 hours", "1 calendar month", "12 weeks". */
export const DurationSchema = z.string().transform((text, ctx): Duration => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** A local calendar date, YYYY-MM-DD (YAML dates are accepted and read as UK local dates). */
export const LocalDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string().refine(isLocalDate, 'Write a date that exists, as YYYY-MM-DD.'),
);

/** A local time of day, HH:MM (24-hour clock). */
export const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write a time as HH:MM on the 24-hour clock, e.g. "17:00".')
  .transform((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));

/** Plain-English text written for the public: one or more sentences. */
export const ProseSchema = z.string().trim().min(3);
