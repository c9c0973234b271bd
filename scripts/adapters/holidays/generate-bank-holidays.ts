/**
 * Regenerates scripts/core/calendar/uk-bank-holidays.json from date-holidays.
 * Run with `npm run calendar:generate` after upgrading date-holidays or editing the corrections.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBankHolidays, renderBankHolidaysJson } from './build-bank-holidays.ts';

const target = fileURLToPath(new URL('../../core/calendar/uk-bank-holidays.json', import.meta.url));
const data = buildBankHolidays();
writeFileSync(target, renderBankHolidaysJson(data));
const counts = Object.entries(data.nations).map(([nation, list]) => `${nation} ${list.length}`).join(', ');
console.log(`Wrote ${target} from ${data.source}, ${data.years[0]}–${data.years[1]}: ${counts}; ${data.corrections.length} correction(s).`);
