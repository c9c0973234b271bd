#!/usr/bin/env node
// Entry point of `npx redress`: builds the real context and hands over to main().
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  now: () => Date.now(),
  isTerminal: process.stderr.isTTY === true,
  readStdin: async () => (process.stdin.isTTY ? '' : Buffer.concat(await process.stdin.toArray()).toString('utf8')),
});
