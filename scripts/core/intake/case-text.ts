/**
 * The words of a complaint's choices as staff read them in the case, and the channel names used in sentences.
 */
import type { Complaint } from '../complaint/complaint-schema.ts';
import type { Channel } from '../procedure/procedure-schema.ts';

export const CHANNEL_WORDS: Readonly<Record<Channel['kind'], string>> = {
  web: 'the online form',
  email: 'email',
  letter: 'letter',
  phone: 'telephone',
  'in-person': 'in person',
  'feedback-form': 'feedback form',
};

export const CONTACT_WORDS: Readonly<Record<NonNullable<Complaint['contactBy']>, string>> = {
  email: 'email',
  phone: 'telephone',
  post: 'post',
};

/** The form's own labels for each kind of help (site/pages/procedures/[id]/complain.astro). */
export const ADJUSTMENT_WORDS: Readonly<Record<Complaint['adjustments'][number], string>> = {
  'large-print': 'Letters and documents in large print',
  'phone-call': 'A phone call instead of letters',
  interpreter: 'An interpreter',
  advocate: 'Someone to speak for them, such as an advocate, friend or relative',
  other: 'Something else',
};
