/**
 * The "When will I hear back?" calculator: the same deadline engine as the case sweep, in the browser. The page
 * embeds the procedure as the content collection validated it, so no rule is restated here.
 */
import { fromDayNumber, toDayNumber } from '../../scripts/core/calendar/day-number.ts';
import { fromLocal, toLocal } from '../../scripts/core/calendar/london-time.ts';
import { receiptDates } from '../../scripts/core/complaint/receipt-dates.ts';
import { calendarFor, type ExtraHoliday } from '../../scripts/core/deadlines/procedure-calendar.ts';
import type { Procedure } from '../../scripts/core/procedure/procedure-schema.ts';
import { formatDayLong, formatInstantLong } from '../../scripts/core/text/plain-dates.ts';

interface ReplyDatesData {
  procedure: Procedure;
  holidays: ExtraHoliday[];
  words: Record<string, string>;
  /** Who should keep the promises, as the sentence names them. */
  who: string;
}

/** A chosen day is taken as received at midday: inside working hours, before any cut-off. */
const MIDDAY = 12 * 60;
/** Leave room after the last covered day for the longest time limit to run. */
const COVERAGE_MARGIN_DAYS = 200;

export function startReplyDates(root: HTMLElement): void {
  const source = document.getElementById(root.dataset.replyDates ?? '');
  const intro = root.querySelector<HTMLElement>('#reply-dates-intro');
  const list = root.querySelector<HTMLElement>('#reply-dates-list');
  const input = root.querySelector<HTMLInputElement>('#reply-dates-day');
  if (!source?.textContent || !intro || !list || !input) return;
  const { procedure, holidays, words, who } = JSON.parse(source.textContent) as ReplyDatesData;
  const calendar = calendarFor(procedure, holidays);
  const now = Date.now();
  const today = toLocal(now).day;
  input.min = fromDayNumber(calendar.firstDay);
  input.max = fromDayNumber(calendar.lastDay - COVERAGE_MARGIN_DAYS);
  input.value = fromDayNumber(today);

  // A limit in hours is due at a time of day, so the answer says when the complaint is taken as received too.
  const hourly = new Set(procedure.stages.flatMap((stage) => stage.clocks.filter((clock) => clock.within?.unit === 'hours').map((clock) => `${stage.id}.${clock.id}`)));
  const show = (receivedAt: number, isToday: boolean) => {
    const day = toLocal(receivedAt).day;
    const rows: HTMLElement[] = [];
    try {
      const result = receiptDates({ procedure, calendar, receivedAt });
      for (const date of result.dates) rows.push(row(date.label, `by ${date.dueText}`));
      for (const later of result.later) rows.push(row(later.label, words[later.id] ?? ''));
      const when = result.dates.some((date) => hourly.has(date.id))
        ? (isToday ? `today, ${formatInstantLong(receivedAt)}` : `on ${formatInstantLong(receivedAt)}`)
        : (isToday ? `today, ${formatDayLong(day)}` : `on ${formatDayLong(day)}`);
      intro.textContent = `If your complaint is received ${when}, ${who} should:`;
    } catch {
      intro.textContent = `Dates can be worked out for complaints received between ${formatDayLong(calendar.firstDay)} and ${formatDayLong(calendar.lastDay - COVERAGE_MARGIN_DAYS)}.`;
    }
    list.replaceChildren(...rows);
  };

  input.addEventListener('change', () => {
    let day: number;
    try {
      day = toDayNumber(input.value);
    } catch {
      return; // A date still being typed.
    }
    show(day === today ? now : fromLocal(day, MIDDAY), day === today);
  });
  show(now, true);
  root.hidden = false;
}

function row(term: string, detail: string): HTMLElement {
  const wrapper = document.createElement('div');
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = term;
  dd.textContent = detail;
  wrapper.append(dt, dd);
  return wrapper;
}
