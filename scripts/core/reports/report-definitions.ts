/**
 * What each figure in a regulator's report means, and where the meaning comes from: the regulator's own definition
 * (summarised, with the document and the place in it) or, where Redress counts something the regulator leaves to
 * the organisation, how the ledger is read. Every figure in a report links here by id.
 */
import type { Definition, DefinitionSource } from './report-document.ts';

export const SOURCES = {
  code: {
    title: 'Housing Ombudsman Service: Complaint Handling Code (2024)',
    url: 'https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/',
    quoted: false,
  },
  tsm: {
    title: 'Regulator of Social Housing: Tenant Satisfaction Measures – Technical requirements',
    url: 'https://www.gov.uk/government/publications/tenant-satisfaction-measures-technical-requirements',
    quoted: false,
  },
  spso: {
    title: 'Scottish Public Services Ombudsman: the Model Complaints Handling Procedures and their performance indicators',
    url: 'https://www.spso.org.uk/the-model-complaints-handling-procedures',
    quoted: false,
  },
  ledger: {
    title: 'Redress: read from the case ledger, as npx redress audit reads it',
    quoted: false,
  },
} as const satisfies Record<string, DefinitionSource>;

const at = (source: DefinitionSource, where: string): DefinitionSource => ({ ...source, where });

/** Every definition a report may link to, in the order a report lists them. */
export const DEFINITIONS: readonly Definition[] = [
  {
    id: 'counted',
    term: 'Complaints counted',
    meaning:
      'The complaints received in the period (by the UK date of receipt), each followed through every stage whenever that happened, as npx redress audit --from --to selects them: a complaint received in the period and taken to stage 2 after it is counted in this period, at stage 2.',
    source: SOURCES.ledger,
  },
  { id: 'received', term: 'Complaints received', meaning: 'Complaints received in the period, by any channel, at any stage.', source: SOURCES.ledger },
  { id: 'channel', term: 'Received by channel', meaning: 'Complaints received, by the channel of the procedure they arrived by (web form, email, letter, phone, in person).', source: SOURCES.ledger },
  {
    id: 'not-accepted',
    term: 'Complaints not accepted',
    meaning: 'Complaints staff judged to fall outside the procedure on receipt, by the exclusion of the procedure they fell under.',
    source: at(SOURCES.code, 'section 2 (exclusions)'),
  },
  { id: 'stage-reached', term: 'Complaints at a stage', meaning: 'Complaints that reached the stage: opened there, or taken on to it from the stage before.', source: SOURCES.ledger },
  {
    id: 'stage-direct',
    term: 'Handled directly at stage 2',
    meaning: 'Complaints opened at stage 2 from the start, because they clearly needed investigating, rather than taken on from stage 1.',
    source: at(SOURCES.spso, 'stage 2: investigation'),
  },
  { id: 'stage-escalated', term: 'Taken on from the stage before', meaning: 'Complaints the complainant took on to the stage after the answer at the stage before.', source: SOURCES.ledger },
  { id: 'stage-answered', term: 'Answered at a stage', meaning: 'Complaints given a response with a decision (upheld, partly upheld or not upheld) at the stage.', source: SOURCES.ledger },
  {
    id: 'limit-due',
    term: 'Time limits that fell due',
    meaning:
      "A time limit of the organisation's (to acknowledge, to respond) falls due when it is met, met late, not met before the case ended, or passed on a case still open at the date of the report; one still running is not counted. The audit's 'on time' figures count over the same.",
    source: SOURCES.ledger,
  },
  {
    id: 'limit-on-time',
    term: 'Met within the time limit',
    meaning:
      "Done by the due date the procedure sets, counted in working days on the procedure's calendar, as extended where the procedure allows it (an extension recorded after the original date had passed still moves it, and where the procedure requires notice it is counted as a departure).",
    source: SOURCES.ledger,
  },
  {
    id: 'limit-answered',
    term: 'Responded to',
    meaning: 'Complaints responded to at the stage whose time limit to respond had started: on time or late.',
    source: SOURCES.ledger,
  },
  { id: 'limit-late', term: 'Met late', meaning: 'Done, but after the due date.', source: SOURCES.ledger },
  { id: 'limit-unanswered', term: 'Not met', meaning: 'Not done by the due date, and not done before the case ended or by the date of the report.', source: SOURCES.ledger },
  {
    id: 'share-on-time',
    term: 'Share within the time limit',
    meaning: 'Of the time limits that fell due, the share met within the time limit: the figure npx redress audit gives as acknowledged or answered on time.',
    source: SOURCES.ledger,
  },
  {
    id: 'stage-extended',
    term: 'Extended',
    meaning: "Complaints for which staff recorded an extension of the time limit (/extend) while the complaint was at the stage. The Code asks for a good reason, explained to the resident with the Ombudsman's contact details.",
    source: at(SOURCES.code, 'provisions 6.4 and 6.5'),
  },
  {
    id: 'stage-extended-late',
    term: 'Extended after the time limit had passed',
    meaning: 'Extensions recorded after the original due date, so the complainant was not told of the new date in time.',
    source: SOURCES.ledger,
  },
  { id: 'stage-outcome', term: 'Outcome at a stage', meaning: 'The decision of the response at the stage: upheld, partly upheld or not upheld.', source: SOURCES.ledger },
  { id: 'final-outcome', term: 'Final outcome', meaning: 'The decision of the last stage each complaint was answered at.', source: SOURCES.ledger },
  {
    id: 'not-independent',
    term: 'Not considered by someone else',
    meaning: 'Complaints whose stage 2 was decided by someone who considered them at stage 1 (or with no one else named to decide it), where the procedure requires someone who was not.',
    source: at(SOURCES.code, 'provision 6.13'),
  },
  { id: 'withdrawn', term: 'Withdrawn', meaning: 'Complaints the complainant withdrew.', source: SOURCES.ledger },
  { id: 'open', term: 'Still open', meaning: 'Complaints still being handled at the date of the report.', source: SOURCES.ledger },
  {
    id: 'departures',
    term: 'Departures from the procedure',
    meaning: 'Complaints in which the audit finds at least one departure from the procedure: a time limit missed, a stage skipped, a response without acknowledgement, an extension without notice, a stage not decided independently.',
    source: SOURCES.ledger,
  },
  {
    id: 'learning',
    term: 'What changed as a result',
    meaning: 'Complaints for which staff recorded, with /learning, a change of this kind made because of the complaint (policy, procedure, training, communication, staffing, facilities, the service, other); a complaint may lead to several.',
    source: SOURCES.ledger,
  },
  {
    id: 'mean-days',
    term: 'Average working days to respond',
    meaning: "The mean of the working days from the start of the stage to its response, over the complaints answered at the stage, on the procedure's calendar; published over at least 5 answers.",
    source: SOURCES.ledger,
  },
  {
    id: 'homes',
    term: 'Homes',
    meaning: 'The number of homes the landlord owns, as given to this report (--homes, or reports.homes in redress.yaml); the Regulator defines which homes count.',
    source: at(SOURCES.tsm, 'relevant social housing stock'),
  },
  {
    id: 'ch01',
    term: 'CH01 Complaints relative to the size of the landlord',
    meaning: 'CH01 (1): the number of stage 1 complaints received per 1,000 homes; CH01 (2): the number of stage 2 complaints received per 1,000 homes.',
    source: at(SOURCES.tsm, 'CH01'),
  },
  {
    id: 'ch02',
    term: 'CH02 Complaints responded to within Complaint Handling Code timescales',
    meaning:
      "CH02 (1): the proportion of stage 1 complaints responded to within the Code's timescales; CH02 (2): the same at stage 2. Of the complaints responded to, the share responded to within the timescale (as extended where the Code allows); a complaint not yet responded to is not in either count.",
    source: at(SOURCES.tsm, 'CH02'),
  },
  {
    id: 'spso-received',
    term: 'Complaints received per stage',
    meaning: 'The total number of complaints received, and at each stage: at stage 1, directly at stage 2, and taken on to stage 2 after stage 1.',
    source: at(SOURCES.spso, 'indicator: complaints received'),
  },
  {
    id: 'spso-closed',
    term: 'Complaints closed per stage',
    meaning: 'Complaints given a full response at the stage.',
    source: at(SOURCES.spso, 'indicator: complaints closed'),
  },
  {
    id: 'spso-within',
    term: 'Closed within the set timescale',
    meaning: 'The number and percentage of the complaints closed at each stage that were closed in full within 5 working days (stage 1) or 20 working days (stage 2) of the start of the stage, extended or not.',
    source: at(SOURCES.spso, 'indicator: closed within 5 and 20 working days'),
  },
  {
    id: 'spso-average',
    term: 'Average time to close',
    meaning: 'The average time in working days for a full response to complaints at each stage, from the start of the stage; published over at least 5 responses.',
    source: at(SOURCES.spso, 'indicator: average time in working days'),
  },
  {
    id: 'spso-outcome',
    term: 'Outcomes per stage',
    meaning: 'The outcome of the complaints closed at each stage: upheld, partially upheld, not upheld.',
    source: at(SOURCES.spso, 'indicator: outcomes'),
  },
  {
    id: 'spso-extended',
    term: 'Time limit extended',
    meaning: 'Complaints whose time limit at the stage was extended, with the complainant told the revised time limit.',
    source: at(SOURCES.spso, 'stage 2: investigation'),
  },
  {
    id: 'spso-learning',
    term: 'Learning from complaints',
    meaning: 'The changes made because of complaints: here, the complaints for which staff recorded, with /learning, a change of each kind; what was changed is for the organisation to describe.',
    source: at(SOURCES.spso, 'indicator: learning from complaints'),
  },
];

/** The definitions with these ids, in the catalogue's order; an unknown id is a mistake in a report builder. */
export function definitionsFor(ids: Iterable<string>): Definition[] {
  const wanted = new Set(ids);
  for (const id of wanted) if (!DEFINITIONS.some((definition) => definition.id === id)) throw new Error(`No definition "${id}" for a report figure.`);
  return DEFINITIONS.filter((definition) => wanted.has(definition.id));
}
