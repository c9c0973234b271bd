import { z } from 'zod';
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

/** The events a clock can count from. */
export const CLOCK_STARTS = [
  /** When the complaint was received at this stage (a stage entered by a complaint). */
  'receipt',
  /** When the complainant asked for this stage (a stage entered by escalation). */
  'escalation-request',
  /** When this stage's acknowledgement was sent. */
  'acknowledgement',
  /** When the previous stage's response was sent: the window to ask for the next stage. */
  'previous-response',
] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];

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
    from: z.enum(CLOCK_STARTS),
    /** The time limit. Absent when a model leaves it to the organisation (see `parameter`) or staff set it (`setBy`). */
    within: DurationSchema.optional(),
    /** In a model procedure: the parameter an organisation fills in to set this time limit. */
    parameter: IdSchema.optional(),
    /** The due date is set by staff on the case (op-performance's target completion date). */
    setBy: z.literal('target').optional(),
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
  .refine((clock) => !(clock.action === 'request' && clock.from !== 'previous-response'), {
    message: 'A request window counts from the previous stage\'s response (`from: previous-response`).',
    path: ['from'],
  });
export type Clock = z.infer<typeof ClockSchema>;

export const OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One step of an internal escalation ladder: who is told, and when. */
const EscalationStepSchema = z.strictObject({
  level: z.number().int().min(1),
  /** The role told at this step. */
  notify: IdSchema,
  /** Time after the trigger (first step) or the previous step; absent means at once. */
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

/** One stage of the procedure. */
export const StageSchema = z.strictObject({
  id: IdSchema,
  title: z.string().trim().min(2),
  summary: ProseSchema,
  /** Who handles this stage. */
  handler: z.strictObject({ role: IdSchema, source: SourceSchema }),
  /** Who handles it when the complaint is about the usual handler. */
  alternate: z.strictObject({ role: IdSchema, source: SourceSchema }).optional(),
  /** What the procedure requires of the handler's independence, e.g. not involved in stage 1. */
  independence: StatementSchema.optional(),
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
      source: SourceSchema,
    })
    .optional(),
  contact: z.string().optional(),
  source: SourceSchema,
});

/** A model's setting that an organisation fills in, such as a time limit the model leaves open. */
const ParameterSchema = z.strictObject({
  id: IdSchema,
  label: ProseSchema,
  source: SourceSchema,
});

const CalendarSettingsSchema = z.strictObject({
  /** Receipt at or after this time counts from the next working day. */
  cutOff: LocalTimeSchema.default(17 * 60),
  /** Whether the day of receipt counts as the first day. */
  countStartDay: z.boolean().default(false),
  /** Working hours, when reminders may be posted. */
  workingHours: z
    .strictObject({ start: LocalTimeSchema, end: LocalTimeSchema })
    .prefault({ start: '09:00', end: '17:00' }),
  /** The organisation's own closure days, which are not working days. */
  closures: z.array(z.strictObject({ date: LocalDateSchema, reason: z.string().min(2) })).default([]),
});

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
    withdrawal: StatementSchema.optional(),
    stages: z.array(StageSchema).min(1),
    /** For a procedure that sets no time limits at all: says so, in words for the public. */
    noTimeLimits: ProseSchema.optional(),
    externalBodies: z.array(ExternalBodySchema).default([]),
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
  const defaults = { parameters: [], channels: [], roles: [], stages: [], externalBodies: [] };
  const withDefaults = { ...defaults, ...(document as object) } as unknown as z.infer<typeof ProcedureObjectSchema>;
  try {
    checkReferences({ ...withDefaults, stages: withDefaults.stages.map((stage) => ({ ...stage, clocks: stage.clocks ?? [] })) }, {
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
      if (clock.from === 'previous-response' && s === 0) {
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
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}
