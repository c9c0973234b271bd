import { readFile } from 'node:fs/promises';
import path from 'node:path';

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

/** The templates of everything the sweep writes on a case. */
export async function readSweepTemplates() {
  return {
    status: await readTemplate('status-comment'),
    reminder: await readTemplate('reminder'),
    escalation: await readTemplate('escalation'),
    reply: await readTemplate('command-reply'),
    problem: await readTemplate('problem'),
  };
}
