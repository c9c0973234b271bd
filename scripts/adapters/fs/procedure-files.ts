import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadProcedures, type LoadedProcedures, type ProcedureFile } from '../../core/procedure/load-procedures.ts';
import { LocalDateSchema } from '../../core/procedure/fields.ts';
import { NATIONS, type Nation } from '../../core/calendar/working-calendar.ts';
import type { ExtraHoliday } from '../../core/deadlines/procedure-calendar.ts';

/** The folder of procedure files, relative to the project root. */
export const WORKFLOWS_DIR = 'workflows';

/**
 * Reads every procedure file in `dir` (each `*.yaml` directly in it). Models are always read, so that files
 * naming only some procedures can still extend them.
 */
export async function readProcedureFiles(dir: string, base: string = process.cwd()): Promise<ProcedureFile[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({ path: path.join(path.relative(base, dir) || '.', name), text: await readFile(path.join(dir, name), 'utf8') })),
  );
}

/** Reads and validates all procedures in `dir`; messages name files relative to `base`. */
export async function loadWorkflows(dir: string = WORKFLOWS_DIR, base: string = process.cwd()): Promise<LoadedProcedures> {
  return loadProcedures(await readProcedureFiles(dir, base));
}

const ExtraHolidaysSchema = z.strictObject({
  holidays: z
    .array(
      z.strictObject({
        date: LocalDateSchema,
        name: z.string().min(2),
        nations: z.array(z.enum(NATIONS as [Nation, ...Nation[]])).optional(),
      }),
    )
    .default([]),
});

/** The file of one-off bank holidays announced at short notice (kept out of the procedures folder's glob). */
export const EXTRA_HOLIDAYS_FILE = path.join(WORKFLOWS_DIR, 'calendar', 'extra-holidays.yaml');

/** Reads the one-off bank holidays file; a missing file means none, a malformed one is an error naming the problem. */
export async function readExtraHolidays(file: string = EXTRA_HOLIDAYS_FILE): Promise<ExtraHoliday[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const result = ExtraHolidaysSchema.safeParse(parse(text) ?? {});
  if (!result.success) throw new Error(`${file}: ${z.prettifyError(result.error)}`);
  return result.data.holidays;
}
