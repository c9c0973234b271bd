/**
 * Everything the complainant's side of the site needs beyond the form: the tracking links and receipt tokens signed
 * with the tracking secret, the copies kept for the receipt page, and the cases read for the tracking page. Built
 * once per server from its configuration (server-intake.ts); the pages and endpoints that use it stay thin.
 *
 * Data comes from the case store (GitHub or the local store), never from the ledger, which holds no complainant's
 * address; what the page shows is computed by the core (trackingView) from the case's block and the records of
 * what was sent, never read from the case's text.
 */
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { CaseBlockError, parseCaseBlock } from '../../core/case/case-block.ts';
import type { CaseStore } from '../../core/case/case-store.ts';
import type { Complaint } from '../../core/complaint/complaint-schema.ts';
import type { Config } from '../../core/config/config-schema.ts';
import { copySections, renderComplaintCopy } from '../../core/intake/complaint-copy.ts';
import type { Procedure } from '../../core/procedure/procedure-schema.ts';
import { emailOnCase, sameEmail } from '../../core/tracking/complainant-email.ts';
import { listCorrespondence } from '../../core/tracking/correspondence.ts';
import { trackingView, type TrackingView } from '../../core/tracking/tracking-view.ts';
import { readTemplate } from '../fs/templates.ts';
import { RateLimiter, type Admission } from '../http/rate-limiter.ts';
import type { Logger } from '../log/logger.ts';
import { caseFinder, type CaseFinder } from './case-finder.ts';
import { ReceiptCopies } from './receipt-copies.ts';
import type { TrackingKeys } from './tracking-keys.ts';

/**
 * Look-ups of one reference allowed from anywhere, whatever the client's address: someone who knows a reference
 * (it is on every letter) and tries address after address from many connections is held to this.
 */
export const REFERENCE_LOOKUP_LIMIT = { count: 10, perMs: 60 * 60_000 };

/**
 * The least time a look-up by reference and email address takes to answer, whatever the answer: an unknown
 * reference and a known one with the wrong address must not be told apart by how long they take.
 */
export const LOOKUP_ANSWER_MS = 800;

export type CaseLookup =
  | { found: true; view: TrackingView }
  /** No such case in the store (yet: a complaint sent a moment ago may still be on its way to the store). */
  | { found: false; problem: 'not-found' }
  /** The case is there but cannot be shown (a damaged block, a procedure no longer published). */
  | { found: false; problem: 'unreadable' };

export interface TrackingService extends TrackingKeys {
  copies: ReceiptCopies;
  /** The least time a look-up by reference and email address takes. */
  lookupAnswerMs: number;
  /** Keeps the sender's copy of what they wrote and signs the receipt address that gives it to them. */
  signReceipt(input: { procedure: Procedure; complaint: Complaint; reference: string; receivedAt: number; at: string }, now: number): Promise<string>;
  /** A case's tracking view, for a reference proven by a signed link. */
  view(reference: string, now: number): Promise<CaseLookup>;
  /** Whether `email` is the address the complainant of `reference` gave. */
  matches(reference: string, email: string): Promise<boolean>;
  /** Takes one look-up from the client's allowance and the reference's. */
  admitLookup(client: string, reference: string): Admission;
}

export interface TrackingServiceOptions {
  keys: TrackingKeys;
  config: Config;
  store: CaseStore;
  procedure(id: string): Promise<Procedure | undefined>;
  calendarFor(procedure: Procedure): WorkingCalendar;
  log: Logger;
  now?: () => number;
  /** For tests: a finder other than the store's own. */
  finder?: CaseFinder;
}

export function trackingService(options: TrackingServiceOptions): TrackingService {
  const { keys, config, store, log } = options;
  const now = options.now ?? Date.now;
  const copies = new ReceiptCopies({ dataDir: config.dataDir, now });
  const finder = options.finder ?? caseFinder(store, { now });
  const byClient = config.trackRateLimit ? new RateLimiter(config.trackRateLimit, { now }) : undefined;
  const byReference = config.trackRateLimit ? new RateLimiter(REFERENCE_LOOKUP_LIMIT, { now }) : undefined;
  const copyTemplates = new Map<string, Promise<string>>();

  return {
    ...keys,
    copies,
    lookupAnswerMs: LOOKUP_ANSWER_MS,
    async signReceipt({ procedure, complaint, reference, receivedAt, at }, signedAt) {
      let copyId: string | undefined;
      try {
        let template = copyTemplates.get(procedure.id);
        if (!template) copyTemplates.set(procedure.id, (template = readTemplate('complaint-copy', procedure.id)));
        const input = { procedure, complaint, reference, receivedAt };
        copyId = await copies.keep({ procedure: procedure.id, reference, receivedAt: new Date(receivedAt).toISOString(), text: renderComplaintCopy(await template, input), sections: copySections(complaint, procedure) });
      } catch (error) {
        // The complaint is in; only the convenience of a copy on the receipt page is lost, and the page says so.
        log.error('Could not keep the complainant’s copy for the receipt page', { reference, error });
      }
      return keys.receipts.sign({ procedure: procedure.id, reference, at, anonymous: complaint.identity === 'anonymous', ...(copyId ? { copyId } : {}) }, signedAt);
    },
    async view(reference, at) {
      const found = await finder.find(reference, { proven: true });
      if (!found) return { found: false, problem: 'not-found' };
      let block;
      try {
        block = parseCaseBlock(found.body);
      } catch (error) {
        if (!(error instanceof CaseBlockError)) throw error;
        log.warn('A case asked for on its tracking page has a damaged block', { reference });
        return { found: false, problem: 'unreadable' };
      }
      const procedure = block && (await options.procedure(block.procedure.id));
      if (!block || !procedure) return { found: false, problem: 'unreadable' };
      const comments = await store.listComments(found.id);
      return { found: true, view: trackingView({ procedure, block, correspondence: listCorrespondence(comments), calendar: options.calendarFor(procedure), now: at }) };
    },
    async matches(reference, email) {
      const found = await finder.find(reference);
      const recorded = found && emailOnCase(found.body);
      return recorded !== undefined && sameEmail(email, recorded);
    },
    admitLookup(client, reference) {
      const first = byClient?.take(client) ?? { ok: true };
      if (!first.ok) return first;
      return byReference?.take(reference) ?? { ok: true };
    },
  };
}
