import { z } from 'zod';
import { NON_WORKING_DAY_RECEIPT } from '../calendar/duration.ts';
import { NATIONS, type Nation } from '../calendar/working-calendar.ts';
import {
  DurationSchema,
  IdSchema,
  LocalDateSchema,
  LocalTimeSchema,
  ProseSchema,
  SourceSchema,
} from './fields.ts';

/** A rule that says something in words, with the sentence of the source it encodes. */
const StatementSchema = z.strictObject({
  /** The rule in plain English, for the public page. */
  summary: ProseSchema,
  source: SourceSchema,
});
export type Statement = z.infer<typeof StatementSchema>;

/** A person or body with a part in the procedure (the Co-Ordinator, the Chair, the Board). */
export const RoleSchema = z.strictObject({
  id: IdSchema,
  /** The title the procedure uses, e.g. "Co-Ordinator". */
  title: z.string().trim().min(2),
  /** What this role does in the procedure. */
  summary: ProseSchema.optional(),
  /** Public contact details of the role as the procedure publishes them. */
  contact: z
    .strictObject({
      email: z.email().optional(),
      phone: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  source: SourceSchema,
});
export type Role = z.infer<typeof RoleSchema>;

export const CHANNEL_KINDS = ['web', 'email', 'letter', 'phone', 'in-person', 'feedback-form'] as const;

/** A way to make a complaint, and the stage a complaint made that way enters. */
export const ChannelSchema = z.strictObject({
  id: IdSchema,
  kind: z.enum(CHANNEL_KINDS),
  /** Where to send or say it: an email address, a postal address, a phone number. */
  address: z.string().optional(),
  /** Whether a complaint by this channel counts as made in writing. */
  inWriting: z.boolean(),
  /** The stage a complaint received by this channel starts in. */
  entersStage: IdSchema,
  summary: ProseSchema.optional(),
  source: SourceSchema,
});
export type Channel = z.infer<typeof ChannelSchema>;

/** Something the procedure does not cover, and where to go instead. */
export const ExclusionSchema = z.strictObject({
  id: IdSchema,
  summary: ProseSchema,
  /** Where such a matter goes instead, e.g. "the Appeals Procedure". */
  goInstead: ProseSchema.optional(),
  source: SourceSchema,
});

/** Why a time limit was extended or its clocks paused, as a category that carries no personal detail. */
export const EXTENSION_REASONS = ['investigation', 'availability', 'complainant-request', 'external', 'other'] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/** The events a clock can count from, in the source's own terms. */
export const CLOCK_STARTS = [
  /** When the organisation received the complaint at this stage (a stage entered by a complaint). */
  'receipt',
  /** When the organisation received the complainant's request for this stage (a stage entered by escalation). */
  'escalation-request',
  /** When this stage's acknowledgement was sent. */
  'acknowledgement',
  /** When the previous stage's response was sent ("within 10 working days of our reply"). */
  'previous-response-sent',
  /**
   * When the complainant received the previous stage's response ("within 5 working days of receipt of the Stage 1
   * response"): its deemed receipt, from how and when it was sent (`calendar.deemedReceipt`).
   */
  'previous-response-received',
] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];

const ClockStartSchema = z.enum(CLOCK_STARTS, {
  error: (issue) =>
    issue.input === 'previous-response'
      ? 'Say whether the time limit counts from the sending of the previous response (previous-response-sent) or from the complainant\'s receipt of it (previous-response-received), as the source does.'
      : `Count from one of: ${CLOCK_STARTS.join(', ')}.`,
});

/** What meets a clock. */
export const CLOCK_ACTIONS = [
  /** The organisation acknowledges the complaint at this stage. */
  'acknowledge',
  /** The organisation responds with an outcome at this stage. */
  'respond',
  /** The complainant asks for this stage (a window, owned by the complainant). */
  'request',
] as const;
export type ClockAction = (typeof CLOCK_ACTIONS)[number];

/** A time limit the case is held to. */
export const ClockSchema = z
  .strictObject({
    /** Unique within the stage; the clock's full id is `<stage>.<id>`. */
    id: IdSchema,
    /** What must happen, in plain words: "Acknowledge the complaint in writing". */
    label: ProseSchema,
    action: z.enum(CLOCK_ACTIONS),
    /** The event the time limit counts from. */
    from: ClockStartSchema,
    /** The time limit. Absent when a model leaves it to the organisation (see `parameter`) or staff set it (`setBy`). */
    within: DurationSchema.optional(),
    /** In a model procedure: the parameter an organisation fills in to set this time limit. */
    parameter: IdSchema.optional(),
    /** The due date is set by staff on the case (op-performance's target completion date). */
    setBy: z.literal('target').optional(),
    /**
     * With `setBy: target`: the acknowledgement gives this date ("This acknowledgement will provide an estimated
     * target date"), so an acknowledgement recorded without it is refused.
     */
    setWithAcknowledgement: z.boolean().default(false),
    /** Whether and how the organisation may extend this time limit. */
    extension: z
      .strictObject({
        /** The most the due date may move by, if the procedure caps it. */
        cap: DurationSchema.optional(),
        /** The complainant must be told of the new date before the original one passes. */
        noticeRequired: z.boolean().default(true),
        summary: ProseSchema,
        source: SourceSchema,
      })
      .optional(),
    /** When something done after the time limit is still considered (e.g. exceptional circumstances). */
    exceptions: StatementSchema.optional(),
    source: SourceSchema,
  })
  .refine((clock) => !(clock.setBy && (clock.within || clock.parameter)), {
    message: 'A clock whose date staff set (`setBy`) has no `within` or `parameter`.',
  })
  .refine((clock) => !(clock.action === 'request' && !clock.from.startsWith('previous-response')), {
    message: 'A request window counts from the previous stage\'s response (`from: previous-response-received` or `previous-response-sent`).',
    path: ['from'],
  })
  .refine((clock) => !clock.setWithAcknowledgement || (clock.setBy === 'target' && clock.from === 'acknowledgement'), {
    message: '`setWithAcknowledgement` is for a target date (`setBy: target`) counted from the acknowledgement.',
    path: ['setWithAcknowledgement'],
  });
export type Clock = z.infer<typeof ClockSchema>;

export const OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One step of an internal escalation ladder: who is told, and when. */
const EscalationStepSchema = z.strictObject({
  level: z.number().int().min(1),
  /** The role told at this step. */
  notify: IdSchema,
  /**
   * For the first step, time after the trigger's due date; for a later step, time after the previous step was
   * actually notified (the time that step's people had to respond). Absent means at once.
   */
  after: DurationSchema.optional(),
  summary: ProseSchema,
  source: SourceSchema,
});

/** An internal escalation ladder: what happens while a clock of this stage stays overdue. */
const EscalationSchema = z.strictObject({
  /** The clock of this stage (its short id) whose lapse starts the ladder. */
  trigger: IdSchema,
  steps: z.array(EscalationStepSchema).min(1),
  source: SourceSchema.optional(),
});

/**
 * What a stage is for, so that procedures that name their stages differently can be compared stage for stage:
 * - `informal`: resolving a concern before the formal procedure (op-performance's informal complaint);
 * - `first`: the formal first stage, where a written complaint is investigated and answered;
 * - `review`: a further internal stage that looks at the complaint again (ceccc's stage 2, the Code's stage 2);
 * - `appeal`: an appeal against a decision to a more senior or independent person or panel.
 * Outside bodies are not stages: they are `externalBodies`.
 */
export const STAGE_KINDS = ['informal', 'first', 'review', 'appeal'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * What the procedure requires of the handler's independence. With `notInvolvedIn`, the engine holds the case to it:
 * when the usual handler of this stage (or its alternate) handled one of those stages, `instead` handles this one,
 * and a stage acted on by someone involved earlier is flagged.
 */
const IndependenceSchema = StatementSchema.extend({
  /** The earlier stages whose handlers must not handle this one ("will not have been involved in stage 1"). */
  notInvolvedIn: z.array(IdSchema).default([]),
  /** Who handles this stage when its usual handler was involved earlier; the involved people are excluded. */
  instead: z.strictObject({ role: IdSchema, summary: ProseSchema, source: SourceSchema }).optional(),
});

/** One stage of the procedure. */
export const StageSchema = z.strictObject({
  id: IdSchema,
  /** What the stage is for: informal, first, review or appeal (STAGE_KINDS). */
  kind: z.enum(STAGE_KINDS),
  title: z.string().trim().min(2),
  summary: ProseSchema,
  /** Who handles this stage. */
  handler: z.strictObject({ role: IdSchema, source: SourceSchema }),
  /** Who handles it when the complaint is about the usual handler. */
  alternate: z.strictObject({ role: IdSchema, source: SourceSchema }).optional(),
  /** What the procedure requires of the handler's independence, e.g. not involved in stage 1. */
  independence: IndependenceSchema.optional(),
  /** How the stage is entered. */
  entry: z.strictObject({
    /** `complaint`: a new complaint starts here; `escalation`: the complainant asks to move on from the previous stage. */
    via: z.enum(['complaint', 'escalation']),
    /** Must the complaint or request be in writing? */
    inWriting: z.boolean(),
    /** For a complaint: the time limit for making it, counted from the incident. */
    window: z
      .strictObject({
        within: DurationSchema,
        from: z.enum(['incident']),
        summary: ProseSchema,
        /** When a late complaint is still considered. */
        exceptions: StatementSchema.optional(),
        source: SourceSchema,
      })
      .optional(),
    summary: ProseSchema,
    source: SourceSchema,
  }),
  clocks: z.array(ClockSchema).default([]),
  /** The decisions this stage can reach. */
  outcomes: z
    .strictObject({ values: z.array(z.enum(OUTCOMES)).min(1), summary: ProseSchema, source: SourceSchema })
    .optional(),
  /** What the organisation may offer to put things right. */
  remedies: z.strictObject({ items: z.array(ProseSchema).min(1), source: SourceSchema }).optional(),
  /** Whether this stage's response ends the organisation's procedure. */
  final: z.boolean(),
  finalSource: SourceSchema.optional(),
  escalation: EscalationSchema.optional(),
});
export type Stage = z.infer<typeof StageSchema>;

/** A body outside the organisation a complainant can go to. */
export const ExternalBodySchema = z.strictObject({
  id: IdSchema,
  name: z.string().trim().min(2),
  /** What the body does and does not consider. */
  summary: ProseSchema,
  /** When a complainant may go to it. */
  when: ProseSchema,
  /** The time limit for going to it, if the procedure states one. */
  window: z
    .strictObject({
      within: DurationSchema,
      /** Counted from the response of this stage. */
      fromResponseOf: IdSchema,
      /** From the response's sending, or from the complainant's (deemed) receipt of it. */
      from: z.enum(['response-sent', 'response-received']).default('response-received'),
      source: SourceSchema,
    })
    .optional(),
  contact: z.string().optional(),
  /**
   * The organisation itself may pass a complaint on to this body (CECOPS and the inspection body for Accredited
   * Users): staff record it with `/pass-on <body>`, and the complainant is not sent there.
   */
  passOn: StatementSchema.optional(),
  source: SourceSchema,
});

/** A model's setting that an organisation fills in, such as a time limit the model leaves open. */
const ParameterSchema = z.strictObject({
  id: IdSchema,
  label: ProseSchema,
  source: SourceSchema,
});

/** A way a letter is sent to the complainant: what `/respond … by <channel>` records. */
export const SENDING_CHANNELS = ['email', 'post', 'hand'] as const;
export type SendingChannel = (typeof SENDING_CHANNELS)[number];

/**
 * When a letter sent to the complainant counts as received, for the windows that run from its receipt: the working
 * days after sending. 0 is the day it was sent if sent within working hours on a working day, else the next working
 * day; 2 (post) is the second working day after posting.
 */
const DeemedReceiptSchema = z.strictObject({
  email: z.number().int().min(0).max(10).default(0),
  post: z.number().int().min(0).max(10).default(2),
  hand: z.number().int().min(0).max(10).default(0),
});

const CalendarSettingsSchema = z.strictObject({
  /** Receipt at or after this time counts as made the next day. */
  cutOff: LocalTimeSchema.default(17 * 60),
  /** Whether the day of receipt counts as the first day. */
  countStartDay: z.boolean().default(false),
  /**
   * A receipt on a day that is not a working day: `next-working-day-is-day-one` (the day itself is the date of
   * receipt) or `received-next-working-day` (it counts as received on the next working day, then not counted).
   */
  nonWorkingDayReceipt: z.enum(NON_WORKING_DAY_RECEIPT).default('next-working-day-is-day-one'),
  /** When a letter to the complainant counts as received, by how it was sent. */
  deemedReceipt: DeemedReceiptSchema.prefault({}),
  /** Working hours, when reminders may be posted. */
  workingHours: z
    .strictObject({ start: LocalTimeSchema, end: LocalTimeSchema })
    .prefault({ start: '09:00', end: '17:00' }),
  /** The organisation's own closure days, which are not working days. */
  closures: z.array(z.strictObject({ date: LocalDateSchema, reason: z.string().min(2) })).default([]),
});

/** Whether and how the clocks of a case may be paused: only where the procedure provides for it. */
const PauseSettingsSchema = StatementSchema.extend({
  /** The reasons a pause may be for; any reason when absent. */
  reasons: z.array(z.enum(EXTENSION_REASONS)).min(1).optional(),
  /** The longest a case may stay paused in all; time paused beyond it runs on the clocks as usual. */
  limit: DurationSchema.optional(),
});

/**
 * A reading of the source that the source does not state: what the file assumes, and why. The procedure's page and
 * its fidelity report show it beside the rule, and docs/procedure-authors.md lists every one.
 */
const AssumptionSchema = z.strictObject({
  /** Unique across every procedure: also the row of the table of assumptions in docs/procedure-authors.md. */
  id: IdSchema,
  /** The rule it concerns, as a path of keys and ids: "stages.stage-2.independence.instead". */
  rule: z.string().regex(/^[a-zA-Z][\w-]*(\.[\w-]+)*$/, 'Name the rule as a path of keys and ids, e.g. "stages.stage-2.independence".'),
  /** The reading taken, in plain words. */
  reading: ProseSchema,
  /** Why: what the source says and does not say, and why this reading is the least harmful to the complainant. */
  why: ProseSchema,
});
export type Assumption = z.infer<typeof AssumptionSchema>;

const ReminderSettingsSchema = z.strictObject({
  /** Remind this long before a due date ("2 working days"); the day itself and overdue are always reminded. */
  before: z.array(DurationSchema).prefault(['2 working days']),
});

const ProcedureObjectSchema = z.strictObject({
    id: IdSchema,
    /** `procedure`: an organisation's own; `model`: a template or code that organisations fill in or measure against. */
    kind: z.enum(['procedure', 'model']).default('procedure'),
    title: z.string().trim().min(3),
    /** One-paragraph description for the public. */
    summary: ProseSchema,
    organisation: z.strictObject({
      name: z.string().trim().min(2),
      sector: z.enum(['child-contact-centre', 'training-provider', 'code-of-practice', 'membership-body', 'housing', 'public-service']),
      website: z.url().optional(),
      /** Registered charity or company numbers, as published. */
      registration: z.string().optional(),
    }),
    /** Whose bank holidays count. */
    nation: z.enum(NATIONS as [Nation, ...Nation[]]),
    /** The document this file encodes. */
    document: z.strictObject({
      file: z.string().min(3),
      title: z.string().min(3),
      /** The date the organisation last reviewed the document, if it says. */
      reviewed: LocalDateSchema.optional(),
      url: z.url().optional(),
    }),
    /** The model this procedure fills in, if any (resolved before validation). */
    extends: IdSchema.optional(),
    /** The model's open settings (models only). */
    parameters: z.array(ParameterSchema).default([]),
    calendar: CalendarSettingsSchema.prefault({}),
    reminders: ReminderSettingsSchema.prefault({}),
    roles: z.array(RoleSchema).min(1),
    /** Who may complain. */
    eligibility: StatementSchema,
    /** What the procedure does not cover. */
    outOfScope: z.array(ExclusionSchema).default([]),
    channels: z.array(ChannelSchema).min(1),
    anonymous: z.strictObject({
      policy: z.enum(['accepted', 'not-normally-investigated', 'not-guaranteed', 'not-stated']),
      summary: ProseSchema,
      /** What it means for the complainant to stay anonymous. */
      consequence: ProseSchema.optional(),
      source: SourceSchema.optional(),
    }),
    confidentiality: StatementSchema.optional(),
    /** Resolving a concern informally before the formal stages, where the procedure invites it. */
    informalResolution: StatementSchema.extend({ role: IdSchema.optional() }).optional(),
    withdrawal: StatementSchema.extend({
      /** The complainant is asked to confirm a withdrawal in writing: `/withdraw` records it only once they have. */
      confirmInWriting: z.boolean().default(false),
    }).optional(),
    /** The procedure asks the complainant to say what outcome they want: the complaint form then requires it. */
    outcomeRequired: StatementSchema.optional(),
    /** Pausing the clocks, where the procedure provides for it; `/pause` is refused where it does not. */
    pauses: PauseSettingsSchema.optional(),
    stages: z.array(StageSchema).min(1),
    /** For a procedure that sets no time limits at all: says so, in words for the public. */
    noTimeLimits: ProseSchema.optional(),
    externalBodies: z.array(ExternalBodySchema).default([]),
    /** The readings this file takes where its source is silent, each with why. */
    assumptions: z.array(AssumptionSchema).default([]),
});

/** A complaints procedure: the rules a case is held to. */
export const ProcedureSchema = ProcedureObjectSchema.superRefine((procedure, ctx) => checkReferences(procedure, ctx));
export type Procedure = z.infer<typeof ProcedureSchema>;
export type ProcedureInput = z.input<typeof ProcedureSchema>;

/**
 * The cross-reference problems of a procedure document that may also have problems of shape, so that a person
 * sees every problem at once (zod does not run refinements once a transform has failed). Best effort: a document
 * too malformed to walk gives none.
 */
export function referenceProblems(document: unknown): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  const stages = (document as { stages?: unknown } | null)?.stages;
  if (!Array.isArray(stages) || stages.length === 0) return [];
  const defaults = { parameters: [], channels: [], roles: [], stages: [], externalBodies: [], assumptions: [] };
  const withDefaults = { ...defaults, ...(document as object) } as unknown as z.infer<typeof ProcedureObjectSchema>;
  try {
    checkReferences({ ...withDefaults, stages: withDefaults.stages.map((stage) => ({ ...stage, clocks: stage.clocks ?? [], independence: stage.independence && { ...stage.independence, notInvolvedIn: stage.independence.notInvolvedIn ?? [] } })) }, {
      addIssue: (issue: { path?: (string | number)[]; message?: string }) => found.push({ path: issue.path ?? [], message: issue.message ?? '' }),
    } as unknown as z.core.$RefinementCtx);
  } catch {
    return [];
  }
  return found;
}

/** Cross-references a schema of shapes cannot see: ids that must exist and be unique. */
function checkReferences(procedure: z.infer<typeof ProcedureObjectSchema>, ctx: z.core.$RefinementCtx): void {
  const roles = new Set(procedure.roles.map((role) => role.id));
  const stages = new Set(procedure.stages.map((stage) => stage.id));
  const parameters = new Set(procedure.parameters.map((parameter) => parameter.id));
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  duplicates(procedure.roles.map((role) => role.id)).forEach((id) => issue(['roles'], `Role "${id}" is defined twice.`));
  duplicates(procedure.stages.map((stage) => stage.id)).forEach((id) => issue(['stages'], `Stage "${id}" is defined twice.`));
  duplicates(procedure.channels.map((channel) => channel.id)).forEach((id) => issue(['channels'], `Channel "${id}" is defined twice.`));

  const knownRole = (path: (string | number)[], role: string) => {
    if (!roles.has(role)) issue(path, `Unknown role "${role}"; define it under roles (known: ${[...roles].join(', ')}).`);
  };
  if (procedure.informalResolution?.role) knownRole(['informalResolution', 'role'], procedure.informalResolution.role);
  procedure.channels.forEach((channel, index) => {
    if (!stages.has(channel.entersStage)) {
      issue(['channels', index, 'entersStage'], `Unknown stage "${channel.entersStage}" (stages: ${[...stages].join(', ')}).`);
    } else if (procedure.stages.find((stage) => stage.id === channel.entersStage)?.entry.via !== 'complaint') {
      issue(['channels', index, 'entersStage'], `Stage "${channel.entersStage}" is entered by escalation, not by a new complaint.`);
    }
  });
  if (procedure.stages[0]?.entry.via !== 'complaint') issue(['stages', 0, 'entry', 'via'], 'The first stage must be entered by a complaint.');

  let timed = false;
  procedure.stages.forEach((stage, s) => {
    knownRole(['stages', s, 'handler', 'role'], stage.handler.role);
    if (stage.alternate) knownRole(['stages', s, 'alternate', 'role'], stage.alternate.role);
    duplicates(stage.clocks.map((clock) => clock.id)).forEach((id) => issue(['stages', s, 'clocks'], `Clock "${id}" is defined twice in stage "${stage.id}".`));
    stage.clocks.forEach((clock, c) => {
      if (clock.within || clock.setBy) timed = true;
      if (clock.parameter && !parameters.has(clock.parameter) && procedure.kind === 'model') {
        issue(['stages', s, 'clocks', c, 'parameter'], `Unknown parameter "${clock.parameter}"; declare it under parameters.`);
      }
      if (clock.from.startsWith('previous-response') && s === 0) {
        issue(['stages', s, 'clocks', c, 'from'], 'The first stage has no previous response to count from.');
      }
      if (clock.from === 'receipt' && stage.entry.via !== 'complaint') {
        issue(['stages', s, 'clocks', c, 'from'], `Stage "${stage.id}" is entered by escalation: count from escalation-request.`);
      }
      if (clock.from === 'escalation-request' && stage.entry.via !== 'escalation') {
        issue(['stages', s, 'clocks', c, 'from'], `Stage "${stage.id}" is entered by a complaint: count from receipt.`);
      }
      if (clock.action === 'request' && stage.entry.via !== 'escalation') {
        issue(['stages', s, 'clocks', c, 'action'], 'Only a stage entered by escalation has a request window.');
      }
    });
    if (stage.escalation) {
      if (!stage.clocks.some((clock) => clock.id === stage.escalation?.trigger)) {
        issue(['stages', s, 'escalation', 'trigger'], `Unknown clock "${stage.escalation.trigger}" in stage "${stage.id}".`);
      }
      stage.escalation.steps.forEach((step, i) => knownRole(['stages', s, 'escalation', 'steps', i, 'notify'], step.notify));
    }
    if (stage.independence) {
      stage.independence.notInvolvedIn.forEach((earlier, i) => {
        const at = procedure.stages.findIndex((other) => other.id === earlier);
        if (at === -1 || at >= s) issue(['stages', s, 'independence', 'notInvolvedIn', i], `"${earlier}" is not a stage before "${stage.id}".`);
      });
      if (stage.independence.instead) knownRole(['stages', s, 'independence', 'instead', 'role'], stage.independence.instead.role);
    }
    if (s > 0 && stage.entry.via === 'complaint') {
      // A later stage entered by a new complaint is fine (op-performance's formal stage), but it must not follow the final stage.
      if (procedure.stages[s - 1]?.final) issue(['stages', s], `Stage "${stage.id}" follows a final stage.`);
    }
  });
  if (!procedure.stages.some((stage) => stage.final)) issue(['stages'], 'No stage is final: say which response ends the procedure.');
  if (procedure.kind === 'procedure' && !timed && !procedure.noTimeLimits && !procedure.extends) {
    issue(['noTimeLimits'], 'This procedure sets no time limits: say so in `noTimeLimits` so the public page can state it.');
  }
  if (timed && procedure.noTimeLimits) issue(['noTimeLimits'], '`noTimeLimits` is set but some clocks have time limits.');
  procedure.externalBodies.forEach((body, index) => {
    if (body.window && !stages.has(body.window.fromResponseOf)) {
      issue(['externalBodies', index, 'window', 'fromResponseOf'], `Unknown stage "${body.window.fromResponseOf}".`);
    }
  });
  duplicates(procedure.assumptions.map((assumption) => assumption.id)).forEach((id) => issue(['assumptions'], `Assumption "${id}" is defined twice.`));
  procedure.assumptions.forEach((assumption, index) => {
    if (ruleAt(procedure, assumption.rule) === undefined) {
      issue(['assumptions', index, 'rule'], `"${assumption.rule}" names no rule of this procedure; write a path of keys and ids, e.g. "stages.stage-2.clocks.request".`);
    }
  });
}

/**
 * The part of a procedure a rule path names: keys for mappings, ids (or positions) for lists.
 *
 * @example
 * ruleAt(ceccc, 'stages.stage-2.clocks.request.from') //=> 'previous-response-received'
 */
export function ruleAt(procedure: unknown, rule: string): unknown {
  let node: unknown = procedure;
  for (const key of rule.split('.')) {
    if (Array.isArray(node)) {
      node = node.find((item) => (item as { id?: unknown } | null)?.id === key) ?? (/^\d+$/.test(key) ? node[Number(key)] : undefined);
    } else if (typeof node === 'object' && node !== null) {
      node = (node as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}
