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
