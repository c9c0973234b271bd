/**
 * The dates module of the domain core: local dates as day numbers, Europe/London time, UK working
 * calendars and durations, kept together so every rule about days and times lives in one place.
 */
export { addCalendarMonths, dayOfWeek, fromDayNumber, isLocalDate, toDayNumber, type DayNumber, type LocalDate } from './day-number.ts';
export { endOfLocalDay, formatInstant, fromLocal, parseInstant, TIME_ZONE, toLocal, type LocalTime } from './london-time.ts';
export {
  createWorkingCalendar, NATIONS, WORKING_CALENDAR_YEARS,
  type Closure, type ExtraHoliday, type Nation, type WorkingCalendar, type WorkingCalendarOptions,
} from './working-calendar.ts';
export {
  computeDue, computeDueFromDay, DEFAULT_COUNTING_RULES, formatDuration, NON_WORKING_DAY_RECEIPT, parseDuration, workingDaysLate,
  type CountingRules, type DueDate, type Duration, type DurationUnit, type NonWorkingDayReceipt,
} from './duration.ts';
