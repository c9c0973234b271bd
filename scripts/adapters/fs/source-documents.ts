import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Reads the source documents procedures quote from, by file name; an absent folder gives an empty map. */
export async function readSourceDocuments(dir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const texts = await Promise.all(names.filter((name) => /\.(txt|md)$/.test(name)).map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const));
  return new Map(texts);
}

/**
 * Documents kept with the procedures (`workflows/sources/`): faithful excerpts of public codes and models that
 * procedures quote, such as the Housing Ombudsman's Complaint Handling Code.
 */
export const SOURCES_DIR = 'workflows/sources';

/** Reads the source documents of several folders into one map; a name found twice is an error, never a silent choice. */
export async function readSourceDocumentsFrom(dirs: readonly string[]): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const dir of dirs) {
    for (const [name, text] of await readSourceDocuments(dir)) {
      if (all.has(name) && all.get(name) !== text) throw new Error(`Two different source documents are named ${name}.`);
      all.set(name, text);
    }
  }
  return all;
}
