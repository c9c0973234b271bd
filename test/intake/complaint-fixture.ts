import { ComplaintSchema, type Complaint, type ComplaintInput } from '../../scripts/core/complaint/complaint-schema.ts';

/** A complete, valid complaint to the Cambridge & Ely centre; tests change what they are about. */
export const GOOD_COMPLAINT: ComplaintInput = {
  procedure: 'ceccc',
  submissionId: '0b6f7e57-6c3e-4bd5-9d5a-7a8f0e9c1d2b',
  renderedAt: '2026-12-23T09:50:00.000Z',
  identity: 'named',
  name: 'Ann Example',
  email: 'ann@example.com',
  phone: '01632 960 001',
  contactBy: 'email',
  onBehalf: 'myself',
  incident: 'single',
  incidentDate: '2026-12-01',
  spokenToSomeone: 'yes',
  spokenToDetails: 'I spoke to the volunteer at the door on the day.',
  complaint: 'The handover was forty minutes late.\n\nNobody told me why, and my daughter was upset.',
  outcomeWanted: 'An explanation, and handovers on time.',
  adjustments: ['large-print'],
  aboutHandler: false,
  privacy: true,
};

export function complaint(overrides: Partial<ComplaintInput> = {}): Complaint {
  return ComplaintSchema.parse({ ...GOOD_COMPLAINT, ...overrides });
}
