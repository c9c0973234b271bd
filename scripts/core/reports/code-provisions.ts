/**
 * The provisions of the Housing Ombudsman's Complaint Handling Code (2024) that the self-assessment goes through, in
 * the order of the Code's self-assessment form (Appendix A), each with its requirement word for word as the excerpts
 * in workflows/sources/housing-ombudsman-code-2024.txt hold it (a test finds each there), and what in a procedure
 * and the ledger it concerns. Sections whose provisions the excerpts do not hold are listed by title only, for the
 * organisation to complete from the Code.
 */

/** The excerpts file the requirements are quoted from. */
export const CODE_EXCERPTS_FILE = 'housing-ombudsman-code-2024.txt';

/** What a provision is about, so the report can say how the procedure meets it and what the ledger shows. */
export type ProvisionConcern =
  | 'definition'
  | 'exclusions'
  | 'channels'
  | 'any-staff'
  | 'complaints-officer'
  | 'single-policy'
  | 'no-extra-stages'
  | 'two-stages'
  | 'early-resolution'
  | 'stage-1-acknowledge'
  | 'stage-1-respond'
  | 'extension-limit'
  | 'extension-notice'
  | 'escalation'
  | 'stage-2-acknowledge'
  | 'no-reasons'
  | 'independence'
  | 'stage-2-respond'
  | 'putting-right'
  | 'reporting'
  | 'learning';

export interface CodeProvision {
  /** The provision's number in the Code ("6.2"), or what stands for it where the excerpt gives none. */
  provision: string;
  /** The requirement word for word, from the excerpts file; absent for a section the excerpts do not hold. */
  requirement?: string;
  /** The page of the excerpts file it was copied from. */
  copiedFrom?: string;
  concern: ProvisionConcern;
}

export interface CodeSection {
  number: number;
  title: string;
  provisions: CodeProvision[];
}

const FAQ = 'Housing Ombudsman, "Complaint Handling Code 2024 FAQs"';
const OXFORD = 'Oxford City Council, Council housing complaint handling code self-assessment 2024-25, Section 3';
const SLOUGH = 'Slough Borough Council, Housing Ombudsman Complaint Handling Code - self assessment 2025, Section 4';
const SOUTH_NORFOLK_PROCESS = 'South Norfolk Council, Housing complaint handling code self-assessment 2025, The complaint handling process';
const SOUTH_NORFOLK = 'South Norfolk Council, Housing complaint handling code self-assessment 2025, Complaints stages';
const OXFORD_STAGE_2 = 'Oxford City Council, Housing complaint handling self-assessment, Section 6b: Complaints Stages - Stage 2';
const WAITING = 'Housing Ombudsman, "Help if you are waiting for a final response"';

/** Where the Code's requirements not held in the excerpts are to be found. */
const NOT_HELD = "The excerpts Redress holds do not include this section's provisions: complete it from the Code's self-assessment form.";

