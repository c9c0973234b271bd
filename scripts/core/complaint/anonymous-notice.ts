/**
 * What a person who stays anonymous is told, in the same words on the form, on the receipt page and in the
 * endpoint's JSON answer: that nobody can reply to them, and what still happens to their complaint. It promises no
 * dates: nobody can write to say a date has moved, and the time limits bind the organisation's replies, which an
 * anonymous complainant does not get. Staff still see every time limit on the case.
 */
import type { Procedure } from '../procedure/procedure-schema.ts';
import { roleInSentence } from '../text/role-words.ts';
import { webEntryStage } from './web-channel.ts';

export interface AnonymousNotice {
  /** Nobody can reply: no acknowledgement, no updates, no outcome (said once the complaint is sent). */
  noReply: string;
  /** The same, said on the form before the choice is made. */
  noReplyIf: string;
  /** What still happens to the complaint under the procedure. */
  stillHappens: string;
  /** How to get a reply after all. */
  toGetAReply: string;
}

/**
 * @example
 * anonymousNotice(ceccc).noReply
 * //=> 'Because you have not given your name or contact details, Cambridge & Ely Child Contact Centres cannot reply
 * //    to you: you will not get an acknowledgement, updates or the outcome, and no dates are promised to you.'
 */
export function anonymousNotice(procedure: Procedure): AnonymousNotice {
  const organisation = procedure.organisation.name;
  const stage = webEntryStage(procedure) ?? procedure.stages[0];
  const handlerId = stage?.handler.role;
  const handler = roleInSentence(procedure.roles.find((role) => role.id === handlerId)?.title ?? 'the person who handles complaints');
  const { policy, summary } = procedure.anonymous;
  const handled =
    policy === 'not-normally-investigated'
      ? `It is still recorded as a complaint and ${handler} reads it, although it may not be investigated.`
      : `It is still recorded as a complaint, and ${handler} deals with it under the procedure as far as they can without being able to ask you anything.`;
  const consequence = 'you will not get an acknowledgement, updates or the outcome, and no dates are promised to you';
  return {
    noReply: `Because you have not given your name or contact details, ${organisation} cannot reply to you: ${consequence}.`,
    noReplyIf: `If you stay anonymous, ${organisation} cannot reply to you: ${consequence}.`,
    stillHappens: `${handled} ${summary}`,
    toGetAReply: `If you want a reply, make your complaint again with your name and a way to contact you, or contact ${organisation} and quote your reference.`,
  };
}
