import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readOrganisation } from '../scripts/adapters/fs/organisation-file.ts';
import { loadWorkflows, readExtraHolidays } from '../scripts/adapters/fs/procedure-files.ts';
import { ORGANISATION_FILE } from '../scripts/core/organisation/load-organisation.ts';
import { OrganisationSchema } from '../scripts/core/organisation/organisation-schema.ts';
import { formatProblem } from '../scripts/core/procedure/load-procedures.ts';
import { ProcedureSchema } from '../scripts/core/procedure/procedure-schema.ts';
import { procedureFile, workflowsDir } from './lib/workflows-dir.ts';

/**
 * Procedures as a content collection. The adapter reads the files and resolves `extends:`; Astro then validates
 * each resolved entry with the procedure schema itself, so the site holds no second copy of the model.
 */
function procedureLoader(): Loader {
  return {
    name: 'redress-procedures',
    load: async (context) => {
      const dir = workflowsDir(fileURLToPath(context.config.root));
      const problems = await fill(context, dir);
      // A folder with any problem fails the build, listing every problem located as the CLI reports them.
      if (problems) throw new Error(`The procedures in ${dir} have problems:\n${problems}`);
      // In `astro dev`, an edited procedure shows without a restart; a broken edit is logged and the last good set kept.
      context.watcher?.add(dir);
      context.watcher?.on('change', (changed) => {
        if (path.dirname(changed) !== dir || !/\.ya?ml$/.test(changed)) return;
        void fill(context, dir).then((again) => again && context.logger.error(again));
      });
    },
  };
}

/** Replaces the collection with the procedures in `dir`, or returns their problems and leaves it as it was. */
async function fill({ config, store, parseData, generateDigest, logger }: LoaderContext, dir: string): Promise<string | undefined> {
  const root = fileURLToPath(config.root);
  const { inputs, problems } = await loadWorkflows(dir);
  if (problems.length > 0) return problems.map(formatProblem).join('\n');
  store.clear();
  for (const [id, input] of inputs) {
    const data = await parseData({ id, data: input });
    store.set({ id, data, digest: generateDigest(input), filePath: path.relative(root, procedureFile(dir, id)) });
  }
  logger.info(`${inputs.size} procedures from ${path.relative(root, dir) || '.'}`);
  return undefined;
}

/**
 * Bank holidays proclaimed at short notice (workflows/calendar/extra-holidays.yaml), read at build time so that
 * on-demand pages and the browser count on the same calendar as the rest of Redress. The adapter validates them.
 */
function extraHolidaysLoader(): Loader {
  return {
    name: 'redress-extra-holidays',
    load: async ({ config, store }) => {
      const file = path.join(workflowsDir(fileURLToPath(config.root)), 'calendar', 'extra-holidays.yaml');
      // One entry holding the list: an empty list is a normal state, not an empty collection.
      store.clear();
      store.set({ id: 'all', data: { holidays: await readExtraHolidays(file) } });
    },
  };
}

/**
 * The organisation the site is for (redress.yaml at the top of the project), as one entry `site`; no file, no entry,
 * and the site is the demonstration. A file with problems fails the build, each located by line and column, as
 * does a logo that is not in the public folder (a page would show a broken image).
 */
function organisationLoader(): Loader {
  return {
    name: 'redress-organisation',
    load: async (context) => {
      const root = fileURLToPath(context.config.root);
      await fillOrganisation(context, root);
      context.watcher?.add(path.join(root, ORGANISATION_FILE));
      context.watcher?.on('change', (changed) => {
        if (changed !== path.join(root, ORGANISATION_FILE)) return;
        fillOrganisation(context, root).catch((error: Error) => context.logger.error(error.message));
      });
    },
  };
}

async function fillOrganisation({ config, store, parseData, logger }: LoaderContext, root: string): Promise<void> {
  const organisation = await readOrganisation(root);
  if (organisation?.logo && !existsSync(path.join(fileURLToPath(config.publicDir), organisation.logo))) {
    const publicDir = path.relative(root, fileURLToPath(config.publicDir)) || '.';
    throw new Error(`${ORGANISATION_FILE}: the logo "${organisation.logo}" is not in ${publicDir}/; put the file there or remove "logo:".`);
  }
  store.clear();
  if (!organisation) {
    logger.info(`No ${ORGANISATION_FILE}: the site is the demonstration, publishing every procedure`);
    return;
  }
  store.set({ id: 'site', data: await parseData({ id: 'site', data: organisation }) });
  logger.info(`${organisation.name}, publishing ${organisation.publish.join(', ')}`);
}

export const collections = {
  procedures: defineCollection({ loader: procedureLoader(), schema: ProcedureSchema }),
  extraHolidays: defineCollection({ loader: extraHolidaysLoader() }),
  organisation: defineCollection({ loader: organisationLoader(), schema: OrganisationSchema }),
};