export const CODE_SECTIONS: readonly CodeSection[] = [
  {
    number: 1,
    title: 'Definition of a complaint',
    provisions: [
      {
        provision: '1.2',
        requirement:
          "'An expression of dissatisfaction, however made, about the standard of service, actions, or lack of action by the landlord, its own staff, or those acting on its behalf, affecting a resident or group of residents'.",
        copiedFrom: FAQ,
        concern: 'definition',
      },
    ],
  },
  { number: 2, title: 'Exclusions', provisions: [{ provision: 'Section 2', concern: 'exclusions' }] },
  {
    number: 3,
    title: 'Accessibility and awareness',
    provisions: [
      {
        provision: '3.1',
        requirement:
          'Landlords must make it easy for residents to complain by providing different channels through which they can make a complaint. Landlords must consider their duties under the Equality Act 2010 and anticipate the needs and reasonable adjustments of residents who may need to access the complaints process.',
        copiedFrom: OXFORD,
        concern: 'channels',
      },
      {
        provision: '3.2',
        requirement:
          'Residents must be able to raise their complaints in any way and with any member of staff. All staff must be aware of the complaints process and be able to pass details of the complaint to the appropriate person within the landlord.',
        copiedFrom: OXFORD,
        concern: 'any-staff',
      },
    ],
  },
  {
    number: 4,
    title: 'Complaint handling staff',
    provisions: [
      {
        provision: '4.1',
        requirement:
          "Landlords must have a person or team assigned to take responsibility for complaint handling, including liaison with the Ombudsman and ensuring complaints are reported to the governing body (or equivalent). This Code will refer to that person or team as the 'complaints officer'. This role may be in addition to other duties.",
        copiedFrom: SLOUGH,
        concern: 'complaints-officer',
      },
    ],
  },
  {
    number: 5,
    title: 'The complaint handling process',
    provisions: [
      {
        provision: '5.1',
        requirement: 'Landlords must have a single policy in place for dealing with complaints covered by this Code. Residents must not be treated differently if they complain.',
        copiedFrom: SOUTH_NORFOLK_PROCESS,
        concern: 'single-policy',
      },
      {
        provision: '5.2',
        requirement:
          "The early and local resolution of issues between landlords and residents is key to effective complaint handling. It is not appropriate to have extra named stages (such as 'stage 0' or 'informal complaint') as this causes unnecessary confusion.",
        copiedFrom: SOUTH_NORFOLK_PROCESS,
        concern: 'no-extra-stages',
      },
      {
        provision: '5.3',
        requirement: 'A process with more than two stages is not acceptable under any circumstances as this will make the complaint process unduly long and delay access to the Ombudsman.',
        copiedFrom: SOUTH_NORFOLK_PROCESS,
        concern: 'two-stages',
      },
    ],
  },
  {
    number: 6,
    title: 'Complaint stages',
    provisions: [
      {
        provision: '6.1',
        requirement:
          'Landlords must have processes in place to consider which complaints can be responded to as early as possible, and which require further investigation. Landlords must consider factors such as the complexity of the complaint and whether the resident is vulnerable or at risk. Most stage 1 complaints can be resolved promptly, and an explanation, apology or resolution provided to the resident.',
        copiedFrom: SOUTH_NORFOLK,
        concern: 'early-resolution',
      },
      {
        provision: '6.2',
        requirement: 'Complaints must be acknowledged, defined and logged at stage 1 of the complaints procedure within five working days of the complaint being received.',
        copiedFrom: SOUTH_NORFOLK,
        concern: 'stage-1-acknowledge',
      },
      {
        provision: '6.3',
        requirement: 'Landlords must issue a full response to stage 1 complaints within 10 working days of the complaint being acknowledged',
        copiedFrom: SOUTH_NORFOLK,
        concern: 'stage-1-respond',
      },
      {
        provision: '6.4',
        requirement:
          'Landlords must decide whether an extension to this timescale is needed when considering the complexity of the complaint and then inform the resident of the expected timescale for response. Any extension must be no more than 10 working days without good reason, and the reason(s) must be clearly explained to the resident.',
        copiedFrom: SOUTH_NORFOLK,
        concern: 'extension-limit',
      },
      {
        provision: '6.5',
        requirement: 'When an organisation informs a resident about an extension to these timescales, they must be provided with the contact details of the Ombudsman.',
        copiedFrom: SOUTH_NORFOLK,
        concern: 'extension-notice',
      },
      {
        provision: '6.10',
        requirement: "If all or part of the complaint is not resolved to the resident's satisfaction at stage 1, it must be progressed to stage 2 of the landlord's procedure. Stage 2 is the landlord's final response.",
        copiedFrom: OXFORD_STAGE_2,
        concern: 'escalation',
      },
      {
        provision: '6.11',
        requirement: 'Requests for stage 2 must be acknowledged, defined and logged at stage 2 of the complaints procedure within five working days of the escalation request being received.',
        copiedFrom: OXFORD_STAGE_2,
        concern: 'stage-2-acknowledge',
      },
      {
        provision: '6.12',
        requirement: "Residents must not be required to explain their reasons for requesting a stage 2 consideration. Landlords are expected to make reasonable efforts to understand why a resident remains unhappy as part of its stage 2 response.",
        copiedFrom: OXFORD_STAGE_2,
        concern: 'no-reasons',
      },
      {
        provision: '6.13',
        requirement: 'The person considering the complaint at stage 2 must not be the same person that considered the complaint at stage 1.',
        copiedFrom: OXFORD_STAGE_2,
        concern: 'independence',
      },
      {
        provision: 'Stage 2 timescale',
        requirement: 'provide a response within 20 working days of the date of escalation acknowledgment',
        copiedFrom: WAITING,
        concern: 'stage-2-respond',
      },
    ],
  },
  { number: 7, title: 'Putting things right', provisions: [{ provision: 'Section 7', concern: 'putting-right' }] },
  { number: 8, title: 'Self-assessment, reporting and compliance', provisions: [{ provision: 'Section 8', concern: 'reporting' }] },
  { number: 9, title: 'Scrutiny and oversight: continuous learning and improvement', provisions: [{ provision: 'Section 9', concern: 'learning' }] },
];

/** What stands in the requirement column for a section the excerpts do not hold. */
export const REQUIREMENT_NOT_HELD = NOT_HELD;

/** Every requirement quoted word for word, with the page it was copied from: each must be found in the excerpts. */
export function quotedRequirements(): { provision: string; requirement: string; copiedFrom: string }[] {
  return CODE_SECTIONS.flatMap((codeSection) => codeSection.provisions.flatMap((p) => (p.requirement && p.copiedFrom ? [{ provision: p.provision, requirement: p.requirement, copiedFrom: p.copiedFrom }] : [])));
}
