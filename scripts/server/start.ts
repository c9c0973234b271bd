#!/usr/bin/env node
// `npm start`: checks the configuration and opens the intake (delivering anything queued before a restart), then
// starts the built site's standalone server. A bad configuration stops here, naming the variable, before listening.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../adapters/config/read-config.ts';
import { serverIntake } from '../adapters/intake/server-intake.ts';

try {
  await serverIntake();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Redress cannot start: ${(error as Error).message}`}\n`);
  process.exit(1);
}
await import(pathToFileURL(path.resolve(process.argv[2] ?? 'dist', 'server', 'entry.mjs')).href);
