/**
 * The complainant's own copy of what they sent: in the receipt email, on the receipt page (to print) and as a text
 * file to download. One view of the complaint in plain words, so the three never disagree; the text is the person's
 * own, with only line breaks made uniform and invisible control characters dropped. Meant for the complainant
 * alone: never for a case, a log or the ledger.
 */
import { toDayNumber } from '../calendar/day-number.ts';
import type { Complaint } from '../complaint/complaint-schema.ts';
import type { Procedure } from '../procedure/procedure-schema.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { formatDayLong, formatInstantLong } from '../text/plain-dates.ts';
import { ADJUSTMENT_WORDS, CONTACT_WORDS } from './case-text.ts';

/** Text a person typed, for plain text: line breaks made uniform, invisible control characters dropped. */
export function plainUserText(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').trim();
}

/** The fields the receipt email's copy names one by one (receipt-email.hbs). */
export interface CopyFields {
  incident: string;
  /** "Name (relationship)" when made for someone else; empty otherwise. */
  behalf: string;
  spokenTo: string;
  complaint: string;
  outcomeWanted: string;
  paperwork: string;
  lateReason: string;
}

/** One answer: a short one on a line with its label, a long one (`long`) as paragraphs under it. */
export interface CopyItem {
  label: string;
  text: string;
  long: boolean;
}

/** A part of the copy, in the order of the form. */
export interface CopySection {
  heading: string;
  items: CopyItem[];
}

/**
 * @example
 * copyFields(complaint).incident //=> 'One incident, on Tuesday 1 December 2026'
 */
export function copyFields(complaint: Complaint): CopyFields {
  const incidentDay = formatDayLong(toDayNumber(complaint.incidentDate));
  return {
    incident: complaint.incident === 'series' ? `A series of incidents, the last on ${incidentDay}` : `One incident, on ${incidentDay}`,
    behalf: complaint.onBehalf === 'someone-else' ? `${plainUserText(complaint.behalfName)} (${plainUserText(complaint.behalfRelationship)})` : '',
    spokenTo: complaint.spokenToSomeone === 'yes' ? plainUserText(complaint.spokenToDetails) || 'Yes' : 'No',
    complaint: plainUserText(complaint.complaint),
    outcomeWanted: plainUserText(complaint.outcomeWanted),
    paperwork: plainUserText(complaint.paperwork),
    lateReason: plainUserText(complaint.lateReason),
  };
}

/**
 * Everything the person sent, as sections in the order of the form, leaving out what they left blank.
 *
 * @example
 * copySections(complaint, ceccc).map((s) => s.heading)
 * //=> ['About you', 'What happened', 'Your complaint', 'What you would like to happen', 'Help to take part']
 */
export function copySections(complaint: Complaint, procedure: Procedure): CopySection[] {
  const fields = copyFields(complaint);
  const item = (label: string, text: string, long = false): CopyItem[] => (text === '' ? [] : [{ label, text, long }]);
  const about: CopyItem[] =
    complaint.identity === 'anonymous'
      ? item('Name', 'Not given: you chose to stay anonymous')
      : [
          ...item('Name', plainUserText(complaint.name)),
          ...item('Email address', plainUserText(complaint.email)),
          ...item('Telephone number', plainUserText(complaint.phone)),
          ...item('Postal address', plainUserText(complaint.address), true),
          ...item('Contact me by', complaint.contactBy ? CONTACT_WORDS[complaint.contactBy] : ''),
        ];
  const help = complaint.adjustments.map((adjustment) => {
    if (adjustment === 'interpreter' && complaint.interpreterLanguage) return `${ADJUSTMENT_WORDS.interpreter} (${plainUserText(complaint.interpreterLanguage)})`;
    if (adjustment === 'other' && complaint.adjustmentsOther) return `${ADJUSTMENT_WORDS.other}: ${plainUserText(complaint.adjustmentsOther)}`;
    return ADJUSTMENT_WORDS[adjustment];
  });
  const child = complaint.childName ? `${plainUserText(complaint.childName)}${complaint.childRelationship ? ` (${plainUserText(complaint.childRelationship)})` : ''}` : '';
  const sections: CopySection[] = [
    { heading: 'About you', items: [...about, ...item('Complaining for', fields.behalf), ...item('The child', child)] },
    {
      heading: 'What happened',
      items: [
        ...item('When it happened', fields.incident),
        ...item(`Already raised with anyone at ${procedure.organisation.name}`, fields.spokenTo, complaint.spokenToSomeone === 'yes' && fields.spokenTo !== 'Yes'),
        ...item('Why it was made after the time limit', fields.lateReason, true),
        ...item('It is about the person who normally handles complaints', complaint.aboutHandler ? 'Yes' : ''),
      ],
    },
    { heading: 'Your complaint', items: item('Your complaint', fields.complaint, true) },
    { heading: 'What you would like to happen', items: item('What you would like to happen', fields.outcomeWanted, true) },
    { heading: 'Paperwork you have', items: item('Paperwork you have', fields.paperwork, true) },
    { heading: 'Help to take part', items: help.map((text) => ({ label: 'Help', text, long: false })) },
  ];
  return sections.filter((section) => section.items.length > 0);
}

export interface CopyInput {
  procedure: Procedure;
  complaint: Complaint;
  reference: string;
  receivedAt: number;
}

/** The view the copy's template (complaint-copy.hbs) is rendered with. */
export function copyView({ procedure, complaint, reference, receivedAt }: CopyInput) {
  return {
    organisation: procedure.organisation.name,
    procedureTitle: procedure.title,
    reference,
    received: formatInstantLong(receivedAt),
    sections: copySections(complaint, procedure),
  };
}

/**
 * The copy as a plain-text file, from its template.
 *
 * @example
 * renderComplaintCopy(template, { procedure: ceccc, complaint, reference: 'RDR-7KX4-M9QP-2TW', receivedAt })
 * //=> 'Your complaint to Cambridge & Ely Child Contact Centres\n\nReference: RDR-7KX4-M9QP-2TW\n…'
 */
export function renderComplaintCopy(template: string, input: CopyInput): string {
  return `${renderTemplate(template, copyView(input)).trim().replace(/\n{3,}/g, '\n\n')}\n`;
}
