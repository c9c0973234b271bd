import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LETTER_KINDS, type LetterKind } from '../../core/letters/letter-kinds.ts';
import type { LetterTemplates } from '../../core/letters/letter-view.ts';

/** The folder of template files, relative to the project root. */
export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../templates');

/**
 * Reads a template: the procedure's own version (`templates/<procedure>/<name>.hbs`) when it has one, else the
 * default (`templates/<name>.hbs`).
 */
export async function readTemplate(name: string, procedureId?: string): Promise<string> {
  if (procedureId) {
    try {
      return await readFile(path.join(TEMPLATES_DIR, procedureId, `${name}.hbs`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return readFile(path.join(TEMPLATES_DIR, `${name}.hbs`), 'utf8');
}

/**
 * The letters' templates: the defaults in `templates/letters/`, and each procedure's own in
 * `templates/<procedure>/letters/` (any of the five; the rest come from the defaults).
 */
export async function readLetterTemplates(): Promise<{ default: LetterTemplates; byProcedure: Record<string, Partial<LetterTemplates>> }> {
  const read = (folder: string, kind: LetterKind) => readFile(path.join(folder, `${kind}.hbs`), 'utf8');
  const defaults = Object.fromEntries(await Promise.all(LETTER_KINDS.map(async (kind) => [kind, await read(path.join(TEMPLATES_DIR, 'letters'), kind)]))) as LetterTemplates;
  const byProcedure: Record<string, Partial<LetterTemplates>> = {};
  for (const entry of await readdir(TEMPLATES_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'letters') continue;
    const folder = path.join(TEMPLATES_DIR, entry.name, 'letters');
    const own: Partial<Record<LetterKind, string>> = {};
    for (const kind of LETTER_KINDS) {
      try {
        own[kind] = await read(folder, kind);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (Object.keys(own).length > 0) byProcedure[entry.name] = own;
  }
  return { default: defaults, byProcedure };
}

/** The templates of everything the sweep writes on a case. */
export async function readSweepTemplates() {
  return {
    status: await readTemplate('status-comment'),
    reminder: await readTemplate('reminder'),
    escalation: await readTemplate('escalation'),
    reply: await readTemplate('command-reply'),
    problem: await readTemplate('problem'),
    letters: await readLetterTemplates(),
  };
}
